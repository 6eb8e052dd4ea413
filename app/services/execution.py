"""One step of an instance: lock the row, load the engine state, act, save state, projections and history."""
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from app.extensions import db
from app.models import ProcessDefinition, ProcessInstance, Timer, UserTask, UserTaskCandidate
from app.services.errors import NotFound, StepFailed
from app.services.history import NewEvent, append_events, instance_stream
from app.services.runtime import Runtime
from engine.runtime import Definition, Run
from engine.state import SERIALIZER_VERSION
from engine.views import StepEvent, UserTaskView


def definition_for(runtime: Runtime, definition_id: int) -> Definition:
    """Return the parsed definition of a stored version (cached per worker)."""
    cached = runtime.engine.cached_definition(definition_id)
    if cached is not None:
        return cached
    row = db.session.get(ProcessDefinition, definition_id)
    if row is None:
        raise NotFound(f"Process version {definition_id} does not exist.")
    return runtime.engine.definition(definition_id, row.bpmn_xml, row.process_id, row.file_name)


def lock_instance(instance_id: int, skip_locked: bool = False) -> ProcessInstance | None:
    """Lock an instance row for this transaction (row lock on PostgreSQL; SQLite has one writer)."""
    query = select(ProcessInstance).where(ProcessInstance.id == instance_id)
    query = query.with_for_update(skip_locked=skip_locked)
    return db.session.execute(query).scalar_one_or_none()


def require_instance(instance_id: int) -> ProcessInstance:
    """Lock an instance row or raise NotFound."""
    row = lock_instance(instance_id)
    if row is None:
        raise NotFound(f"Instance {instance_id} does not exist. Check the id with 'flowdesk instances'.")
    return row


def load_run(runtime: Runtime, row: ProcessInstance) -> Run:
    """Rebuild the engine run of a locked instance row."""
    definition = definition_for(runtime, row.definition_id)
    return runtime.engine.resume(definition, json.loads(row.state_json), runtime.clock)


def save_run(instance_id: int, previous_status: str, run: Run, actor: str | None, now: datetime,
             leading_events: list[NewEvent] | None = None) -> None:
    """Write the run's state, rewrite its projections and append what happened to the history."""
    events = list(leading_events or [])
    events.extend(step_events_to_new(run.take_events()))
    tasks = run.user_tasks(now)
    sync_user_tasks(instance_id, tasks, now)
    rewrite_timers(instance_id, run)
    status = run.status
    if status == "completed" and previous_status != "completed":
        events.append(NewEvent("instance_completed", None, {}))
    db.session.execute(
        update(ProcessInstance).where(ProcessInstance.id == instance_id).values(
            state_json=json.dumps(run.state(), separators=(",", ":")),
            serializer_version=SERIALIZER_VERSION,
            status=status,
            lock_version=ProcessInstance.lock_version + 1,
            updated_at=now,
            completed_at=now if status in ("completed", "cancelled") else None,
            last_error=None,
        ).execution_options(synchronize_session=False)
    )
    append_events(instance_stream(instance_id), instance_id, events, actor, now)


def sync_user_tasks(instance_id: int, tasks: list[UserTaskView], now: datetime) -> None:
    """Insert newly open tasks and drop finished ones; claims on tasks still open are kept."""
    existing = set(db.session.execute(
        select(UserTask.id).where(UserTask.instance_id == instance_id)
    ).scalars())
    wanted = {task.id: task for task in tasks}
    gone = existing - wanted.keys()
    if gone:
        db.session.execute(delete(UserTaskCandidate).where(UserTaskCandidate.task_id.in_(gone)))
        db.session.execute(delete(UserTask).where(UserTask.id.in_(gone)))
    new = [task for task_id, task in wanted.items() if task_id not in existing]
    if not new:
        return
    db.session.execute(insert(UserTask), [task_row(instance_id, task, now) for task in new])
    candidates = [
        {"task_id": task.id, "kind": kind, "name": name}
        for task in new
        for kind, names in (("group", task.candidate_groups), ("user", task.candidate_users))
        for name in names
    ]
    if candidates:
        db.session.execute(insert(UserTaskCandidate), candidates)


def task_row(instance_id: int, task: UserTaskView, now: datetime) -> dict[str, Any]:
    """Return the user_task row for a newly open task."""
    return {
        "id": task.id, "instance_id": instance_id, "element_id": task.element_id, "name": task.name,
        "documentation": task.documentation, "assignee": task.assignee, "priority": task.priority,
        "due_at": task.due_at, "created_at": now,
        "form_fields": json.dumps([field.to_dict() for field in task.fields], separators=(",", ":")),
    }


def rewrite_timers(instance_id: int, run: Run) -> None:
    """Replace the instance's timer rows with the timers it waits for now."""
    db.session.execute(delete(Timer).where(Timer.instance_id == instance_id))
    rows = [
        {"instance_id": instance_id, "task_id": t.task_id, "element_id": t.element_id, "name": t.name,
         "kind": t.kind, "due_at": t.due_at}
        for t in run.timers()
    ]
    if rows:
        db.session.execute(insert(Timer), rows)


def run_guarded(instance_id: int, action: Callable[[], Any], actor: str | None, now: datetime,
                passthrough: tuple[type[Exception], ...] = ()) -> Any:
    """Run a step; if the engine fails, roll back, mark the instance needs_attention and raise StepFailed."""
    try:
        result = action()
        db.session.commit()
        return result
    except passthrough:
        db.session.rollback()
        raise
    except Exception as exc:  # any engine or handler failure; nothing of the step is kept
        db.session.rollback()
        message = failure_message(exc)
        record_failure(instance_id, message, actor, now)
        raise StepFailed(instance_id, f"Instance {instance_id} stopped: {message} "
                                      f"Nothing of this step was saved; the instance needs attention "
                                      f"(fix the cause, then run 'flowdesk retry {instance_id}').") from exc


def failure_message(exc: BaseException) -> str:
    """Describe an engine failure in one sentence, naming the element that failed when known."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    cause = exc.__cause__ or exc.__context__
    if not text and cause is not None:
        text = str(cause).strip()
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    element_id = failed_element(exc)
    if element_id:
        message = f"step '{element_id}' failed with {message}"
    return message.rstrip(". ") + "."


def failure_event(message: str) -> NewEvent:
    """Return the history event recording a failed step."""
    return NewEvent("step_failed", None, {"error": message})


def failed_element(exc: BaseException) -> str | None:
    """Return the BPMN id of the task an engine exception points at, if any."""
    task = getattr(exc, "task", None)
    return getattr(getattr(task, "task_spec", None), "bpmn_id", None)


def record_failure(instance_id: int, message: str, actor: str | None, now: datetime) -> None:
    """Mark an instance needs_attention and write the failure to its history (own transaction)."""
    row = lock_instance(instance_id)
    if row is None:
        db.session.rollback()
        return
    row.status = "needs_attention"
    row.last_error = message
    row.updated_at = now
    append_events(instance_stream(instance_id), instance_id, [failure_event(message)], actor, now)
    db.session.commit()


def step_events_to_new(events: list[StepEvent]) -> list[NewEvent]:
    """Convert engine events to history events."""
    return [NewEvent(e.kind, e.element_id, e.data) for e in events]
