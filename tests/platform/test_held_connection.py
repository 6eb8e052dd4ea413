"""A session keeps one connection from the pool for its whole app context; its transactions begin and end as before."""
import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.organisation.models import Department
from app.platform import transactions
from app.platform.transactions import use_case
from app.workflow.batch import WriteBatch


@use_case
def add_department(name: str) -> None:
    """Write one department row in a unit of its own."""
    db.session.execute(insert(Department).values(name=name))


@pytest.fixture
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry at once instead of sleeping the backoff."""
    monkeypatch.setattr(transactions, "pause", lambda _seconds: None)


def driver_connection() -> object:
    """Return the driver connection under the session's current transaction."""
    return db.session.connection().connection.dbapi_connection


def test_units_and_reads_of_one_app_context_run_on_one_connection_taken_once(app) -> None:
    db.session.remove()
    checked_out = db.engine.pool.checkedout()
    add_department("Service desk")
    first = driver_connection()
    db.session.rollback()
    add_department("Second line")
    assert driver_connection() is first
    assert db.engine.pool.checkedout() == checked_out + 1
    db.session.rollback()
    assert db.session.execute(select(func.count()).select_from(Department)).scalar_one() == 2


def test_closing_the_session_gives_its_connection_back_to_the_pool(app) -> None:
    db.session.remove()
    checked_out = db.engine.pool.checkedout()
    add_department("Service desk")
    assert db.engine.pool.checkedout() == checked_out + 1
    db.session.remove()  # what the end of an app context does
    assert db.engine.pool.checkedout() == checked_out
    add_department("Second line")  # a later transaction takes one again
    assert db.engine.pool.checkedout() == checked_out + 1


@pytest.mark.postgres
def test_a_held_connection_the_server_ended_between_units_is_replaced_by_the_next_unit(database_url, app,
                                                                                          no_pause) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("only PostgreSQL's server ends a connection; SQLite has none")
    add_department("Service desk")
    pid = db.session.execute(select(func.pg_backend_pid())).scalar_one()
    db.session.rollback()
    with db.engine.connect() as other:
        other.execute(select(func.pg_terminate_backend(pid)))
    add_department("Second line")  # meets the dead connection, is rolled back and runs again on a new one
    assert db.session.execute(select(func.pg_backend_pid())).scalar_one() != pid
    assert list(db.session.execute(select(Department.name).order_by(Department.name)).scalars()) == [
        "Second line", "Service desk"]


@pytest.mark.postgres
def test_a_unit_whose_commit_failed_leaves_no_transaction_open_on_the_held_connection(database_url, app) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("only PostgreSQL sends writes with the COMMIT, so that a refused write leaves the COMMIT unrun")

    @use_case(attempts=1)
    def refused_at_commit() -> None:
        batch = WriteBatch()
        batch.add(insert(Department), {"name": None, "parent_id": 999_999})  # no such parent: refused by the server
        batch.send_with_commit()
    with pytest.raises(IntegrityError):
        refused_at_commit()
    raw = db.session.connection().connection.dbapi_connection
    assert raw.info.transaction_status == TransactionStatus.IDLE  # not "in a failed transaction", holding locks
    add_department("Service desk")  # the next unit on the same connection runs


@pytest.mark.postgres
def test_the_postgres_pool_has_a_connection_for_every_request_thread_and_scheduler_job(database_url, app) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite's pool is not sized by FlowDesk")
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.cli.server import serve
    from app.scheduler import add_jobs

    scheduler = BackgroundScheduler(timezone="UTC")
    add_jobs(scheduler, app)
    threads = next(option.default for option in serve.params if option.name == "threads")
    pool = db.engine.pool
    assert pool.size() + pool._max_overflow >= threads + len(scheduler.get_jobs())  # type: ignore[attr-defined]
