"""External tasks done by outside workers: fetch and lock, complete, fail, BPMN errors, lock extension and release.

Each call is one unit of work with its history. Locks live in the external_task table beside the task
(its row comes and goes with the engine's task, app/workflow/step.py); a lock whose moment has passed,
by the runtime's clock, holds nothing, so the task is offered again. Every write takes the instance's
row lock first, then the task's row, the order every step keeps: two workers never both complete one
task, and a worker whose lock expired or who never held it is refused (WorkerRefused).

A failure with retries left makes the task wait retryTimeout before it is offered again; with none left
the task has an incident (app/workflow/outside/incidents.py): it alone waits, shown on its instance, until its
retries are set again; the instance's other branches, tasks and timers run on, as in Camunda.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, or_, select, true, update

from app.extensions import db
from app.platform.errors import Conflict, NotFound
from app.platform.transactions import after_commit, use_case
from app.workflow.instances.history import NewEvent
from app.workflow.models import ExternalTask, ProcessDefinition, ProcessInstance
from app.workflow.runtime import Runtime
from app.workflow.step import (
    append_to_instance,
    load_run,
    lock_instance,
    read_run,
    run_guarded,
    save_run,
)
from app.workflow.wakeups import tasks_available
from engine.views import data_changes


class WorkerRefused(Conflict):
    """A worker acted on a task it does not hold (never locked by it, or its lock expired)."""


@dataclass(frozen=True)
class TopicRequest:
    """One topic a worker fetches: its lock duration, which variables it wants, and an optional business key."""

    name: str
    lock_duration_ms: int
    variables: tuple[str, ...] | None = None  # None: all of them
    local_variables: bool = False  # only the task's own (its input parameters)
    business_key: str | None = None
    process_ids: tuple[str, ...] | None = None  # Camunda's processDefinitionKey(In): only these processes
    include_extension_properties: bool = False


@dataclass(frozen=True)
class ExternalTaskRecord:
    """An external task as the REST edge shows it (the variables only when it was just locked)."""

    id: str
    topic: str
    element_id: str
    name: str
    instance_id: int
    process_id: str
    definition_id: int
    definition_version: int
    business_key: str | None
    priority: int
    worker_id: str | None
    lock_expires_at: datetime | None
    retries: int | None
    error_message: str | None
    error_details: str | None
    created_at: datetime
    variables: dict[str, Any] | None = None  # only for a task just locked, as are its extension properties
    extension_properties: dict[str, str] | None = None


RECORD_COLUMNS = (ExternalTask, ProcessInstance.process_id, ProcessInstance.definition_id,
                  ProcessInstance.business_key, ProcessDefinition.version)


def records() -> Select[ExternalTask, str, int, str | None, int]:
    """Return the query of external tasks with what the edge shows of their instance and version."""
    return (select(*RECORD_COLUMNS)
            .join(ProcessInstance, ProcessInstance.id == ExternalTask.instance_id)
            .join(ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id))


def record_of(row: Any, variables: dict[str, Any] | None = None,
              extension_properties: dict[str, str] | None = None) -> ExternalTaskRecord:
    """Turn a row of records() into an ExternalTaskRecord."""
    task: ExternalTask = row[0]
    return ExternalTaskRecord(
        task.id, task.topic, task.element_id, task.name, task.instance_id, row.process_id, row.definition_id,
        row.version, row.business_key, task.priority, task.worker_id, task.lock_expires_at, task.retries,
        task.error_message, task.error_details, task.created_at, variables, extension_properties)


def available(now: datetime) -> Any:
    """Return the condition of a task a worker may lock now: no lock or an expired one, retries left, running."""
    return and_(or_(ExternalTask.lock_expires_at.is_(None), ExternalTask.lock_expires_at <= now),
                or_(ExternalTask.retries.is_(None), ExternalTask.retries > 0),
                ProcessInstance.status == "running")


def topic_condition(topics: Sequence[TopicRequest]) -> Any:
    """Return the condition matching any requested topic (and its business key, when given)."""
    return or_(*(and_(ExternalTask.topic == topic.name,
                      ProcessInstance.business_key == topic.business_key if topic.business_key is not None
                      else true(),
                      ProcessInstance.process_id.in_(topic.process_ids) if topic.process_ids is not None
                      else true()) for topic in topics))


@use_case
def fetch_and_lock(runtime: Runtime, worker_id: str, max_tasks: int, use_priority: bool,
                   topics: Sequence[TopicRequest], actor: str) -> list[ExternalTaskRecord]:
    """Lock up to max_tasks available tasks of the topics for a worker; return them with the variables asked for.

    Candidates whose instance another transaction holds are skipped, not waited for; each is checked
    again under its instance's lock, so a task is never locked by two workers at once.
    """
    now = runtime.clock.now()
    by_topic = {topic.name: topic for topic in topics}
    order = [ExternalTask.priority.desc()] if use_priority else []
    candidates = db.session.execute(
        records().where(topic_condition(topics), available(now))
        .order_by(*order, ExternalTask.created_at, ExternalTask.id).limit(max_tasks * 2)).all()
    locked: list[ExternalTaskRecord] = []
    for candidate in candidates:
        if len(locked) == max_tasks:
            break
        task: ExternalTask = candidate[0]
        topic = by_topic[task.topic]
        instance = lock_instance(task.instance_id, skip_locked=True)
        if instance is None or not take_lock(task.id, worker_id, now, topic.lock_duration_ms):
            continue
        expires = now + timedelta(milliseconds=topic.lock_duration_ms)
        append_to_instance(instance, [NewEvent("external_task_locked", task.element_id, {
            "task_id": task.id, "topic": task.topic, "worker_id": worker_id,
            "lock_expires_at": expires.isoformat()})], actor, now)
        db.session.refresh(task)
        locked.append(record_of(candidate, *offered(runtime, instance, task.id, topic)))
    return locked


def take_lock(task_id: str, worker_id: str, now: datetime, duration_ms: int) -> bool:
    """Lock one task for a worker if it is still available; say whether it was."""
    still_available = db.session.execute(
        select(ExternalTask.id).join(ProcessInstance, ProcessInstance.id == ExternalTask.instance_id)
        .where(ExternalTask.id == task_id, available(now))).first()
    if still_available is None:
        return False
    db.session.execute(update(ExternalTask).where(ExternalTask.id == task_id).values(
        worker_id=worker_id, lock_expires_at=now + timedelta(milliseconds=duration_ms)))
    return True


def offered(runtime: Runtime, instance: Any, task_id: str,
            topic: TopicRequest) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the variables of a waiting task a worker asked for, and its extension properties if asked for."""
    run = read_run(runtime, instance)
    values = run.external_task_variables(task_id, local_only=topic.local_variables)
    if topic.variables is not None:
        values = {name: values[name] for name in topic.variables if name in values}
    return values, run.external_task_properties(task_id) if topic.include_extension_properties else {}


def held_task(runtime: Runtime, task_id: str, worker_id: str, what: str) -> tuple[Any, ExternalTask]:
    """Lock the instance of a task and the task; return both if the worker holds an unexpired lock on it.

    NotFound when the task does not exist (any more); WorkerRefused when another worker holds it, or
    nobody, or the worker's lock expired.
    """
    instance, task = locked_task(task_id)
    now = runtime.clock.now()
    if task.worker_id != worker_id or task.lock_expires_at is None:
        holder = f"locked by worker '{task.worker_id}'" if task.worker_id and task.lock_expires_at else "not locked"
        raise WorkerRefused(f"External task {task_id} cannot be {what} by worker '{worker_id}': it is {holder}. "
                            "Fetch and lock it first.")
    if task.lock_expires_at <= now:
        raise WorkerRefused(f"External task {task_id} cannot be {what} by worker '{worker_id}': its lock expired at "
                            f"{task.lock_expires_at.isoformat()}, and the task may be offered to another worker. "
                            "Fetch and lock it again (or extend the lock in time).")
    return instance, task


def locked_task(task_id: str) -> tuple[Any, ExternalTask]:
    """Lock a task's instance row, then return it with the task's row; NotFound if either is gone."""
    instance_id = db.session.execute(select(ExternalTask.instance_id).where(ExternalTask.id == task_id)).scalar()
    instance = lock_instance(instance_id) if instance_id is not None else None
    task = db.session.get(ExternalTask, task_id, populate_existing=True) if instance is not None else None
    if instance is None or task is None:
        raise NotFound(f"External task {task_id} does not exist: the id is wrong, or the task was completed or "
                       "cancelled (an interrupting event, or the instance ended).")
    return instance, task


@use_case
def complete_external_task(runtime: Runtime, task_id: str, worker_id: str, values: dict[str, Any],
                           local_values: dict[str, Any], actor: str) -> None:
    """Complete a task the worker holds with its variables, and run the instance on."""
    instance, task = held_task(runtime, task_id, worker_id, "completed")
    now = runtime.clock.now()
    run = load_run(runtime, instance)

    def step() -> None:
        before = run.variables()
        run.complete_external_task(task_id, values)
        save_run(runtime, instance, run, actor, now, [NewEvent("external_task_completed", task.element_id, {
            "task_id": task_id, "topic": task.topic, "worker_id": worker_id, "variables": sorted(values),
            "local_variables": sorted(local_values), **data_changes(before, {**before, **values})})])
    run_guarded(runtime, run, instance.id, step, actor, now)


@use_case
def report_bpmn_error(runtime: Runtime, task_id: str, worker_id: str, code: str, message: str | None,
                      values: dict[str, Any], actor: str) -> str | None:
    """Throw a worker's BPMN error from a task it holds; return the event that caught it (an error boundary
    event, or the start event of an error event sub-process).

    None: nothing catches the code, so the task's path ended there, as in Camunda by default; the history
    records it as bpmn_error_unhandled.
    """
    instance, task = held_task(runtime, task_id, worker_id, "given a BPMN error")
    now = runtime.clock.now()
    run = load_run(runtime, instance)

    def step() -> str | None:
        caught_by = run.throw_external_error(task_id, code, values)
        events = [NewEvent("external_task_bpmn_error", task.element_id, {
            "task_id": task_id, "topic": task.topic, "worker_id": worker_id, "error_code": code,
            "error_message": message, "caught_by": caught_by, "variables": sorted(values)})]
        if caught_by is None:  # Camunda logs it and ends the execution; the history says so plainly
            events.append(NewEvent("bpmn_error_unhandled", task.element_id, {
                "task_id": task_id, "error_code": code, "error_message": message, "outcome": "path_ended"}))
        save_run(runtime, instance, run, actor, now, events)
        return caught_by
    caught: str | None = run_guarded(runtime, run, instance.id, step, actor, now)
    return caught


@use_case
def report_failure(runtime: Runtime, task_id: str, worker_id: str, message: str | None, details: str | None,
                   retries: int, retry_timeout_ms: int, actor: str) -> None:
    """Record a worker's failure: the task is offered again after retry_timeout_ms, or, with no retries left,
    it has an incident until its retries are set again; the rest of the instance runs on, as in Camunda."""
    instance, task = held_task(runtime, task_id, worker_id, "failed")
    now = runtime.clock.now()
    retry_at = now + timedelta(milliseconds=retry_timeout_ms)
    task.retries, task.error_message, task.error_details = retries, message, details
    task.lock_expires_at = retry_at if retries > 0 else None
    events = [NewEvent("external_task_failed", task.element_id, {
        "task_id": task_id, "topic": task.topic, "worker_id": worker_id, "error_message": message,
        "retries": retries, "retry_at": retry_at.isoformat() if retries > 0 else None})]
    if retries == 0:
        events.append(incident_raised(task))
    append_to_instance(instance, events, actor, now)
    db.session.flush()


@use_case
def extend_lock(runtime: Runtime, task_id: str, worker_id: str, new_duration_ms: int, actor: str) -> None:
    """Move the end of a worker's unexpired lock to new_duration_ms from now."""
    instance, task = held_task(runtime, task_id, worker_id, "given a longer lock")
    now = runtime.clock.now()
    task.lock_expires_at = now + timedelta(milliseconds=new_duration_ms)
    append_to_instance(instance, [NewEvent("external_task_lock_extended", task.element_id, {
        "task_id": task_id, "worker_id": worker_id, "lock_expires_at": task.lock_expires_at.isoformat()})],
        actor, now)
    db.session.flush()


@use_case
def unlock(runtime: Runtime, task_id: str, actor: str) -> None:
    """Release a task's lock, whoever holds it, so any worker may fetch it at once."""
    instance, task = locked_task(task_id)
    now = runtime.clock.now()
    previous = task.worker_id
    task.worker_id, task.lock_expires_at = None, None
    append_to_instance(instance, [NewEvent("external_task_unlocked", task.element_id, {
        "task_id": task_id, "worker_id": previous})], actor, now)
    db.session.flush()
    after_commit(tasks_available.notify, key=tasks_available)


def incident_raised(task: ExternalTask) -> NewEvent:
    """Return the history event of an incident on a task whose retries reached 0 (Camunda's failedExternalTask)."""
    return NewEvent("incident_raised", task.element_id, {
        "task_id": task.id, "topic": task.topic, "incident_type": "failedExternalTask",
        "error_message": task.error_message})
