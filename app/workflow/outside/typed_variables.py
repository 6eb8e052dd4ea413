"""Process variables given as text, as `flowdesk start --var NAME[:TYPE]=VALUE` passes them.

TYPE is one of Camunda's type names (string, boolean, long, integer, double, date, json); without
one, the text is read as JSON when it is JSON (numbers, true/false, null, lists) and kept as text
otherwise, so `--var requester=alice` is the text 'alice' and `--var count=3` the number 3.
"""
import json
import math
from datetime import UTC, datetime
from typing import Any

TYPE_NAMES = ("string", "boolean", "long", "integer", "double", "date", "json")
_INTEGER_BITS = {"integer": 32, "long": 64}


class BadVariable(ValueError):
    """A typed variable whose text does not read as its type; the message says what to write."""


def split_typed_name(name: str) -> tuple[str, str | None]:
    """Split 'amount:long' into ('amount', 'long'); a name without ':' has no type."""
    plain, colon, type_name = name.partition(":")
    if not colon:
        return name, None
    if type_name.lower() not in TYPE_NAMES:
        raise BadVariable(f"'{name}' names the type '{type_name}'; use one of {', '.join(TYPE_NAMES)}.")
    return plain, type_name.lower()


def typed_value(name: str, type_name: str, text: str) -> Any:
    """Read the text of the variable `name` as a value of the type."""
    try:
        return _READERS[type_name](text)
    except (ValueError, OverflowError) as error:
        raise BadVariable(f"The variable '{name}' is not a valid {type_name}: {error}.") from None


def _boolean(text: str) -> bool:
    """Read true or false."""
    if text.strip().lower() not in ("true", "false"):
        raise ValueError(f"write true or false, not {text!r}")
    return text.strip().lower() == "true"


def _whole(bits: int) -> Any:
    """Return a reader of whole numbers that fit in a signed integer of this many bits."""
    def read(text: str) -> int:
        number = int(text.strip())
        if not -2 ** (bits - 1) <= number < 2 ** (bits - 1):
            raise ValueError(f"{number} does not fit in {bits} bits")
        return number
    return read


def _double(text: str) -> float:
    """Read a finite decimal number."""
    number = float(text.strip())
    if not math.isfinite(number):
        raise ValueError(f"{text!r} is not a finite number")
    return number


def _date(text: str) -> str:
    """Read an ISO 8601 date or date-time (UTC when it names no zone) and keep it as ISO text in UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"write an ISO 8601 date such as 2030-01-31 or 2030-01-31T09:00:00+08:00, "
                         f"not {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def _json(text: str) -> Any:
    """Read JSON (a list, an object, a number, ...)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"it is not JSON ({error.msg} at character {error.pos})") from None


_READERS = {
    "string": str, "boolean": _boolean, "long": _whole(_INTEGER_BITS["long"]),
    "integer": _whole(_INTEGER_BITS["integer"]), "double": _double, "date": _date, "json": _json,
}


def typed_variables(values: dict[str, str]) -> dict[str, Any]:
    """Turn {'NAME:TYPE': text} into {'NAME': typed value}; an untyped text is read as JSON when it is JSON."""
    result: dict[str, Any] = {}
    for key, text in values.items():
        name, type_name = split_typed_name(key)
        result[name] = plain_value(text) if type_name is None else typed_value(name, type_name, text)
    return result


def plain_value(text: str) -> Any:
    """Read text as JSON when it is (numbers, true/false, null, lists); otherwise keep the text."""
    try:
        return json.loads(text)
    except ValueError:
        return text
