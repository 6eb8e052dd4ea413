"""Shared fixtures: an app on a fresh database (SQLite, and PostgreSQL where it runs), a clock, a CLI runner."""
import functools
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from flask import Flask, g
from flask.cli import ScriptInfo
from flask.testing import FlaskClient

from app import create_app
from app.cli import main
from app.extensions import db
from app.organisation.policies import Actor
from app.workflow.runtime import Runtime
from engine.clock import FixedClock
from engine.topics import TopicRegistry, default_topics
from tests.compiled_sql import share_compiled_sql
from tests.template_code import share_template_code
from tests.url_builders import share_rule_parts, share_url_builders

POSTGRES_URL = os.environ.get("FLOWDESK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("FLOWDESK_REQUIRE_POSTGRES") == "1"
DIAGRAMS = Path(__file__).parent / "diagrams"
share_url_builders()  # most tests create an app; its ~185 routes' URL builders are compiled once, not per app
share_rule_parts()  # and its routes' texts parsed once
share_template_code()  # and the templates its pages render compiled once
share_compiled_sql()  # and the SQL its engine runs compiled once


def postgres_reason() -> str | None:
    """Return why PostgreSQL tests cannot run here, or None when they can."""
    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # any failure to connect means: skip with the reason
        return f"PostgreSQL is not reachable at {POSTGRES_URL}: {type(exc).__name__}"
    return None


_PG_REASON = postgres_reason()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate one SQLite file per session; each test copies it."""
    path = tmp_path_factory.mktemp("template") / "flowdesk.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """Create one migrated PostgreSQL database per test worker; tests empty it."""
    if _PG_REASON:
        if REQUIRE_POSTGRES:
            pytest.fail(_PG_REASON)
        pytest.skip(_PG_REASON)
    name = f"flowdesk_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
        db.engine.dispose()
    yield url
    cleanup_engine(url).dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# The sequences behind the ids of these tables, each set back to its start (TRUNCATE's RESTART IDENTITY).
RESTART_IDS = ("PERFORM setval(s.seqrelid, s.seqstart, false) FROM pg_sequence s "
               "JOIN pg_depend d ON d.objid = s.seqrelid AND d.deptype IN ('a', 'i') "
               "JOIN pg_class t ON t.oid = d.refobjid WHERE t.relname = ANY(ARRAY[{tables}]::name[]);")


@functools.cache
def emptying_block() -> str:
    """Return one DO block that empties every FlowDesk table, referencing tables first, and restarts the ids.

    One statement, so the cleanup is one round trip to the server, not one per table (55 and counting).
    """
    names = [table.name for table in reversed(db.metadata.sorted_tables)]
    deletes = "\n".join(f'DELETE FROM "{name}";' for name in names)
    restart = RESTART_IDS.format(tables=", ".join(f"'{name}'" for name in names))
    return ("DO $$ BEGIN\n"
            "PERFORM set_config('session_replication_role', 'replica', true);\n"
            "PERFORM set_config('synchronous_commit', 'off', true);\n"
            f"{deletes}\n{restart}\nEND $$")


@functools.cache
def cleanup_engine(url: str) -> sa.Engine:
    """Return the engine that empties a test database; its one connection is kept from test to test."""
    return sa.create_engine(url, pool_size=1, pool_pre_ping=True)


def empty_all(url: str) -> None:
    """Empty every FlowDesk table of a PostgreSQL test database and start its ids at 1 again.

    DELETE, referencing tables first, not TRUNCATE: TRUNCATE makes new files for all ~50 tables on every test
    (a second and more on a loaded machine) where a test leaves a few rows. The replica role lets the cleanup
    past the history's append-only triggers (it takes a superuser, as the suite's PostgreSQL has), and the
    commit does not wait for the disk: a test database need not survive a power cut. All of it goes in one
    DO block over a connection kept open, as a new connection and a round trip per table cost more than the
    deleting itself.
    """
    with cleanup_engine(url).begin() as connection:
        connection.exec_driver_sql(emptying_block())


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh, migrated database: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "flowdesk.sqlite3"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_database")
    empty_all(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh SQLite database, for tests about SQLite alone."""
    path = tmp_path / "flowdesk.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def clock() -> FixedClock:
    """A clock that moves only when a test says so."""
    return FixedClock()


def actor_with(login: str, *roles: str) -> Actor:
    """Return an Actor holding these roles, as the services see a signed-in person (no user row needed)."""
    return Actor(0, login, login.title(), "en", "UTC", frozenset(), frozenset(roles), frozenset())


@pytest.fixture
def make_actor():  # type: ignore[no-untyped-def]
    """make_actor("lee", "agent"): an Actor with a login and roles, for calling services directly."""
    return actor_with


@pytest.fixture
def agent_actor() -> Actor:
    """Sam, an agent: changes CIs and writes knowledge articles."""
    return actor_with("sam", "agent")


@pytest.fixture
def admin_actor() -> Actor:
    """Adam, an administrator: may do everything, define CI types included."""
    return actor_with("adam", "admin")


def transient_fault(dialect: str) -> Exception:
    """Return the driver error a busy database raises: SQLite's lock timeout, PostgreSQL's serialization failure."""
    if dialect == "sqlite":
        return sqlite3.OperationalError("database is locked")
    import psycopg.errors
    return psycopg.errors.SerializationFailure("could not serialize access due to concurrent update")


@pytest.fixture
def fail_once(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """fail_once("INSERT INTO ticket"): the next statement that starts so meets a transient fault, once.

    The unit of work rolls back and runs again at once (the backoff pause is skipped).
    """
    from app.platform import transactions

    monkeypatch.setattr(transactions, "pause", lambda _seconds: None)
    armed: list[str] = []

    def on_execute(connection, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if armed and statement.startswith(armed[0]):
            armed.clear()
            raise transient_fault(connection.dialect.name)
    sa.event.listen(db.engine, "before_cursor_execute", on_execute)
    yield armed.append
    sa.event.remove(db.engine, "before_cursor_execute", on_execute)
    assert not armed, "the statement that was to fail never ran"


@pytest.fixture
def topics() -> TopicRegistry:
    """The app's external-task registry; tests may register more handlers on it."""
    return default_topics()


@pytest.fixture
def app(database_url: str, clock: FixedClock, topics: TopicRegistry) -> Iterator[Flask]:
    """A FlowDesk app on a fresh database, with the test clock."""
    # No run cache: every step of every scenario goes through a save and a reload of the engine state.
    # Fast password hashes; CSRF is off except in the tests about CSRF (tests/web/test_security.py).
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "RUN_CACHE_SIZE": 0,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "WTF_CSRF_ENABLED": False},
                     clock=clock, topics=topics)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def runtime(app: Flask) -> Runtime:
    """The app's engine and clock."""
    return app.extensions["flowdesk"]


class Cli:
    """Invoke flowdesk commands against the test app."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Result:
        """Run one command and return its result (stdout and stderr kept apart)."""
        return self.runner.invoke(main, list(args), obj=ScriptInfo(create_app=lambda: self.app),
                                  catch_exceptions=False)


@pytest.fixture
def cli(app: Flask) -> Cli:
    """Run flowdesk commands in-process against the test app."""
    return Cli(app)


@pytest.fixture
def deploy(runtime: Runtime):  # type: ignore[no-untyped-def]
    """Deploy a test diagram from tests/diagrams/ by file name; return the Deployed records."""
    from app.workflow.deployment import deploy_diagram

    def deploy_file(name: str, actor: str = "owner"):  # type: ignore[no-untyped-def]
        return deploy_diagram(runtime, (DIAGRAMS / name).read_bytes(), name, actor)
    return deploy_file


@pytest.fixture
def people(runtime: Runtime) -> dict[str, str]:
    """Create the usual cast: a requester, a service-desk agent, a second-line agent, a manager."""
    from app.organisation.policies import system_actor
    from app.organisation.users import add_user

    cast = {"rita": ["requesters"], "sam": ["service-desk"], "lee": ["second-line"], "mona": ["managers"]}
    for login, groups in cast.items():
        add_user(runtime, system_actor(), login, groups)
    return {login: groups[0] for login, groups in cast.items()}


class FreshRequestClient(FlaskClient):
    """A test client whose requests do not share the test's app context state (g), as in production."""

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        # Flask-Login and Flask-Babel cache the user, locale and catalog in g, which the test's context keeps.
        for name in ("_login_user", "_flask_babel"):
            g.pop(name, None)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    """A test client of the app."""
    app.test_client_class = FreshRequestClient
    return app.test_client()


# (password hash method, clock time, history key) -> the demo's SQLite file and the logins it added, per process.
_DEMO_COPIES: dict[tuple[str, object, bytes], tuple[Path, list[str]]] = {}


# (database URL, password hash method, clock time, history key) -> the logins the demo added, where the PostgreSQL
# tables it filled are kept as temporary tables on the cleanup connection (pg_temp.demo_<table>), per process.
_DEMO_KEPT_IN_POSTGRES: dict[tuple[str, str, object, bytes], list[str]] = {}


@pytest.fixture
def demo(runtime: Runtime, app: Flask, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The demo organisation of `make run`: rita, sam, lee, mona, carl, olga, audrey, adam (password flowdesk-demo).

    The first test of a process that creates it on an untouched database keeps what it wrote (SQLite: a copy of
    the file; PostgreSQL: its rows and ids); a later test with the same hash method, clock time and history key,
    on a database nothing has written to yet, gets that instead of creating the eight people again (2,800 tests
    ask for the demo).
    """
    from app.demo import create_demo_people
    from app.workflow.instances.history_keys import history_key

    live = sqlite_file(app)
    if live is None:
        return postgres_demo(app, runtime, (app.config["PASSWORD_HASH_METHOD"], runtime.clock.now(), history_key()))
    untouched = unwritten_copy_of(live, sqlite_template)
    key = (app.config["PASSWORD_HASH_METHOD"], runtime.clock.now(), history_key())
    if untouched and key in _DEMO_COPIES:
        copy, logins = _DEMO_COPIES[key]
        db.session.remove()
        db.engine.dispose()
        shutil.copy(copy, live)
        return list(logins)
    added = create_demo_people()
    if untouched and isinstance(runtime.clock, FixedClock):
        db.session.remove()
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        copy = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        shutil.copy(live, copy)
        _DEMO_COPIES[key] = (copy, list(added))
    return added


def postgres_demo(app: Flask, runtime: Runtime, settings: tuple[str, object, bytes]) -> list[str]:
    """Create the demo on PostgreSQL, or put back the rows and ids a first test kept (see demo)."""
    from app.demo import create_demo_people

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    key = (url, *settings)
    engine = cleanup_engine(url)
    with engine.begin() as connection:
        untouched = bool(connection.exec_driver_sql(untouched_query()).scalar())
    if untouched and key in _DEMO_KEPT_IN_POSTGRES:
        try:
            with engine.begin() as connection:
                connection.exec_driver_sql(restoring_block())
            return list(_DEMO_KEPT_IN_POSTGRES[key])
        except sa.exc.DBAPIError:  # the kept connection was replaced, and its temporary tables went with it
            del _DEMO_KEPT_IN_POSTGRES[key]
    added = create_demo_people()
    if untouched and isinstance(runtime.clock, FixedClock):
        with engine.begin() as connection:
            keep_demo(connection)
        _DEMO_KEPT_IN_POSTGRES[key] = list(added)
    return added


@functools.cache
def untouched_query() -> str:
    """Return a query saying whether every FlowDesk table is empty and no id sequence has been used."""
    empty = " AND ".join(f'NOT EXISTS (SELECT FROM "{table.name}")' for table in db.metadata.sorted_tables)
    return (f"SELECT {empty} AND NOT EXISTS (SELECT FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL)")


def keep_demo(connection: sa.Connection) -> None:
    """Copy every filled table into a temporary table of the connection, and the sequences' positions with them."""
    connection.exec_driver_sql("DROP TABLE IF EXISTS pg_temp.demo_sequences")
    connection.exec_driver_sql("CREATE TEMPORARY TABLE demo_sequences AS SELECT quote_ident(sequencename) AS name, "
                               "last_value FROM pg_sequences WHERE schemaname = current_schema() "
                               "AND last_value IS NOT NULL")
    for table in db.metadata.sorted_tables:
        connection.exec_driver_sql(f'DROP TABLE IF EXISTS pg_temp."demo_{table.name}"')
        connection.exec_driver_sql(f'CREATE TEMPORARY TABLE "demo_{table.name}" AS SELECT * FROM "{table.name}"')


@functools.cache
def restoring_block() -> str:
    """Return one DO block that puts the kept rows back, parents first, and the sequences where they were."""
    inserts = "\n".join(f'INSERT INTO "{table.name}" OVERRIDING SYSTEM VALUE SELECT * FROM pg_temp."demo_{table.name}";'
                         for table in db.metadata.sorted_tables)
    return ("DO $$ BEGIN\n"
            "PERFORM set_config('session_replication_role', 'replica', true);\n"
            f"{inserts}\n"
            "PERFORM setval(name::regclass, last_value, true) FROM pg_temp.demo_sequences;\nEND $$")


def sqlite_file(app: Flask) -> Path | None:
    """Return the SQLite file the app works on, or None on PostgreSQL."""
    url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def unwritten_copy_of(live: Path, template: Path) -> bool:
    """Say whether nothing has been written to a copy of the template: no write-ahead log, the same bytes."""
    wal = Path(f"{live}-wal")
    return not (wal.exists() and wal.stat().st_size > 0) and live.read_bytes() == template.read_bytes()


@pytest.fixture
def sign_in(client):  # type: ignore[no-untyped-def]
    """Sign a demo person in on the test client: sign_in("sam")."""
    from app.demo import DEMO_PASSWORD

    def sign_in_as(login: str, password: str = DEMO_PASSWORD):  # type: ignore[no-untyped-def]
        response = client.post("/login", data={"login": login, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response
    return sign_in_as


@pytest.fixture
def unguarded_history(app):  # type: ignore[no-untyped-def]
    """Remove the append-only triggers, as an attacker with database rights could; restore them after."""
    sqlite = db.engine.dialect.name == "sqlite"
    if sqlite:
        db.session.execute(sa.text("DROP TRIGGER history_event_no_update"))
        db.session.execute(sa.text("DROP TRIGGER history_event_no_delete"))
    else:
        db.session.execute(sa.text("DROP TRIGGER history_event_append_only ON history_event"))
    db.session.commit()
    yield
    db.session.rollback()
    if not sqlite:  # the PostgreSQL database is shared by the tests of this worker
        db.session.execute(sa.text(
            "CREATE TRIGGER history_event_append_only BEFORE UPDATE OR DELETE ON history_event "
            "FOR EACH ROW EXECUTE FUNCTION history_event_refuse_change()"))
        db.session.commit()
