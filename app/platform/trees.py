"""Walk a tree of rows kept by parent_id (departments, categories) from a row up to its root."""
from collections.abc import Iterator
from typing import Any

from app.extensions import db


def up_the_tree(model: Any, row_id: int | None) -> Iterator[Any]:
    """Yield the row with this id, then its parent, and so on up to the root, nearest first.

    The walk ends at a missing row, and at a row already passed (a loop in the parent links).
    """
    seen: set[int] = set()
    while row_id is not None and row_id not in seen:
        seen.add(row_id)
        row = db.session.get(model, row_id)
        if row is None:
            return
        yield row
        row_id = row.parent_id
