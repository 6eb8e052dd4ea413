"""What a task page shows: the open task, its form's current values, its instance's facts, who may act on it."""
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, select, union

from app.extensions import db
from app.organisation.models import Group, Membership, User
from app.organisation.people import roles_by_login
from app.organisation.policies import Actor, may_reassign, may_receive_task
from app.platform.errors import NotAllowed, NotFound
from app.workflow.diagram_text import text_of_definition
from app.workflow.instances.history import last_task_event
from app.workflow.models import ProcessDefinition
from app.workflow.runtime import Runtime
from app.workflow.step import CANDIDATES, INSTANCES, TASKS, read_run
from app.workflow.tasks.offers import offer_params, offered_to_bound
from app.workflow.tasks.tasklist import split_offers
from engine.approval.views import ApprovalView
from engine.views import FieldSpec

USERS = cast(Table, User.__table__)
GROUPS = cast(Table, Group.__table__)
MEMBERSHIPS = cast(Table, Membership.__table__)
DEFINITIONS = cast(Table, ProcessDefinition.__table__)


@dataclass(frozen=True)
class TaskDetails:
    """An open task as its page shows it, with what the viewer may do."""

    id: str
    element_id: str
    name: str
    documentation: str | None
    assignee: str | None
    priority: int | None
    due_at: datetime | None
    created_at: datetime
    fields: tuple[FieldSpec, ...]
    values: dict[str, Any]  # the instance's current values of the form's fields
    instance_id: int
    definition_id: int
    process_name: str
    business_key: str | None
    started_by: str | None
    started_by_name: str | None
    started_at: datetime
    candidate_groups: tuple[str, ...]
    candidate_users: tuple[str, ...]
    may_complete: bool  # the viewer is the assignee, or a candidate of an unclaimed task
    may_reassign: bool
    variables: dict[str, Any]  # everything the task sees, for the record its page shows above the form
    follow_up_at: datetime | None = None  # camunda:followUpDate
    assignee_name: str | None = None  # the assignee's display name
    approval: ApprovalView | None = None  # an approval by rule: the members' decisions so far (engine/approval)


@dataclass(frozen=True)
class ClosedTask:
    """How a task that is no longer open ended: completed (by whom) or cancelled."""

    completed: bool
    actor: str | None
    actor_name: str | None
    at: datetime


_STARTER = USERS.alias("starter")
_HOLDER = USERS.alias("holder")
TASK_DETAILS = (
    select(
        TASKS.c.id, TASKS.c.element_id, TASKS.c.name, TASKS.c.documentation, TASKS.c.assignee, TASKS.c.priority,
        TASKS.c.due_at, TASKS.c.follow_up_at, TASKS.c.created_at, TASKS.c.form_fields, TASKS.c.instance_id,
        INSTANCES.c.definition_id,
        INSTANCES.c.state_json, INSTANCES.c.business_key, INSTANCES.c.started_by, INSTANCES.c.started_at,
        DEFINITIONS.c.name.label("process_name"), _STARTER.c.display_name.label("started_by_name"),
        _HOLDER.c.display_name.label("assignee_name"),
        exists().where(CANDIDATES.c.task_id == TASKS.c.id, offered_to_bound(CANDIDATES)).label("offered"),
    )
    .join(INSTANCES, INSTANCES.c.id == TASKS.c.instance_id)
    .join(DEFINITIONS, DEFINITIONS.c.id == INSTANCES.c.definition_id)
    .outerjoin(_STARTER, _STARTER.c.login == INSTANCES.c.started_by)
    .outerjoin(_HOLDER, _HOLDER.c.login == TASKS.c.assignee)
    .where(TASKS.c.id == bindparam("task_id"))
)
TASK_CANDIDATES = (select(CANDIDATES.c.kind, CANDIDATES.c.name).where(CANDIDATES.c.task_id == bindparam("task_id"))
                   .order_by(CANDIDATES.c.id))
GROUP_MEMBERS = (select(USERS.c.login, USERS.c.display_name)
                 .join(MEMBERSHIPS, MEMBERSHIPS.c.user_id == USERS.c.id)
                 .join(GROUPS, GROUPS.c.id == MEMBERSHIPS.c.group_id)
                 .where(GROUPS.c.name.in_(bindparam("groups", expanding=True)), USERS.c.active.is_(True)))
NAMED_USERS = (select(USERS.c.login, USERS.c.display_name)
               .where(USERS.c.login.in_(bindparam("users", expanding=True)), USERS.c.active.is_(True)))
REASSIGN_CHOICES = union(GROUP_MEMBERS, NAMED_USERS)
DISPLAY_NAME = select(USERS.c.display_name).where(USERS.c.login == bindparam("login"))
OPEN_TASK = select(TASKS.c.id).where(TASKS.c.id == bindparam("task_id"))


def show_task(runtime: Runtime, task_id: str, actor: Actor) -> TaskDetails:
    """Return an open task for its page; NotFound when it is not open, NotAllowed for outsiders.

    Its assignee, its candidates (by name or group), admins and leads of its groups may look;
    only the assignee, or a candidate while it is unclaimed, may complete it.
    """
    connection = db.session.connection()
    row = connection.execute(TASK_DETAILS, {"task_id": task_id, **offer_params(actor)}).first()
    if row is None:
        raise NotFound(f"Task {task_id} is not open.")
    groups, users = split_candidates(connection.execute(TASK_CANDIDATES, {"task_id": task_id}).all())
    may_complete = row.assignee == actor.login if row.assignee else bool(row.offered)
    reassign = may_reassign(actor, groups)
    if not (may_complete or row.offered or reassign):
        raise NotAllowed(f"{actor.login} is neither the assignee nor a candidate of task {task_id}.")
    fields = runtime.choices.live_fields([FieldSpec.from_dict(raw) for raw in json.loads(row.form_fields)])
    run = read_run(runtime, row)
    current = run.task_data(task_id)
    return TaskDetails(
        row.id, row.element_id, row.name, row.documentation, row.assignee, row.priority, row.due_at, row.created_at,
        fields, {spec.id: current[spec.id] for spec in fields if spec.id in current}, row.instance_id,
        row.definition_id, row.process_name, row.business_key, row.started_by, row.started_by_name, row.started_at,
        groups, users, may_complete, reassign, dict(current),
        row.follow_up_at, row.assignee_name, run.approval_of(task_id))


def split_candidates(rows: Sequence[Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (groups, users) from candidate rows (the unassigned-task queue counts as its group)."""
    groups, users = split_offers([(kind, name) for kind, name in rows])
    return tuple(groups), tuple(users)


def reassign_choices(task: TaskDetails) -> list[tuple[str, str]]:
    """Return (login, display name) of the active people a task may be handed to, except its assignee.

    Those are its group members and named candidates whom app.organisation.policies.may_receive_task lets
    have it (reassign_task refuses the others too).
    """
    rows = db.session.connection().execute(REASSIGN_CHOICES, {
        "groups": list(task.candidate_groups), "users": list(task.candidate_users)}).all()
    roles = roles_by_login([login for login, _name in rows])
    return sorted(((login, name) for login, name in rows if login != task.assignee
                   and may_receive_task(roles.get(login, ()), login, task.candidate_users)),
                  key=lambda choice: choice[1])


def closed_task(task_id: str) -> ClosedTask | None:
    """Return how a task that is no longer open ended, or None when no task ever had this id."""
    last = last_task_event(task_id)
    if last is None:
        return None
    completed = last.kind == "task_completed"
    name = None
    if completed and last.actor:
        name = db.session.connection().execute(DISPLAY_NAME, {"login": last.actor}).scalar()
    return ClosedTask(completed, last.actor if completed else None, name, last.at)


def is_open(task_id: str) -> bool:
    """Say whether a task is open."""
    found = db.session.connection().execute(OPEN_TASK, {"task_id": task_id}).first()
    return found is not None


def task_in_language(details: TaskDetails, locale: str) -> TaskDetails:
    """Return a task with its name, documentation, process name and form in a locale, as its diagram translates
    them (docs/diagram-translations.md)."""
    text = text_of_definition(details.definition_id)
    words = text.translations
    return replace(
        details, name=words.name(details.element_id, locale, details.name),
        documentation=words.documentation(details.element_id, locale, details.documentation),
        process_name=words.name(text.process_id, locale, details.process_name),
        fields=words.fields(details.element_id, details.fields, locale))
