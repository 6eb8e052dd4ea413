"""Incidents of external tasks, and what an operator does about them: set a task's retries or priority.

A task whose retries reached 0 has an incident (Camunda's failedExternalTask): no worker is offered it,
and its instance shows it, while the instance's other branches, user tasks and timers run on. Setting its
retries above 0 (PUT /engine-rest/external-task/{id}/retries, or 'flowdesk retry N' for every incident of
an instance) resolves the incident and offers the task again; setting them to 0 raises one.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import Actor, may_manage_external_tasks
from app.platform.errors import Conflict, InvalidValues, NotAllowed
from app.platform.transactions import after_commit, use_case
from app.workflow.instances.history import NewEvent
from app.workflow.models import ExternalTask
from app.workflow.outside.external_tasks import incident_raised, locked_task
from app.workflow.runtime import Runtime
from app.workflow.step import append_to_instance
from app.workflow.wakeups import tasks_available

PRIORITY_RANGE = range(-2**63, 2**63)  # Camunda's priority is a Java long


@dataclass(frozen=True)
class Incident:
    """An external task without retries left, as its instance shows it."""

    task_id: str
    element_id: str
    topic: str
    error_message: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {"kind": "failed_external_task", "task_id": self.task_id, "element_id": self.element_id,
                "topic": self.topic, "error_message": self.error_message}


def incidents_of(instance_id: int) -> list[Incident]:
    """Return the incidents of an instance: its external tasks whose retries reached 0, oldest first."""
    rows = db.session.execute(select(ExternalTask).where(ExternalTask.instance_id == instance_id,
                                                         ExternalTask.retries == 0)
                              .order_by(ExternalTask.created_at, ExternalTask.id)).scalars().all()
    return [Incident(row.id, row.element_id, row.topic, row.error_message) for row in rows]


def incident_resolved(task: ExternalTask, retries: int) -> NewEvent:
    """Return the history event of an incident resolved by giving its task retries again."""
    return NewEvent("incident_resolved", task.element_id, {
        "task_id": task.id, "topic": task.topic, "incident_type": "failedExternalTask", "retries": retries})


def require_operator(actor: Actor, what: str) -> None:
    """Refuse an actor who may not set retries and priorities of external tasks."""
    if not may_manage_external_tasks(actor):
        raise NotAllowed(f"{actor.login} may not {what}; outside workers, process owners and admins may.")


@use_case
def set_external_task_retries(runtime: Runtime, task_id: str, retries: int, actor: Actor) -> None:
    """Set a task's retries: above 0 resolves its incident and offers it again; 0 raises an incident."""
    require_operator(actor, "set the retries of external tasks")
    if retries < 0:
        raise InvalidValues(f"Retries must be 0 or more, not {retries}.", {"retries": ["Give 0 or more."]})
    instance, task = locked_task(task_id)
    before = task.retries
    task.retries = retries
    events = [NewEvent("external_task_retries_set", task.element_id, {
        "task_id": task_id, "from": before, "to": retries})]
    if before == 0 and retries > 0:
        events.append(incident_resolved(task, retries))
        after_commit(tasks_available.notify, key=tasks_available)
    elif before != 0 and retries == 0:
        task.lock_expires_at = None
        events.append(incident_raised(task))
    append_to_instance(instance, events, actor.login, runtime.clock.now())
    db.session.flush()


@use_case
def set_external_task_priority(runtime: Runtime, task_id: str, priority: int, actor: Actor) -> None:
    """Set the priority workers fetching with usePriority take a task by."""
    require_operator(actor, "set the priority of external tasks")
    if priority not in PRIORITY_RANGE:
        raise InvalidValues(f"The priority {priority} is out of range.",
                            {"priority": [f"Use a whole number from {PRIORITY_RANGE[0]} to {PRIORITY_RANGE[-1]}."]})
    instance, task = locked_task(task_id)
    before = task.priority
    task.priority = priority
    append_to_instance(instance, [NewEvent("external_task_priority_set", task.element_id, {
        "task_id": task_id, "from": before, "to": priority})], actor.login, runtime.clock.now())
    db.session.flush()


def resolve_incidents_of(instance_id: int, actor: str | None, now: datetime, row: Any) -> int:
    """Give each external task of a locked instance without retries one more try; return how many.

    Conflict when the instance has no incident: there is nothing to retry.
    """
    tasks = db.session.execute(select(ExternalTask).where(ExternalTask.instance_id == instance_id,
                                                          ExternalTask.retries == 0)
                               .order_by(ExternalTask.created_at, ExternalTask.id)).scalars().all()
    if not tasks:
        raise Conflict(f"Instance {instance_id} is running and has no incident; there is nothing to retry.")
    for task in tasks:
        task.retries, task.worker_id, task.lock_expires_at = 1, None, None
    append_to_instance(row, [incident_resolved(task, 1) for task in tasks], actor, now)
    db.session.flush()
    after_commit(tasks_available.notify, key=tasks_available)
    return len(tasks)


def give_failed_tasks_a_retry(instance_id: int) -> int:
    """Give the external tasks without retries of an instance that needs attention one more try (instances
    parked before incidents stayed on their task)."""
    tasks = db.session.execute(select(ExternalTask).where(ExternalTask.instance_id == instance_id,
                                                          ExternalTask.retries == 0)).scalars().all()
    for task in tasks:
        task.retries, task.worker_id, task.lock_expires_at = 1, None, None
    db.session.flush()
    return len(tasks)
