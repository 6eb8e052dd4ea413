"""What the change calendar shows for a range: booked changes and the freeze and maintenance occurrences, as
entries for the month, week and list views, the JSON API, the ICS feed and the per-CI timeline."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.cmdb.neighbourhood import cis_within
from app.extensions import db
from app.organisation.policies import Actor, check_may_see_change_calendar
from app.platform.errors import InvalidValues
from app.servicedesk.change_calendar.collisions import LONGEST_CHANGE
from app.servicedesk.change_calendar.facts import window_occurrences
from app.servicedesk.change_calendar.models import ChangeBooking, ChangeBookingCi
from app.servicedesk.tickets.models import Ticket

MIN_YEAR, MAX_YEAR = 1970, 9000  # moments far outside cannot be a change's, and near the ends of time arithmetic fails
MAX_RANGE_DAYS = 400  # a year and a bit: the views ask for a month (or a year's list) at a time
MAX_ENTRIES = 2_000
TIMELINE_ROWS = 25


@dataclass(frozen=True)
class CalendarEntry:
    """One thing on the calendar: a booked change (kind 'change') or a freeze or maintenance occurrence."""

    kind: str  # change, freeze, maintenance
    title: str
    starts_at: datetime
    ends_at: datetime
    ticket: str | None
    implementer: str | None
    ci_ids: tuple[int, ...] | None  # None: a window covering every CI
    overridden: bool = False


def parse_moment(text: str) -> datetime | None:
    """Return an ISO 8601 date-time with an offset, in UTC, or None for anything else (or out of the years)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return value.astimezone(UTC)


def check_range(from_at: datetime | None, to_at: datetime | None, now: datetime) -> tuple[datetime, datetime]:
    """Return the range asked for (default: this day and the next 30), refusing a backward or too long one."""
    start = from_at or now.replace(hour=0, minute=0, second=0, microsecond=0)
    end = to_at or start + timedelta(days=31)
    if end <= start:
        raise InvalidValues("The range ends before it starts; give a 'to' after 'from'.",
                            {"to": ["Give a 'to' after 'from'."]})
    if end - start > timedelta(days=MAX_RANGE_DAYS):
        sentence = f"Ask for at most {MAX_RANGE_DAYS} days at a time; move 'to' nearer to 'from'."
        raise InvalidValues(sentence, {"to": [sentence]})
    return start, end


def calendar_entries(actor: Actor, from_at: datetime | None, to_at: datetime | None, now: datetime,
                     ci_id: int | None = None) -> list[CalendarEntry]:
    """Return the calendar's entries overlapping a range, optionally only those touching one CI, by start."""
    check_may_see_change_calendar(actor, "see the change calendar")
    start, end = check_range(from_at, to_at, now)
    entries = booked_entries(start, end, ci_id)
    for occurrence in window_occurrences(start, end):
        if ci_id is None or occurrence.ci_ids is None or ci_id in occurrence.ci_ids:
            entries.append(CalendarEntry(occurrence.kind, occurrence.name, occurrence.starts_at, occurrence.ends_at,
                                         None, None, None if occurrence.ci_ids is None
                                         else tuple(sorted(occurrence.ci_ids))))
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.kind, entry.title))[:MAX_ENTRIES]


def booked_entries(start: datetime, end: datetime, ci_id: int | None) -> list[CalendarEntry]:
    """Return the booked changes overlapping a range (on one CI, when given), with their CIs."""
    query = (select(ChangeBooking, Ticket.number, Ticket.title).join(Ticket, Ticket.id == ChangeBooking.ticket_id)
             .where(ChangeBooking.status == "booked", ChangeBooking.starts_at >= start - LONGEST_CHANGE,
                    ChangeBooking.starts_at < end, ChangeBooking.ends_at > start)
             .order_by(ChangeBooking.starts_at).limit(MAX_ENTRIES))
    if ci_id is not None:
        query = query.join(ChangeBookingCi, ChangeBookingCi.booking_id == ChangeBooking.id).where(
            ChangeBookingCi.ci_id == ci_id)
    rows = db.session.execute(query).all()
    cis = cis_of_bookings([booking.id for booking, _number, _title in rows])
    return [CalendarEntry("change", f"{number} {title}", booking.starts_at, booking.ends_at, number,
                          booking.implementer, tuple(cis.get(booking.id, ())), booking.override_reason is not None)
            for booking, number, title in rows]


def cis_of_bookings(booking_ids: list[int]) -> dict[int, list[int]]:
    """Return the CI ids of each booking."""
    found: dict[int, list[int]] = defaultdict(list)
    if booking_ids:
        query = (select(ChangeBookingCi.booking_id, ChangeBookingCi.ci_id)
                 .where(ChangeBookingCi.booking_id.in_(booking_ids)).order_by(ChangeBookingCi.ci_id))
        for booking_id, ci_id in db.session.execute(query):
            found[booking_id].append(ci_id)
    return found


@dataclass(frozen=True)
class TimelineRow:
    """One CI's line on the timeline: its name, how far it is from the chosen CI, and what touches it."""

    ci_id: int
    name: str
    hops: int
    entries: list[CalendarEntry]


def timeline(actor: Actor, ci_id: int, from_at: datetime | None, to_at: datetime | None, now: datetime,
             hops: int) -> list[TimelineRow]:
    """Return a timeline of a CI (a service) and the CIs within `hops` of it, each with its entries in the range."""
    check_may_see_change_calendar(actor, "see the change calendar")
    start, end = check_range(from_at, to_at, now)
    related = cis_within([ci_id], hops)[ci_id]
    nearest = sorted(related.items(), key=lambda item: (item[1], item[0]))[:TIMELINE_ROWS - 1]
    distances = {ci_id: 0, **dict(nearest)}
    names = dict(db.session.execute(select(ConfigurationItem.id, ConfigurationItem.name)
                                    .where(ConfigurationItem.id.in_(sorted(distances)))).all())
    if ci_id not in names:
        raise InvalidValues(f"There is no configuration item {ci_id}; choose one from the CMDB.",
                            {"ci": ["Choose a configuration item from the CMDB."]})
    return [TimelineRow(row_ci, names.get(row_ci, f"CI {row_ci}"), distance,
                        calendar_entries(actor, start, end, now, row_ci))
            for row_ci, distance in sorted(distances.items(), key=lambda item: (item[1], item[0]))]
