"""The few side-effect-free methods Camunda conditions call on values (`x.equals('v')`, `dateTime().plusDays(1)`).

Expressions never reach a Python attribute: `value.name(args)` is looked up here by name and
by the kind of value, and anything not listed is refused. The methods keep the meaning of their
Java namesakes (String, List, Map, Joda DateTime) as Camunda's JUEL calls them.
"""
import calendar
import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any


class MethodRefused(ValueError):
    """A method call the dialect cannot run on this value; the message is the reason."""


def _kind(value: Any) -> str:
    """Name the kind of a value the way the messages speak of it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, datetime):
        return "a date"
    return "a value of another kind"


def _equals(value: Any, other: Any) -> bool:
    """Java's equals: the same kind of value and equal (text is not a number, 1 is not true)."""
    return _kind(value) == _kind(other) and value == other


def _equals_ignore_case(value: str, other: Any) -> bool:
    """Java's String.equalsIgnoreCase: false for anything that is not text."""
    return isinstance(other, str) and value.casefold() == other.casefold()


def _contains(value: Any, part: Any) -> bool:
    """String.contains (text in text) or List.contains (an equal element)."""
    if isinstance(value, str):
        if not isinstance(part, str):
            raise MethodRefused(f"calls contains() on text with {_kind(part)}; pass text")
        return part in value
    return any(_equals(item, part) for item in value)


def _text_argument(method: str, part: Any) -> str:
    """Return part when it is text, else refuse naming the method."""
    if not isinstance(part, str):
        raise MethodRefused(f"calls {method}() with {_kind(part)}; pass text")
    return part


def _shift(moment: datetime, amount: Any, unit: str, sign: int) -> datetime:
    """Move a date by whole units the way Joda's plus/minus methods do (months end on the month's last day)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise MethodRefused(f"moves a date by {_kind(amount)}; pass a whole number")
    amount *= sign
    if unit in ("months", "years"):
        months = amount * (12 if unit == "years" else 1)
        index = moment.year * 12 + moment.month - 1 + months
        year, month = divmod(index, 12)
        if not 1 <= year <= 9999:
            raise MethodRefused("moves a date outside the years 1 to 9999")
        day = min(moment.day, calendar.monthrange(year, month + 1)[1])
        return moment.replace(year=year, month=month + 1, day=day)
    try:
        return moment + timedelta(**{unit: amount})
    except OverflowError:
        raise MethodRefused("moves a date outside the years 1 to 9999") from None


_DATE_UNITS = {"Seconds": "seconds", "Minutes": "minutes", "Hours": "hours", "Days": "days",
               "Weeks": "weeks", "Months": "months", "Years": "years"}

_Method = Callable[..., Any]
_TEXT: dict[str, _Method] = {
    "equals": _equals,
    "equalsIgnoreCase": _equals_ignore_case,
    "contains": _contains,
    "startsWith": lambda value, part: value.startswith(_text_argument("startsWith", part)),
    "endsWith": lambda value, part: value.endswith(_text_argument("endsWith", part)),
    "isEmpty": lambda value: value == "",
    "length": len,
}
_LIST: dict[str, _Method] = {
    "equals": _equals, "contains": _contains, "isEmpty": lambda value: len(value) == 0, "size": len,
}
_MAP: dict[str, _Method] = {"equals": _equals, "isEmpty": lambda value: len(value) == 0, "size": len}
_SCALAR: dict[str, _Method] = {"equals": _equals}


def _date_methods() -> dict[str, _Method]:
    """Return Joda DateTime's toDate, equals and the plus/minus methods for each unit."""
    methods: dict[str, _Method] = {"equals": _equals, "toDate": lambda value: value}
    for name, unit in _DATE_UNITS.items():
        methods[f"plus{name}"] = functools.partial(_shift, unit=unit, sign=1)
        methods[f"minus{name}"] = functools.partial(_shift, unit=unit, sign=-1)
    return methods


_DATE = _date_methods()
METHOD_NAMES = frozenset({*_TEXT, *_LIST, *_MAP, *_DATE})
METHOD_SUMMARY = ("equals, equalsIgnoreCase, contains, startsWith, endsWith, isEmpty, length and size, "
                  "and on dateTime() plusDays, minusDays (also Seconds, Minutes, Hours, Weeks, Months, Years) "
                  "and toDate")


def _methods_of(value: Any) -> dict[str, _Method]:
    """Return the methods a value of this kind has."""
    if isinstance(value, str):
        return _TEXT
    if isinstance(value, (list, tuple)):
        return _LIST
    if isinstance(value, dict):
        return _MAP
    if isinstance(value, datetime):
        return _DATE
    return _SCALAR


def call_method(value: Any, name: str, arguments: list[Any]) -> Any:
    """Call an allowed method on a value, or raise MethodRefused saying why not."""
    if value is None:
        raise MethodRefused(f"calls {name}() on null (the value is not set); check that an earlier step sets it, "
                            "or test it first with 'empty'")
    methods = _methods_of(value)
    method = methods.get(name)
    if method is None:
        allowed = ", ".join(sorted(methods))
        raise MethodRefused(f"calls {name}() on {_kind(value)}, which has only the methods {allowed}")
    try:
        return method(value, *arguments)
    except TypeError:
        raise MethodRefused(f"calls {name}() with {len(arguments)} argument(s), which it does not take") from None


def is_empty(value: Any = None) -> bool:
    """JUEL's `empty`: true for null, empty text and an empty list or map."""
    if value is None:
        return True
    if isinstance(value, (str, list, tuple, dict)):
        return len(value) == 0
    return False
