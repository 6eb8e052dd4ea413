"""Send the writes of one step together: one round trip on PostgreSQL (pipeline mode), plain on SQLite.

A step's projection, history and state writes do not depend on each other's results, so on
PostgreSQL they go out in one psycopg pipeline instead of one network round trip each. The
statements are prebuilt SQLAlchemy Core statements, compiled once per parameter shape.
"""
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import Compiled

from app.extensions import db

Params = Mapping[str, Any] | Sequence[Mapping[str, Any]]
_COMPILED: dict[tuple[int, str, frozenset[str]], tuple[Executable, Compiled]] = {}


class WriteBatch:
    """Collects INSERT/UPDATE/DELETE statements and sends them in order; rowcounts come back per statement."""

    def __init__(self) -> None:
        self.items: list[tuple[Executable, Params]] = []

    def add(self, statement: Executable, params: Params) -> int:
        """Queue a statement (params: one dict, or a list of dicts for executemany); return its index."""
        if isinstance(params, Sequence) and not params:
            return -1
        self.items.append((statement, params))
        return len(self.items) - 1

    def send(self) -> list[int]:
        """Execute everything queued, in order, inside the session's transaction; return the rowcounts."""
        connection = db.session.connection()
        items, self.items = self.items, []
        if connection.dialect.name == "postgresql" and len(items) > 1:
            return pipelined(connection, items)
        return [connection.execute(statement, params).rowcount for statement, params in items]  # type: ignore[arg-type]


def pipelined(connection: Connection, items: list[tuple[Executable, Params]]) -> list[int]:
    """Run statements through one psycopg pipeline (errors surface at the end, rolling back the step)."""
    raw = connection.connection.dbapi_connection
    cursors = []
    with raw.pipeline() as pipeline:  # type: ignore[union-attr]
        for statement, params in items:
            rows = [params] if isinstance(params, Mapping) else list(params)
            compiled = compiled_for(statement, connection.dialect, rows[0])
            cursor = raw.cursor()  # type: ignore[union-attr]
            values = [compiled.construct_params(row) for row in rows]
            if len(values) == 1:
                cursor.execute(str(compiled), values[0])
            else:
                cursor.executemany(str(compiled), cast(list[Mapping[str, Any]], values))
            cursors.append(cursor)
        pipeline.sync()
    return [cursor.rowcount for cursor in cursors]


def compiled_for(statement: Executable, dialect: Dialect, row: Mapping[str, Any]) -> Compiled:
    """Compile a statement for the dialect and the parameter names it is given (cached)."""
    key = (id(statement), dialect.name, frozenset(row))
    cached = _COMPILED.get(key)
    if cached is None or cached[0] is not statement:
        compiled = statement.compile(dialect=dialect, column_keys=list(row))  # type: ignore[attr-defined]
        cached = (statement, compiled)
        _COMPILED[key] = cached
    return cached[1]
