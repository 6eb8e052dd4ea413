"""The tickets about a configuration item (naming it as affected or linking to it), as the CMDB pages list them."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from app.cmdb.items import require_ci
from app.extensions import db
from app.organisation.policies import Actor
from app.platform.errors import NotFound
from app.servicedesk.tickets.models import Ticket, TicketLink
from app.servicedesk.tickets.visibility import visibility_condition

TICKET_PAGE_MAX = 200


@dataclass(frozen=True)
class CiTicket:
    """A ticket about a CI: it names the CI as affected (affected=True) or links to it."""

    id: int
    number: str
    kind: str
    title: str
    status: str
    priority: str
    created_at: datetime
    affected: bool


@dataclass(frozen=True)
class CiTicketPage:
    """One page of a CI's tickets, newest first; pass next_after back for the following page."""

    items: list[CiTicket]
    next_after: int | None


def list_ci_tickets(actor: Actor, ci_id: int, after: int | None = None, limit: int = 20) -> CiTicketPage:
    """Return the tickets that name a CI as affected or link to it and that the actor may see, newest first."""
    require_ci(ci_id)
    linked = select(TicketLink.ticket_id).where(TicketLink.kind == "ci", TicketLink.target_ci_id == ci_id)
    query = select(Ticket).where(or_(Ticket.ci_id == ci_id, Ticket.id.in_(linked)))
    visible = visibility_condition(actor)
    if visible is not None:
        query = query.where(visible)
    if after is not None:
        query = query.where(Ticket.id < after)
    limit = max(1, min(limit, TICKET_PAGE_MAX))
    rows = list(db.session.execute(query.order_by(Ticket.id.desc()).limit(limit + 1)).scalars())
    items = [CiTicket(t.id, t.number, t.kind, t.title, t.status, t.priority, t.created_at, t.ci_id == ci_id)
             for t in rows[:limit]]
    return CiTicketPage(items, items[-1].id if len(rows) > limit else None)


def require_ticket_number(number: str) -> str:
    """Return a ticket's number as stored (INC-000123) or raise NotFound naming what was given."""
    found = db.session.execute(select(Ticket.number).where(Ticket.number == number.strip().upper())).scalar()
    if found is None:
        raise NotFound(f"There is no ticket {number.strip()}; check the number or leave it empty.")
    return found
