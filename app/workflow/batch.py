"""Send the statements of one step to the driver: compiled once, one round trip per step on PostgreSQL.

A step runs a handful of prebuilt SQLAlchemy Core statements. Each is compiled once per dialect and
parameter shape (a Prepared: SQL text, bind order, literal values and type processors), and then
handed straight to the DBAPI cursor, skipping SQLAlchemy's per-execution bookkeeping, which costs
more than the database's own work for these small statements. A statement this path cannot send
exactly as SQLAlchemy would (Python-side defaults, expanding IN lists, ...) falls back to
SQLAlchemy.

A step's projection, history and state writes do not depend on each other's results, so on
PostgreSQL they go out in one psycopg pipeline instead of one network round trip each. On
PostgreSQL, a transaction's BEGIN is not sent on its own either: it is owed from the moment
SQLAlchemy begins the transaction and paid with the transaction's first statement (in the same
pipeline when the step sends that statement itself, just before it otherwise). Writes whose checks
are made by the database itself can wait for the COMMIT and leave in its round trip
(WriteBatch.send_with_commit); any statement the transaction runs before then sends them first, so
every statement still sees them and runs after them, in order.
"""
import contextlib
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, Executable, event
from sqlalchemy.engine import Dialect
from sqlalchemy.engine import Engine as SqlEngine

from app.extensions import db
from app.platform.errors import NotAllowed, StaleInstance

Params = Mapping[str, Any] | Sequence[Mapping[str, Any]]
BEGIN_OWED = "flowdesk_begin_owed"
PENDING_WRITES = "flowdesk_pending_writes"  # writes waiting for the transaction's next statement or its COMMIT
STALE_STEP_SQLSTATE = "FD001"  # raised by flowdesk_refuse_stale_step (migration 0017)
CLAIM_TAKEN_SQLSTATE = "FD002"  # raised by flowdesk_refuse_claim (migration 0023)
# Refusals the database raises inside a statement sent with the COMMIT, and the errors they are reported as.
REFUSALS: dict[str, type[Exception]] = {STALE_STEP_SQLSTATE: StaleInstance, CLAIM_TAKEN_SQLSTATE: NotAllowed}


@dataclass(frozen=True)
class DriverSql:
    """A statement written for one driver (its own SQL dialect and placeholders), sent as it is."""

    sql: str


Statement = Executable | DriverSql


@dataclass(frozen=True)
class Prepared:
    """A statement compiled for one dialect and one set of parameter names, ready for the DBAPI cursor."""

    sql: str
    positional: bool
    binds: tuple[tuple[str, str | None, Any, Callable[[Any], Any] | None], ...]  # name, key given, literal, processor
    row_type: Any = None  # a namedtuple of the result columns, for statements that return rows
    result_processors: tuple[Callable[[Any], Any] | None, ...] = ()

    def driver_params(self, values: Mapping[str, Any]) -> Any:
        """Return the DBAPI parameters for one row of values (a tuple or a dict, as the driver expects)."""
        converted = [
            (values[key] if key is not None else literal) if processor is None
            else processor(values[key] if key is not None else literal)
            for _, key, literal, processor in self.binds
        ]
        if self.positional:
            return converted
        return dict(zip(self.names, converted, strict=True))

    @cached_property
    def names(self) -> tuple[str, ...]:
        """Return the bind names in driver order."""
        return tuple(name for name, _, _, _ in self.binds)

    def make_row(self, raw: Sequence[Any] | None) -> Any:
        """Return a driver row as a named row with SQLAlchemy's result conversions applied."""
        if raw is None:
            return None
        return self.row_type._make(
            value if processor is None else processor(value)
            for value, processor in zip(raw, self.result_processors, strict=True))


_PREPARED: dict[tuple[int, str, frozenset[str]], tuple[Executable, Prepared | None]] = {}


def prepared_for(statement: Executable, dialect: Dialect, keys: frozenset[str]) -> Prepared | None:
    """Return the statement prepared for the dialect and parameter names (cached), or None to let SQLAlchemy run it."""
    cache_key = (id(statement), dialect.name, keys)
    cached = _PREPARED.get(cache_key)
    if cached is None or cached[0] is not statement:
        cached = (statement, prepare(statement, dialect, keys))
        _PREPARED[cache_key] = cached
    return cached[1]


def prepare(statement: Executable, dialect: Dialect, keys: frozenset[str]) -> Prepared | None:
    """Compile a statement for the driver; None when SQLAlchemy must add something per execution."""
    compiled: Any = statement.compile(dialect=dialect, column_keys=sorted(keys))  # type: ignore[attr-defined]
    if compiled.implicit_returning:  # an INSERT's own primary key: nobody reads it here, so do not ask for it
        compiled = statement.compile(dialect=dialect, column_keys=sorted(keys), for_executemany=True)  # type: ignore[attr-defined]
    if (compiled.insert_prefetch or compiled.update_prefetch or compiled.literal_execute_params
            or compiled.post_compile_params or compiled.escaped_bind_names or compiled.schema_translate_map):
        return None
    processors = compiled._bind_processors
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    order = compiled.positiontup if compiled.positional else list(by_name)
    binds = []
    for name in order:
        bind = by_name[name]
        given = bind.key if bind.key in keys else name if name in keys else None
        if given is None and bind.required:
            return None  # SQLAlchemy raises the missing-parameter error
        binds.append((name, given, None if given else bind.effective_value, processors.get(name)))
    columns = compiled._result_columns
    if not columns:
        return Prepared(compiled.string, compiled.positional, tuple(binds))
    names = [column.keyname for column in columns]
    if len(set(names)) != len(names) or not all(name.isidentifier() for name in names):
        return None
    return Prepared(compiled.string, compiled.positional, tuple(binds), namedtuple("Row", names),  # noqa: PYI024
                    tuple(column.type._cached_result_processor(dialect, None) for column in columns))


def first(statement: Executable, params: Mapping[str, Any]) -> Any:
    """Run a statement that returns rows inside the session's transaction; return its first row or None."""
    connection = db.session.connection()
    prepared = prepared_for(statement, connection.dialect, frozenset(params))
    if prepared is None or prepared.row_type is None:
        return connection.execute(statement, params).first()
    raw: Any = connection.connection.dbapi_connection
    if connection.dialect.name != "postgresql":
        return prepared.make_row(raw.execute(prepared.sql, prepared.driver_params(params)).fetchone())
    cursor = raw.cursor()
    owed = connection.info.pop(BEGIN_OWED, False)
    pending = connection.info.pop(PENDING_WRITES, None)
    if owed or pending:
        with pipeline(raw):
            send_debts(connection.dialect, raw, owed, pending)
            cursor.execute(prepared.sql, prepared.driver_params(params))
    else:
        cursor.execute(prepared.sql, prepared.driver_params(params))
    return prepared.make_row(cursor.fetchone())


class WriteBatch:
    """Collects INSERT/UPDATE/DELETE statements and sends them in order; rowcounts come back per statement."""

    def __init__(self) -> None:
        self.items: list[tuple[Statement, Params]] = []

    def add(self, statement: Statement, params: Params) -> int:
        """Queue a statement (params: one dict, or a list of dicts for executemany); return its index."""
        if isinstance(params, Sequence) and not params:
            return -1
        self.items.append((statement, params))
        return len(self.items) - 1

    def send(self) -> list[int]:
        """Execute everything queued, in order, inside the session's transaction; return the rowcounts."""
        connection = db.session.connection()
        items, self.items = self.items, []
        if connection.dialect.name == "postgresql":
            return pipelined(connection, items)
        return [executed(connection, statement, params) for statement, params in items]

    def send_with_commit(self) -> None:
        """Send everything queued with the transaction's COMMIT (PostgreSQL only); no rowcounts come back.

        For writes whose checks the database makes itself (a failing one aborts the transaction, so
        the COMMIT behind it never runs). A statement the transaction runs before its COMMIT sends
        them first.
        """
        connection = db.session.connection()
        if connection.dialect.name != "postgresql":
            raise RuntimeError("Only PostgreSQL sends writes with the COMMIT; send them now elsewhere.")
        items, self.items = self.items, []
        connection.info.setdefault(PENDING_WRITES, []).extend(items)


def rows_of(params: Params) -> list[Mapping[str, Any]]:
    """Return the parameter rows of one queued statement."""
    return [params] if isinstance(params, Mapping) else list(params)


def executed(connection: Connection, statement: Statement, params: Params) -> int:
    """Run one queued statement on the driver (SQLAlchemy if it must); return its rowcount."""
    if isinstance(statement, DriverSql):
        raise RuntimeError("A statement written for one driver was sent to another database.")
    rows = rows_of(params)
    prepared = prepared_for(statement, connection.dialect, frozenset(rows[0]))
    if prepared is None:
        return connection.execute(statement, params).rowcount  # type: ignore[arg-type]
    raw: Any = connection.connection.dbapi_connection
    if len(rows) == 1:
        return int(raw.execute(prepared.sql, prepared.driver_params(rows[0])).rowcount)
    return int(raw.executemany(prepared.sql, [prepared.driver_params(row) for row in rows]).rowcount)


def pipelined(connection: Connection, items: list[tuple[Statement, Params]]) -> list[int]:
    """Run statements in one round trip: one execution, or one psycopg pipeline (errors surface at its end)."""
    raw: Any = connection.connection.dbapi_connection
    if len(items) == 1 and not connection.info.get(BEGIN_OWED) and not connection.info.get(PENDING_WRITES):
        cursor = raw.cursor()
        send_to_cursor(connection.dialect, cursor, *items[0])
        return [cursor.rowcount]
    cursors = []
    with pipeline(raw):
        send_debts(connection.dialect, raw, connection.info.pop(BEGIN_OWED, False),
                   connection.info.pop(PENDING_WRITES, None))
        for statement, params in items:
            cursor = raw.cursor()
            send_to_cursor(connection.dialect, cursor, statement, params)
            cursors.append(cursor)
    return [cursor.rowcount for cursor in cursors]


@contextlib.contextmanager
def pipeline(raw: Any) -> Iterator[None]:
    """Open a psycopg pipeline; a refusal the database raised in it (see REFUSALS) raises its own error."""
    try:
        with raw.pipeline():
            yield
    except Exception as error:
        refusal = REFUSALS.get(getattr(error, "sqlstate", None) or "")
        if refusal is not None:
            raise refusal(error.diag.message_primary or str(error)) from error  # type: ignore[attr-defined]
        raise


def send_debts(dialect: Dialect, raw: Any, begin_owed: bool, pending: list[tuple[Statement, Params]] | None) -> None:
    """Queue, inside a psycopg pipeline, the BEGIN owed and the writes waiting for the next statement."""
    if begin_owed:
        raw.execute(b"BEGIN")
    for statement, params in pending or ():
        send_to_cursor(dialect, raw.cursor(), statement, params)


def send_to_cursor(dialect: Dialect, cursor: Any, statement: Statement, params: Params) -> None:
    """Execute one queued statement on a psycopg cursor (in a pipeline, the result comes at its end)."""
    rows = rows_of(params)
    if isinstance(statement, DriverSql):
        if len(rows) == 1:
            cursor.execute(statement.sql, rows[0])
        else:
            cursor.executemany(statement.sql, rows)
        return
    prepared = prepared_for(statement, dialect, frozenset(rows[0]))
    if prepared is None:
        raise RuntimeError("A batched statement needs SQLAlchemy's per-execution work; run it on its own.")
    if len(rows) == 1:
        cursor.execute(prepared.sql, prepared.driver_params(rows[0]))
    else:
        cursor.executemany(prepared.sql, [prepared.driver_params(row) for row in rows])


def configure_postgres_transactions(sql_engine: SqlEngine) -> None:
    """Send a PostgreSQL transaction's BEGIN with its first statement instead of in a round trip of its own.

    psycopg runs in autocommit mode, so it never begins on its own; SQLAlchemy's begin marks a BEGIN
    as owed, and it is paid before the first statement (by first() and pipelined() in the same round
    trip). COMMIT and ROLLBACK stay psycopg's: they are sent only when a transaction is open.
    """
    if sql_engine.dialect.name != "postgresql":
        return

    @event.listens_for(sql_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.autocommit = True

    @event.listens_for(sql_engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.info[BEGIN_OWED] = True

    @event.listens_for(sql_engine, "before_cursor_execute")
    def pay_debts(connection: Connection, cursor: Any, *_: Any) -> None:
        owed = connection.info.pop(BEGIN_OWED, False)
        pending = connection.info.pop(PENDING_WRITES, None)
        if pending:
            raw: Any = connection.connection.dbapi_connection
            with pipeline(raw):
                send_debts(connection.dialect, raw, owed, pending)
        elif owed:
            connection.connection.dbapi_connection.execute("BEGIN")  # type: ignore[union-attr]

    @event.listens_for(sql_engine, "rollback")
    def forgive(connection: Connection) -> None:
        if connection.invalidated:
            return  # its DBAPI connection is gone, and the pool clears the info of the one that replaces it
        connection.info.pop(BEGIN_OWED, None)
        connection.info.pop(PENDING_WRITES, None)

    @event.listens_for(sql_engine, "checkin")
    def forget(_dbapi_connection: Any, record: Any) -> None:  # the pool rolls back without telling the Connection
        record.info.pop(BEGIN_OWED, None)
        record.info.pop(PENDING_WRITES, None)

    send_commit_with_pending_writes(sql_engine.dialect)


def send_commit_with_pending_writes(dialect: Dialect) -> None:
    """Make this engine's COMMIT carry the writes still waiting for it, in one round trip.

    SQLAlchemy asks its dialect to commit; this engine's dialect sends the pending writes and the
    COMMIT in one psycopg pipeline. A write that fails aborts the pipeline, so the COMMIT does not
    run; a stale step (SQLSTATE FD001) is reported as StaleInstance, which runs the unit again, and a claim
    taken meanwhile (FD002) as NotAllowed.
    """
    commit_alone = dialect.do_commit

    def do_commit(connection: Any) -> None:
        owed = connection.info.pop(BEGIN_OWED, False)
        pending = connection.info.pop(PENDING_WRITES, None)
        if not pending:
            commit_alone(connection)  # psycopg sends nothing when no transaction was begun
            return
        raw: Any = connection.dbapi_connection
        with pipeline(raw):
            send_debts(dialect, raw, owed, pending)
            raw.execute(b"COMMIT")

    dialect.do_commit = do_commit  # type: ignore[method-assign,assignment]

