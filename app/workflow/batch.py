"""Send the statements of one step to the driver: compiled once, one round trip per step on PostgreSQL.

A step runs a handful of prebuilt SQLAlchemy Core statements. Each is compiled once per dialect and
parameter shape (a Prepared: SQL text, bind order, literal values and type processors), and then
handed straight to the DBAPI cursor, skipping SQLAlchemy's per-execution bookkeeping, which costs
more than the database's own work for these small statements. A statement this path cannot send
exactly as SQLAlchemy would (Python-side defaults, expanding IN lists, ...) falls back to
SQLAlchemy.

A step's projection, history and state writes do not depend on each other's results, so on
PostgreSQL they go out in one round trip (app.platform.pg_wire, libpq's pipeline) instead of one each. On
PostgreSQL, a transaction's BEGIN is not sent on its own either: it is owed from the moment
SQLAlchemy begins the transaction and paid with the transaction's first statement (in the same
pipeline when the step sends that statement itself, just before it otherwise). Writes whose checks
are made by the database itself can wait for the COMMIT and leave in its round trip
(WriteBatch.send_with_commit); any statement the transaction runs before then sends them first, so
every statement still sees them and runs after them, in order.
"""
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from psycopg.pq import TransactionStatus
from sqlalchemy import Connection, Executable, event
from sqlalchemy.engine import Dialect
from sqlalchemy.engine import Engine as SqlEngine

from app.extensions import db
from app.platform.errors import NotAllowed, StaleInstance
from app.platform.pg_wire import (
    BEGIN,
    COMMIT,
    Call,
    exchange,
    forget_prepared,
    load_first_row,
    rowcount,
    wire_statement,
)

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
    read = (wire_statement(prepared.sql), [prepared.driver_params(params)])
    results = sent(raw, [*debts(connection.dialect, connection.info), read])
    return prepared.make_row(load_first_row(raw, results[-1][0]))


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
    """Run statements in one round trip, with the BEGIN and writes the transaction still owes; return rowcounts."""
    raw: Any = connection.connection.dbapi_connection
    calls = [wire_call(connection.dialect, statement, params) for statement, params in items]
    results = sent(raw, [*debts(connection.dialect, connection.info), *calls])
    return [rowcount(own) for own in results[len(results) - len(calls):]]


def sent(raw: Any, calls: list[Call]) -> list[list[Any]]:
    """Send calls in one round trip (pg_wire); a refusal the database raised (see REFUSALS) raises its own error."""
    try:
        return exchange(raw, calls)
    except Exception as error:
        refusal = REFUSALS.get(getattr(error, "sqlstate", None) or "")
        if refusal is not None:
            raise refusal(error.diag.message_primary or str(error)) from error  # type: ignore[attr-defined]
        raise


def debts(dialect: Dialect, info: dict[Any, Any]) -> list[Call]:
    """Take the BEGIN the transaction owes and the writes waiting for its next statement, as calls to send first."""
    calls: list[Call] = [(BEGIN, [{}])] if info.pop(BEGIN_OWED, False) else []
    for statement, params in info.pop(PENDING_WRITES, None) or ():
        calls.append(wire_call(dialect, statement, params))
    return calls


def wire_call(dialect: Dialect, statement: Statement, params: Params) -> Call:
    """Return a queued statement as a pg_wire call: its libpq form and its driver parameter rows."""
    rows = rows_of(params)
    if isinstance(statement, DriverSql):
        return wire_statement(statement.sql), rows
    prepared = prepared_for(statement, dialect, frozenset(rows[0]))
    if prepared is None:
        raise RuntimeError("A batched statement needs SQLAlchemy's per-execution work; run it on its own.")
    return wire_statement(prepared.sql), [prepared.driver_params(row) for row in rows]


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
    def pay_debts(connection: Connection, *_: Any) -> None:
        calls = debts(connection.dialect, connection.info)
        if calls:
            sent(connection.connection.dbapi_connection, calls)

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
    forget_prepared_on_rollback(sql_engine.dialect)


def send_commit_with_pending_writes(dialect: Dialect) -> None:
    """Make this engine's COMMIT carry the writes still waiting for it, in one round trip.

    SQLAlchemy asks its dialect to commit; this engine's dialect sends the pending writes and the
    COMMIT in one round trip. A write that fails aborts the pipeline, so the COMMIT does not
    run; a stale step (SQLSTATE FD001) is reported as StaleInstance, which runs the unit again, and a claim
    taken meanwhile (FD002) as NotAllowed.
    """
    commit_alone = dialect.do_commit

    def do_commit(connection: Any) -> None:
        if not connection.info.get(PENDING_WRITES):
            connection.info.pop(BEGIN_OWED, None)
            if connection.dbapi_connection.info.transaction_status != TransactionStatus.IDLE:
                commit_alone(connection)  # none begun (its BEGIN never left): nothing to commit
            return
        sent(connection.dbapi_connection, [*debts(dialect, connection.info), (COMMIT, [{}])])

    dialect.do_commit = do_commit  # type: ignore[method-assign,assignment]


def forget_prepared_on_rollback(dialect: Dialect) -> None:
    """Make this engine's ROLLBACK forget the statements pg_wire prepared: psycopg deallocates them all after it."""
    rollback_alone = dialect.do_rollback

    def do_rollback(connection: Any) -> None:
        raw = connection.dbapi_connection
        if raw is not None:
            if raw.info.transaction_status == TransactionStatus.IDLE:
                return  # nothing begun (the pool's reset after every commit): psycopg would send nothing either
            forget_prepared(raw)
        rollback_alone(connection)

    dialect.do_rollback = do_rollback  # type: ignore[method-assign,assignment]

