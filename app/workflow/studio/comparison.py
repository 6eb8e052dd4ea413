"""Two versions of a process side by side: both diagrams and what differs from the one to the other."""
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.platform.errors import NotFound
from app.workflow.models import ProcessDefinition
from app.workflow.runtime import Runtime
from app.workflow.studio.diagram_diff import DiagramDiff, compare_diagrams
from app.workflow.studio.processes import version_diagram


@dataclass(frozen=True)
class VersionComparison:
    """Two versions of one process, their diagrams, and what differs from the first to the second."""

    process_id: str
    name: str
    versions: tuple[int, ...]  # every version of the process, newest first, to choose from
    before: int
    after: int
    before_xml: str
    after_xml: str
    diff: DiagramDiff


def compare_versions(runtime: Runtime, process_id: str, before: int | None, after: int | None) -> VersionComparison:
    """Compare two versions of a process: by default the version in force with the one before it.

    Raises NotFound naming the version that does not exist.
    """
    rows = db.session.execute(select(ProcessDefinition.version, ProcessDefinition.name)
                              .where(ProcessDefinition.process_id == process_id)
                              .order_by(ProcessDefinition.version.desc())).all()
    if not rows:
        raise NotFound(f"No process '{process_id}' is deployed.")
    after = rows[0].version if after is None else after
    before = max(after - 1, 1) if before is None else before
    before_file, after_file = version_diagram(process_id, before), version_diagram(process_id, after)
    diff = compare_diagrams(before_file.xml, after_file.xml, runtime.engine.max_diagram_bytes)
    return VersionComparison(process_id, rows[0].name or process_id, tuple(row.version for row in rows), before,
                             after, bytes(before_file.xml).decode("utf-8"), bytes(after_file.xml).decode("utf-8"),
                             diff)
