"""Quartz cron expressions in timer cycles (`0 0/5 * * * ?`), as Camunda 7 reads them, run by APScheduler's CronTrigger.

Quartz writes seconds first, numbers the days of the week 1 (Sunday) to 7 (Saturday), puts `?`
in the day field it does not use and writes `L` and `#` for last and nth days; the thin
translation below turns that into CronTrigger's fields. Times are read in UTC.
"""
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.triggers.cron import CronTrigger

from engine.errors import ExpressionError

_QUARTZ_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
_TRIGGER_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_NAMES = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT"
_FIELD = re.compile(rf"(?:[0-9*?/,#LW-]|{_NAMES})+", re.IGNORECASE)
_POSITIONS = {"1": "1st", "2": "2nd", "3": "3rd", "4": "4th", "5": "5th"}
_EXAMPLE = "for example '0 0/5 * * * ?' (every five minutes) or '0 0 9 ? * MON-FRI' (09:00 UTC on weekdays)"


class _BadCron(ValueError):
    """Why a cron expression cannot be read; the message is the reason."""


def looks_like_cron(text: str) -> bool:
    """Tell whether a timer text is written as a cron expression (five or more fields of cron characters)."""
    fields = text.split()
    return len(fields) >= 5 and all(_FIELD.fullmatch(field) for field in fields)


def check_cron(text: str) -> None:
    """Raise ExpressionError, saying it is a bad cron expression and why, unless the text is one FlowDesk runs."""
    _trigger(text)


def next_cron_time(text: str, after: datetime) -> datetime | None:
    """Return the first moment strictly after `after` that the cron expression names (aware UTC), or None."""
    moment = _trigger(text).get_next_fire_time(None, after.astimezone(UTC) + timedelta(microseconds=1))
    return moment.astimezone(UTC) if moment is not None else None


def _trigger(text: str) -> CronTrigger:
    """Build the CronTrigger for a Quartz cron expression, or raise ExpressionError."""
    try:
        return CronTrigger(timezone=UTC, **_trigger_fields(text.split()))
    except (_BadCron, ValueError, TypeError) as error:
        raise ExpressionError(text, f"is not a valid cron expression: {error}; write six or seven fields "
                                    f"(seconds, minutes, hours, day of month, month, day of week, year), "
                                    f"{_EXAMPLE}") from None


def _trigger_fields(fields: list[str]) -> dict[str, Any]:
    """Translate Quartz fields into CronTrigger keyword arguments."""
    if len(fields) not in (6, 7):
        raise _BadCron(f"it has {len(fields)} fields, and Quartz cron expressions start with the seconds")
    second, minute, hour, day, month, weekday = fields[:6]
    if (day == "?") == (weekday == "?"):
        raise _BadCron("exactly one of the day-of-month and day-of-week fields must be '?'")
    result = {"second": second, "minute": minute, "hour": hour, "month": month}
    if len(fields) == 7:
        result["year"] = fields[6]
    if day != "?":
        result["day"] = _day_of_month(day)
    else:
        result.update(_day_of_week(weekday))
    return result


def _day_of_month(day: str) -> str:
    """Translate a Quartz day-of-month field; `L` is the month's last day."""
    if "W" in day.upper():
        raise _BadCron("'W' (nearest weekday) is not supported; name the days, or use 'L' for the last day")
    if day.upper() == "L":
        return "last"
    if "L" in day.upper():
        raise _BadCron(f"'{day}' is not supported; 'L' stands alone in the day-of-month field")
    return day


def _day_of_week(weekday: str) -> dict[str, str]:
    """Translate a Quartz day-of-week field: 1-7 or SUN-SAT, `5L` (last Thursday), `6#3` (third Friday)."""
    if weekday == "*":
        return {"day_of_week": "*"}
    if re.fullmatch(r"\w+L", weekday, re.IGNORECASE):
        return {"day": f"last {_weekday_name(weekday[:-1])}"}
    if "#" in weekday:
        name, _, position = weekday.partition("#")
        if position not in _POSITIONS:
            raise _BadCron(f"'{weekday}' needs a position from 1 to 5 after '#'")
        return {"day": f"{_POSITIONS[position]} {_weekday_name(name)}"}
    if "/" in weekday:
        raise _BadCron(f"'{weekday}' steps through weekdays, which is not supported; list the days instead")
    return {"day_of_week": ",".join(_weekday_range(part) for part in weekday.split(","))}


def _weekday_range(part: str) -> str:
    """Translate one weekday or range, splitting a range that wraps past Sunday."""
    first, _, last = part.partition("-")
    if not last:
        return _weekday_name(first)
    start, end = _weekday_name(first), _weekday_name(last)
    if _TRIGGER_DAYS.index(start) <= _TRIGGER_DAYS.index(end):
        return f"{start}-{end}"
    return f"{start}-sun,mon-{end}"


def _weekday_name(text: str) -> str:
    """Return the three-letter name of a Quartz weekday given as 1-7 or SUN-SAT."""
    if text.isdigit() and 1 <= int(text) <= 7:
        return _QUARTZ_DAYS[int(text) - 1]
    if text.lower() in _QUARTZ_DAYS:
        return text.lower()
    raise _BadCron(f"'{text}' is not a day of the week; use 1-7 (1 is Sunday) or SUN-SAT")
