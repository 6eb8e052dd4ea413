"""Query arguments of the API's keyset-paged lists: the page size and the cursor of the previous page."""
from typing import Any

from flask import request

from app.platform.cursors import read_cursor, write_cursor
from app.platform.errors import InvalidValues

DEFAULT_LIMIT = 50


def limit_argument(maximum: int, default: int = DEFAULT_LIMIT) -> int:
    """Return the page size asked for; refuse one that is no number or out of 1..maximum."""
    raw = request.args.get("limit", str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise InvalidValues(f"The limit '{raw}' is not a number from 1 to {maximum}.",
                            {"limit": [f"Ask for between 1 and {maximum} items."]})
    return int(raw)


def after_argument(*kinds: type) -> tuple[Any, ...] | None:
    """Return the cursor passed as 'after' (the previous page's 'next'), or None for the first page."""
    text = request.args.get("after")
    return read_cursor(text, *kinds) if text else None


def next_value(key: tuple[Any, ...] | Any | None) -> str | None:
    """Return the 'next' cursor of a page from its last sort key (None on the last page)."""
    if key is None:
        return None
    return write_cursor(*key) if isinstance(key, tuple) else write_cursor(key)


def text_argument(name: str) -> str | None:
    """Return a query argument, stripped, or None when it is missing or blank."""
    return (request.args.get(name) or "").strip() or None
