"""Checking and booking a change's window: the collision check for a proposal (pages, API, the diagram's topic),
and the booking that replaces a change's earlier one, with a change manager's override of a hard block."""
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.models import User
from app.organisation.policies import Actor, check_may_see_change_calendar, may_override_schedule_block
from app.platform.errors import InvalidValues, NotFound
from app.servicedesk.change_calendar.collisions import (
    Conflict,
    ProposedWindow,
    WindowInvalid,
    find_conflicts,
    is_blocked,
)
from app.servicedesk.change_calendar.facts import gather_facts
from app.servicedesk.change_calendar.models import ChangeBooking, ChangeBookingCi
from app.servicedesk.change_calendar.settings import read_schedule_rules
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import find_ticket

MAX_CIS = 200


@dataclass(frozen=True)
class ScheduleCheck:
    """The answer of the check: the conflicts, blocks first, and whether a block stands in the way."""

    ticket: str
    proposal: ProposedWindow
    conflicts: list[Conflict]

    @property
    def blocked(self) -> bool:
        """Say whether any conflict is a hard block."""
        return is_blocked(self.conflicts)


def check_schedule(actor: Actor, number: str, starts_at: datetime, ends_at: datetime, ci_ids: list[int],
                   implementer: str | None, now: datetime) -> ScheduleCheck:
    """Check a proposed window for a change (a read: nothing is booked); refuse bad values naming the field."""
    check_may_see_change_calendar(actor, "check a change's window")
    ticket = require_change(number)
    proposal = proposal_of(ticket.number, starts_at, ends_at, ci_ids, implementer)
    try:
        return ScheduleCheck(ticket.number, proposal, run_check(proposal, now))
    except WindowInvalid as refused:
        raise InvalidValues(f"The window was not checked: {refused.sentence}",
                            {refused.field_name: [refused.sentence]}) from None


def run_check(proposal: ProposedWindow, now: datetime) -> list[Conflict]:
    """Gather the facts of a proposal and apply the rules in force to them."""
    rules = read_schedule_rules()
    return find_conflicts(proposal, gather_facts(proposal, rules), rules, now)


def require_change(number: str) -> Ticket:
    """Return a change ticket by number, or raise NotFound."""
    ticket = find_ticket(number)
    if ticket.kind != "change":
        raise NotFound(f"{ticket.number} is not a change; check the number.")
    return ticket


def proposal_of(number: str, starts_at: datetime, ends_at: datetime, ci_ids: list[int],
                implementer: str | None, lock_cis: bool = False) -> ProposedWindow:
    """Build a proposal after checking its CIs and implementer exist; refuse naming the field.

    lock_cis: lock the CIs' rows until the caller's unit ends, so that two changes booked at once on one CI are
    checked one after the other (PostgreSQL; SQLite's writer lock does it already).
    """
    for field_name, moment in (("start", starts_at), ("end", ends_at)):
        if moment.tzinfo is None:
            sentence = f"Give the {field_name} with its UTC offset, e.g. 2027-03-01T22:00:00+08:00."
            raise InvalidValues(f"The window was not checked: {sentence}", {field_name: [sentence]})
    wanted = sorted(set(ci_ids))
    if not wanted or len(wanted) > MAX_CIS:
        sentence = f"Name 1 to {MAX_CIS} configuration items the change works on."
        raise InvalidValues(f"The window was not checked: {sentence}", {"ci_ids": [sentence]})
    query = select(ConfigurationItem.id).where(ConfigurationItem.id.in_(wanted)).order_by(ConfigurationItem.id)
    known = set(db.session.execute(query.with_for_update() if lock_cis else query).scalars())
    missing = [ci_id for ci_id in wanted if ci_id not in known]
    if missing:
        sentence = f"There is no configuration item {', '.join(map(str, missing))}; choose CIs from the CMDB."
        raise InvalidValues(f"The window was not checked: {sentence}", {"ci_ids": [sentence]})
    login = (implementer or "").strip() or None
    if login is not None and db.session.execute(select(User.id).where(User.login == login)).first() is None:
        sentence = f"There is no user '{login}'; name the implementer by login."
        raise InvalidValues(f"The window was not checked: {sentence}", {"implementer": [sentence]})
    return ProposedWindow(number, starts_at.astimezone(UTC), ends_at.astimezone(UTC), frozenset(wanted), login)


def book_window(ticket: Ticket, proposal: ProposedWindow, booked_by: str, now: datetime,
                override_reason: str | None = None) -> ChangeBooking:
    """Book a change's window on its CIs, replacing any earlier booking of the same change (in the caller's unit)."""
    booking = db.session.execute(select(ChangeBooking).where(ChangeBooking.ticket_id == ticket.id)
                                 .with_for_update()).scalar_one_or_none()
    if booking is None:
        booking = ChangeBooking(ticket_id=ticket.id)
        db.session.add(booking)
    else:
        db.session.execute(delete(ChangeBookingCi).where(ChangeBookingCi.booking_id == booking.id))
    booking.starts_at, booking.ends_at, booking.implementer = proposal.starts_at, proposal.ends_at, \
        proposal.implementer
    booking.status, booking.booked_by, booking.booked_at = "booked", booked_by, now
    booking.override_reason = override_reason
    db.session.flush()
    db.session.add_all(ChangeBookingCi(booking_id=booking.id, ticket_id=ticket.id, ci_id=ci_id,
                                       starts_at=proposal.starts_at, ends_at=proposal.ends_at)
                       for ci_id in sorted(proposal.ci_ids))
    return booking


def release_booking(ticket: Ticket) -> None:
    """Free a change's booked window (cancelled or rescheduled elsewhere): its CIs are free again."""
    booking = db.session.execute(select(ChangeBooking).where(ChangeBooking.ticket_id == ticket.id)
                                 ).scalar_one_or_none()
    if booking is not None:
        db.session.execute(delete(ChangeBookingCi).where(ChangeBookingCi.booking_id == booking.id))
        booking.status = "released"


@dataclass(frozen=True)
class ScheduleState:
    """What a change's planned window meets now (its conflicts, blocks first) and its booking, with any override."""

    conflicts: list[Conflict]
    booking: ChangeBooking | None
    ci_names: dict[int, str]
    checked: bool  # False once the window has begun: a window in progress or past is not checked again


def schedule_state(ticket: Ticket, starts_at: datetime, ends_at: datetime, ci_ids: list[int],
                   implementer: str | None, now: datetime) -> ScheduleState:
    """Check a change's planned window as it stands (a read: nothing is booked) and return it with its booking; a
    window that has begun, or that the check refuses, shows no conflicts."""
    booking = db.session.execute(select(ChangeBooking).where(ChangeBooking.ticket_id == ticket.id)
                                 ).scalar_one_or_none()
    conflicts: list[Conflict] = []
    checked = starts_at.astimezone(UTC) > now
    if ci_ids and checked:
        try:
            conflicts = run_check(ProposedWindow(ticket.number, starts_at.astimezone(UTC), ends_at.astimezone(UTC),
                                                 frozenset(ci_ids), implementer), now)
        except WindowInvalid:
            conflicts = []
    wanted = sorted({item.ci for item in conflicts if item.ci is not None})
    rows = db.session.execute(select(ConfigurationItem.id, ConfigurationItem.name)
                              .where(ConfigurationItem.id.in_(wanted))).all() if wanted else []
    names = {ci_id: name for ci_id, name in rows}
    return ScheduleState(conflicts, booking, names, checked)


def may_override(actor: Actor | None) -> bool:
    """Say whether whoever acts may book over a hard block (nobody, when no person acts)."""
    return actor is not None and may_override_schedule_block(actor)
