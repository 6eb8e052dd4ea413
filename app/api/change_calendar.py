"""Change calendar endpoints: the collision check of a proposed window, the calendar as JSON and as iCalendar."""
from datetime import datetime

from werkzeug.wrappers import Response

from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.change_calendar import (
    ICS_ANSWER,
    CalendarAnswer,
    CalendarEntryAnswer,
    CalendarQuery,
    ConflictAnswer,
    ScheduleCheckAnswer,
    ScheduleCheckRequest,
)
from app.organisation.policies import may_see_change_calendar
from app.platform.errors import InvalidValues
from app.servicedesk.change_calendar.calendar_view import CalendarEntry, calendar_entries, parse_moment
from app.servicedesk.change_calendar.feeds import calendar_ics
from app.servicedesk.change_calendar.schedule import check_schedule
from app.wiring import current_runtime

SEE = Role(may_see_change_calendar, "see the change calendar (it is for the service desk's staff)")
NUMBER = {"number": "The change's number, e.g. `CHG-000123` (any case)."}


def moment(name: str, text: str | None) -> datetime | None:
    """Read an ISO 8601 date-time with its offset; refuse naming the member."""
    if text is None:
        return None
    value = parse_moment(text)
    if value is None:
        sentence = f"Send '{name}' as an ISO 8601 date-time with its UTC offset, e.g. 2027-03-01T22:00:00+08:00."
        raise InvalidValues(f"The request has errors: {sentence}", {name: [sentence]})
    return value


def required_moment(name: str, text: str) -> datetime:
    """Read a date-time member that must be there."""
    value = moment(name, text)
    if value is None:
        raise InvalidValues(f"The request has errors: Send '{name}'.", {name: [f"Send '{name}'."]})
    return value


@endpoint("check_change_schedule", "changes", Success(200, ScheduleCheckAnswer, "The conflicts, blocks first."),
          role=SEE, body=ScheduleCheckRequest, refusals=(403, 404), path=NUMBER)
def schedule_check(number: str, body: ScheduleCheckRequest) -> ScheduleCheckAnswer:
    """Check a proposed window for a change.

    Answers each conflict with its rule (same CI, a related CI within the admins' hops, a freeze, outside a
    maintenance window, the same implementer), whether it blocks, the CI and the other change. Books nothing:
    the change's flow books its window (topic `change.schedule`). Staff only.
    """
    check = check_schedule(api_actor(), number, required_moment("start", body.start),
                           required_moment("end", body.end), body.ci_ids, body.implementer,
                           current_runtime().clock.now())
    return ScheduleCheckAnswer(change=check.ticket, blocked=check.blocked, conflicts=[
        ConflictAnswer(rule=item.rule, severity=item.severity, ci=item.ci, other_change=item.other_change,
                       starts_at=item.starts_at, ends_at=item.ends_at, message=item.message)
        for item in check.conflicts])


def entries_of(query: CalendarQuery) -> list[CalendarEntry]:
    """Return the calendar entries a query asks for."""
    return calendar_entries(api_actor(), moment("from", query.from_), moment("to", query.to),
                            current_runtime().clock.now(), query.ci)


@endpoint("change_calendar", "changes", Success(200, CalendarAnswer, "The entries, by start."), role=SEE,
          query=CalendarQuery, refusals=(403,))
def calendar(query: CalendarQuery) -> CalendarAnswer:
    """Read the change calendar.

    Booked changes and the occurrences of freeze and maintenance windows overlapping a range (today and the next
    31 days unless given; at most 400 days), optionally only those touching one CI. Staff only.
    """
    return CalendarAnswer(entries=[CalendarEntryAnswer(
        kind=entry.kind, title=entry.title, starts_at=entry.starts_at, ends_at=entry.ends_at, ticket=entry.ticket,
        implementer=entry.implementer, ci_ids=None if entry.ci_ids is None else list(entry.ci_ids),
        overridden=entry.overridden) for entry in entries_of(query)])


@endpoint("change_calendar_ics", "changes", Success(200, None, "The calendar as iCalendar.", content=ICS_ANSWER),
          role=SEE, query=CalendarQuery, refusals=(403,))
def calendar_as_ics(query: CalendarQuery) -> Response:
    """Read the change calendar as iCalendar (RFC 5545).

    The same entries as the JSON calendar. For a calendar program that cannot send a bearer token, use the
    personal feed address from the calendar page instead.
    """
    content = calendar_ics(entries_of(query), current_runtime().clock.now())
    return Response(content, mimetype="text/calendar", headers={"Cache-Control": "no-store"})
