"""What a queue row says about the ticket behind a task: title, requester, priority and where its SLA stands.

The inbox lists tasks; their business key names a ticket. One query reads the tickets of a page, and only
those the viewer may see (the rule of app.servicedesk.tickets.visibility.visibility_condition): a task offered to
someone who may not read its ticket shows the task alone.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.organisation.models import User
from app.organisation.policies import Actor
from app.servicedesk.tickets.business_keys import ticket_number_of
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import FINISHED
from app.servicedesk.tickets.visibility import visibility_condition


@dataclass(frozen=True)
class QueueTicket:
    """The ticket of a queue row as the row shows it."""

    number: str
    title: str
    requester: str  # the display name, or the login when the user is gone
    priority: str  # P1-P4
    sla_state: str | None  # on_track, warning, breached, paused; None when no target applies
    time_left: timedelta | None  # until the resolution target; negative once it is missed


def resolution_target_of(business_key: Any) -> Any:
    """Return the resolution target of the open ticket a business key names, as a scalar subquery (NULL: none).

    The queue sorts a task drawn without a due time by this (app.workflow.tasks.due_order), so a P1's
    approval comes before routine work due later.
    """
    return (select(Ticket.resolution_due_at)
            .where(Ticket.number == business_key, Ticket.status.not_in(FINISHED)).scalar_subquery())


def queue_tickets(actor: Actor, business_keys: Iterable[str | None], now: datetime) -> dict[str, QueueTicket]:
    """Return the tickets the actor may see among these business keys, by business key (a survey's key gives
    the ticket it asks about)."""
    number_of = {key: ticket_number_of(key) for key in business_keys if key}
    numbers = sorted(set(number_of.values()))
    if not numbers:
        return {}
    statement = (select(Ticket, User.display_name).outerjoin(User, User.login == Ticket.requester)
                 .where(Ticket.number.in_(numbers)))
    visible = visibility_condition(actor)
    if visible is not None:
        statement = statement.where(visible)
    found = {ticket.number: queue_ticket(ticket, name, now) for ticket, name in db.session.execute(statement)}
    return {key: found[number] for key, number in number_of.items() if number in found}


def queue_ticket(ticket: Ticket, requester_name: str | None, now: datetime) -> QueueTicket:
    """Build the row facts of one ticket."""
    state, left = sla_position(ticket, now)
    return QueueTicket(ticket.number, ticket.title, requester_name or ticket.requester, ticket.priority, state, left)


def sla_position(ticket: Ticket, now: datetime) -> tuple[str | None, timedelta | None]:
    """Say where a ticket stands against its resolution target, and the time left until it (wall-clock)."""
    if ticket.status in FINISHED:
        return None, None
    if ticket.status == "pending_requester":
        return "paused", None
    due = ticket.resolution_due_at
    if due is None:
        return None, None
    if due <= now:
        return "breached", due - now
    warning = ticket.resolution_warning_at
    return ("warning" if warning is not None and warning <= now else "on_track"), due - now
