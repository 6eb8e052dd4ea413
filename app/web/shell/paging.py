"""Keyset page cursors in the query arguments of list pages."""
from typing import Any

from flask import flash, request
from flask_babel import gettext as _

from app.platform.cursors import read_cursor
from app.platform.errors import InvalidValues


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
