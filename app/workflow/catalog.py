"""What is deployed: process versions and their instance counts."""
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select

from app.extensions import db
from app.platform.errors import NotFound
from app.workflow.diagram_text import text_of_definition
from app.workflow.models import ProcessDefinition, ProcessInstance

DEFINITIONS = cast(Table, ProcessDefinition.__table__)
LATEST_VERSION = (
    select(DEFINITIONS.c.id, DEFINITIONS.c.process_id, DEFINITIONS.c.version, DEFINITIONS.c.name,
           DEFINITIONS.c.content_hash)
    .where(DEFINITIONS.c.process_id == bindparam("process_id"))
    .order_by(DEFINITIONS.c.version.desc()).limit(1)
)


def latest_definition(process_id: str) -> Any:
    """Return the newest version of a process (id, process_id, version, name, content_hash; not the XML)."""
    return db.session.connection().execute(LATEST_VERSION, {"process_id": process_id}).first()


def count_versions() -> int:
    """Return how many process versions are stored."""
    return db.session.execute(select(func.count(ProcessDefinition.id))).scalar_one()


@dataclass(frozen=True)
class ProcessSummary:
    """A deployed process with its latest version and instance counts."""

    process_id: str
    name: str
    version: int
    deployed_at: datetime
    running: int
    completed: int

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {"process_id": self.process_id, "name": self.name, "latest_version": self.version,
                "deployed_at": self.deployed_at.isoformat(), "running": self.running,
                "completed": self.completed}


def list_processes() -> list[ProcessSummary]:
    """Return every deployed process with its latest version and running/completed counts."""
    latest = (select(ProcessDefinition.process_id, func.max(ProcessDefinition.version).label("version"))
              .group_by(ProcessDefinition.process_id).subquery())
    rows = db.session.execute(
        select(ProcessDefinition).join(latest, (latest.c.process_id == ProcessDefinition.process_id)
                                       & (latest.c.version == ProcessDefinition.version))
        .order_by(ProcessDefinition.process_id)
    ).scalars().all()
    counts = count_instances_by_process()
    return [ProcessSummary(r.process_id, r.name, r.version, r.deployed_at,
                           counts.get((r.process_id, "running"), 0) + counts.get((r.process_id, "needs_attention"), 0),
                           counts.get((r.process_id, "completed"), 0)) for r in rows]


def count_instances_by_process() -> dict[tuple[str, str], int]:
    """Return instance counts per (process id, status)."""
    rows = db.session.execute(
        select(ProcessInstance.process_id, ProcessInstance.status, func.count())
        .group_by(ProcessInstance.process_id, ProcessInstance.status)
    ).all()
    return {(process_id, status): count for process_id, status, count in rows}


PROCESS_NAMES = select(DEFINITIONS.c.process_id, DEFINITIONS.c.name, DEFINITIONS.c.id).order_by(
    DEFINITIONS.c.process_id, DEFINITIONS.c.version)


def process_names(locale: str = "en") -> dict[str, str]:
    """Return every deployed process id with the name of its latest version, in a locale as its diagram says."""
    latest = {process_id: (name, definition_id)
              for process_id, name, definition_id in db.session.connection().execute(PROCESS_NAMES)}
    return {process_id: text_of_definition(definition_id).translations.name(process_id, locale, name or process_id)
            for process_id, (name, definition_id) in latest.items()}


@dataclass(frozen=True)
class StartableProcess:
    """A process a requester may start: its latest version."""

    process_id: str
    name: str
    version: int
    description: str | None


def list_startable_processes(locale: str = "en") -> list[StartableProcess]:
    """Return the latest version of every deployed process, by name, named and described in a locale."""
    latest = (select(ProcessDefinition.process_id, func.max(ProcessDefinition.version).label("version"))
              .group_by(ProcessDefinition.process_id).subquery())
    rows = db.session.execute(
        select(ProcessDefinition.id, ProcessDefinition.process_id, ProcessDefinition.name, ProcessDefinition.version)
        .join(latest, (latest.c.process_id == ProcessDefinition.process_id)
              & (latest.c.version == ProcessDefinition.version))
    ).all()
    processes = [startable(row, locale) for row in rows]
    return sorted(processes, key=lambda process: (process.name.lower(), process.process_id))


def startable(row: Any, locale: str) -> StartableProcess:
    """Return a process version as the portal offers it, in a locale as its diagram translates it."""
    text = text_of_definition(row.id)
    words = text.translations
    return StartableProcess(row.process_id, words.name(row.process_id, locale, row.name or row.process_id),
                            row.version, words.documentation(row.process_id, locale, text.documentation))


@dataclass(frozen=True)
class VersionSummary:
    """One deployed version of a process, as Camunda's process-definition resources show it."""

    process_id: str
    version: int
    name: str
    file_name: str
    content_hash: str
    deployed_at: datetime


def list_versions(process_id: str | None = None, latest_only: bool = False,
                  version: int | None = None) -> list[VersionSummary]:
    """Return deployed versions (of one process, only the latest of each, or one version), by process then version."""
    query = select(DEFINITIONS.c.process_id, DEFINITIONS.c.version, DEFINITIONS.c.name, DEFINITIONS.c.file_name,
                   DEFINITIONS.c.content_hash, DEFINITIONS.c.deployed_at)
    if process_id is not None:
        query = query.where(DEFINITIONS.c.process_id == process_id)
    if version is not None:
        query = query.where(DEFINITIONS.c.version == version)
    if latest_only:
        newest = (select(DEFINITIONS.c.process_id, func.max(DEFINITIONS.c.version).label("version"))
                  .group_by(DEFINITIONS.c.process_id).subquery())
        query = query.join(newest, (newest.c.process_id == DEFINITIONS.c.process_id)
                           & (newest.c.version == DEFINITIONS.c.version))
    rows = db.session.execute(query.order_by(DEFINITIONS.c.process_id, DEFINITIONS.c.version)).all()
    return [VersionSummary(r.process_id, r.version, r.name, r.file_name, r.content_hash, r.deployed_at)
            for r in rows]


def versions_of_instances(instance_ids: list[int]) -> dict[int, int]:
    """Return instance id -> the version of its process it runs."""
    if not instance_ids:
        return {}
    rows = db.session.execute(
        select(ProcessInstance.id, DEFINITIONS.c.version)
        .join(DEFINITIONS, DEFINITIONS.c.id == ProcessInstance.definition_id)
        .where(ProcessInstance.id.in_(instance_ids))).all()
    return {row.id: row.version for row in rows}


@dataclass(frozen=True)
class DiagramInForce:
    """The version of a process that new instances start on, with its diagram."""

    process_id: str
    version: int
    name: str
    bpmn_xml: str


def diagram_in_force(process_id: str) -> DiagramInForce:
    """Return the newest deployed version of a process with its XML; NotFound when nothing of that id is deployed."""
    row = db.session.execute(
        select(DEFINITIONS.c.process_id, DEFINITIONS.c.version, DEFINITIONS.c.name, DEFINITIONS.c.bpmn_xml)
        .where(DEFINITIONS.c.process_id == process_id)
        .order_by(DEFINITIONS.c.version.desc()).limit(1)).first()
    if row is None:
        raise NotFound(f"No process with the id {process_id!r} is deployed. Check the address, or deploy it first.")
    return DiagramInForce(row.process_id, row.version, row.name, bytes(row.bpmn_xml).decode("utf-8"))
