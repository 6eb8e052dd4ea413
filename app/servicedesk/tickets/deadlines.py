"""A ticket's service level: the policy its category (up the tree) and priority give, its deadlines, the clock
that stops while it waits for the requester, and its SLA state, now or at past moments.

The rules and the admin data are app.service_levels (calendars, policies, targets, the clock's arithmetic); this
module applies them to the service desk's tickets, so that service levels need know nothing of tickets.
"""
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.platform.errors import Conflict
from app.platform.trees import up_the_tree
from app.service_levels.models import TicketSlaEvent
from app.service_levels.policies import ResolvedPolicy, clock_events, is_paused, iso, resolve_policy
from app.service_levels.sla_clock import (
    ClockEventKind,
    Pause,
    SlaDeadlines,
    SlaStatus,
    close_pauses,
    compute_deadlines,
    compute_status,
    pauses_from_events,
    status_against,
)
from app.servicedesk.tickets.models import Category, Ticket


def category_policy_name(category_id: int | None) -> str | None:
    """Return the SLA policy named by a category or, failing that, by its nearest ancestor."""
    return next((category.sla_policy for category in up_the_tree(Category, category_id) if category.sla_policy), None)


def ticket_policy(ticket: Ticket) -> ResolvedPolicy:
    """Return the policy, calendar and target a ticket is measured by (its own resolution target where it has one)."""
    resolved = resolve_policy(category_policy_name(ticket.category_id), ticket.priority)
    if ticket.resolution_target_minutes is None:
        return resolved
    target = replace(resolved.target, resolution=timedelta(minutes=ticket.resolution_target_minutes))
    return replace(resolved, target=target)


def apply_deadlines(ticket: Ticket) -> ResolvedPolicy:
    """Set a ticket's policy and deadlines from its creation, its priority and its pauses so far."""
    resolved = ticket_policy(ticket)
    pauses = pauses_from_events(clock_events(ticket.id))
    deadlines = compute_deadlines(ticket.created_at, resolved.target, resolved.calendar, pauses)
    ticket.sla_policy = resolved.name
    ticket.response_due_at = deadlines.response_due_at
    ticket.resolution_due_at = deadlines.resolution_due_at
    ticket.resolution_warning_at = deadlines.warning_at
    return resolved


def deadline_variables(ticket: Ticket) -> dict[str, str | None]:
    """Return a ticket's deadlines as the ISO texts the incident diagram's timers and due dates read."""
    return {"response_due": iso(ticket.response_due_at), "resolution_due": iso(ticket.resolution_due_at),
            "resolution_warning": iso(ticket.resolution_warning_at)}


def pause_clock(ticket: Ticket, now: datetime) -> None:
    """Stop a ticket's clock while it waits for the requester; its deadlines become unknown until resumed."""
    if is_paused(ticket.id):
        raise Conflict(f"The SLA clock of {ticket.number} is already paused.")
    db.session.add(TicketSlaEvent(ticket_id=ticket.id, kind=ClockEventKind.PAUSED.value, at=now))
    db.session.flush()
    apply_deadlines(ticket)


def resume_clock(ticket: Ticket, now: datetime) -> None:
    """Restart a paused clock; the deadlines move by the working time spent waiting."""
    if not is_paused(ticket.id):
        raise Conflict(f"The SLA clock of {ticket.number} is not paused.")
    db.session.add(TicketSlaEvent(ticket_id=ticket.id, kind=ClockEventKind.RESUMED.value, at=now))
    db.session.flush()
    apply_deadlines(ticket)


def ticket_sla_status(ticket: Ticket, now: datetime) -> SlaStatus:
    """Return a ticket's SLA state (on track, warning, breached, met) and the working time left."""
    resolved = ticket_policy(ticket)
    pauses = pauses_from_events(clock_events(ticket.id))
    return compute_status(now, ticket.created_at, resolved.target, resolved.calendar, pauses,
                          responded_at=ticket.responded_at, resolved_at=ticket.resolved_at)


def working_days_later(ticket: Ticket, start: datetime, days: int) -> datetime:
    """Return the moment `days` working days of the ticket's calendar after `start`, at the same local time."""
    calendar = ticket_policy(ticket).calendar
    local = start.astimezone(calendar.zone)
    day, counted = local.date(), 0
    while counted < days:
        day += timedelta(days=1)
        if calendar.hours_on(day):
            counted += 1
    moment = datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=calendar.zone)
    return moment.astimezone(UTC)


def working_hours_later(ticket: Ticket, start: datetime, hours: int) -> datetime:
    """Return the moment `hours` working hours of the ticket's calendar after `start` (nights, weekends and holidays
    do not count), as its SLA deadlines are counted."""
    return ticket_policy(ticket).calendar.add_working_time(start, timedelta(hours=hours))


@dataclass(frozen=True)
class ClockAt:
    """A ticket's SLA clock as it stood at a past moment: its state, whether it stood still, the time left."""

    at: datetime
    status: SlaStatus
    paused: bool


def sla_clock_at(ticket: Ticket, moments: Sequence[datetime]) -> dict[datetime, ClockAt]:
    """Return a ticket's SLA clock as it stood at each moment (from its logging on), with its policy as it is now.

    A response or resolution counts from when it came; the pauses, from when they began.
    """
    resolved = ticket_policy(ticket)
    events = clock_events(ticket.id)
    found: dict[datetime, ClockAt] = {}
    deadlines: dict[tuple[Pause, ...], SlaDeadlines] = {}  # the pauses move them; most moments share a set
    for at in sorted(set(moments)):
        if at < ticket.created_at:
            continue
        so_far = [event for event in events if event.at <= at]
        responded_at, resolved_at = done_by(ticket.responded_at, at), done_by(ticket.resolved_at, at)
        pauses = close_pauses(pauses_from_events(so_far), resolved_at or at)
        if pauses not in deadlines:
            deadlines[pauses] = compute_deadlines(ticket.created_at, resolved.target, resolved.calendar, pauses)
        status = status_against(at, deadlines[pauses], resolved.calendar, responded_at, resolved_at)
        found[at] = ClockAt(at, status, bool(so_far) and so_far[-1].kind is ClockEventKind.PAUSED)
    return found


def done_by(done_at: datetime | None, at: datetime) -> datetime | None:
    """Return when something was done, if it was by a moment."""
    return done_at if done_at is not None and done_at <= at else None
