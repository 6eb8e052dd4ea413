"""Send a few statements to PostgreSQL in one round trip through libpq's own pipeline.

A step's unit sends two batches: its BEGIN with the read that locks the instance, then its writes
with the COMMIT. psycopg's pipeline mode does this, but spends more of the client's time on it than
the server spends running the statements (a cursor, a generator and a result object per statement).
Here the batch goes to libpq directly, still through psycopg's own parts:

- each statement is prepared once per connection under a name of its own (a Parse that ran is
  remembered even when a later statement of the batch fails, so a name is never prepared twice);
- parameters are dumped by the connection's psycopg adapters as text, and the server reads them as
  the types the statement gives them (so a small and a large integer share one prepared statement);
- rows are loaded by psycopg's loaders; a server error is raised as psycopg's own exception of its
  SQLSTATE, and a connection lost on the way as psycopg.OperationalError, so retries, refusals and
  lost connections are recognized exactly as for statements psycopg sends.

psycopg deallocates every prepared statement of a connection after a ROLLBACK (and after DROP, ALTER or
DISCARD), its own and these: the engine's rollback calls forget_prepared, and a statement that is gone
all the same (SQLSTATE 26000) raises a TransientFault, so the unit runs again and prepares it anew.

A batch interrupted half-way (an error of the client, not of the server) leaves the protocol in an
unknown state: the connection is closed, and the pool replaces it.
"""
import itertools
import re
import select
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

import psycopg
from psycopg import pq
from psycopg.adapt import PyFormat, Transformer
from psycopg.errors import error_from_result

from app.platform.transactions import TransientFault

PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%|%")
_names = itertools.count(1)
COMMAND_OK, FATAL_ERROR = pq.ExecStatus.COMMAND_OK, pq.ExecStatus.FATAL_ERROR
PIPELINE_SYNC = pq.ExecStatus.PIPELINE_SYNC
LOST_STATEMENT_SQLSTATE = "26000"  # invalid_sql_statement_name: deallocated behind our back


@dataclass(frozen=True)
class WireStatement:
    """A statement in libpq's form: SQL with $n placeholders, and the parameter name of each $n."""

    text: bytes
    names: tuple[str, ...]


BEGIN = WireStatement(b"BEGIN", ())
COMMIT = WireStatement(b"COMMIT", ())


@cache
def wire_statement(sql: str) -> WireStatement:
    """Return a statement written with psycopg's %(name)s placeholders in libpq's $n form (cached)."""
    names: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "%%":
            return "%"
        name = match.group(1)
        if name is None:
            raise ValueError(f"A lone '%' in a statement sent through libpq; write '%%': {sql[:80]}")
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return WireStatement(PLACEHOLDER.sub(replace, sql).encode(), tuple(names))


@dataclass
class ConnectionParts:
    """What a connection keeps between batches: its prepared statements and its value loaders."""

    prepared: dict[bytes, bytes]
    transformer: Any


_parts: "WeakKeyDictionary[psycopg.Connection[Any], ConnectionParts]" = WeakKeyDictionary()


def forget_prepared(raw: "psycopg.Connection[Any]") -> None:
    """Forget what was prepared on a connection whose prepared statements may have been deallocated."""
    parts = _parts.get(raw)
    if parts is not None:
        parts.prepared.clear()


def parts_of(raw: "psycopg.Connection[Any]") -> ConnectionParts:
    """Return the prepared statements and the transformer of a psycopg connection."""
    parts = _parts.get(raw)
    if parts is None:
        parts = ConnectionParts({}, Transformer(raw))
        _parts[raw] = parts
    return parts


Call = tuple[WireStatement, Sequence[Mapping[str, Any]]]  # a statement and its parameter rows (several: executemany)


def exchange(raw: "psycopg.Connection[Any]", calls: Sequence[Call]) -> list[list[pq.abc.PGresult]]:
    """Send the calls in one round trip and return each call's results (one per parameter row).

    A server error raises psycopg's exception for its SQLSTATE once the whole batch has been read
    (the statements after it did not run); the connection is then ready for the ROLLBACK.
    """
    parts = parts_of(raw)
    with raw.lock:
        pgconn = raw.pgconn
        try:
            pgconn.enter_pipeline_mode()
            expected = [send_call(pgconn, parts, statement, rows) for statement, rows in calls]
            pgconn.pipeline_sync()
            results = read_until_sync(pgconn)
            pgconn.exit_pipeline_mode()
        except BaseException:
            raw.close()  # the connection was lost, or the batch interrupted half-way: the pool replaces it
            raise
    return sort_results(raw, parts, calls, expected, results)


def send_call(pgconn: pq.abc.PGconn, parts: ConnectionParts, statement: WireStatement,
              rows: Sequence[Mapping[str, Any]]) -> tuple[bytes | None, int]:
    """Queue one call's statements; return the name prepared with it (None if already prepared) and its rows."""
    if not statement.names:
        for _ in rows:
            pgconn.send_query_params(statement.text, None)
        return None, len(rows)
    name = parts.prepared.get(statement.text)
    new_name = None
    if name is None:
        name = new_name = b"fd_%d" % next(_names)
        pgconn.send_prepare(name, statement.text)
    formats = [PyFormat.TEXT] * len(statement.names)
    for row in rows:
        values = parts.transformer.dump_sequence([row[key] for key in statement.names], formats)
        pgconn.send_query_prepared(name, values)
    return new_name, len(rows)


def read_until_sync(pgconn: pq.abc.PGconn) -> list[pq.abc.PGresult]:
    """Flush the batch and read every result up to the pipeline's sync point."""
    poller = select.poll()
    poller.register(pgconn.socket, select.POLLIN | select.POLLOUT)
    while pgconn.flush():  # 1 while unsent data remains: read meanwhile, so neither side waits on the other
        poller.poll()
        pgconn.consume_input()
    poller.modify(pgconn.socket, select.POLLIN)
    results: list[pq.abc.PGresult] = []
    while True:
        while pgconn.is_busy():
            poller.poll()
            pgconn.consume_input()
        result = pgconn.get_result()
        if result is None:
            continue  # the end of one statement's results
        if result.status == PIPELINE_SYNC:
            return results
        results.append(result)


def sort_results(raw: "psycopg.Connection[Any]", parts: ConnectionParts, calls: Sequence[Call],
                 expected: list[tuple[bytes | None, int]], results: list[pq.abc.PGresult]) -> list[list[Any]]:
    """Split the results by call, remember what was prepared, and raise the first server error."""
    by_call: list[list[Any]] = []
    position = 0
    for (statement, _), (new_name, count) in zip(calls, expected, strict=True):
        if new_name is not None:
            if results[position].status == COMMAND_OK:
                parts.prepared[statement.text] = new_name
            position += 1
        by_call.append(results[position:position + count])
        position += count
    error = next((result for result in results if result.status == FATAL_ERROR), None)
    if error is None:
        return by_call
    failure = error_from_result(error, encoding=raw.info.encoding)
    if failure.sqlstate == LOST_STATEMENT_SQLSTATE:
        forget_prepared(raw)
        raise TransientFault(f"A prepared statement was deallocated on this connection ({failure}); "
                             "the unit runs again and prepares it anew.") from failure
    raise failure


def load_first_row(raw: "psycopg.Connection[Any]", result: pq.abc.PGresult) -> tuple[Any, ...] | None:
    """Return a result's first row as Python values (psycopg's loaders), or None when it has no rows."""
    if not result.ntuples:
        return None
    transformer = parts_of(raw).transformer
    transformer.set_pgresult(result)
    try:
        return transformer.load_row(0, tuple)  # type: ignore[no-any-return]
    finally:
        transformer.set_pgresult(None)


def rowcount(results: Sequence[pq.abc.PGresult]) -> int:
    """Return the rows a call's statements changed (summed over its parameter rows)."""
    return sum(result.command_tuples or 0 for result in results)
