"""Ticket fixtures: ticket rows inserted directly (for the list, search and export tests) and demo actors."""
from datetime import timedelta
from typing import Any

import pytest

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.policies import Actor
from app.organisation.users import require_user
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.servicedesk.tickets.records import ticket_number


@pytest.fixture
def make_ticket(runtime, demo):  # type: ignore[no-untyped-def]
    """make_ticket(title=..., **columns): insert one ticket row (no process) and return it, numbered from its id.

    Each ticket is created a minute after the previous one, so the newest-first order is the reverse
    of the order they were made in.
    """
    made: list[int] = []

    def make(**values: Any) -> Ticket:
        moment = runtime.clock.now() + timedelta(minutes=len(made))
        columns: dict[str, Any] = {
            "kind": "incident", "channel": "portal", "title": "Printer on fire", "description": "Third floor.",
            "requester": "rita", "requester_department_id": None, "category_id": None, "ci_id": None,
            "impact": "medium", "urgency": "medium", "priority": "P3", "priority_source": "matrix",
            "priority_reason": "", "status": "new", "assigned_group": "service-desk", "assignee": None,
            "reassignment_count": 0, "created_at": moment, "updated_at": moment, **values}
        ticket = Ticket(number=f"new-{len(made)}", **columns)
        db.session.add(ticket)
        db.session.flush()
        ticket.number = ticket_number(ticket.kind, ticket.id)
        db.session.commit()
        made.append(ticket.id)
        return ticket
    return make


@pytest.fixture
def make_note(runtime):  # type: ignore[no-untyped-def]
    """make_note(ticket, author, body, visibility="internal"): insert one note row, as if written earlier."""
    def make(ticket: Ticket, author: str, body: str, visibility: str = "internal") -> TicketNote:
        note = TicketNote(ticket_id=ticket.id, author=author, at=runtime.clock.now(), body=body, visibility=visibility)
        db.session.add(note)
        db.session.commit()
        return note
    return make


@pytest.fixture
def actor(demo):  # type: ignore[no-untyped-def]
    """actor("sam"): the Actor of a demo person."""
    def actor_of(login: str) -> Actor:
        return actor_for(require_user(login))
    return actor_of
