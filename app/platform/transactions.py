"""The one-transaction rule of the services, as a block."""
import contextlib
from collections.abc import Iterator

from app.extensions import db


@contextlib.contextmanager
def one_transaction() -> Iterator[None]:
    """Commit what the block wrote, or roll all of it back and re-raise: no half-written state."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
