"""Which open tasks each list of the queue holds, who may read it, and the statements that read it.

Who may see which tasks is decided here, from the Actor, and nowhere else: require_scope (who may
read a list), scope_conditions (which tasks it holds: assigned to the actor, offered to them or
one of their groups, or all) and group_use (how a group filter narrows a list).

A statement is built once per Shape: the list (scope), the order, which filters are set, where
reading starts (driver), which part of the order (the tasks with a sort key, or the tail without
one), which way, and whether it continues from a position. app/workflow/tasks/tasklist.py turns a
query and a cursor into shapes and values, and rows into pages.
"""
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Integer, Select, and_, bindparam, exists, func, or_, select, tuple_

from app.extensions import db
from app.organisation.accounts import Actor
from app.organisation.policies import may_administer, may_use_inbox
from app.platform.errors import NotAllowed
from app.workflow.step import CANDIDATES, INSTANCES, TASKS
from app.workflow.tasks.due_order import BusinessKeyDeadline, effective_due, tail_rank, use_business_key_deadline
from app.workflow.tasks.offers import offered_to_bound, offered_to_group

SCOPES = ("mine", "queue", "workable", "all")
SPARSE_ROWS = 2000  # below this many offers (or running instances of the filtered process), start from them
OPEN_STATUSES = ("running", "needs_attention")  # instances that can have open tasks


class Sort(NamedTuple):
    """An order of the queue: by a key (the task summary's attribute `column`), then by id, both the same way.

    ranked: the tasks without a key come by their tail rank (due_order), then id; else by id alone.
    """

    column: str
    ascending: bool
    ranked: bool = False


SORTS = {"due": Sort("sort_due_at", ascending=True, ranked=True), "priority": Sort("priority", ascending=False)}


class Position(NamedTuple):
    """A task's place in an order: its sort key (None among the tasks without one), its id, its tail rank."""

    key: datetime | int | None
    id: str
    rank: int | None = None  # in the tail of a ranked order


class Shape(NamedTuple):
    """What one statement expresses; each is built once (see part_statement)."""

    scope: str
    sort: str
    driver: str  # where reading the queue starts: walk, offers or process (see queue_driver)
    group: str  # "": no group filter; offer: the queue's offers are that group's; also: checked besides the scope
    by_process: bool
    by_priority: bool
    by_instance: bool
    by_due: bool
    tail: bool = False  # the tasks without a sort key
    forward: bool = True  # in the order, or against it (the page before a cursor)
    after: bool = False  # continues from a position in this part
    follow_up_before: bool = False
    follow_up_after: bool = False


def require_scope(actor: Actor, scope: str) -> None:
    """Refuse a list the actor may not read: the inbox's lists are for agents and approvers, every task for admins.

    What a person may work on (workable) anyone may list: their own tasks and those offered to them.
    """
    if scope in ("mine", "queue") and not may_use_inbox(actor):
        raise NotAllowed(f"{actor.login} may not use the task inbox; it is for agents and approvers.")
    if scope == "all" and not may_administer(actor):
        raise NotAllowed(f"{actor.login} may not list every open task; only admins may.")


def group_use(actor: Actor, scope: str, group: str | None) -> str:
    """Say how a group filter narrows a list: not at all, by the queue's offers (to one of my groups), or besides them.

    Only in the queue and only for one of the actor's own groups may the offers to that group stand
    in for the offers to the actor; any other group filter is a condition on top of the scope's.
    """
    if group is None:
        return ""
    return "offer" if scope == "queue" and group in actor.groups else "also"


def queue_driver(shape: Shape, params: dict[str, Any]) -> str:
    """Choose where reading the queue starts: the actor's offers, the process's instances, or the queue itself.

    Walking the unclaimed tasks in page order and checking each stops after one page, which is
    quick while the actor's groups (and the filtered process) hold a fair share of the queue, but
    reads every task when they hold almost none. Starting from the actor's candidate rows, or from
    the filtered process's running instances, costs in proportion to how many there are; so a
    bounded count (never past SPARSE_ROWS) picks that start when it is small.
    """
    connection = db.session.connection()
    probe = {**params, "probe": SPARSE_ROWS}
    offers = connection.execute(OFFER_PROBES[shape.group == "offer"], probe).scalar_one()
    runs = connection.execute(PROCESS_PROBE, probe).scalar_one() if shape.by_process else SPARSE_ROWS
    if offers < SPARSE_ROWS and offers <= runs:
        return "offers"
    if runs < SPARSE_ROWS:
        return "process"
    return "walk"


def read_rows(shape: Shape, tail_matches: bool, params: dict[str, Any], start: Position | None,
              wanted: int) -> list[Any]:
    """Read up to `wanted` rows from a position: the keyed part, then the tail (the other way round backwards)."""
    parts = [False, True] if shape.forward else [True, False]
    if start is not None:
        parts = parts[parts.index(start.key is None):]
    connection = db.session.connection()
    rows: list[Any] = []
    for tail in parts:
        if tail and not tail_matches:
            continue
        from_start = start is not None and (start.key is None) == tail
        bound = {**params, "limit": wanted - len(rows)}
        if start is not None and from_start:
            bound.update(after_id=start.id, after_key=start.rank if tail else start.key)
        statement = part_statement(shape._replace(tail=tail, after=from_start))
        rows += connection.execute(statement, bound).all()
        if len(rows) >= wanted:
            break
    return rows


def row_columns() -> tuple[Any, ...]:
    """Return the columns of a task row, with its due time in the queue (due_order) as sort_due_at."""
    return (TASKS.c.id, TASKS.c.name, TASKS.c.element_id, TASKS.c.instance_id, INSTANCES.c.process_id,
            INSTANCES.c.business_key, TASKS.c.assignee, TASKS.c.priority, TASKS.c.due_at, TASKS.c.created_at,
            TASKS.c.form_fields, TASKS.c.follow_up_at, effective_due().label("sort_due_at"))


def use_deadline_rule(rule: BusinessKeyDeadline | None) -> None:
    """Sort the queue by a task's own due time, else this deadline of its business key (see due_order)."""
    if use_business_key_deadline(rule):
        part_statement.cache_clear()


def sort_key(sort: str) -> Any:
    """Return the expression an order sorts by."""
    return effective_due() if sort == "due" else TASKS.c.priority


@lru_cache(maxsize=1024)
def part_statement(shape: Shape) -> Select[Any]:
    """Build (once per shape) the statement reading one part of a page."""
    sort = SORTS[shape.sort]
    key = sort_key(shape.sort)
    ascending = sort.ascending == shape.forward
    statement = (select(*row_columns()).join(INSTANCES, INSTANCES.c.id == TASKS.c.instance_id)
                 .where(*scope_conditions(shape), *filter_conditions(shape),
                        key.is_(None) if shape.tail else key.is_not(None))
                 .limit(bindparam("limit", type_=Integer)))
    if shape.tail:
        key = tail_rank() if sort.ranked else None
    columns = (TASKS.c.id,) if key is None else (key, TASKS.c.id)
    statement = statement.order_by(*(columns if ascending else (column.desc() for column in columns)))
    if shape.after:
        statement = statement.where(after_condition(key, ascending))
    return statement


def scope_conditions(shape: Shape) -> list[Any]:
    """Return the conditions of the tasks a scope holds: assigned to me, unclaimed and offered to me, both, or all.

    An IN over the candidate rows makes the databases start from them; an EXISTS lets them walk
    the queue in page order and check each task.
    """
    mine = TASKS.c.assignee == bindparam("user")
    if shape.scope == "mine":
        return [mine]
    if shape.scope == "all":
        return []
    offers = offer_condition(by_group=shape.group == "offer")
    offered: Any
    if shape.driver == "offers":
        offered = TASKS.c.id.in_(select(CANDIDATES.c.task_id).where(offers))
    else:
        offered = exists().where(CANDIDATES.c.task_id == TASKS.c.id, offers)
    if shape.scope == "queue":
        return [TASKS.c.assignee.is_(None), offered]
    return [or_(mine, and_(TASKS.c.assignee.is_(None), offered))]


def offer_condition(by_group: bool) -> Any:
    """Condition on a candidate row: it offers its task to the filtered group, or to the actor (task_offers)."""
    if by_group:
        return offered_to_group(CANDIDATES, bindparam("group"))
    return offered_to_bound(CANDIDATES)


def filter_conditions(shape: Shape) -> list[Any]:
    """Return the conditions of a query's filters."""
    conditions: list[Any] = []
    if shape.group == "also":
        conditions.append(exists().where(CANDIDATES.c.task_id == TASKS.c.id, offer_condition(by_group=True)))
    if shape.by_process and shape.driver == "process":
        conditions.append(TASKS.c.instance_id.in_(open_instances_of_process()))
    elif shape.by_process:
        conditions.append(INSTANCES.c.process_id == bindparam("process"))
    if shape.by_priority:
        conditions.append(TASKS.c.priority >= bindparam("min_priority"))
    if shape.by_due:
        conditions.append(effective_due() < bindparam("due_before", type_=TASKS.c.due_at.type))
    if shape.by_instance:
        conditions.append(TASKS.c.instance_id == bindparam("instance_id"))
    if shape.follow_up_before:
        conditions.append(TASKS.c.follow_up_at < bindparam("follow_up_before", type_=TASKS.c.follow_up_at.type))
    if shape.follow_up_after:
        conditions.append(TASKS.c.follow_up_at > bindparam("follow_up_after", type_=TASKS.c.follow_up_at.type))
    return conditions


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


def after_condition(key: Any, ascending: bool) -> Any:
    """Return the keyset condition: rows strictly after the cursor in the statement's order (key None: by id)."""
    after_id: Any = bindparam("after_id", type_=TASKS.c.id.type)
    if key is None:
        return TASKS.c.id > after_id if ascending else TASKS.c.id < after_id
    pair = tuple_(key, TASKS.c.id)
    cursor = tuple_(bindparam("after_key", type_=key.type), after_id)
    return pair > cursor if ascending else pair < cursor
