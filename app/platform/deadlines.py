"""A deadline on every statement a web page or an API call runs, so that no request holds the database long.

One slow statement used to stall everyone: on SQLite it kept the writers waiting for the lock until their
busy timeout ran out ("database is locked"), on PostgreSQL it held a connection and a snapshot. So each
statement of a request may run for at most the limit the edge gives (STATEMENT_TIMEOUT_SECONDS):

- PostgreSQL: statement_timeout, set on the connection when it is checked out for a request and checked
  again as each of its transactions begins (and set back to none for the scheduler and the CLI). The
  connections run in autocommit between FlowDesk's own transactions (app.workflow.batch), so the setting
  holds until it is changed again.
- SQLite: a progress handler, called every PROGRESS_STEPS steps of the virtual machine, stops the statement
  once its deadline has passed; each statement's deadline starts when the statement does.

Either way the driver's error becomes QueryTimedOut, a domain error the edges answer with 503 and a
sentence. It is not a transient fault: the unit of work rolls back, nothing of it is written, and it is not
run again. The scheduler and the CLI (imports, exports, verify-history, migrations) pass no limit: their work
is FlowDesk's own, sized by the data and not by what a visitor typed.
"""
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DisconnectionError

from app.platform.errors import QueryTimedOut

PROGRESS_STEPS = 10_000  # SQLite virtual-machine steps between two looks at the clock (a few ms at most)
LIMIT_KEY = "flowdesk_statement_limit"  # the checked-out connection's limit in seconds; None: no limit
DEADLINE_KEY = "flowdesk_statement_deadline"  # [time.monotonic() past which the statement stops, or None]
POSTGRES_KEY = "flowdesk_statement_timeout_ms"  # what statement_timeout is set to on that connection
# The WSGI environ key set once a request's statement ran past its deadline: the error page that answers it reads the
# signed-in person and the inbox count without one (on a busy server those reads could miss it too, and the
# second stop would escape the handler as a 500).
DEADLINE_SPENT = "flowdesk_deadline_spent"
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by statement_timeout


def configure_statement_deadlines(engine: SqlEngine, limit_now: Callable[[], float | None]) -> None:
    """Give the statements of an engine a deadline; limit_now says the limit for whoever uses a connection now.

    limit_now returns seconds, or None (or 0) for no limit; it is asked at each checkout and as each transaction
    begins. A connection that cannot take its limit at checkout is replaced by the pool.
    """
    sqlite = engine.dialect.name == "sqlite"

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        if sqlite:
            deadline: list[float | None] = record.info.setdefault(DEADLINE_KEY, [None])
            dbapi_connection.set_progress_handler(lambda: past(deadline[0]), PROGRESS_STEPS)

    def apply_limit(dbapi_connection: Any, info: dict[str, Any]) -> None:
        limit = limit_now() or None
        info[LIMIT_KEY] = limit
        if not sqlite:
            milliseconds = max(1, round(limit * 1000)) if limit else 0
            if info.get(POSTGRES_KEY) != milliseconds:
                dbapi_connection.execute(f"SET statement_timeout = {milliseconds}")
                info[POSTGRES_KEY] = milliseconds

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        try:
            apply_limit(dbapi_connection, record.info)
        except Exception as error:  # noqa: BLE001 - any failure here: the pool takes a fresh connection
            raise DisconnectionError(f"Could not set statement_timeout: {error}") from error

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Again at each transaction: a session keeps its connection for a whole app context
        # (app.extensions.HeldConnectionSession), and a test's requests share the test's context.
        apply_limit(connection.connection.dbapi_connection, connection.connection.info)

    if sqlite:
        @event.listens_for(engine, "before_cursor_execute")
        def arm(connection: Any, *_: Any) -> None:
            info = connection.connection.info
            limit, deadline = info.get(LIMIT_KEY), info.get(DEADLINE_KEY)
            if deadline is not None:
                deadline[0] = time.monotonic() + limit if limit else None

        @event.listens_for(engine, "begin")
        @event.listens_for(engine, "commit")
        @event.listens_for(engine, "rollback")
        def disarm(connection: Any) -> None:
            # A statement's deadline is for that statement: never for the COMMIT or BEGIN that follows it.
            deadline = connection.connection.info.get(DEADLINE_KEY)
            if deadline is not None:
                deadline[0] = None

    @event.listens_for(engine, "handle_error")
    def name_timeout(context: ExceptionContext) -> None:
        if stopped_by_deadline(context.original_exception):
            limit = context.connection.connection.info.get(LIMIT_KEY) if context.connection is not None else None
            raise QueryTimedOut(timeout_sentence(limit)) from context.original_exception


def past(deadline: float | None) -> int:
    """Return 1 (stop the statement) once the deadline has passed, else 0: SQLite's progress-handler answer."""
    return 1 if deadline is not None and time.monotonic() > deadline else 0


def stopped_by_deadline(error: BaseException) -> bool:
    """Say whether a driver error is a statement stopped by its deadline (SQLite interrupted, PostgreSQL 57014)."""
    if isinstance(error, sqlite3.OperationalError):
        return str(error) == "interrupted"
    return getattr(error, "sqlstate", None) == QUERY_CANCELED


def timeout_sentence(limit: float | None) -> str:
    """Return the sentence a person reads when their request was stopped."""
    took = f"longer than {limit:g} seconds" if limit else "too long"
    return (f"The database took {took} on this request, so it was stopped and nothing was saved. "
            "Narrow it down (fewer or longer words, more filters) and try again; if it keeps happening, "
            "tell an administrator.")
