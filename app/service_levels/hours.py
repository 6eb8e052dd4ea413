"""Working hours: the intervals of a working day and the hours of each weekday."""
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MIDNIGHT = time(0)
_CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class CalendarInvalid(ValueError):
    """A calendar definition was refused; `entry` names the bad part, such as `hours.mon[1]`."""

    def __init__(self, entry: str, reason: str) -> None:
        super().__init__(f"{entry}: {reason}")
        self.entry = entry
        self.reason = reason


@dataclass(frozen=True)
class WorkingInterval:
    """A span of local wall-clock time in a working day; an `end` of midnight means 24:00."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("Give working hours as local wall-clock times without a time zone.")
        if self.end != MIDNIGHT and self.end <= self.start:
            raise ValueError(f"The interval {self.label()} ends before it starts; give the start first.")

    def label(self) -> str:
        """Return the interval as text, such as 09:00-12:00."""
        end = "24:00" if self.end == MIDNIGHT else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end}"

    def bounds_on(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """Return the interval on `day` in `zone` as aware UTC start and end."""
        end_day = day + timedelta(days=1) if self.end == MIDNIGHT else day
        start_at = datetime.combine(day, self.start, tzinfo=zone).astimezone(UTC)
        end_at = datetime.combine(end_day, self.end, tzinfo=zone).astimezone(UTC)
        return start_at, end_at


DayHours = tuple[WorkingInterval, ...]


@dataclass(frozen=True)
class WeekHours:
    """The working intervals of each weekday, Monday first, sorted and not overlapping."""

    days: tuple[DayHours, ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise ValueError(f"Give working hours for 7 weekdays, not {len(self.days)}.")
        for name, intervals in zip(WEEKDAY_NAMES, self.days, strict=True):
            _check_day(name, intervals)
        if not any(self.days):
            raise CalendarInvalid("hours", "A business calendar needs working hours on at least one weekday.")

    def on(self, weekday: int) -> DayHours:
        """Return the intervals of a weekday (0 is Monday)."""
        return self.days[weekday]

    @classmethod
    def weekdays(cls, *spans: tuple[str, str]) -> "WeekHours":
        """Build hours with the same spans, such as ("09:00", "18:00"), Monday to Friday."""
        day = tuple(parse_interval(f"span {i}", [start, end]) for i, (start, end) in enumerate(spans))
        return cls(days=(day,) * 5 + ((), ()))

    @classmethod
    def from_dict(cls, raw: object, entry: str = "hours") -> "WeekHours":
        """Build hours from {"mon": [["09:00", "12:00"], ...], ...}; weekdays left out have none."""
        if not isinstance(raw, Mapping):
            raise CalendarInvalid(entry, 'Give the hours as a mapping such as {"mon": [["09:00", "18:00"]]}.')
        for name in raw:
            if name not in WEEKDAY_NAMES:
                raise CalendarInvalid(f"{entry}.{name}", f"Use a weekday among {', '.join(WEEKDAY_NAMES)}.")
        days = tuple(_parse_day(f"{entry}.{name}", raw.get(name, [])) for name in WEEKDAY_NAMES)
        return cls(days=days)


def parse_weekday(entry: str, raw: object) -> int:
    """Return the index (0 is Monday) of a weekday name such as "mon"."""
    if raw not in WEEKDAY_NAMES:
        raise CalendarInvalid(entry, f"{raw!r} is not a weekday; use one of {', '.join(WEEKDAY_NAMES)}.")
    return WEEKDAY_NAMES.index(str(raw))


def parse_interval(entry: str, raw: object) -> WorkingInterval:
    """Return the interval given as ["HH:MM", "HH:MM"]; the end may be "24:00"."""
    if not isinstance(raw, Sequence) or isinstance(raw, str) or len(raw) != 2:
        raise CalendarInvalid(entry, 'Give an interval as a pair of times such as ["09:00", "12:00"].')
    start = _parse_time(f"{entry}[0]", raw[0], allow_end_of_day=False)
    end = _parse_time(f"{entry}[1]", raw[1], allow_end_of_day=True)
    try:
        return WorkingInterval(start, end)
    except ValueError as exc:
        raise CalendarInvalid(entry, str(exc)) from exc


def _parse_day(entry: str, raw: object) -> DayHours:
    """Return the sorted intervals of one weekday."""
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        raise CalendarInvalid(entry, 'Give a weekday\'s hours as a list of intervals such as [["09:00", "18:00"]].')
    intervals = tuple(parse_interval(f"{entry}[{i}]", item) for i, item in enumerate(raw))
    ordered = tuple(sorted(intervals, key=lambda interval: interval.start))
    _check_day(entry, ordered)
    return ordered


def _parse_time(entry: str, raw: object, allow_end_of_day: bool) -> time:
    """Return the local time given as "HH:MM"."""
    if allow_end_of_day and raw == "24:00":
        return MIDNIGHT
    match = _CLOCK_TIME.match(raw) if isinstance(raw, str) else None
    if match is None:
        raise CalendarInvalid(entry, f"{raw!r} is not a time; write it as HH:MM, such as 09:00.")
    return time(int(match.group(1)), int(match.group(2)))


def _check_day(entry: str, intervals: DayHours) -> None:
    """Refuse intervals that are out of order or overlap."""
    for earlier, later in zip(intervals, intervals[1:], strict=False):
        if earlier.end == MIDNIGHT or later.start < earlier.end:
            raise CalendarInvalid(
                entry, f"The intervals {earlier.label()} and {later.label()} overlap or are out of order."
            )
