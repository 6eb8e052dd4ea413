"""Every BPMN MIWG reference model is either deployed or refused with a reason - never a traceback or a half-store.

The models live beside the repository in shared/bpmn-miwg (see its NOTICE.md). Run this file as a
script to print the outcome of every file as a Markdown table:

    .venv/bin/python tests/engine/test_miwg_corpus.py
"""
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import func, select

from app.extensions import db
from app.workflow.deployment import deploy_diagram
from app.workflow.models import HistoryEvent, ProcessDefinition
from engine.errors import DiagramRefused
from engine.reading.diagram import parse_diagram
from engine.topics import default_topics

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "bpmn-miwg"
FILES = sorted(CORPUS.glob("*.bpmn")) if CORPUS.is_dir() else []
PARAMS = [pytest.param(path, id=path.name) for path in FILES] or [
    pytest.param(None, id="corpus-missing",
                 marks=pytest.mark.skip(reason=f"the BPMN MIWG reference models are not at {CORPUS}"))]


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """Run the corpus on SQLite only: what is checked here does not depend on the database."""
    return sqlite_url


def stored_rows() -> tuple[int, int]:
    """Return how many process_definition and history_event rows exist."""
    versions = db.session.execute(select(func.count(ProcessDefinition.id))).scalar_one()
    events = db.session.execute(select(func.count(HistoryEvent.id))).scalar_one()
    db.session.rollback()
    return versions, events


def ids_in(content: bytes) -> set[str]:
    """Return every id attribute in a file."""
    return {node.get("id") for node in etree.fromstring(content).iter(etree.Element) if node.get("id")}


@pytest.mark.parametrize("path", PARAMS)
def test_reference_model_is_deployed_or_refused_with_a_reason(runtime, path: Path) -> None:
    content = path.read_bytes()
    before = stored_rows()
    try:
        deployed = deploy_diagram(runtime, content, path.name, "owner")
    except DiagramRefused as refused:
        assert refused.file_name == path.name
        assert refused.reason.strip() and "Traceback" not in refused.reason
        assert refused.element_id is None or refused.element_id in ids_in(content)
        assert stored_rows() == before
    else:
        assert deployed and {d.process_id for d in deployed} <= ids_in(content)
        assert stored_rows() == (before[0] + len(deployed), before[1] + len(deployed))


def corpus_table() -> list[str]:
    """Return the outcome of every reference model as Markdown table lines (the same check deploy runs)."""
    lines = ["| file | outcome | element | reason |", "|---|---|---|---|"]
    for path in FILES:
        try:
            processes = parse_diagram(path.read_bytes(), path.name, default_topics().names())
        except DiagramRefused as refused:
            reason = refused.reason.replace("|", "\\|")
            lines.append(f"| {path.name} | refused | {refused.element_id or '-'} | {reason} |")
        else:
            names = ", ".join(p.process_id for p in processes)
            lines.append(f"| {path.name} | deployed | - | processes {names} |")
    return lines


if __name__ == "__main__":
    print("\n".join(corpus_table()) if FILES else f"No reference models at {CORPUS}.")
