"""Freeze and maintenance windows as recurrence rules: an RRULE from a local start in a time zone, a length, and
whether it falls only on, or never on, the holidays of a business calendar. Pure: no I/O, no clock."""
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

from app.servicedesk.change_calendar.collisions import WindowOccurrence

WINDOW_KINDS = ("freeze", "maintenance")
HOLIDAY_MODES = ("any", "only", "skip")  # every occurrence; only those on holidays; none on holidays
MAX_WINDOW_MINUTES = 31 * 24 * 60
EXAMPLE = "FREQ=WEEKLY;BYDAY=SU"
HolidayTest = Callable[[date], bool]


class WindowDefinitionInvalid(ValueError):
    """An admin's window definition that cannot be used: the field and a sentence saying what to write."""

    def __init__(self, field_name: str, sentence: str) -> None:
        super().__init__(sentence)
        self.field_name = field_name
        self.sentence = sentence


@dataclass(frozen=True)
class WindowDefinition:
    """A checked window definition, ready to expand into occurrences."""

    name: str
    kind: str
    rule: rrule
    duration: timedelta
    zone: ZoneInfo
    holidays: str
    ci_ids: frozenset[int] | None  # None: every CI

    def occurrences(self, from_at: datetime, to_at: datetime,
                    is_holiday: HolidayTest | None = None) -> Iterator[WindowOccurrence]:
        """Yield the occurrences that overlap [from_at, to_at), in UTC, filtered by the holiday mode."""
        earliest = (from_at - self.duration).astimezone(self.zone)
        for start in self.rule.between(earliest, to_at.astimezone(self.zone), inc=True):
            end = start + self.duration
            if end.astimezone(UTC) <= from_at or not self.holiday_allows(start.date(), is_holiday):
                continue
            yield WindowOccurrence(self.name, self.kind, start.astimezone(UTC), end.astimezone(UTC), self.ci_ids)

    def holiday_allows(self, day: date, is_holiday: HolidayTest | None) -> bool:
        """Say whether the holiday mode keeps an occurrence starting on this local day."""
        if self.holidays == "any" or is_holiday is None:
            return self.holidays != "only"
        return is_holiday(day) == (self.holidays == "only")


def parse_window(name: str, kind: str, rrule_text: str, starts_local: str, duration_minutes: int, timezone: str,
                 holidays: str = "any", ci_ids: str | list[int] = "[]") -> WindowDefinition:
    """Check an admin's window definition; raise WindowDefinitionInvalid naming the field and what to write."""
    if not name.strip() or len(name.strip()) > 100:
        raise WindowDefinitionInvalid("name", "Give the window a name of 1 to 100 characters.")
    if kind not in WINDOW_KINDS:
        raise WindowDefinitionInvalid("kind", f"The kind '{kind}' is unknown; use freeze or maintenance.")
    if holidays not in HOLIDAY_MODES:
        raise WindowDefinitionInvalid("holidays", f"The holiday setting '{holidays}' is unknown; "
                                                  f"use one of {', '.join(HOLIDAY_MODES)}.")
    if not 1 <= duration_minutes <= MAX_WINDOW_MINUTES:
        raise WindowDefinitionInvalid("duration_minutes", f"A window lasts 1 to {MAX_WINDOW_MINUTES} minutes "
                                                          "(31 days); enter a length in that range.")
    zone = parse_zone(timezone)
    start = parse_local_start(starts_local, zone)
    rule = parse_rrule(rrule_text, start)
    return WindowDefinition(name.strip(), kind, rule, timedelta(minutes=duration_minutes), zone, holidays,
                            parse_ci_ids(ci_ids))


def parse_zone(timezone: str) -> ZoneInfo:
    """Return the time zone an admin named (IANA, e.g. Asia/Shanghai)."""
    try:
        return ZoneInfo(timezone.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise WindowDefinitionInvalid("timezone", f"The time zone '{timezone}' is unknown; use an IANA name "
                                                  "such as Asia/Shanghai or Europe/Berlin.") from None


def parse_local_start(starts_local: str, zone: ZoneInfo) -> datetime:
    """Return the first occurrence's start, a local wall time such as 2027-01-03T02:00, in its zone."""
    try:
        start = datetime.fromisoformat(starts_local.strip())
    except ValueError:
        raise WindowDefinitionInvalid("starts_local", f"The first start '{starts_local}' is not a date and time; "
                                                      "write it as 2027-01-03T02:00 (local time).") from None
    if start.tzinfo is not None:
        raise WindowDefinitionInvalid("starts_local", "Write the first start as local time without an offset "
                                                      "(2027-01-03T02:00); the time zone says where.")
    return start.replace(tzinfo=zone, second=0, microsecond=0)


def parse_rrule(text: str, start: datetime) -> rrule:
    """Return the recurrence of an RRULE text (with or without the 'RRULE:' prefix) from its first start."""
    body = text.strip().removeprefix("RRULE:").strip()
    if not body or "\n" in body or "DTSTART" in body.upper():
        raise WindowDefinitionInvalid("rrule", f"Write one recurrence rule such as {EXAMPLE} (the first start "
                                               "is its own field).")
    try:
        rule = rrulestr(body, dtstart=start, cache=True)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise WindowDefinitionInvalid("rrule", f"The recurrence rule '{body}' is not valid ({error}); write it as "
                                               f"in RFC 5545, e.g. {EXAMPLE}.") from None
    if any(f"FREQ={freq}" in body.upper() for freq in ("HOURLY", "MINUTELY", "SECONDLY")):
        raise WindowDefinitionInvalid("rrule", "A window recurs at most daily; use FREQ=DAILY, WEEKLY, MONTHLY "
                                               "or YEARLY.")
    if not isinstance(rule, rrule):
        raise WindowDefinitionInvalid("rrule", f"Write one recurrence rule such as {EXAMPLE}.")
    if rule.after(start, inc=True) is None:
        raise WindowDefinitionInvalid("rrule", f"The recurrence rule '{body}' never occurs from the first start; "
                                               "check its COUNT, UNTIL and BY parts.")
    return rule


def parse_ci_ids(raw: str | list[int]) -> frozenset[int] | None:
    """Return the CIs a window covers (None for every CI) from a JSON list or a list."""
    try:
        ids = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        ids = None
    if not isinstance(ids, list) or not all(isinstance(item, int) and item > 0 for item in ids):
        raise WindowDefinitionInvalid("ci_ids", "List the CIs by their ids, or none for every CI.")
    return frozenset(ids) or None
