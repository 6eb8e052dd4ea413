"""What needs a manager or a group lead: escalations raised to her, breached and nearly breached tickets,
major incidents, and the queue health of the groups she leads (her home page)."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from app.extensions import db
from app.organisation.policies import Actor, may_watch_the_desk, watched_groups
from app.platform.transactions import use_case
from app.service_levels.models import TicketEscalation
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import FINISHED

LIST_LIMIT = 20  # each list shows the most pressing rows; the ticket list has the rest
MAJOR_PRIORITY = "P1"


@dataclass(frozen=True)
class EscalatedTicket:
    """An escalation level raised on a ticket that is still open, and when."""

    number: str
    title: str
    priority: str
    level: str
    raised_at: datetime


@dataclass(frozen=True)
class GroupHealth:
    """A group's queue: its open tickets, how many nobody has taken, how many missed their target."""

    group: str
    open: int
    unassigned: int
    breached: int


@dataclass(frozen=True)
class DeskOverview:
    """A manager's or lead's home page; lists are empty for a person who may not watch the desk."""

    watches_desk: bool
    escalations: list[EscalatedTicket] = field(default_factory=list)
    breached: list[Ticket] = field(default_factory=list)
    breaching: list[Ticket] = field(default_factory=list)  # past the warning, before the resolution target
    major: list[Ticket] = field(default_factory=list)
    groups: list[GroupHealth] = field(default_factory=list)

    @property
    def shows_anything(self) -> bool:
        """Say whether the person has a home page of this kind at all (a manager or a group lead)."""
        return self.watches_desk or bool(self.groups)


@use_case
def read_desk_overview(actor: Actor, now: datetime) -> DeskOverview:
    """Return what needs the actor: the desk's pressing tickets for managers, queue health for group leads."""
    groups = [group_health(group, now) for group in sorted(watched_groups(actor))]
    if not may_watch_the_desk(actor):
        return DeskOverview(False, groups=groups)
    return DeskOverview(True, escalations_for(actor.login), tickets(breached_now(now)), tickets(breaching_now(now)),
                        tickets(open_tickets().where(Ticket.kind == "incident", Ticket.priority == MAJOR_PRIORITY)
                                .order_by(Ticket.created_at)), groups)


def open_tickets() -> Select[Any]:
    """Return the query of tickets not yet resolved, closed or cancelled."""
    return select(Ticket).where(Ticket.status.not_in(FINISHED))


def breached_now(now: datetime) -> Select[Any]:
    """Return the query of open tickets whose resolution target has come, the longest overdue first."""
    return open_tickets().where(Ticket.resolution_due_at <= now).order_by(Ticket.resolution_due_at)


def breaching_now(now: datetime) -> Select[Any]:
    """Return the query of open tickets past their warning moment but not yet their target, the soonest first."""
    return open_tickets().where(Ticket.resolution_warning_at <= now, Ticket.resolution_due_at > now) \
        .order_by(Ticket.resolution_due_at)


def tickets(query: Select[Any]) -> list[Ticket]:
    """Return the first rows of a ticket query."""
    return list(db.session.execute(query.limit(LIST_LIMIT)).scalars())


def escalations_for(login: str) -> list[EscalatedTicket]:
    """Return the escalations raised to a person (as one of their recipients) on tickets still open, newest first."""
    rows = db.session.execute(
        select(Ticket.number, Ticket.title, Ticket.priority, TicketEscalation.level, TicketEscalation.raised_at,
               TicketEscalation.recipients)
        .join(Ticket, Ticket.id == TicketEscalation.ticket_id)
        .where(Ticket.status.not_in(FINISHED), TicketEscalation.recipients.contains(login))
        .order_by(TicketEscalation.raised_at.desc())).all()
    found = [EscalatedTicket(row.number, row.title, row.priority, row.level, row.raised_at)
             for row in rows if login in row.recipients.split(",")]  # contains() alone would match 'sam' in 'samir'
    return found[:LIST_LIMIT]


def group_health(group: str, now: datetime) -> GroupHealth:
    """Count a group's open tickets, those without an assignee, and those past their resolution target."""
    row = db.session.execute(
        select(func.count(Ticket.id),
               func.count(Ticket.id).filter(or_(Ticket.assignee.is_(None), Ticket.assignee == "")),
               func.count(Ticket.id).filter(and_(Ticket.resolution_due_at.is_not(None),
                                                 Ticket.resolution_due_at <= now)))
        .where(Ticket.assigned_group == group, Ticket.status.not_in(FINISHED))).one()
    return GroupHealth(group, row[0], row[1], row[2])
