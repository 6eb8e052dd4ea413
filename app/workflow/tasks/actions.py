"""Claim, release, reassign and complete user tasks (the task lists are read in app/workflow/tasks/tasklist.py)."""
import json
from collections.abc import Mapping
from typing import Any, NoReturn, cast

from sqlalchemy import Row, Table, bindparam, exists, false, select, update

from app.extensions import db
from app.organisation.models import Group, Membership, User, UserRole
from app.organisation.people import roles_by_login, time_zone_of
from app.organisation.policies import (
    QUEUE_TAKER_ROLES,
    READ_ONLY_DECIDERS,
    Actor,
    may_reassign,
    may_receive_task,
    may_take_queued_tasks,
    roles_read_only,
)
from app.organisation.users import require_active_user
from app.platform.errors import InvalidValues, NotAllowed, NotFound, RefusedOnRecord, TaskAlreadyFinished
from app.platform.limits import long_values
from app.platform.transactions import use_case
from app.workflow.batch import DriverSql, WriteBatch, first
from app.workflow.instances.history import NewEvent, chain_events, instance_stream, last_task_event
from app.workflow.instances.lifecycle import describe_errors
from app.workflow.runtime import Runtime
from app.workflow.step import (
    CANDIDATES,
    INSTANCES,
    SAVE_PARTS,
    TASKS,
    append_to_instance,
    load_run,
    lock_history_head,
    queue_append,
    rows_json,
    run_guarded,
    save_run,
)
from app.workflow.tasks.offers import QUEUE, offered_to
from app.workflow.tasks.tasklist import candidates_of
from engine.approval.views import ApprovalView
from engine.errors import TaskNotOpen
from engine.views import FieldSpec
from forms import asks_for_moment, validate_values

USERS = cast(Table, User.__table__)
GROUPS = cast(Table, Group.__table__)
MEMBERSHIPS = cast(Table, Membership.__table__)
USER_ROLES = cast(Table, UserRole.__table__)
ROLES_READ = tuple(sorted({*READ_ONLY_DECIDERS, *QUEUE_TAKER_ROLES}))  # the roles a task action decides by
ACTOR = USERS.alias("actor")  # the acting user's row, joined once (missing: no such user)
_ACTOR_GROUPS = (select(GROUPS.c.name).join(MEMBERSHIPS, MEMBERSHIPS.c.group_id == GROUPS.c.id)
                 .where(MEMBERSHIPS.c.user_id == ACTOR.c.id).correlate(ACTOR))
# Offered to the user or one of their groups; a queue row counts for whoever takes queued tasks (QUEUED below,
# decided by the policy from the roles read with the task).
_OFFERED = exists().where(CANDIDATES.c.task_id == TASKS.c.id,
                          offered_to(CANDIDATES, bindparam("user"), _ACTOR_GROUPS, false()))
_QUEUED = exists().where(CANDIDATES.c.task_id == TASKS.c.id, CANDIDATES.c.kind == QUEUE)


def actor_holds(role: str) -> Any:
    """Return a column saying whether the actor (the joined ACTOR row) holds a role, named actor_holds_<role>."""
    return exists().where(USER_ROLES.c.user_id == ACTOR.c.id, USER_ROLES.c.role == role).label(f"actor_holds_{role}")


# One round trip for everything a task action needs first: the task, whether it is offered to the actor,
# the actor's state (active; the roles that decide whether the account is read-only), and its instance
# row, locked (the instance's steps and history are serialized on it). The actor's row is joined once, and
# the offer, group and role checks read it by id.
TASK_FOR_ACTOR = (
    select(
        TASKS.c.id.label("task_id"), TASKS.c.element_id, TASKS.c.name, TASKS.c.assignee, TASKS.c.form_fields,
        _OFFERED.label("offered"), _QUEUED.label("queued"), ACTOR.c.active.label("actor_active"),
        *[actor_holds(role) for role in ROLES_READ],
        INSTANCES.c.id, INSTANCES.c.definition_id, INSTANCES.c.status, INSTANCES.c.state_json,
        INSTANCES.c.lock_version, INSTANCES.c.history_seq, INSTANCES.c.history_hash,
    )
    .select_from(TASKS.join(INSTANCES, INSTANCES.c.id == TASKS.c.instance_id)
                 .outerjoin(ACTOR, ACTOR.c.login == bindparam("user")))
    .where(TASKS.c.id == bindparam("task_id"))
    .with_for_update(of=INSTANCES)
)
CLAIM = update(TASKS).where(TASKS.c.id == bindparam("task_id"), TASKS.c.assignee.is_(None)).values(
    assignee=bindparam("user"))
# PostgreSQL claims with the transaction's COMMIT, so the database itself refuses a claim whose UPDATE matched
# no row: flowdesk_refuse_claim (migration 0023) aborts the transaction with SQLSTATE FD002 (NotAllowed, with
# the same sentence as the check below). The task cannot have closed meanwhile: its instance row is locked.
# The claim's history event and the instance's new history head go in the same statement (one execution
# instead of three in the COMMIT's round trip); a refused claim aborts them with it.
CLAIM_POSTGRES = DriverSql("""
WITH claimed AS (
    UPDATE user_task SET assignee = %(user)s WHERE id = %(task_id)s AND assignee IS NULL RETURNING id
), """ + SAVE_PARTS["history"] + """, head AS (
    UPDATE process_instance SET history_seq = %(seq)s, history_hash = %(hash)s WHERE id = %(instance)s
)
SELECT CASE WHEN EXISTS (SELECT FROM claimed) THEN 1 ELSE flowdesk_refuse_claim(%(task_id)s) END
""")
TASK_EXISTS = select(TASKS.c.id).where(TASKS.c.id == bindparam("task_id"))
RELEASE = update(TASKS).where(TASKS.c.id == bindparam("task_id"), TASKS.c.assignee == bindparam("user")).values(
    assignee=None)


def task_for_actor(task_id: str, user: str, writing: str | None = None) -> Row[Any]:
    """Return an open task (with its locked instance row) and whether the user may work on it.

    Refuses unknown users and explains closed tasks; when the action writes (`writing` says what it is,
    e.g. 'claim task X'), refuses a read-only account first. The row's id, status, state and history
    head are the instance's, so it serves save_run directly.
    """
    row = first(TASK_FOR_ACTOR, {"task_id": task_id, "user": user})
    if writing is not None:
        held = roles_by_login([user]).get(user, set()) if row is None else {
            role for role in ROLES_READ if getattr(row, f"actor_holds_{role}")}
        if roles_read_only(held):
            raise NotAllowed(f"{user} may not {writing}: auditors read everything but change nothing. "
                             "Ask an agent or an administrator to do it.")
    if row is None:
        require_active_user(user)
        explain_closed_task(task_id)
    if not row.actor_active:
        raise NotFound(f"There is no active user '{user}'. Add one with 'flowdesk users add {user} --groups ...'.")
    return row


def may_work_on(task: Row[Any], user: str) -> bool:
    """Say whether a user is the assignee or (for an unclaimed task) a candidate, the queue's takers included."""
    if task.assignee is not None:
        return task.assignee == user
    held = {role for role in ROLES_READ if getattr(task, f"actor_holds_{role}")}
    return bool(task.offered) or (bool(task.queued) and may_take_queued_tasks(held))


def explain_closed_task(task_id: str) -> NoReturn:
    """Raise the error that says why a task is not open (completed, cancelled, or unknown)."""
    last = last_task_event(task_id)
    if last is None:
        raise NotFound(f"Task {task_id} does not exist. List open tasks with 'flowdesk tasks'.")
    if last.kind == "task_completed":
        raise TaskAlreadyFinished(f"Task {task_id} was already completed by {last.actor} at "
                                  f"{last.at:%Y-%m-%d %H:%M} UTC; there is nothing left to do.")
    raise TaskAlreadyFinished(f"Task {task_id} was cancelled at {last.at:%Y-%m-%d %H:%M} UTC "
                              f"({last.kind.replace('_', ' ')}); it can no longer be worked on.")


def refuse(task_id: str, error: Exception) -> NoReturn:
    """Raise a refusal, unless the task closed meanwhile (then say that instead); the unit rolls back."""
    if db.session.connection().execute(TASK_EXISTS, {"task_id": task_id}).first() is None:
        explain_closed_task(task_id)
    raise error


@use_case
def claim_task(runtime: Runtime, task_id: str, user: str) -> None:
    """Assign an open task to a candidate user."""
    task = task_for_actor(task_id, user, writing=f"claim task {task_id}")
    if task.assignee == user:
        return
    if task.assignee is not None:
        refuse(task_id, NotAllowed(
            f"Task {task_id} is already claimed by {task.assignee}; they or an admin must release it."))
    if not may_work_on(task, user):
        refuse(task_id, NotAllowed(
            f"{user} is not a candidate for task {task_id} ('{task.name}'), so cannot claim it."))
    batch = WriteBatch()
    claimed = NewEvent("task_claimed", task.element_id, {"task_id": task_id})
    if db.session.get_bind().dialect.name == "postgresql":
        history, (seq, digest) = chain_events(instance_stream(task.id), task.id, (task.history_seq, task.history_hash),
                                              [claimed], user, runtime.clock.now())
        batch.add(CLAIM_POSTGRES, {"task_id": task_id, "user": user, "history": rows_json(history),
                                   "instance": task.id, "seq": seq, "hash": digest})
        batch.send_with_commit()  # a claim taken meanwhile fails in the database, and the COMMIT with it
        return
    batch.add(CLAIM, {"task_id": task_id, "user": user})
    queue_append(task, [claimed], user, runtime.clock.now(), batch)
    if not batch.send()[0]:
        refuse(task_id, NotAllowed(f"Task {task_id} was claimed by someone else a moment ago."))


@use_case
def release_task(runtime: Runtime, task_id: str, user: str) -> None:
    """Give a claimed task back to its candidates."""
    task = task_for_actor(task_id, user)
    if task.assignee != user:
        holder = f"claimed by {task.assignee}" if task.assignee else "not claimed"
        refuse(task_id, NotAllowed(f"Task {task_id} is {holder}; only its assignee can release it."))
    batch = WriteBatch()
    batch.add(RELEASE, {"task_id": task_id, "user": user})
    released, *_ = append_to_instance(task, [NewEvent("task_released", task.element_id, {"task_id": task_id})],
                                      user, runtime.clock.now(), batch)
    if not released:
        refuse(task_id, NotAllowed(f"Task {task_id} was released or reassigned a moment ago."))


REASSIGN = update(TASKS).where(TASKS.c.id == bindparam("task_id")).values(assignee=bindparam("user"))


@use_case
def reassign_task(runtime: Runtime, task_id: str, actor: Actor, new_assignee: str, reason: str = "") -> None:
    """Hand a task to a named person (admins, and leads of a group the task is offered to)."""
    task = task_for_actor(task_id, actor.login)
    groups, users = candidates_of([task_id]).get(task_id, ([], []))
    if not may_reassign(actor, groups):
        refuse(task_id, NotAllowed(f"{actor.login} may not reassign task {task_id}; only admins and leads of "
                                   f"its groups ({', '.join(groups) or 'none'}) may."))
    target = roles_by_login([new_assignee]).get(new_assignee)
    if target is None:
        refuse(task_id, NotFound(f"There is no active user '{new_assignee}' to hand task {task_id} to."))
    if not may_receive_task(target, new_assignee, users):
        refuse(task_id, NotAllowed(f"Task {task_id} cannot go to {new_assignee}: tasks go only to people who work "
                                   "tickets (agents, approvers) or to whom the task is drawn for. Choose one of them."))
    batch = WriteBatch()
    batch.add(REASSIGN, {"task_id": task_id, "user": new_assignee})
    event = NewEvent("task_reassigned", task.element_id, {
        "task_id": task_id, "from": task.assignee, "to": new_assignee, "reason": reason})
    append_to_instance(task, [event], actor.login, runtime.clock.now(), batch)


@use_case
def complete_task(runtime: Runtime, task_id: str, user: str, values: Mapping[str, Any]) -> str:
    """Validate the form values and complete the task; return the instance's new status."""
    task = task_for_actor(task_id, user, writing=f"complete task {task_id}")
    if not may_work_on(task, user):
        owner = f"It is assigned to {task.assignee}." if task.assignee else "Claim it first if you are a candidate."
        refuse(task_id, NotAllowed(f"{user} may not complete task {task_id} ('{task.name}'). {owner}"))
    row = task
    if row.status in ("completed", "cancelled"):
        refuse(task_id, TaskAlreadyFinished(f"Task {task_id} belongs to an instance that has ended."))
    run = load_run(runtime, row)
    try:
        current = run.task_data(task_id)
        approval = run.approval_of(task_id)
    except TaskNotOpen:
        refuse(task_id, TaskAlreadyFinished(f"Task {task_id} was completed or cancelled meanwhile."))
    if approval is not None and user in approval.excluded:
        refuse_excluded_decider(runtime, row, task_id, user, approval)
    fields = runtime.choices.live_fields([FieldSpec.from_dict(raw) for raw in json.loads(task.form_fields)])
    now = runtime.clock.now()
    clean, errors = validate_values(fields, values, current, today=now.date(), now=now,
                                    zone=time_zone_of(user) if asks_for_moment(fields) else None)
    errors = errors or long_values(clean) or runtime.choices.lookup_errors(fields, clean)
    if errors:
        raise InvalidValues(describe_errors(f"Task '{task.name}'", errors), errors)
    changed = {name: value for name, value in clean.items() if current.get(name) != value}
    previous = {name: current.get(name) for name in changed}
    completed = NewEvent("task_completed", task.element_id,
                         {"task_id": task_id, "name": task.name, "changed": changed, "previous": previous})

    def step() -> str:
        run.complete_task(task_id, clean, by=user)
        save_run(runtime, row, run, user, now, [completed])
        return run.status
    return run_guarded(runtime, run, row.id, step, user, now)


def refuse_excluded_decider(runtime: Runtime, row: Any, task_id: str, user: str, approval: ApprovalView) -> NoReturn:
    """Refuse a decision from someone the approval excludes (its requester, its owner), and record the refusal."""
    error = RefusedOnRecord(f"{user} may not decide on task {task_id} ('{row.name}'): the approval excludes the "
                            "people who requested or own what is decided. Hand the task to another member.")
    now = runtime.clock.now()
    event = NewEvent("approval_decision_refused", approval.element_id, {
        "task_id": task_id, "user": user, "member": approval.member, "reason": "excluded"})

    def record() -> None:
        head = lock_history_head(row.id)
        if head is not None:
            append_to_instance(head, [event], user, now)
    error.recovery = record
    raise error


def claim_tasks(runtime: Runtime, task_ids: list[str], user: str) -> dict[str, str]:
    """Claim several tasks, each in its own transaction; return why each refused one was not claimed, by task id.

    Claims are independent: a task someone else took a moment ago must not undo the claims that succeeded.
    """
    refused: dict[str, str] = {}
    for task_id in dict.fromkeys(task_ids):
        try:
            claim_task(runtime, task_id, user)
        except (NotAllowed, NotFound, TaskAlreadyFinished) as error:
            refused[task_id] = str(error)
    return refused
