"""Business calendars: when work happens, and how much working time lies between two moments."""
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import chinese_calendar

from app.service_levels.hours import CalendarInvalid, DayHours, WeekHours, parse_weekday

MAX_SEARCH_DAYS = 3660
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DICT_KEYS = ("timezone", "hours", "holidays", "working_days", "working_days_follow", "statutory")


class NaiveMoment(ValueError):
    """A datetime without a time zone reached the calendar."""


class NoWorkingTime(ValueError):
    """The calendar has no working time in the ten years searched."""


class StatutoryDays(Protocol):
    """A country's public holidays and the weekend days it makes working days."""

    def is_day_off(self, day: date) -> bool:
        """Return whether `day` is a public holiday (ordinary weekends are not)."""
        ...

    def is_extra_working_day(self, day: date) -> bool:
        """Return whether `day` is a weekend day made a working day."""
        ...

    def covers(self, day: date) -> bool:
        """Return whether the rules know the year of `day`."""
        ...


@dataclass(frozen=True)
class ChineseStatutoryDays:
    """Mainland China's statutory holidays and adjusted working days (调休), from `chinese_calendar`.

    For a year the package does not know (it raises NotImplementedError), every day counts as an
    ordinary day: the calendar falls back to its weekly hours, with no public holidays and no adjusted
    working days. Deadlines are then computed on plain weekends instead of failing; the shell should
    check `covers()` and warn admins to upgrade `chinese-calendar` (or list the year's days by hand).
    """

    def is_day_off(self, day: date) -> bool:
        """Return whether `day` is a statutory holiday, including weekend days inside a holiday block."""
        known = _chinese_day(day)
        return known is not None and known[0]

    def is_extra_working_day(self, day: date) -> bool:
        """Return whether `day` is a Saturday or Sunday that is worked to make up for a holiday."""
        known = _chinese_day(day)
        return known is not None and known[1]

    def covers(self, day: date) -> bool:
        """Return whether the installed `chinese-calendar` knows the year of `day`."""
        return _chinese_day(day) is not None


@functools.lru_cache(maxsize=8192)
def _chinese_day(day: date) -> tuple[bool, bool] | None:
    """Return (statutory holiday, adjusted working day) for `day`, or None for a year the package does not know."""
    try:
        holiday = chinese_calendar.is_holiday(day) and chinese_calendar.get_holiday_detail(day)[1] is not None
        extra = day.weekday() >= 5 and chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None
    return bool(holiday), bool(extra)


@dataclass(frozen=True)
class BusinessCalendar:
    """Working hours per weekday in a time zone, less holidays, plus extra working days.

    Extra working days (listed, or made so by the statutory rules) that have no hours of their own, such
    as a worked Sunday, follow the hours of the weekday `working_days_follow` (Monday by default). Listed
    holidays and working days take precedence over the statutory rules. Working time is elapsed real time,
    so a working night across a DST change counts one hour less or more than its wall-clock length.
    """

    zone: ZoneInfo
    hours: WeekHours
    holidays: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    working_days_follow: int = 0
    statutory: StatutoryDays | None = None

    @classmethod
    def china(cls, hours: WeekHours, tz: str = "Asia/Shanghai") -> "BusinessCalendar":
        """Build a calendar with mainland China's statutory holidays and adjusted working days."""
        return cls(zone=ZoneInfo(tz), hours=hours, statutory=ChineseStatutoryDays())

    @classmethod
    def from_dict(cls, raw: Mapping[str, object]) -> "BusinessCalendar":
        """Build a calendar from an admin's definition; raise CalendarInvalid naming the bad entry."""
        for key in raw:
            if key not in _DICT_KEYS:
                raise CalendarInvalid(str(key), f"Unknown setting; use only {', '.join(_DICT_KEYS)}.")
        holidays = _parse_dates("holidays", raw.get("holidays", []))
        working_days = _parse_dates("working_days", raw.get("working_days", []), also_holidays=holidays)
        return cls(
            zone=_parse_zone(raw.get("timezone")),
            hours=WeekHours.from_dict(raw.get("hours")),
            holidays=holidays,
            working_days=working_days,
            working_days_follow=parse_weekday("working_days_follow", raw.get("working_days_follow", "mon")),
            statutory=_parse_statutory(raw.get("statutory")),
        )

    def hours_on(self, day: date) -> DayHours:
        """Return the working intervals of a local date; none on a day off."""
        if day in self.holidays:
            return ()
        extra = day in self.working_days
        if self.statutory is not None and not extra:
            if self.statutory.is_day_off(day):
                return ()
            extra = self.statutory.is_extra_working_day(day)
        own = self.hours.on(day.weekday())
        if extra and not own:
            return self.hours.on(self.working_days_follow)
        return own

    def covers(self, day: date) -> bool:
        """Return whether the statutory rules, if any, know the year of `day`."""
        return self.statutory is None or self.statutory.covers(day)

    def is_working(self, moment: datetime) -> bool:
        """Return whether `moment` falls in working time (an interval includes its start, not its end)."""
        moment_at = _to_utc(moment)
        return any(start_at <= moment_at < end_at for start_at, end_at in self._periods_on(self._local_day(moment_at)))

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """Return the earliest UTC moment by which `duration` of working time has passed since `start`.

        A zero duration returns `start` itself, even outside working hours; a deadline that ends exactly
        where working time stops (at lunch, at night) is that moment, not the next opening.
        """
        if duration < timedelta(0):
            raise ValueError(f"A duration to add must not be negative; got {duration}.")
        cursor_at, remaining = _to_utc(start), duration
        if not remaining:
            return cursor_at
        for start_at, end_at in self._periods_from(cursor_at):
            available = end_at - max(start_at, cursor_at)
            if available >= remaining:
                return max(start_at, cursor_at) + remaining
            remaining -= available
        raise NoWorkingTime(f"No working time found within {MAX_SEARCH_DAYS} days; check the calendar's hours.")

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Return the working time from `start` to `end` (at most ten years of it); negative when `end` comes first."""
        start_at, end_at = _to_utc(start), _to_utc(end)
        if end_at < start_at:
            return -self.working_time_between(end_at, start_at)
        total = timedelta(0)
        for period_start_at, period_end_at in self._periods_from(start_at):
            if period_start_at >= end_at:
                break
            total += min(period_end_at, end_at) - max(period_start_at, start_at)
        return total

    def _periods_from(self, moment_at: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Yield the working periods (UTC) that end after `moment_at`, in order, for up to ten years."""
        day = self._local_day(moment_at)
        for offset in range(MAX_SEARCH_DAYS):
            for start_at, end_at in self._periods_on(day + timedelta(days=offset)):
                if end_at > moment_at:
                    yield start_at, end_at

    def _periods_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """Return the working periods of a local date as UTC start and end."""
        return [interval.bounds_on(day, self.zone) for interval in self.hours_on(day)]

    def _local_day(self, moment_at: datetime) -> date:
        """Return the local date of a moment in the calendar's zone."""
        return moment_at.astimezone(self.zone).date()


def _to_utc(moment: datetime) -> datetime:
    """Return an aware moment in UTC; refuse a naive one."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveMoment(f"The moment {moment.isoformat()} has no time zone; pass an aware datetime.")
    return moment.astimezone(UTC)


def _parse_zone(raw: object) -> ZoneInfo:
    """Return the IANA time zone named by `raw`."""
    if not isinstance(raw, str) or not raw:
        raise CalendarInvalid("timezone", 'Name the calendar\'s IANA time zone, such as "Asia/Shanghai".')
    try:
        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CalendarInvalid("timezone", f"{raw!r} is not an IANA time zone; use one such as Asia/Shanghai.") from exc


def _parse_dates(entry: str, raw: object, also_holidays: frozenset[date] = frozenset()) -> frozenset[date]:
    """Return the dates given as a list of "YYYY-MM-DD" strings; refuse any that are among `also_holidays`."""
    if not isinstance(raw, list):
        raise CalendarInvalid(entry, 'Give a list of dates such as ["2030-01-01"].')
    days = set()
    for i, item in enumerate(raw):
        if not isinstance(item, str) or not _ISO_DATE.match(item):
            raise CalendarInvalid(f"{entry}[{i}]", f"{item!r} is not a date; write it as YYYY-MM-DD.")
        try:
            days.add(date.fromisoformat(item))
        except ValueError as exc:
            raise CalendarInvalid(f"{entry}[{i}]", f"{item!r} is not a real date; check the month and day.") from exc
        if date.fromisoformat(item) in also_holidays:
            raise CalendarInvalid(f"{entry}[{i}]", f"{item} is also a holiday; list it in one place only.")
    return frozenset(days)


def _parse_statutory(raw: object) -> StatutoryDays | None:
    """Return the statutory rules named by `raw`; only "china" is built in."""
    if raw is None:
        return None
    if raw != "china":
        raise CalendarInvalid("statutory", f'{raw!r} is not a built-in set of public holidays; use "china".')
    return ChineseStatutoryDays()
