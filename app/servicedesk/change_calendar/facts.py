"""The collision check's query layer: gather, for one proposed window, the facts the pure rule decides on.

Every query is bounded by the window: bookings are read from the (ci_id, starts_at, ends_at) index for starts in
[window start - longest change, window end), the implementer's from (implementer, starts_at) the same way, and
related CIs by a walk of at most the rules' hops.
"""
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, cast, null, select, union_all

from app.cmdb.models import ConfigurationItem
from app.cmdb.neighbourhood import cis_within
from app.extensions import db
from app.service_levels.models import CalendarRow
from app.servicedesk.change_calendar.collisions import (
    LONGEST_CHANGE,
    BookedChange,
    ProposedWindow,
    ScheduleFacts,
    ScheduleRules,
    WindowOccurrence,
)
from app.servicedesk.change_calendar.models import ChangeBooking, ChangeBookingCi, ChangeWindow
from app.servicedesk.change_calendar.recurrence import HolidayTest, WindowDefinitionInvalid
from app.servicedesk.change_calendar.settings import definition_of, holiday_test
from app.servicedesk.tickets.models import Ticket

NAMED_CIS_MAX = 200  # names are read for the CIs a message may mention, never for a whole neighbourhood


def gather_facts(proposal: ProposedWindow, rules: ScheduleRules) -> ScheduleFacts:
    """Return what is booked near the proposal, the CIs related to its own, and the windows of its time."""
    hops = rules.hops if rules.severity("related_ci") != "off" else 0
    related = cis_within(proposal.ci_ids, hops) if hops else {}
    near = set(proposal.ci_ids).union(*(set(found) for found in related.values()))
    by_ticket: dict[str, tuple[datetime, datetime, str | None, set[int]]] = {}
    for number, ci_id, starts_at, ends_at, implementer in bookings_near(near, proposal):
        cis = by_ticket.setdefault(number, (starts_at, ends_at, implementer, set()))[3]
        if ci_id is not None:
            cis.add(ci_id)
    bookings = tuple(BookedChange(number, starts_at, ends_at, implementer, frozenset(cis))
                     for number, (starts_at, ends_at, implementer, cis) in sorted(by_ticket.items()))
    windows, maintained = windows_of(proposal.starts_at, proposal.ends_at)
    mentioned = set(proposal.ci_ids).union(*(booking.ci_ids for booking in bookings))
    return ScheduleFacts(bookings, related, windows, maintained, ci_names(mentioned))


def bookings_near(ci_ids: set[int], proposal: ProposedWindow) -> list[tuple[str, int | None, datetime, datetime,
                                                                             str | None]]:
    """Return (change, CI, start, end, implementer) of other changes booked during the window on these CIs, and
    (change, None, ...) of those the same implementer is booked for: one statement, two index range scans."""
    row = ChangeBookingCi
    parts: list[Any] = []  # the selects of the union
    if ci_ids:
        parts.append(select(Ticket.number, row.ci_id, row.starts_at, row.ends_at, ChangeBooking.implementer)
                     .join(ChangeBooking, ChangeBooking.id == row.booking_id).join(Ticket, Ticket.id == row.ticket_id)
                     .where(row.ci_id.in_(sorted(ci_ids)), row.starts_at >= proposal.starts_at - LONGEST_CHANGE,
                            row.starts_at < proposal.ends_at, row.ends_at > proposal.starts_at,
                            Ticket.number != proposal.ticket))
    if proposal.implementer:
        parts.append(select(Ticket.number, cast(null(), Integer), ChangeBooking.starts_at, ChangeBooking.ends_at,
                            ChangeBooking.implementer)
                     .join(Ticket, Ticket.id == ChangeBooking.ticket_id)
                     .where(ChangeBooking.implementer == proposal.implementer, ChangeBooking.status == "booked",
                            ChangeBooking.starts_at >= proposal.starts_at - LONGEST_CHANGE,
                            ChangeBooking.starts_at < proposal.ends_at, ChangeBooking.ends_at > proposal.starts_at,
                            Ticket.number != proposal.ticket))
    if not parts:
        return []
    query: Any = parts[0] if len(parts) == 1 else union_all(*parts)
    return [(number, ci_id, starts_at, ends_at, implementer)
            for number, ci_id, starts_at, ends_at, implementer in db.session.execute(query)]


def windows_of(from_at: datetime, to_at: datetime) -> tuple[tuple[WindowOccurrence, ...], frozenset[int] | None]:
    """Return the freeze and maintenance occurrences overlapping a range, and the CIs maintenance windows cover."""
    occurrences: list[WindowOccurrence] = []
    maintained: set[int] | None = set()
    holidays: dict[str | None, HolidayTest | None] = {}
    query = (select(ChangeWindow, CalendarRow.definition)
             .outerjoin(CalendarRow, CalendarRow.name == ChangeWindow.calendar_name).order_by(ChangeWindow.id))
    for row, calendar in db.session.execute(query).all():
        try:
            definition = definition_of(row)
        except WindowDefinitionInvalid:
            continue  # saved windows were checked; one a later library refuses must not stop every change
        if row.calendar_name not in holidays:
            holidays[row.calendar_name] = holiday_test(row.calendar_name, calendar)
        occurrences.extend(definition.occurrences(from_at, to_at, holidays[row.calendar_name]))
        if definition.kind == "maintenance":
            maintained = None if maintained is None or definition.ci_ids is None else maintained | definition.ci_ids
    return tuple(occurrences), None if maintained is None else frozenset(maintained)


def ci_names(ci_ids: set[int]) -> dict[int, str]:
    """Return the names of a few CIs by id."""
    ids = sorted(ci_ids)[:NAMED_CIS_MAX]
    if not ids:
        return {}
    query = select(ConfigurationItem.id, ConfigurationItem.name).where(ConfigurationItem.id.in_(ids))
    return {ci_id: name for ci_id, name in db.session.execute(query)}


def window_occurrences(from_at: datetime, to_at: datetime) -> list[WindowOccurrence]:
    """Return the freeze and maintenance occurrences overlapping a range (the calendar's views)."""
    occurrences, _maintained = windows_of(from_at, to_at)
    return sorted(occurrences, key=lambda item: item.starts_at)
