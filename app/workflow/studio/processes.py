"""What the process owner's studio reads: every process with its versions, who deployed each and why, the
instances per version, and the instances that need attention across processes."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.organisation.people import display_names
from app.platform.cursors import read_cursor, read_moment, write_cursor
from app.platform.errors import NotFound
from app.workflow.models import ExternalTask, ProcessDefinition, ProcessInstance

COUNTED_STATUSES = ("running", "completed", "needs_attention")


@dataclass(frozen=True)
class VersionLine:
    """One deployed version of a process as the studio lists it."""

    version: int
    name: str
    file_name: str
    deployed_by: str
    deployed_by_name: str
    deployed_at: datetime
    change_note: str | None  # None for versions deployed before notes were kept
    running: int
    completed: int
    needs_attention: int


@dataclass(frozen=True)
class ProcessLine:
    """A process with its versions, newest first."""

    process_id: str
    name: str
    versions: list[VersionLine]

    @property
    def latest(self) -> VersionLine:
        """Return the version in force: the newest."""
        return self.versions[0]

    def total(self, status: str) -> int:
        """Return the instances of every version in a status."""
        return sum(getattr(line, status) for line in self.versions)


def count_by_version(process_id: str | None = None) -> dict[tuple[int, str], int]:
    """Return instance counts per (definition id, status)."""
    query = select(ProcessInstance.definition_id, ProcessInstance.status, func.count()).group_by(
        ProcessInstance.definition_id, ProcessInstance.status)
    if process_id is not None:
        query = query.where(ProcessInstance.process_id == process_id)
    return {(definition_id, status): count for definition_id, status, count in db.session.execute(query).all()}


def list_process_lines(process_id: str | None = None) -> list[ProcessLine]:
    """Return every deployed process (or one) with all its versions, newest first, and their instance counts."""
    query = select(ProcessDefinition.id, ProcessDefinition.process_id, ProcessDefinition.version,
                   ProcessDefinition.name, ProcessDefinition.file_name, ProcessDefinition.deployed_by,
                   ProcessDefinition.deployed_at, ProcessDefinition.change_note)
    if process_id is not None:
        query = query.where(ProcessDefinition.process_id == process_id)
    rows = db.session.execute(query.order_by(ProcessDefinition.process_id, ProcessDefinition.version.desc())).all()
    counts = count_by_version(process_id)
    names = display_names({row.deployed_by for row in rows})
    grouped: dict[str, list[VersionLine]] = {}
    for row in rows:
        grouped.setdefault(row.process_id, []).append(VersionLine(
            row.version, row.name or row.process_id, row.file_name, row.deployed_by,
            names.get(row.deployed_by, row.deployed_by), row.deployed_at, row.change_note,
            *(counts.get((row.id, status), 0) for status in COUNTED_STATUSES)))
    lines = [ProcessLine(key, versions[0].name, versions) for key, versions in grouped.items()]
    return sorted(lines, key=lambda line: (line.name.lower(), line.process_id))


def require_process(process_id: str) -> ProcessLine:
    """Return one process with its versions, or raise NotFound."""
    found = list_process_lines(process_id)
    if not found:
        raise NotFound(f"No process '{process_id}' is deployed.")
    return found[0]


@dataclass(frozen=True)
class VersionFile:
    """The diagram of one version, as deployed."""

    file_name: str
    xml: bytes


def version_diagram(process_id: str, version: int) -> VersionFile:
    """Return the XML of one version of a process exactly as it was deployed, or raise NotFound."""
    row = db.session.execute(select(ProcessDefinition.file_name, ProcessDefinition.bpmn_xml).where(
        ProcessDefinition.process_id == process_id, ProcessDefinition.version == version)).first()
    if row is None:
        raise NotFound(f"Process '{process_id}' has no version {version}.")
    return VersionFile(row.file_name, row.bpmn_xml)


ATTENTION_PAGE_SIZE = 50


@dataclass(frozen=True)
class AttentionLine:
    """An instance that needs attention, with the error that stopped it (or its incidents)."""

    instance_id: int
    process_id: str
    process_name: str
    version: int
    business_key: str | None
    status: str
    error: str | None  # the step's failure, or the first failed outside worker's message of an incident
    updated_at: datetime


@dataclass(frozen=True)
class AttentionPage:
    """One page of instances that need attention, and the cursor of the next page (None on the last)."""

    lines: list[AttentionLine]
    next_cursor: str | None


def list_attention(cursor: str | None = None, limit: int = ATTENTION_PAGE_SIZE) -> AttentionPage:
    """Return a page of the instances that need attention, and running ones with an incident, most recently changed
    first; cursor is the previous page's next_cursor (a damaged one is refused with InvalidValues)."""
    incident = (select(ExternalTask.instance_id, func.min(ExternalTask.error_message).label("error"))
                .where(ExternalTask.retries == 0).group_by(ExternalTask.instance_id).subquery())
    query = (select(ProcessInstance.id, ProcessInstance.process_id, ProcessDefinition.name, ProcessDefinition.version,
                    ProcessInstance.business_key, ProcessInstance.status, ProcessInstance.last_error,
                    incident.c.error, ProcessInstance.updated_at)
             .join(ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id)
             .outerjoin(incident, incident.c.instance_id == ProcessInstance.id)
             .where((ProcessInstance.status == "needs_attention")
                    | ((ProcessInstance.status == "running") & incident.c.instance_id.is_not(None)))
             .order_by(ProcessInstance.updated_at.desc(), ProcessInstance.id.desc()).limit(limit + 1))
    if cursor is not None:
        moment_text, instance_id = read_cursor(cursor, str, int, field="after")
        moment = read_moment(moment_text, "after")
        query = query.where((ProcessInstance.updated_at < moment)
                            | ((ProcessInstance.updated_at == moment) & (ProcessInstance.id < instance_id)))
    rows = db.session.execute(query).all()
    lines = [AttentionLine(row.id, row.process_id, row.name or row.process_id, row.version, row.business_key,
                           row.status, row.last_error or row.error, row.updated_at) for row in rows[:limit]]
    more = len(rows) > limit
    return AttentionPage(lines, write_cursor(lines[-1].updated_at.isoformat(), lines[-1].instance_id) if more else None)
