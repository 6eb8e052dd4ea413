"""Which cases an insight reads: a version of a process, a period of days and the ticket keys to keep."""
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_

from app.platform.errors import InvalidValues
from app.workflow.insight.keys import ANY

KEY_NAMES = ("category", "priority", "group_name")
DEFAULT_DAYS = 30
LONGEST_DAYS = 3660


@dataclass(frozen=True)
class InsightFilter:
    """A period (both days included, in UTC) and the keys to keep ('' keeps every value)."""

    first_day: date
    last_day: date
    category: str = ""
    priority: str = ""
    group_name: str = ""

    def matching(self, table: Any, day_column: str) -> ColumnElement[bool]:
        """Return the condition a row of insight_case meets when this filter keeps it."""
        day = table.c[day_column]
        conditions = [day >= self.first_day, day <= self.last_day]
        for name in KEY_NAMES:
            if getattr(self, name):
                conditions.append(table.c[name] == getattr(self, name))
        return and_(*conditions)

    def matching_counts(self, table: Any) -> ColumnElement[bool]:
        """Return the condition the rows of a count table meet to be summed for this filter.

        Without a key, or with one, the roll-ups hold the sums (keys.rolled_up); with two or three, the rows of
        single cases' keys with those values are summed.
        """
        given = [name for name in KEY_NAMES if getattr(self, name)]
        conditions = [table.c.day >= self.first_day, table.c.day <= self.last_day]
        for name in KEY_NAMES:
            if name in given:
                conditions.append(table.c[name] == getattr(self, name))
            else:
                conditions.append(table.c[name] == ANY if len(given) <= 1 else table.c[name] != ANY)
        return and_(*conditions)

    def as_arguments(self) -> dict[str, str]:
        """Return the filter as the query arguments of a link to the same figures."""
        values = {"from": self.first_day.isoformat(), "to": self.last_day.isoformat(), "category": self.category,
                  "priority": self.priority, "group": self.group_name}
        return {name: value for name, value in values.items() if value}


def insight_filter(today: date, first: str | None = None, last: str | None = None, category: str | None = None,
                   priority: str | None = None, group_name: str | None = None) -> InsightFilter:
    """Return the filter people asked for (the last 30 days by default); refuse bad days, naming the field."""
    last_day = read_day("to", last) or today
    first_day = read_day("from", first) or last_day - timedelta(days=DEFAULT_DAYS - 1)
    if first_day > last_day:
        message = f"The period starts on {first_day} after it ends on {last_day}; choose a first day before the last."
        raise InvalidValues(message, {"from": [message]})
    if (last_day - first_day).days >= LONGEST_DAYS:
        message = f"The period is longer than {LONGEST_DAYS} days; choose a shorter one."
        raise InvalidValues(message, {"from": [message]})
    keys = {"category": (category or "").strip(), "priority": (priority or "").strip(),
            "group": (group_name or "").strip()}
    for field, value in keys.items():
        if value == ANY:
            message = f"'{ANY}' names no {field}; leave the {field} empty to see every one."
            raise InvalidValues(message, {field: [message]})
    return InsightFilter(first_day, last_day, keys["category"], keys["priority"], keys["group"])


def read_day(field: str, text: str | None) -> date | None:
    """Return a day written as YYYY-MM-DD, None for nothing; refuse anything else, naming the field."""
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        message = f"'{text}' is not a day: write it as YYYY-MM-DD, for example 2026-12-01."
        raise InvalidValues(message, {field: [message]}) from None
