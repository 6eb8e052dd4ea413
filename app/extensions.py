"""Flask extensions, created unbound and registered in create_app."""
from typing import TYPE_CHECKING, Any

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSqlalchemySession
from flask_wtf import CSRFProtect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base for every FlowDesk table."""


class HeldConnectionSession(FlaskSqlalchemySession):
    """A session that keeps one connection for its whole life (an app context: a request, a scheduler job).

    SQLAlchemy's session returns its connection to the pool at every commit and rollback and takes one
    again for the next transaction; a step of the engine is one short transaction, and taking, resetting
    and returning the connection cost it as much Python as the COMMIT that ends it (5 % of a lifecycle's
    instructions, counted with callgrind). Each transaction still begins and ends as before; only the
    connection under them stays, until the session is closed (Flask-SQLAlchemy closes it when the app
    context ends). A connection lost meanwhile is invalidated by the unit that met it and reconnected
    by the next transaction.

    What the pool did on every return still happens after every failed commit: a transaction that SQLAlchemy
    counts as ended but the server still holds open (on PostgreSQL a refused write aborts the batch before its
    COMMIT runs) is rolled back there and then, releasing its locks, instead of refusing the next
    transaction's statements.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: dict[Engine, Connection] = {}
        self._sole: Connection | None = None  # the held connection when the app has one engine (FlowDesk's case)

    def get_bind(self, mapper: Any = None, clause: Any = None, bind: Any = None, **kwargs: Any) -> Engine | Connection:
        """Return the held connection of the engine the statement goes to (taken from the pool the first time)."""
        sole = self._sole
        if sole is not None and bind is None and not sole.closed:
            return sole  # one engine: nothing to choose between (Flask-SQLAlchemy looks the app's engines up)
        engine = super().get_bind(mapper, clause, bind, **kwargs)
        if not isinstance(engine, Engine):
            return engine
        held = self._held.get(engine)
        if held is None or held.closed:
            held = self._held[engine] = engine.connect()
        if len(self._db.engines) == 1:
            self._sole = held
        return held

    def commit(self) -> None:
        """Commit; if the COMMIT failed, roll back on the server what SQLAlchemy already counts as ended."""
        try:
            super().commit()
        except BaseException:
            self._roll_back_what_the_server_still_holds()
            raise

    def _roll_back_what_the_server_still_holds(self) -> None:
        """Roll back a transaction that ended for SQLAlchemy but not on the server (the pool's reset, kept)."""
        for connection in self._held.values():
            if connection.closed or connection.invalidated or connection.in_transaction():
                continue
            try:
                connection.dialect.do_rollback(connection.connection)
            except Exception:  # noqa: BLE001 - as the pool does: a connection that cannot roll back is not used again
                connection.invalidate()

    def close(self) -> None:
        """End the transaction, then give the held connections back to their pools."""
        try:
            super().close()
        finally:
            held, self._held, self._sole = self._held, {}, None
            for connection in held.values():
                connection.close()


db = SQLAlchemy(model_class=Base, session_options={"class_": HeldConnectionSession})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(get_remote_address)  # limits only the routes that say so (sign-in)

if TYPE_CHECKING:  # db.Model is built at run time; type checkers see its declarative base
    Model = Base
else:
    Model = db.Model
