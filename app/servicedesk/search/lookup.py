"""Finding tickets: the filters and full-text search as SQL, sort orders and keyset pages.

Every page, the CSV export and the API read under the ticket core's visibility condition
(app.servicedesk.tickets.visibility.visibility_condition), so only tickets the actor may see; the text
search matches only the notes the actor may read (app.servicedesk.tickets.visibility.sees_internal).
Pages never count rows: a page reads at most limit + 1 rows after (or before) the cursor of the row it continues from.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.departments import subtree_ids
from app.organisation.policies import Actor
from app.servicedesk.search.filters import TicketQuery
from app.servicedesk.search.fulltext import text_condition
from app.servicedesk.search.orders import SORT_ORDERS, read_position, read_tickets, write_position
from app.servicedesk.tickets.models import Category, Ticket
from app.servicedesk.tickets.records import FINISHED
from app.servicedesk.tickets.visibility import sees_internal, visibility_condition

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class TicketRow:
    """One ticket as a list row."""

    id: int
    number: str
    kind: str
    title: str
    status: str
    priority: str
    impact: str
    urgency: str
    channel: str
    category_id: int | None
    ci_id: int | None
    assigned_group: str | None
    assignee: str | None
    requester: str
    requester_department_id: int | None
    reassignment_count: int
    created_at: datetime
    updated_at: datetime
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    overdue: bool

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON-able data (moments in ISO 8601)."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "id"}
        return {name: value.isoformat() if isinstance(value, datetime) else value for name, value in data.items()}


@dataclass(frozen=True)
class TicketPage:
    """The rows of one page and the cursors of the pages around it (None where there is none)."""

    rows: list[TicketRow]
    next_after: str | None
    previous_before: str | None


def search_tickets(actor: Actor, query: TicketQuery, now: datetime, after: str | None = None,
                   before: str | None = None, limit: int = PAGE_SIZE) -> TicketPage:
    """Return one page of the tickets the actor may see that match the query, in its order.

    after: the page following that cursor (the first page without one); before: the page preceding it.
    """
    sort = SORT_ORDERS[query.sort]
    limit = min(max(limit, 1), MAX_PAGE_SIZE)
    conditions = ticket_conditions(actor, query, now)
    if before is not None:
        found = read_tickets(conditions, sort, read_position(before, sort, "before"), False, limit + 1)
        more = len(found) > limit
        found = list(reversed(found[:limit]))
    else:
        start = read_position(after, sort, "after") if after is not None else None
        found = read_tickets(conditions, sort, start, True, limit + 1)
        more = len(found) > limit
        found = found[:limit]
    rows = [ticket_row(ticket, now) for ticket in found]
    first, last = (write_position(found[0], sort), write_position(found[-1], sort)) if found else (None, None)
    if not rows:
        return TicketPage([], None, None)
    if before is not None:
        return TicketPage(rows, last, first if more else None)
    return TicketPage(rows, last if more else None, first if after is not None else None)


def ticket_conditions(actor: Actor, query: TicketQuery, now: datetime) -> list[ColumnElement[bool]]:
    """Return the WHERE conditions of a query for an actor: visibility, then every filter given."""
    found = (visibility_condition(actor), text_condition(query.text, public_only=not sees_internal(actor)))
    conditions = [condition for condition in found if condition is not None]
    conditions += field_conditions(query)
    if query.overdue:
        conditions.append(overdue_condition(now))
    return conditions


def field_conditions(query: TicketQuery) -> list[ColumnElement[bool]]:
    """Return the conditions of the field filters that are set."""
    conditions: list[ColumnElement[bool]] = []
    for values, column_ in ((query.kinds, Ticket.kind), (query.statuses, Ticket.status),
                            (query.priorities, Ticket.priority), (query.impacts, Ticket.impact),
                            (query.urgencies, Ticket.urgency), (query.channels, Ticket.channel)):
        if values:
            conditions.append(column_.in_(values) if len(values) > 1 else column_ == values[0])
    named: tuple[tuple[str | None, Any], ...] = (
        (query.number, Ticket.number), (query.group, Ticket.assigned_group), (query.assignee, Ticket.assignee),
        (query.requester, Ticket.requester))
    for value, named_column in named:
        if value is not None:
            conditions.append(named_column == value)
    if query.category_id is not None:
        conditions.append(Ticket.category_id.in_(category_subtree(query.category_id)))
    if query.department_id is not None:
        conditions.append(Ticket.requester_department_id.in_(subtree_ids(query.department_id)))
    if query.ci is not None:
        conditions.append(ci_condition(query.ci))
    if query.min_reassignments is not None:
        conditions.append(Ticket.reassignment_count >= query.min_reassignments)
    conditions += date_conditions(query)
    return conditions


def date_conditions(query: TicketQuery) -> list[ColumnElement[bool]]:
    """Return the conditions of the created and updated date ranges."""
    conditions: list[ColumnElement[bool]] = []
    for start, end, column_ in ((query.created_from, query.created_before, Ticket.created_at),
                                (query.updated_from, query.updated_before, Ticket.updated_at)):
        if start is not None:
            conditions.append(column_ >= start)
        if end is not None:
            conditions.append(column_ < end)
    return conditions


def category_subtree(category_id: int) -> list[int]:
    """Return a category's id and the ids of every category below it."""
    children: dict[int | None, list[int]] = {}
    for row in db.session.execute(select(Category.id, Category.parent_id)):
        children.setdefault(row.parent_id, []).append(row.id)
    found, waiting = [], [category_id]
    while waiting:
        current = waiting.pop()
        found.append(current)
        waiting.extend(children.get(current, []))
    return found


def ci_condition(ci: str) -> ColumnElement[bool]:
    """Match the CI with this id (digits) or the CIs with exactly this name."""
    if ci.isdigit():
        return Ticket.ci_id == int(ci)
    return Ticket.ci_id.in_(select(ConfigurationItem.id).where(ConfigurationItem.name == ci))


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """Match unfinished tickets whose response or resolution deadline has passed without being met."""
    return and_(Ticket.status.not_in(FINISHED),
                or_(and_(Ticket.response_due_at < now, Ticket.responded_at.is_(None)),
                    and_(Ticket.resolution_due_at < now, Ticket.resolved_at.is_(None))))


def is_overdue(ticket: Ticket, now: datetime) -> bool:
    """Say in Python what overdue_condition says in SQL."""
    if ticket.status in FINISHED:
        return False
    response_late = ticket.response_due_at is not None and ticket.response_due_at < now and not ticket.responded_at
    resolution_late = (ticket.resolution_due_at is not None and ticket.resolution_due_at < now
                       and not ticket.resolved_at)
    return response_late or resolution_late


def ticket_row(ticket: Ticket, now: datetime) -> TicketRow:
    """Build the list row of a ticket."""
    return TicketRow(
        ticket.id, ticket.number, ticket.kind, ticket.title, ticket.status, ticket.priority, ticket.impact,
        ticket.urgency, ticket.channel, ticket.category_id, ticket.ci_id, ticket.assigned_group, ticket.assignee,
        ticket.requester, ticket.requester_department_id, ticket.reassignment_count, ticket.created_at,
        ticket.updated_at, ticket.response_due_at, ticket.resolution_due_at, ticket.responded_at, ticket.resolved_at,
        ticket.closed_at, is_overdue(ticket, now))
