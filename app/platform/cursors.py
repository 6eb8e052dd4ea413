"""Opaque keyset cursors for the paged lists (tasks, tickets, CIs, articles): a row's sort key as URL-safe text."""
import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from app.platform.errors import InvalidValues
from app.platform.ids import MAX_ID

BAD_CURSOR = "The page cursor is not valid."
BAD_CURSOR_HINT = "Pass the 'next' value of the previous page unchanged, or leave it out for the first page."


def write_cursor(*parts: str | int) -> str:
    """Return the text of a cursor made of strings and integers."""
    raw = json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def read_cursor(text: str, *kinds: type, field: str = "after") -> tuple[Any, ...]:
    """Return the parts of a cursor written by write_cursor, checking each one's kind; refuse anything else."""
    try:
        parts = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        parts = None
    if not fits(parts, kinds):
        raise InvalidValues(BAD_CURSOR, {field: [BAD_CURSOR_HINT]})
    return tuple(parts)


def fits(parts: Any, kinds: tuple[type, ...]) -> bool:
    """Say whether decoded cursor parts are a list of the expected kinds (a bool is not an int here)."""
    if not isinstance(parts, list) or len(parts) != len(kinds):
        return False
    for part, kind in zip(parts, kinds, strict=True):
        if not isinstance(part, kind) or isinstance(part, bool):
            return False
        if isinstance(part, int) and not 0 <= part <= MAX_ID:  # the keys are ids: a larger one would fail the query
            return False
        if isinstance(part, str) and not storable(part):
            return False
    return True


def storable(text: str) -> bool:
    """Say whether a database can hold a text: no NUL character and no lone surrogate."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def read_moment(text: str, field: str = "after") -> datetime:
    """Return the moment a cursor part holds as ISO 8601 text with an offset; refuse anything else."""
    try:
        moment = datetime.fromisoformat(text)
        moment.astimezone(UTC)  # a moment at the edge of the calendar may not have a UTC time
    except (ValueError, OverflowError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidValues(BAD_CURSOR, {field: [BAD_CURSOR_HINT]})
    return moment
