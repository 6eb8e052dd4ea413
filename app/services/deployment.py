"""Deploy diagrams as new process versions."""
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import ProcessDefinition
from app.services.history import DEPLOYMENT_STREAM, NewEvent, append_events
from app.services.runtime import Runtime


@dataclass(frozen=True)
class Deployed:
    """What a deployment did for one process of a diagram."""

    process_id: str
    name: str
    version: int
    created: bool  # False when identical content was already deployed

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {"process_id": self.process_id, "name": self.name, "version": self.version, "created": self.created}


def deploy_diagram(runtime: Runtime, content: bytes, file_name: str, actor: str) -> list[Deployed]:
    """Validate a diagram and store each of its processes as a new version unless unchanged.

    Raises DiagramRefused (nothing stored) when the diagram is not executable as drawn.
    """
    parsed = runtime.engine.parse(content, file_name)
    content_hash = hashlib.sha256(content).hexdigest()
    now = runtime.clock.now()
    results = []
    for process in parsed:
        latest = db.session.execute(
            select(ProcessDefinition).where(ProcessDefinition.process_id == process.process_id)
            .order_by(ProcessDefinition.version.desc()).limit(1)
        ).scalar_one_or_none()
        if latest is not None and latest.content_hash == content_hash:
            results.append(Deployed(process.process_id, latest.name, latest.version, False))
            continue
        version = (latest.version if latest else 0) + 1
        db.session.add(ProcessDefinition(
            process_id=process.process_id, version=version, name=process.name, file_name=file_name,
            bpmn_xml=content, content_hash=content_hash, deployed_by=actor, deployed_at=now,
        ))
        append_events(DEPLOYMENT_STREAM, None, [NewEvent("process_deployed", process.process_id, {
            "version": version, "file_name": file_name, "content_hash": content_hash})], actor, now)
        results.append(Deployed(process.process_id, process.name, version, True))
    db.session.commit()
    return results


def latest_definition(process_id: str) -> ProcessDefinition | None:
    """Return the newest version of a process."""
    return db.session.execute(
        select(ProcessDefinition).where(ProcessDefinition.process_id == process_id)
        .order_by(ProcessDefinition.version.desc()).limit(1)
    ).scalar_one_or_none()


def count_versions() -> int:
    """Return how many process versions are stored."""
    return db.session.execute(select(func.count(ProcessDefinition.id))).scalar_one()


@dataclass(frozen=True)
class ProcessSummary:
    """A deployed process with its latest version and instance counts."""

    process_id: str
    name: str
    version: int
    deployed_at: object
    running: int
    completed: int

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {"process_id": self.process_id, "name": self.name, "latest_version": self.version,
                "deployed_at": self.deployed_at.isoformat(), "running": self.running,  # type: ignore[attr-defined]
                "completed": self.completed}


def list_processes() -> list[ProcessSummary]:
    """Return every deployed process with its latest version and running/completed counts."""
    from app.services.instances import count_instances_by_process

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
