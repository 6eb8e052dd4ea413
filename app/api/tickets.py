"""Ticket endpoints for reading: the filtered list (keyset pages) and one ticket with its notes."""
from typing import Any

from flask import request

from app.api.auth import api_actor
from app.api.paging import limit_argument
from app.api.ticket_writes import note_json
from app.organisation.policies import is_staff
from app.platform.errors import InvalidValues
from app.service_levels import policies as service_levels
from app.servicedesk.categories import category_name
from app.servicedesk.filters import PARAMETERS, parse_ticket_query
from app.servicedesk.models import Ticket
from app.servicedesk.notes import list_notes
from app.servicedesk.search import MAX_PAGE_SIZE, find_visible_ticket, is_overdue, search_tickets
from app.workflow.runtime import current_runtime

LIST_PARAMETERS = frozenset({*PARAMETERS, "after", "before", "limit"})
DETAIL_FIELDS = ("number", "kind", "channel", "title", "description", "status", "priority", "priority_source",
                 "priority_reason", "impact", "urgency", "category_id", "ci_id", "assigned_group", "assignee",
                 "requester", "requester_department_id", "reassignment_count", "instance_id")
DETAIL_MOMENTS = ("created_at", "updated_at", "response_due_at", "resolution_due_at", "responded_at",
                  "resolved_at", "closed_at")


def list_tickets() -> dict[str, Any]:
    """List the tickets I may see that match the filters in the query string, one keyset page at a time."""
    unknown = sorted(set(request.args) - LIST_PARAMETERS)
    if unknown:
        known = ", ".join(sorted(LIST_PARAMETERS))
        raise InvalidValues(f"The ticket list has no parameter {', '.join(unknown)}; use {known}.",
                            {name: ["Unknown parameter."] for name in unknown})
    query = parse_ticket_query(request.args.items(multi=True), "UTC", service_levels.priority_matrix())
    page = search_tickets(api_actor(), query, current_runtime().clock.now(), after=request.args.get("after") or None,
                          before=request.args.get("before") or None, limit=limit_argument(MAX_PAGE_SIZE))
    return {"tickets": [row.to_dict() for row in page.rows], "next": page.next_after,
            "previous": page.previous_before}


def show(number: str) -> dict[str, Any]:
    """Read a ticket I may see, with the notes I may read; 404 alike for unknown and invisible tickets."""
    actor = api_actor()
    ticket = find_visible_ticket(actor, number)
    data = ticket_detail(ticket, current_runtime().clock.now())
    data["notes"] = [note_json(note) for note in list_notes(ticket.id, public_only=not is_staff(actor))]
    return data


def ticket_detail(ticket: Ticket, now: Any) -> dict[str, Any]:
    """Return every field of a ticket as JSON, with its category's name and whether it is overdue."""
    data: dict[str, Any] = {name: getattr(ticket, name) for name in DETAIL_FIELDS}
    for name in DETAIL_MOMENTS:
        moment = getattr(ticket, name)
        data[name] = moment.isoformat() if moment is not None else None
    data["category"] = category_name(ticket.category_id)
    data["overdue"] = is_overdue(ticket, now)
    return data
