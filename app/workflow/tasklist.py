"""Pages of open tasks for the JSON API: mine, my groups' queue, one task; keyset-paged, never counted.

Pages are ordered like the inbox's default: by (due_at, id), soonest due first, then the tasks
without a due date by id. A page continues after the last row of the previous one (no OFFSET,
no COUNT), and the statements are built once and run on the session's connection.

"Mine" reads the (assignee, due_at, id) index directly. The group queue tries a window first:
the next WINDOW_PER_ROW x page-size unclaimed tasks in page order (the inbox's partial index),
kept when offered to me. That settles a page in a few milliseconds whenever my groups hold more
than 1/WINDOW_PER_ROW of the unclaimed tasks after the cursor. Otherwise the page is read by a
semi-join driven from the candidate index (kind, name, task_id), whose cost follows the size of
my groups' queue instead of the whole table. (Walking the whole queue with a correlated EXISTS,
as SQLite plans it, took 400-800 ms per page with 100,000 open tasks and none for my groups.)
"""
import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, exists, or_, select, tuple_

from app.extensions import db
from app.organisation.policies import Actor
from app.platform.errors import InvalidValues
from app.workflow.step import CANDIDATES, INSTANCES, TASKS
from app.workflow.tasks import TaskSummary

SCOPES = ("mine", "group")
MAX_PAGE_SIZE = 200
WINDOW_PER_ROW = 40  # unclaimed tasks looked at per wanted row before falling back to the semi-join

_SUMMARY = (
    select(TASKS.c.id, TASKS.c.name, TASKS.c.element_id, TASKS.c.instance_id, TASKS.c.assignee, TASKS.c.priority,
           TASKS.c.due_at, TASKS.c.created_at, TASKS.c.form_fields, INSTANCES.c.process_id,
           INSTANCES.c.business_key)
    .join(INSTANCES, INSTANCES.c.id == TASKS.c.instance_id)
)
_OFFERED_TO_ME = or_(and_(CANDIDATES.c.kind == "user", CANDIDATES.c.name == bindparam("user")),
                     and_(CANDIDATES.c.kind == "group", CANDIDATES.c.name.in_(bindparam("groups", expanding=True))))
_SCOPE_CONDITIONS = {
    "mine": TASKS.c.assignee == bindparam("user"),
    "group": and_(TASKS.c.assignee.is_(None), TASKS.c.id.in_(select(CANDIDATES.c.task_id).where(_OFFERED_TO_ME))),
}
_DUE_AFTER = tuple_(TASKS.c.due_at, TASKS.c.id) > tuple_(bindparam("after_due_at", type_=TASKS.c.due_at.type),
                                                         bindparam("after_id"))


def in_page_order(statement: Select[Any], undated: bool, after: bool) -> Select[Any]:
    """Restrict a statement on user_task to one phase of the page order, after the cursor, and sort it so."""
    if undated:
        statement = statement.where(TASKS.c.due_at.is_(None)).order_by(TASKS.c.id)
        return statement.where(TASKS.c.id > bindparam("after_id")) if after else statement
    statement = statement.where(TASKS.c.due_at.is_not(None)).order_by(TASKS.c.due_at, TASKS.c.id)
    return statement.where(_DUE_AFTER) if after else statement


def page_statement(scope: str, undated: bool, after: bool) -> Select[Any]:
    """Build one phase of a page: the dated tasks by (due_at, id), or the undated ones by id."""
    statement = _SUMMARY.where(_SCOPE_CONDITIONS[scope]).limit(bindparam("limit", type_=Integer))
    return in_page_order(statement, undated, after)


def window_statement(undated: bool, after: bool) -> Select[Any]:
    """Build one phase of the group queue's fast path: the next `window` unclaimed tasks, those offered to me."""
    window = in_page_order(select(TASKS.c.id, TASKS.c.due_at).where(TASKS.c.assignee.is_(None)), undated, after)
    ahead = window.limit(bindparam("window", type_=Integer)).subquery("ahead")
    order = (ahead.c.id,) if undated else (ahead.c.due_at, ahead.c.id)
    return (_SUMMARY.join(ahead, ahead.c.id == TASKS.c.id)
            .where(exists().where(CANDIDATES.c.task_id == ahead.c.id, _OFFERED_TO_ME))
            .order_by(*order).limit(bindparam("limit", type_=Integer)))


PAGES = {(scope, undated, after): page_statement(scope, undated, after)
         for scope in SCOPES for undated in (False, True) for after in (False, True)}
WINDOWS = {(undated, after): window_statement(undated, after) for undated in (False, True) for after in (False, True)}
ONE_TASK = _SUMMARY.where(TASKS.c.id == bindparam("task_id"))
TASK_INSTANCE = select(TASKS.c.instance_id).where(TASKS.c.id == bindparam("task_id"))
CANDIDATES_OF = (select(CANDIDATES.c.task_id, CANDIDATES.c.kind, CANDIDATES.c.name)
                 .where(CANDIDATES.c.task_id.in_(bindparam("task_ids", expanding=True)))
                 .order_by(CANDIDATES.c.id))


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the last task's due time (None among the undated tasks) and id."""

    due_at: datetime | None
    id: str


@dataclass(frozen=True)
class TaskPage:
    """One page of tasks and the cursor of the next page (None on the last page)."""

    tasks: list[TaskSummary]
    next_cursor: str | None


def list_task_page(actor: Actor, scope: str, limit: int = 50, after: str | None = None) -> TaskPage:
    """Return a page of the tasks assigned to the actor ('mine') or unclaimed and offered to them ('group')."""
    if scope not in SCOPES:
        raise InvalidValues(f"Unknown scope '{scope}'.", {"scope": [f"Use one of: {', '.join(SCOPES)}."]})
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidValues(f"The limit {limit} is out of range.",
                            {"limit": [f"Ask for between 1 and {MAX_PAGE_SIZE} tasks."]})
    cursor = read_cursor(after) if after is not None else None
    params: dict[str, Any] = {"user": actor.login, "groups": sorted(actor.groups)}
    rows = read_page(scope, cursor, params, limit + 1)
    tasks = summaries(rows[:limit])
    db.session.rollback()
    next_cursor = write_cursor(Cursor(tasks[-1].due_at, tasks[-1].id)) if len(rows) > limit else None
    return TaskPage(tasks, next_cursor)


def read_page(scope: str, cursor: Cursor | None, params: dict[str, Any], wanted: int) -> list[Any]:
    """Read up to `wanted` rows after the cursor: dated tasks first, then, if the page is not full, undated ones."""
    rows: list[Any] = []
    if cursor is None or cursor.due_at is not None:
        keyed = {"after_due_at": cursor.due_at, "after_id": cursor.id} if cursor else {}
        rows = read_phase(scope, False, cursor is not None, {**params, **keyed}, wanted)
    if len(rows) < wanted:
        undated_after = cursor is not None and cursor.due_at is None
        keyed = {"after_id": cursor.id} if cursor is not None and undated_after else {}
        rows += read_phase(scope, True, undated_after, {**params, **keyed}, wanted - len(rows))
    return rows


def read_phase(scope: str, undated: bool, after: bool, params: dict[str, Any], wanted: int) -> list[Any]:
    """Read one phase of a page; for the group queue, try the window of the next unclaimed tasks first."""
    connection = db.session.connection()
    if scope == "group":
        window = {**params, "limit": wanted, "window": wanted * WINDOW_PER_ROW}
        rows = list(connection.execute(WINDOWS[undated, after], window))
        if len(rows) == wanted:
            return rows
    return list(connection.execute(PAGES[scope, undated, after], {**params, "limit": wanted}))


def find_task(task_id: str) -> TaskSummary | None:
    """Return one open task, or None when no open task has this id."""
    row = db.session.connection().execute(ONE_TASK, {"task_id": task_id}).first()
    found = summaries([row])[0] if row is not None else None
    db.session.rollback()
    return found


def instance_of_task(task_id: str) -> int | None:
    """Return the instance an open task belongs to, or None."""
    row = db.session.connection().execute(TASK_INSTANCE, {"task_id": task_id}).first()
    db.session.rollback()
    return row.instance_id if row is not None else None


def summaries(rows: Sequence[Any]) -> list[TaskSummary]:
    """Build TaskSummaries from page rows, with the groups and users each task is offered to."""
    if not rows:
        return []
    offered: dict[str, tuple[list[str], list[str]]] = {row.id: ([], []) for row in rows}
    for task_id, kind, name in db.session.connection().execute(CANDIDATES_OF, {"task_ids": list(offered)}):
        groups, users = offered[task_id]
        (groups if kind == "group" else users).append(name)
    return [
        TaskSummary(row.id, row.name, row.element_id, row.process_id, row.instance_id, row.business_key,
                    tuple(offered[row.id][0]), tuple(offered[row.id][1]), row.assignee, row.priority, row.due_at,
                    row.created_at, json.loads(row.form_fields))
        for row in rows
    ]


def write_cursor(cursor: Cursor) -> str:
    """Return the opaque text of a cursor."""
    raw = json.dumps([cursor.due_at.isoformat() if cursor.due_at else None, cursor.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def read_cursor(text: str) -> Cursor:
    """Return the cursor written as text; refuse text that write_cursor did not produce."""
    try:
        due_at, task_id = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        moment = datetime.fromisoformat(due_at) if due_at is not None else None
    except (binascii.Error, ValueError, TypeError):
        task_id, moment = None, None
    if not isinstance(task_id, str) or (moment is not None and moment.tzinfo is None):
        raise InvalidValues("The cursor is not valid.",
                            {"after": ["Pass the 'next' cursor of the previous page unchanged."]})
    return Cursor(moment, task_id)
