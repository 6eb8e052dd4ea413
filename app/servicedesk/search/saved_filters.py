"""Saved ticket-list filters: each person names the filters they use often, and applies or deletes them."""
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import func, select

from app.extensions import db
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import use_case
from app.service_levels.policies import priority_matrix
from app.servicedesk.search.filters import filter_arguments, parse_ticket_query
from app.servicedesk.tickets.models import SavedTicketFilter
from app.workflow.runtime import Runtime

MAX_NAME_LENGTH = 100
MAX_FILTERS_PER_PERSON = 50


@dataclass(frozen=True)
class SavedFilter:
    """A saved filter: its number, name and the list's query string it stands for."""

    id: int
    name: str
    query: str


def canonical_query(query_string: str, timezone: str = "UTC") -> str:
    """Return the filter part of a list query string (no cursor, no blanks), refusing values the list refuses."""
    arguments = filter_arguments(parse_qsl(query_string, keep_blank_values=True))
    parse_ticket_query(arguments, timezone, priority_matrix())
    return urlencode(arguments)


@use_case
def save_filter(runtime: Runtime, owner: str, name: str, query_string: str, timezone: str = "UTC") -> bool:
    """Save a person's filter under a name, replacing the query of the filter they saved under it before.

    Return whether a filter of that name was replaced.
    """
    name = check_filter_name(name)
    query = canonical_query(query_string, timezone)
    existing = db.session.execute(select(SavedTicketFilter).where(
        SavedTicketFilter.owner == owner, SavedTicketFilter.name == name).with_for_update()).scalar_one_or_none()
    if existing is not None:
        existing.query = query
        return True
    if count_filters(owner) >= MAX_FILTERS_PER_PERSON:
        raise Conflict(f"You have saved {MAX_FILTERS_PER_PERSON} filters, the most there may be; "
                       "delete one you no longer use, then save this one.")
    db.session.add(SavedTicketFilter(owner=owner, name=name, query=query, created_at=runtime.clock.now()))
    return False


def check_filter_name(name: str) -> str:
    """Return the cleaned name of a filter; refuse a blank or overlong one."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise InvalidValues(f"A saved filter needs a name of 1 to {MAX_NAME_LENGTH} characters; enter one.",
                            {"name": [f"Enter a name of 1 to {MAX_NAME_LENGTH} characters."]})
    return name


def count_filters(owner: str) -> int:
    """Count the filters a person saved."""
    return db.session.execute(select(func.count()).where(SavedTicketFilter.owner == owner)).scalar_one()


def list_filters(owner: str) -> list[SavedFilter]:
    """Return a person's saved filters by name."""
    filters = [SavedFilter(row.id, row.name, row.query) for row in db.session.execute(
        select(SavedTicketFilter.id, SavedTicketFilter.name, SavedTicketFilter.query)
        .where(SavedTicketFilter.owner == owner).order_by(SavedTicketFilter.name, SavedTicketFilter.id))]
    return filters


def require_filter(owner: str, filter_id: int) -> SavedTicketFilter:
    """Return one of a person's saved filters; NotFound for another person's or an unknown one."""
    found = db.session.execute(select(SavedTicketFilter).where(
        SavedTicketFilter.id == filter_id, SavedTicketFilter.owner == owner)).scalar_one_or_none()
    if found is None:
        raise NotFound("You have no saved filter with this number; it may have been deleted already.")
    return found


@use_case
def delete_filter(owner: str, filter_id: int) -> str:
    """Delete one of a person's saved filters; return its name."""
    found = require_filter(owner, filter_id)
    name = found.name
    db.session.delete(found)
    return name
