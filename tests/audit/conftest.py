"""Evidence bundles of incidents worked through the shipped flow, and ways to open and change them."""
import io
import zipfile
from collections.abc import Callable

import pytest

from app.audit.evidence import EvidenceSettings, export_case_evidence
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from tests.incident.conftest import Desk, desk  # noqa: F401  (the shipped incident flow's driver)


def resolved_incident(desk: Desk, title: str = "Printer jams") -> int:  # noqa: F811
    """Log an incident, classify, accept and resolve it; return its instance id."""
    desk.log(title=title)
    desk.classify()
    task = desk.task("take_or_pass")
    desk.work("take_or_pass", task.assignee, decision="accept")
    desk.work("resolve", desk.ticket.assignee, outcome="resolved", resolution="Replaced the fuser.")
    return desk.ticket.instance_id


def files_of(bundle: bytes) -> dict[str, bytes]:
    """Return every file of a bundle by name."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_of(files: dict[str, bytes]) -> bytes:
    """Return a bundle made of these files (what someone who changed it hands on)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.fixture
def export_case(app, runtime) -> Callable[..., bytes]:  # type: ignore[no-untyped-def]
    """Export one case's bundle as a user (audrey, the demo auditor, unless told)."""
    def export(instance_id: int, login: str = "audrey") -> bytes:
        settings = EvidenceSettings.from_config(app.config)
        return export_case_evidence(runtime, actor_for(require_user(login)), instance_id, settings).content
    return export
