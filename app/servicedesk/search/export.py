"""CSV export of the ticket list: every matching ticket the actor may see, read in keyset batches.

Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) get a
leading apostrophe, so an exported title such as '=HYPERLINK(...)' stays text (CSV injection).
"""
import csv
import io
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.models import Department
from app.organisation.policies import Actor
from app.platform.csv_cells import guard_formula
from app.servicedesk.search.filters import TicketQuery
from app.servicedesk.search.lookup import is_overdue, ticket_conditions
from app.servicedesk.search.orders import SORT_ORDERS, position_of, read_tickets
from app.servicedesk.tickets.models import Category, Ticket

EXPORT_BATCH_SIZE = 1000
BYTE_ORDER_MARK = "\ufeff"  # spreadsheets then read the file as UTF-8 (Chinese text)
HEADER = ("number", "kind", "title", "status", "priority", "impact", "urgency", "category", "ci", "assigned_group",
          "assignee", "requester", "requester_department", "channel", "reassignment_count", "overdue",
          "created_at", "updated_at", "response_due_at", "resolution_due_at", "responded_at", "resolved_at",
          "closed_at", "description")


def export_tickets(actor: Actor, query: TicketQuery, now: datetime,
                   batch_size: int = EXPORT_BATCH_SIZE) -> Iterator[str]:
    """Yield the CSV text of the matching tickets the actor may see, in the query's order: the header, then batches.

    Each batch is one short read; between batches no transaction stays open, so a long export never
    holds SQLite's lock or a PostgreSQL snapshot.
    """
    yield BYTE_ORDER_MARK + csv_text([HEADER])
    conditions = ticket_conditions(actor, query, now)
    sort = SORT_ORDERS[query.sort]
    categories = names_by_id(Category.id, Category.name)
    departments = names_by_id(Department.id, Department.name)
    start = None
    while True:
        tickets = read_tickets(conditions, sort, start, True, batch_size)
        if not tickets:
            break
        cis = names_by_id(ConfigurationItem.id, ConfigurationItem.name,
                          {ticket.ci_id for ticket in tickets if ticket.ci_id is not None})
        text = csv_text([export_row(ticket, now, categories, cis, departments) for ticket in tickets])
        start = position_of(tickets[-1], sort)
        yield text
        if len(tickets) < batch_size:
            break


def names_by_id(id_column: Any, name_column: Any, wanted: set[int] | None = None) -> dict[int, str]:
    """Return id -> name of a table (only the wanted ids when given)."""
    statement = select(id_column, name_column)
    if wanted is not None:
        if not wanted:
            return {}
        statement = statement.where(id_column.in_(sorted(wanted)))
    return {row[0]: row[1] for row in db.session.execute(statement)}


def export_row(ticket: Ticket, now: datetime, categories: dict[int, str], cis: dict[int, str],
               departments: dict[int, str]) -> list[Any]:
    """Return the cells of one ticket, in HEADER order."""
    return [ticket.number, ticket.kind, ticket.title, ticket.status, ticket.priority, ticket.impact, ticket.urgency,
            categories.get(ticket.category_id or 0), cis.get(ticket.ci_id or 0), ticket.assigned_group,
            ticket.assignee, ticket.requester, departments.get(ticket.requester_department_id or 0), ticket.channel,
            ticket.reassignment_count, "yes" if is_overdue(ticket, now) else "no", ticket.created_at,
            ticket.updated_at, ticket.response_due_at, ticket.resolution_due_at, ticket.responded_at,
            ticket.resolved_at, ticket.closed_at, ticket.description]


def csv_text(rows: Sequence[Sequence[Any]]) -> str:
    """Return rows as CSV text, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def safe_cell(value: Any) -> str:
    """Return a cell's text (moments in ISO 8601 UTC), with a leading apostrophe if it would start a formula."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return guard_formula(text)
