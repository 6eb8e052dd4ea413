"""SQL compiled once per test process, not once per app.

SQLAlchemy compiles each statement the first time an engine runs it and keeps the result in that engine's
cache, keyed by the statement's shape and by the engine's dialect object. The suite creates an app, and so an
engine, per test, so every test compiled again the statements it runs (the ORM's loads and flushes, the
services' queries): tests/web and tests/tickets took 18 % more CPU for it (174-190 s against 141-150 s).
This cache is given to every engine the process makes; it keys a statement by what the compiled form depends on
of the dialect (its class and the settings its compiler reads) instead of by the dialect object, so engines alike
share their compiled statements and an engine set up otherwise compiles its own. Only the tests share it; the app
is unchanged.
"""
from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.util import LRUCache

CAPACITY = 5000  # statements: ten times SQLAlchemy's default for one engine, as every test's engine uses this one


# What a dialect's compiler reads besides its class (set at creation, or on the first connection, before any
# statement is compiled); an attribute a dialect lacks counts as None.
DIALECT_SETTINGS = ("paramstyle", "positional", "server_version_info", "label_length", "max_identifier_length",
                    "use_insertmanyvalues", "insertmanyvalues_page_size", "supports_native_boolean",
                    "supports_native_decimal", "default_schema_name", "_json_serializer")


def dialect_settings(dialect: Dialect) -> tuple[Any, ...]:
    """Return what a statement's compiled form depends on of the dialect it was compiled for."""
    return (type(dialect), *(getattr(dialect, name, None) for name in DIALECT_SETTINGS))


class SharedCompiledSql:
    """An engine's compiled cache, shared by every engine of the test process with a dialect set up alike."""

    def __init__(self) -> None:
        self._compiled: LRUCache[tuple[Any, ...], Any] = LRUCache(CAPACITY)

    @staticmethod
    def _key(key: tuple[Any, ...]) -> tuple[Any, ...]:
        return (dialect_settings(key[0]), *key[1:])

    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        """Return the compiled statement of a key SQLAlchemy made (its first part the dialect), or default."""
        return self._compiled.get(self._key(key), default)

    def __setitem__(self, key: tuple[Any, ...], compiled: Any) -> None:
        self._compiled[self._key(key)] = compiled


_shared = SharedCompiledSql()


def share_compiled_sql() -> None:
    """Give every engine Flask-SQLAlchemy makes in this process from now on the shared compiled cache."""
    make_engine = SQLAlchemy._make_engine

    def make_sharing_engine(self: SQLAlchemy, *args: Any, **kwargs: Any) -> Engine:
        engine = make_engine(self, *args, **kwargs)
        if engine._compiled_cache is not None:  # None: the app turned SQLAlchemy's cache off; leave it off
            engine._compiled_cache = _shared  # type: ignore[assignment]
        return engine

    SQLAlchemy._make_engine = make_sharing_engine  # type: ignore[method-assign]
