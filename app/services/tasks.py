"""Find, claim, release and complete user tasks."""
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select, update

from app.extensions import db
from app.models import ProcessInstance, UserTask, UserTaskCandidate
from app.services.errors import InvalidValues, NotAllowed, NotFound, TaskAlreadyFinished
from app.services.execution import load_run, lock_instance, run_guarded, save_run
from app.services.history import NewEvent, append_events, instance_stream, last_task_event
from app.services.instances import describe_errors
from app.services.runtime import Runtime
from app.services.users import groups_of, require_active_user, select_group_names
from engine.errors import TaskNotOpen
from engine.views import FieldSpec
from forms import validate_values


@dataclass(frozen=True)
class TaskSummary:
    """An open user task as the inbox and the CLI show it."""

    id: str
    name: str
    element_id: str
    process_id: str
    instance_id: int
    business_key: str | None
    candidate_groups: tuple[str, ...]
    candidate_users: tuple[str, ...]
    assignee: str | None
    priority: int | None
    due_at: datetime | None
    created_at: datetime
    form_fields: list[dict[str, Any]]

    def to_dict(self, with_fields: bool = True) -> dict[str, Any]:
        """Return JSON-able data."""
        data = {
            "id": self.id, "name": self.name, "element_id": self.element_id, "process_id": self.process_id,
            "instance_id": self.instance_id, "business_key": self.business_key,
            "candidate_groups": list(self.candidate_groups), "candidate_users": list(self.candidate_users),
            "assignee": self.assignee, "priority": self.priority,
            "due_at": self.due_at.isoformat() if self.due_at else None, "created_at": self.created_at.isoformat(),
        }
        if with_fields:
            data["form_fields"] = self.form_fields
        return data


def list_tasks(user: str | None = None, group: str | None = None, instance_id: int | None = None,
               limit: int = 200) -> list[TaskSummary]:
    """Return open tasks: those a user may work on, those offered to a group, or an instance's."""
    query = (select(UserTask, ProcessInstance.process_id, ProcessInstance.business_key)
             .join(ProcessInstance, ProcessInstance.id == UserTask.instance_id)
             .order_by(UserTask.created_at, UserTask.id).limit(limit))
    if user is not None:
        query = query.where(or_(UserTask.assignee == user,
                                and_(UserTask.assignee.is_(None), offered_to(user, groups_of(user)))))
    if group is not None:
        query = query.where(offered_to(None, [group]))
    if instance_id is not None:
        query = query.where(UserTask.instance_id == instance_id)
    rows = db.session.execute(query).all()
    candidates = candidates_of([task.id for task, _, _ in rows])
    return [summary(task, process_id, key, candidates.get(task.id, ([], []))) for task, process_id, key in rows]


def offered_to(user: str | None, groups: list[str]) -> Any:
    """SQL condition: the task is offered to this user by name or to one of these groups."""
    conditions = []
    if user is not None:
        conditions.append(and_(UserTaskCandidate.kind == "user", UserTaskCandidate.name == user))
    if groups:
        conditions.append(and_(UserTaskCandidate.kind == "group", UserTaskCandidate.name.in_(groups)))
    if not conditions:
        return False
    return exists().where(UserTaskCandidate.task_id == UserTask.id, or_(*conditions))


def candidates_of(task_ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Return (groups, users) offered each task."""
    result: dict[str, tuple[list[str], list[str]]] = {}
    if not task_ids:
        return result
    rows = db.session.execute(
        select(UserTaskCandidate.task_id, UserTaskCandidate.kind, UserTaskCandidate.name)
        .where(UserTaskCandidate.task_id.in_(task_ids)).order_by(UserTaskCandidate.id)
    ).all()
    for task_id, kind, name in rows:
        groups, users = result.setdefault(task_id, ([], []))
        (groups if kind == "group" else users).append(name)
    return result


def summary(task: UserTask, process_id: str, business_key: str | None,
            candidates: tuple[list[str], list[str]]) -> TaskSummary:
    """Build a TaskSummary from a projection row."""
    return TaskSummary(
        task.id, task.name, task.element_id, process_id, task.instance_id, business_key,
        tuple(candidates[0]), tuple(candidates[1]), task.assignee, task.priority, task.due_at, task.created_at,
        json.loads(task.form_fields),
    )


def open_task_row(task_id: str) -> UserTask:
    """Return the projection row of an open task, or explain why it is not open."""
    task = db.session.get(UserTask, task_id)
    if task is not None:
        return task
    last = last_task_event(task_id)
    db.session.rollback()
    if last is None:
        raise NotFound(f"Task {task_id} does not exist. List open tasks with 'flowdesk tasks'.")
    if last.kind == "task_completed":
        raise TaskAlreadyFinished(f"Task {task_id} was already completed by {last.actor} at "
                                  f"{last.at:%Y-%m-%d %H:%M} UTC; there is nothing left to do.")
    raise TaskAlreadyFinished(f"Task {task_id} was cancelled at {last.at:%Y-%m-%d %H:%M} UTC "
                              f"({last.kind.replace('_', ' ')}); it can no longer be worked on.")


def may_work_on(task: UserTask, user: str) -> bool:
    """Say whether a user is the assignee or (for an unclaimed task) a candidate."""
    if task.assignee is not None:
        return task.assignee == user
    # One query: the task is offered to the user by name or to one of the user's groups.
    offer = select(UserTaskCandidate.id).where(
        UserTaskCandidate.task_id == task.id,
        or_(and_(UserTaskCandidate.kind == "user", UserTaskCandidate.name == user),
            and_(UserTaskCandidate.kind == "group", UserTaskCandidate.name.in_(select_group_names(user)))),
    ).limit(1)
    return db.session.execute(offer).first() is not None


def claim_task(runtime: Runtime, task_id: str, user: str) -> None:
    """Assign an open task to a candidate user."""
    require_active_user(user)
    task = open_task_row(task_id)
    instance_id, element_id, name, assignee = task.instance_id, task.element_id, task.name, task.assignee
    if assignee == user:
        db.session.rollback()
        return
    if assignee is not None:
        db.session.rollback()
        raise NotAllowed(f"Task {task_id} is already claimed by {assignee}; they or an admin must release it.")
    if not may_work_on(task, user):
        db.session.rollback()
        open_task_row(task_id)  # a task completed meanwhile is explained as such, not as a refusal
        raise NotAllowed(f"{user} is not a candidate for task {task_id} ('{name}'), so cannot claim it.")
    lock_instance(instance_id)  # a claim appends to the instance's history, so it queues behind steps
    claimed = db.session.execute(
        update(UserTask).where(UserTask.id == task_id, UserTask.assignee.is_(None)).values(assignee=user)
    ).rowcount
    if not claimed:
        db.session.rollback()
        open_task_row(task_id)
        raise NotAllowed(f"Task {task_id} was claimed by someone else a moment ago.")
    append_events(instance_stream(instance_id), instance_id,
                  [NewEvent("task_claimed", element_id, {"task_id": task_id})], user, runtime.clock.now())
    db.session.commit()


def release_task(runtime: Runtime, task_id: str, user: str) -> None:
    """Give a claimed task back to its candidates."""
    require_active_user(user)
    task = open_task_row(task_id)
    instance_id, element_id, assignee = task.instance_id, task.element_id, task.assignee
    if assignee != user:
        db.session.rollback()
        holder = f"claimed by {assignee}" if assignee else "not claimed"
        raise NotAllowed(f"Task {task_id} is {holder}; only its assignee can release it.")
    lock_instance(instance_id)  # a release appends to the instance's history, so it queues behind steps
    released = db.session.execute(
        update(UserTask).where(UserTask.id == task_id, UserTask.assignee == user).values(assignee=None)
    ).rowcount
    if not released:
        db.session.rollback()
        open_task_row(task_id)
        raise NotAllowed(f"Task {task_id} was released or reassigned a moment ago.")
    append_events(instance_stream(instance_id), instance_id,
                  [NewEvent("task_released", element_id, {"task_id": task_id})], user, runtime.clock.now())
    db.session.commit()


def complete_task(runtime: Runtime, task_id: str, user: str, values: Mapping[str, Any]) -> str:
    """Validate the form values and complete the task; return the instance's new status."""
    require_active_user(user)
    task = open_task_row(task_id)
    if not may_work_on(task, user):
        name, assignee = task.name, task.assignee
        db.session.rollback()
        open_task_row(task_id)  # a task completed meanwhile is explained as such, not as a refusal
        owner = f"It is assigned to {assignee}." if assignee else "Claim it first if you are a candidate."
        raise NotAllowed(f"{user} may not complete task {task_id} ('{name}'). {owner}")
    instance_id = task.instance_id
    row = lock_instance(instance_id)
    if row is None or row.status in ("completed", "cancelled"):
        db.session.rollback()
        open_task_row(task_id)  # names who completed it when that completion ended the instance
        raise TaskAlreadyFinished(f"Task {task_id} belongs to an instance that has ended.")
    run = load_run(runtime, row)
    try:
        current = run.task_data(task_id)
    except TaskNotOpen:
        db.session.rollback()
        open_task_row(task_id)  # explains what happened if it is gone; otherwise report stale
        raise TaskAlreadyFinished(f"Task {task_id} was completed or cancelled meanwhile.") from None
    fields = [FieldSpec.from_dict(raw) for raw in json.loads(task.form_fields)]
    clean, errors = validate_values(fields, values, current)
    if errors:
        message = describe_errors(f"Task '{task.name}'", errors)
        db.session.rollback()
        raise InvalidValues(message, errors)
    now = runtime.clock.now()
    changed = {name: value for name, value in clean.items() if current.get(name) != value}
    previous = {name: current.get(name) for name in changed}
    completed = NewEvent("task_completed", task.element_id,
                         {"task_id": task_id, "name": task.name, "changed": changed, "previous": previous})

    def step() -> str:
        run.complete_task(task_id, clean)
        save_run(instance_id, row.status, run, user, now, [completed])
        return run.status
    return run_guarded(instance_id, step, user, now)
