"""The orders of the ticket list and reading keyset pages in them: after or before a row, never counting.

Every order ends with the id, so each row has one place. An order by a column that may be empty (the
resolution deadline) puts the rows without a value after all the others and reads in two parts: the rows
with a value by (value, id), then the others by id. A cursor is the place of a page's first or last row.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, select, tuple_

from app.extensions import db
from app.platform.cursors import BAD_CURSOR, BAD_CURSOR_HINT, read_cursor, write_cursor
from app.platform.errors import InvalidValues
from app.servicedesk.tickets.models import Ticket

NO_KEY = ""  # the cursor key of a row without a resolution deadline (those come last)


@dataclass(frozen=True)
class Sort:
    """An order of the list: by a ticket column, then by id, both the same way; or by id alone."""

    key: str | None  # the Ticket attribute; None: the id alone
    ascending: bool
    nullable: bool = False  # rows without the key come after all the others


SORT_ORDERS = {
    "newest": Sort(None, ascending=False),
    "oldest": Sort(None, ascending=True),
    "updated": Sort("updated_at", ascending=False),  # recently updated first
    "priority": Sort("priority", ascending=True),  # P1 first; within a priority, the longest waiting first
    "resolution_due": Sort("resolution_due_at", ascending=True, nullable=True),  # soonest deadline first
}


@dataclass(frozen=True)
class Position:
    """A row's place in an order: its sort key (None in the keyless tail) and its id."""

    key: Any
    id: int


def read_tickets(conditions: Sequence[ColumnElement[bool]], sort: Sort, start: Position | None, forward: bool,
                 limit: int) -> list[Ticket]:
    """Read up to limit tickets from a position, in the sort's order (forward) or against it.

    A nullable sort reads in two parts: the rows with a key by (key, id), then those without by id.
    """
    parts = [False, True] if sort.nullable else [False]  # False: rows with a key; True: the keyless tail
    if not forward:
        parts.reverse()
    if start is not None and sort.nullable:
        parts = parts[parts.index(start.key is None):]
    found: list[Ticket] = []
    for tail in parts:
        same_part = start is not None and (not sort.nullable or (start.key is None) == tail)
        statement = part_statement(conditions, sort, tail, forward, start if same_part else None)
        found += db.session.execute(statement.limit(limit - len(found))).scalars()
        if len(found) >= limit:
            break
    return found


def part_statement(conditions: Sequence[ColumnElement[bool]], sort: Sort, tail: bool, forward: bool,
                   start: Position | None) -> Select[Ticket]:
    """Build the statement reading one part of an order, from a position on."""
    ascending = sort.ascending == forward
    statement = select(Ticket).where(*conditions)
    if sort.key is None or tail:
        if sort.key is not None:
            statement = statement.where(getattr(Ticket, sort.key).is_(None))
        if start is not None:
            statement = statement.where(Ticket.id > start.id if ascending else Ticket.id < start.id)
        return statement.order_by(Ticket.id if ascending else Ticket.id.desc())
    key = getattr(Ticket, sort.key)
    if sort.nullable:
        statement = statement.where(key.is_not(None))
    if start is not None:
        pair, cursor = tuple_(key, Ticket.id), tuple_(start.key, start.id)
        statement = statement.where(pair > cursor if ascending else pair < cursor)
    return statement.order_by(*((key, Ticket.id) if ascending else (key.desc(), Ticket.id.desc())))


def position_of(ticket: Ticket, sort: Sort) -> Position:
    """Return a ticket's place in an order."""
    return Position(getattr(ticket, sort.key) if sort.key is not None else None, ticket.id)


def write_position(ticket: Ticket, sort: Sort) -> str:
    """Return the cursor of a ticket's place in an order."""
    if sort.key is None:
        return write_cursor(ticket.id)
    key = position_of(ticket, sort).key
    if key is None:
        return write_cursor(NO_KEY, ticket.id)
    return write_cursor(key.isoformat() if isinstance(key, datetime) else key, ticket.id)


def read_position(text: str, sort: Sort, field: str) -> Position:
    """Read a cursor this order gave out; refuse anything else."""
    if sort.key is None:
        (ticket_id,) = read_cursor(text, int, field=field)
        return Position(None, ticket_id)
    key, ticket_id = read_cursor(text, str, int, field=field)
    if key == NO_KEY and sort.nullable:
        return Position(None, ticket_id)
    if sort.key.endswith("_at"):
        return Position(moment_key(key, field), ticket_id)
    return Position(key, ticket_id)


def moment_key(key: str, field: str) -> datetime:
    """Read the moment of a cursor's key; refuse anything else like any foreign cursor."""
    try:
        moment = datetime.fromisoformat(key)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidValues(BAD_CURSOR, {field: [BAD_CURSOR_HINT]})
    return moment
