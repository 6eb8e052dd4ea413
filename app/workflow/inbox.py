"""The task inbox: my tasks and the group queue, one keyset page at a time.

Pages are read with prebuilt Core statements (one per shape of the filters), ordered by
(due_at, id) or (priority DESC, id DESC). Tasks without a due date (or without a priority) come
after all the others: they are read in a second phase, ordered by id, once the keyed rows run
out. Nothing counts every row; a page reads at most PAGE_SIZE + 1 rows to know if more follow.
"""
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, cast

from sqlalchemy import Integer, Select, Table, and_, bindparam, exists, func, or_, select, tuple_

from app.extensions import db
from app.workflow.models import ProcessDefinition
from app.workflow.step import CANDIDATES, INSTANCES, TASKS

PAGE_SIZE = 50
SPARSE_ROWS = 2000  # below this many offers (or running instances of the filtered process), start from them
OPEN_STATUSES = ("running", "needs_attention")  # instances that can have open tasks
DUE_SOON = timedelta(hours=4)
SCOPES = ("mine", "queue")
SORTS = ("due", "priority")
DEFINITIONS = cast(Table, ProcessDefinition.__table__)


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the last row's sort key (None in the keyless tail) and id."""

    key: datetime | int | None
    id: str


@dataclass(frozen=True)
class InboxQuery:
    """One page request: whose tasks, which filters, which order, after which row."""

    scope: str  # mine: assigned to login; queue: unclaimed and offered to login or one of groups
    login: str
    groups: tuple[str, ...]
    now: datetime
    process: str | None = None
    min_priority: int | None = None
    group: str | None = None  # only tasks offered to this group (one of groups)
    overdue: bool = False
    sort: str = "due"
    after: Cursor | None = None


@dataclass(frozen=True)
class InboxRow:
    """One task as an inbox row."""

    id: str
    name: str
    instance_id: int
    process_id: str
    business_key: str | None
    priority: int | None
    due_at: datetime | None
    created_at: datetime
    assignee: str | None
    candidate_groups: tuple[str, ...]
    urgency: str  # overdue, due-soon or ""


@dataclass(frozen=True)
class InboxPage:
    """The rows of one page and the cursor of the next (None on the last page)."""

    rows: list[InboxRow]
    next_cursor: Cursor | None


_ROW_COLUMNS = (TASKS.c.id, TASKS.c.name, TASKS.c.instance_id, INSTANCES.c.process_id, INSTANCES.c.business_key,
                TASKS.c.priority, TASKS.c.due_at, TASKS.c.created_at, TASKS.c.assignee)
PAGE_CANDIDATES = (select(CANDIDATES.c.task_id, CANDIDATES.c.kind, CANDIDATES.c.name)
                   .where(CANDIDATES.c.task_id.in_(bindparam("task_ids", expanding=True))).order_by(CANDIDATES.c.id))
PROCESS_NAMES = select(DEFINITIONS.c.process_id, DEFINITIONS.c.name).order_by(DEFINITIONS.c.process_id,
                                                                               DEFINITIONS.c.version)


def list_inbox(query: InboxQuery) -> InboxPage:
    """Return one page of my tasks or of the group queue, with the cursor of the next page."""
    query = without_foreign_group(query)
    connection = db.session.connection()
    driver = queue_driver(query) if query.scope == "queue" else "assignee"
    wanted = PAGE_SIZE + 1
    rows: list[Any] = []
    if not in_tail(query):
        rows = list(connection.execute(page_statement(shape_of(query, driver, tail=False)),
                                       page_params(query, wanted, tail=False)))
    if len(rows) < wanted and has_tail(query):
        tail_query = query if in_tail(query) else replace(query, after=None)
        rows += connection.execute(page_statement(shape_of(tail_query, driver, tail=True)),
                                   page_params(tail_query, wanted - len(rows), tail=True)).all()
    page = rows[:PAGE_SIZE]
    groups = groups_of_tasks([row.id for row in page])
    db.session.rollback()
    next_cursor = cursor_after(page[-1], query.sort) if len(rows) > PAGE_SIZE else None
    return InboxPage([inbox_row(row, groups.get(row.id, ()), query.now) for row in page], next_cursor)


def without_foreign_group(query: InboxQuery) -> InboxQuery:
    """Drop a group filter that names none of the user's groups (the page offers only theirs)."""
    if query.group is not None and query.group not in query.groups:
        return replace(query, group=None)
    return query


def queue_driver(query: InboxQuery) -> str:
    """Choose where reading the queue starts: the user's offers, the process's instances, or the queue itself.

    Walking the unclaimed tasks in page order and checking each stops after one page, which is
    quick while the user's groups (and the filtered process) hold a fair share of the queue, but
    reads every task when they hold almost none. Starting from the user's candidate rows, or from
    the filtered process's running instances, costs in proportion to how many there are; so a
    bounded count (never past SPARSE_ROWS) picks that start when it is small.
    """
    connection = db.session.connection()
    params = {"user": query.login, "groups": list(query.groups), "group": query.group, "process": query.process,
              "probe": SPARSE_ROWS}
    offers = connection.execute(OFFER_PROBES[query.group is not None], params).scalar_one()
    runs = connection.execute(PROCESS_PROBE, params).scalar_one() if query.process else SPARSE_ROWS
    if offers < SPARSE_ROWS and offers <= runs:
        return "offers"
    if runs < SPARSE_ROWS:
        return "process"
    return "walk"


def in_tail(query: InboxQuery) -> bool:
    """Say whether the page starts among the rows without a sort key."""
    return query.after is not None and query.after.key is None


def has_tail(query: InboxQuery) -> bool:
    """Say whether rows without a sort key can match (an overdue or priority filter excludes them)."""
    if query.sort == "due":
        return not query.overdue
    return query.min_priority is None


class Shape(NamedTuple):
    """What one page statement expresses; a statement is built once per shape."""

    scope: str
    sort: str
    tail: bool  # the rows without a sort key
    driver: str  # where reading starts: assignee (my tasks), offers, process or walk (see queue_driver)
    by_process: bool
    by_priority: bool
    by_group: bool
    overdue: bool
    after: bool


def shape_of(query: InboxQuery, driver: str, tail: bool) -> Shape:
    """Return the shape of the statement one phase of a query needs."""
    return Shape(query.scope, query.sort, tail, driver, query.process is not None, query.min_priority is not None,
                 query.group is not None, query.overdue, query.after is not None)


def page_params(query: InboxQuery, limit: int, tail: bool) -> dict[str, Any]:
    """Return the bound values of a page statement."""
    params: dict[str, Any] = {"user": query.login, "groups": list(query.groups), "limit": limit,
                              "process": query.process, "min_priority": query.min_priority,
                              "group": query.group, "now": query.now}
    if query.after is not None:
        params["after_id"] = query.after.id
        if not tail:
            params["after_key"] = query.after.key
    return params


@lru_cache(maxsize=512)
def page_statement(shape: Shape) -> Select[Any]:
    """Build (once per shape) the statement reading one phase of a page."""
    key = TASKS.c.due_at if shape.sort == "due" else TASKS.c.priority
    statement = (select(*_ROW_COLUMNS).join(INSTANCES, INSTANCES.c.id == TASKS.c.instance_id)
                 .where(*scope_conditions(shape), key.is_(None) if shape.tail else key.is_not(None))
                 .limit(bindparam("limit", type_=Integer)))
    ascending = shape.sort == "due"
    if shape.tail:
        statement = statement.order_by(TASKS.c.id if ascending else TASKS.c.id.desc())
    else:
        statement = statement.order_by(*((key, TASKS.c.id) if ascending else (key.desc(), TASKS.c.id.desc())))
    if shape.after:
        statement = statement.where(after_condition(key, shape.tail, ascending))
    if shape.by_process and shape.driver == "process":
        statement = statement.where(TASKS.c.instance_id.in_(open_instances_of_process()))
    elif shape.by_process:
        statement = statement.where(INSTANCES.c.process_id == bindparam("process"))
    if shape.by_priority:
        statement = statement.where(TASKS.c.priority >= bindparam("min_priority"))
    if shape.overdue:
        statement = statement.where(TASKS.c.due_at < bindparam("now"))
    return statement


def scope_conditions(shape: Shape) -> list[Any]:
    """Return the conditions choosing my tasks or the queue (optionally of one group).

    An IN over the candidate rows makes the databases start from them; an EXISTS lets them walk
    the queue in page order and check each task.
    """
    if shape.scope == "mine":
        mine: list[Any] = [TASKS.c.assignee == bindparam("user")]
        if shape.by_group:
            mine.append(exists().where(CANDIDATES.c.task_id == TASKS.c.id, offer_condition(by_group=True)))
        return mine
    offered: Any
    if shape.driver == "offers":
        offered = TASKS.c.id.in_(select(CANDIDATES.c.task_id).where(offer_condition(shape.by_group)))
    else:
        offered = exists().where(CANDIDATES.c.task_id == TASKS.c.id, offer_condition(shape.by_group))
    return [TASKS.c.assignee.is_(None), offered]


def offer_condition(by_group: bool) -> Any:
    """Condition on a candidate row: it offers its task to the filtered group, or to the user or their groups."""
    if by_group:
        return and_(CANDIDATES.c.kind == "group", CANDIDATES.c.name == bindparam("group"))
    return or_(and_(CANDIDATES.c.kind == "group", CANDIDATES.c.name.in_(bindparam("groups", expanding=True))),
               and_(CANDIDATES.c.kind == "user", CANDIDATES.c.name == bindparam("user")))


def open_instances_of_process() -> Select[Any]:
    """Return the ids of the filtered process's instances that can have open tasks."""
    return select(INSTANCES.c.id).where(INSTANCES.c.process_id == bindparam("process"),
                                        INSTANCES.c.status.in_(OPEN_STATUSES))


PROCESS_PROBE = select(func.count()).select_from(
    open_instances_of_process().limit(bindparam("probe", type_=Integer)).subquery())
OFFER_PROBES = {
    by_group: select(func.count()).select_from(
        select(CANDIDATES.c.task_id).where(offer_condition(by_group)).limit(bindparam("probe", type_=Integer))
        .subquery())
    for by_group in (False, True)
}


def after_condition(key: Any, tail: bool, ascending: bool) -> Any:
    """Return the keyset condition: rows strictly after the cursor in the page's order."""
    after_id: Any = bindparam("after_id", type_=TASKS.c.id.type)
    if tail:
        return TASKS.c.id > after_id if ascending else TASKS.c.id < after_id
    pair = tuple_(key, TASKS.c.id)
    cursor = tuple_(bindparam("after_key", type_=key.type), after_id)
    return pair > cursor if ascending else pair < cursor


def groups_of_tasks(task_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """Return the candidate groups of the given tasks, in one query."""
    if not task_ids:
        return {}
    found: dict[str, list[str]] = {}
    # The kind is checked here, not in SQL, so that no plan walks the (kind, name) index instead.
    for task_id, kind, name in db.session.connection().execute(PAGE_CANDIDATES, {"task_ids": task_ids}):
        if kind == "group":
            found.setdefault(task_id, []).append(name)
    return {task_id: tuple(names) for task_id, names in found.items()}


def cursor_after(row: Any, sort: str) -> Cursor:
    """Return the cursor that continues after a row."""
    return Cursor(row.due_at if sort == "due" else row.priority, row.id)


def inbox_row(row: Any, groups: tuple[str, ...], now: datetime) -> InboxRow:
    """Build an InboxRow from a result row."""
    return InboxRow(row.id, row.name, row.instance_id, row.process_id, row.business_key, row.priority, row.due_at,
                    row.created_at, row.assignee, groups, urgency(row.due_at, now))


def urgency(due_at: datetime | None, now: datetime) -> str:
    """Say whether a due time has passed ("overdue"), is within DUE_SOON ("due-soon"), or neither ("")."""
    if due_at is None:
        return ""
    if due_at < now:
        return "overdue"
    if due_at < now + DUE_SOON:
        return "due-soon"
    return ""


def process_names() -> dict[str, str]:
    """Return every deployed process id with the name of its latest version."""
    names = {process_id: name for process_id, name in db.session.connection().execute(PROCESS_NAMES)}
    db.session.rollback()
    return names
