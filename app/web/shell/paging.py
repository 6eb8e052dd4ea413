"""Keyset page cursors in the query arguments of list pages."""
from typing import Any

from flask import flash, request
from flask_babel import gettext as _

from app.platform.cursors import read_cursor
from app.platform.errors import InvalidValues
from app.platform.ids import MAX_ID


def page_cursor(name: str, *kinds: type) -> tuple[Any, ...] | None:
    """Return the keyset cursor in a query argument, or None; a damaged one starts the list afresh, with a note."""
    text = request.args.get(name)
    if not text:
        return None
    try:
        return read_cursor(text, *kinds, field=name)
    except InvalidValues:
        flash(_("A page link was damaged, so a list starts from the beginning again."), "warning")
        return None


def page_after(name: str = "after") -> int | None:
    """Return the id-after cursor of a simple list (a whole number in the query string), or None.

    Anything else, a number too large for an id included, starts the list afresh, with a note.
    """
    text = request.args.get(name)
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > MAX_ID:
        flash(_("A page link was damaged, so a list starts from the beginning again."), "warning")
        return None
    return int(text)
