"""The task queue, read one way: my tasks, the group queue, what a person may work on, every open task.

The inbox pages, GET /api/v1/tasks and `flowdesk tasks` all read here, in one of two orders:
soonest due first (the task's due time, else its ticket's resolution target: due_order; then id) or
highest priority first (priority DESC, id DESC). Tasks without that key come after all the others,
read in a second part once the keyed ones run out: by due, highest priority first (then id); by
priority, by id (the same way). A page continues after (or before) the task its opaque cursor names; nothing counts
every row, and a page reads at most limit + 1 rows. Who may list which tasks, and the statements,
are in app/workflow/tasks/queue.py.
"""
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.policies import Actor, system_actor
from app.organisation.users import require_user
from app.platform.cursors import BAD_CURSOR, BAD_CURSOR_HINT, read_cursor, read_moment, write_cursor
from app.platform.errors import InvalidValues
from app.workflow.step import CANDIDATES, INSTANCES, TASKS
from app.workflow.tasks.due_order import rank_of
from app.workflow.tasks.offers import GROUP_KINDS, QUEUE, offer_params
from app.workflow.tasks.queue import (
    SCOPES,
    SORTS,
    Position,
    Shape,
    group_use,
    queue_driver,
    read_rows,
    require_scope,
    row_columns,
)

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
DUE_SOON = timedelta(hours=4)
PRIORITY_RANGE = range(-2**31, 2**31)  # a database integer
# The command line acts for whoever runs it on the server: an admin who may list every open task.
OPERATOR = system_actor("operator")


@dataclass(frozen=True)
class TaskSummary:
    """An open user task as the lists show it."""

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
    follow_up_at: datetime | None = None  # camunda:followUpDate
    unassigned_queue: bool = False  # drawn for nobody: offered to the queue of candidate_groups[0] (task_offers)
    sort_due_at: datetime | None = None  # due_at, else its ticket's resolution target: the queue's "due" (due_order)

    def to_dict(self, with_fields: bool = True) -> dict[str, Any]:
        """Return JSON-able data."""
        data = {
            "id": self.id, "name": self.name, "element_id": self.element_id, "process_id": self.process_id,
            "instance_id": self.instance_id, "business_key": self.business_key,
            "candidate_groups": list(self.candidate_groups), "candidate_users": list(self.candidate_users),
            "unassigned_queue": self.unassigned_queue,
            "assignee": self.assignee, "priority": self.priority,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "follow_up_at": self.follow_up_at.isoformat() if self.follow_up_at else None,
            "created_at": self.created_at.isoformat(),
        }
        if with_fields:
            data["form_fields"] = self.form_fields
        return data


@dataclass(frozen=True)
class TaskQuery:
    """Which open tasks to list and in which order.

    scope: mine (assigned to me), queue (unclaimed, offered to me or one of my groups), workable
    (both), all (every open task; admins). group: only tasks offered to that group.
    """

    scope: str = "mine"
    process: str | None = None
    min_priority: int | None = None
    group: str | None = None
    instance_id: int | None = None
    due_before: datetime | None = None  # only tasks due before this moment (overdue ones: now)
    sort: str = "due"
    follow_up_before: datetime | None = None  # only tasks with a follow-up date before this moment
    follow_up_after: datetime | None = None  # only tasks with a follow-up date after this moment


@dataclass(frozen=True)
class TaskPage:
    """The tasks of one page and the cursors of the pages around it (None where there is none)."""

    tasks: list[TaskSummary]
    next_after: str | None
    previous_before: str | None


def list_task_page(actor: Actor, query: TaskQuery, after: str | None = None, before: str | None = None,
                   limit: int = PAGE_SIZE) -> TaskPage:
    """Return one page of the open tasks the actor may list that match the query, in its order.

    after: the page following that cursor (the first page without one); before: the page preceding it.
    """
    check_query(query, limit)
    require_scope(actor, query.scope)
    forward = before is None
    cursor, field = (after, "after") if forward else (before, "before")
    start = read_position(cursor, query.sort, field) if cursor is not None else None
    params = query_params(actor, query)
    shape = shape_of(actor, query, params)._replace(forward=forward)
    found = read_rows(shape, has_tail(query), params, start, limit + 1)
    more = len(found) > limit
    tasks = summaries(found[:limit] if forward else found[:limit][::-1])
    if not tasks:
        return TaskPage([], None, None)
    first, last = write_position(query.sort, tasks[0]), write_position(query.sort, tasks[-1])
    if forward:
        return TaskPage(tasks, last if more else None, first if start is not None else None)
    return TaskPage(tasks, last, first if more else None)


def list_tasks(user: str | None = None, group: str | None = None, instance_id: int | None = None,
               limit: int = MAX_PAGE_SIZE) -> list[TaskSummary]:
    """Return the first open tasks as the command line lists them: every one, or those a user may work on."""
    actor = actor_for(require_user(user)) if user is not None else OPERATOR
    query = TaskQuery(scope="workable" if user is not None else "all", group=group, instance_id=instance_id)
    found: list[TaskSummary] = []
    after = None
    while len(found) < limit:
        page = list_task_page(actor, query, after=after, limit=min(limit - len(found), MAX_PAGE_SIZE))
        found += page.tasks
        after = page.next_after
        if after is None:
            break
    return found


def check_query(query: TaskQuery, limit: int) -> None:
    """Refuse an unknown scope or order, a page size out of range, or a priority no database holds."""
    if query.scope not in SCOPES:
        raise InvalidValues(f"Unknown scope '{query.scope}'.",
                            {"scope": [f"Use one of: {', '.join(SCOPES)}."]})
    if query.sort not in SORTS:
        raise InvalidValues(f"The tasks cannot be sorted by '{query.sort}'.",
                            {"sort": [f"Use one of: {', '.join(SORTS)}."]})
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidValues(f"The limit {limit} is out of range.",
                            {"limit": [f"Ask for between 1 and {MAX_PAGE_SIZE} tasks."]})
    if query.min_priority is not None and query.min_priority not in PRIORITY_RANGE:
        raise InvalidValues(f"The priority {query.min_priority} is out of range.", {"min_priority": [
            f"Use a whole number from {PRIORITY_RANGE[0]} to {PRIORITY_RANGE[-1]}."]})


def query_params(actor: Actor, query: TaskQuery) -> dict[str, Any]:
    """Return the values every statement of a query binds."""
    return {**offer_params(actor), "group": query.group, "process": query.process,
            "min_priority": query.min_priority, "instance_id": query.instance_id, "due_before": query.due_before,
            "follow_up_before": query.follow_up_before, "follow_up_after": query.follow_up_after}


def shape_of(actor: Actor, query: TaskQuery, params: dict[str, Any]) -> Shape:
    """Return the shape of the statements reading a query (before its part, direction and cursor)."""
    group = group_use(actor, query.scope, query.group)
    shape = Shape(query.scope, query.sort, "walk", group, query.process is not None, query.min_priority is not None,
                  query.instance_id is not None, query.due_before is not None,
                  follow_up_before=query.follow_up_before is not None,
                  follow_up_after=query.follow_up_after is not None)
    return shape._replace(driver=queue_driver(shape, params)) if query.scope == "queue" else shape


def has_tail(query: TaskQuery) -> bool:
    """Say whether tasks without a sort key can match (a due or priority filter excludes them)."""
    if query.sort == "due":
        return query.due_before is None
    return query.min_priority is None


def write_position(sort: str, task: TaskSummary) -> str:
    """Return the cursor of a task's place in an order: the order's name, its key as text, its id.

    A task without a key has "" (by priority) or "~" and its tail rank (by due) as its key.
    """
    key = getattr(task, SORTS[sort].column)
    if key is None:
        text = f"~{rank_of(task.priority)}" if SORTS[sort].ranked else ""
    else:
        text = key.isoformat() if isinstance(key, datetime) else str(key)
    return write_cursor(sort, text, task.id)


def read_position(text: str, sort: str, field: str) -> Position:
    """Read a cursor this order gave out; refuse anything else, a cursor of the other order too."""
    cursor_sort, key, task_id = read_cursor(text, str, str, str, field=field)
    if cursor_sort != sort:
        raise InvalidValues(BAD_CURSOR, {field: [BAD_CURSOR_HINT]})
    if SORTS[sort].ranked and key.startswith("~"):
        rank = whole_number(key[1:])
        if rank is None or -rank not in PRIORITY_RANGE:  # the ranks of PRIORITY_RANGE and of none (2**31)
            raise InvalidValues(BAD_CURSOR, {field: [BAD_CURSOR_HINT]})
        return Position(None, task_id, rank)
    if key == "" and not SORTS[sort].ranked:
        return Position(None, task_id)
    if sort == "due":
        return Position(read_moment(key, field), task_id)
    priority = whole_number(key)
    if priority is None or priority not in PRIORITY_RANGE:
        raise InvalidValues(BAD_CURSOR, {field: [BAD_CURSOR_HINT]})
    return Position(priority, task_id)


def whole_number(text: str) -> int | None:
    """Read a whole number of up to 18 ASCII digits with an optional minus sign, or None."""
    digits = text.removeprefix("-")
    return int(text) if digits.isascii() and digits.isdigit() and len(digits) <= 18 else None


def summaries(rows: Sequence[Any]) -> list[TaskSummary]:
    """Build TaskSummaries from rows, with the groups and users each task is offered to."""
    offers = offers_by_task([row.id for row in rows])
    found = []
    for row in rows:
        groups, users = split_offers(offers.get(row.id, []))
        found.append(TaskSummary(row.id, row.name, row.element_id, row.process_id, row.instance_id, row.business_key,
                                 tuple(groups), tuple(users), row.assignee, row.priority, row.due_at,
                                 row.created_at, json.loads(row.form_fields), row.follow_up_at,
                                 any(kind == QUEUE for kind, _name in offers.get(row.id, [])), row.sort_due_at))
    return found


CANDIDATES_OF = (select(CANDIDATES.c.task_id, CANDIDATES.c.kind, CANDIDATES.c.name)
                 .where(CANDIDATES.c.task_id.in_(bindparam("task_ids", expanding=True))).order_by(CANDIDATES.c.id))


def offers_by_task(task_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Return the (kind, name) candidate rows of each task, in one query (kinds: task_offers)."""
    result: dict[str, list[tuple[str, str]]] = {}
    if not task_ids:
        return result
    # The kind is told apart in Python, not in SQL, so that no plan walks the (kind, name) index instead.
    for task_id, kind, name in db.session.connection().execute(CANDIDATES_OF, {"task_ids": task_ids}):
        result.setdefault(task_id, []).append((kind, name))
    return result


def split_offers(offers: Sequence[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Return (groups, users) of a task's offers; the unassigned-task queue counts as its group."""
    return ([name for kind, name in offers if kind in GROUP_KINDS],
            [name for kind, name in offers if kind not in GROUP_KINDS])


def candidates_of(task_ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Return the (groups, users) each task is offered to, in one query."""
    return {task_id: split_offers(offers) for task_id, offers in offers_by_task(task_ids).items()}


TASK_INSTANCE = select(TASKS.c.instance_id).where(TASKS.c.id == bindparam("task_id"))
COUNT_ASSIGNED = select(func.count()).select_from(TASKS).where(TASKS.c.assignee == bindparam("user"))


def find_task(task_id: str) -> TaskSummary | None:
    """Return one open task, or None when no open task has this id."""
    statement = (select(*row_columns()).join(INSTANCES, INSTANCES.c.id == TASKS.c.instance_id)
                 .where(TASKS.c.id == bindparam("task_id")))
    row = db.session.connection().execute(statement, {"task_id": task_id}).first()
    return summaries([row])[0] if row is not None else None


def instance_of_task(task_id: str) -> int | None:
    """Return the instance an open task belongs to, or None."""
    row = db.session.connection().execute(TASK_INSTANCE, {"task_id": task_id}).first()
    return row.instance_id if row is not None else None


def count_assigned(login: str) -> int:
    """Return how many open tasks are assigned to a user."""
    return int(db.session.connection().execute(COUNT_ASSIGNED, {"user": login}).scalar_one())


def urgency(due_at: datetime | None, now: datetime) -> str:
    """Say whether a due time has passed ("overdue"), is within DUE_SOON ("due-soon"), or neither ("")."""
    if due_at is None:
        return ""
    if due_at < now:
        return "overdue"
    if due_at < now + DUE_SOON:
        return "due-soon"
    return ""
