"""Keyset cursors of the API's paged lists: reading the previous page's 'next', writing this page's."""
from typing import Any

from app.platform.cursors import read_cursor, write_cursor


def read_after(text: str | None, *kinds: type) -> tuple[Any, ...] | None:
    """Return the cursor passed as 'after' (the previous page's 'next'), or None for the first page."""
    return read_cursor(text, *kinds) if text else None


def next_value(key: tuple[Any, ...] | Any | None) -> str | None:
    """Return the 'next' cursor of a page from its last sort key (None on the last page)."""
    if key is None:
        return None
    return write_cursor(*key) if isinstance(key, tuple) else write_cursor(key)
