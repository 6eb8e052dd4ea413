"""One unit of work per use case: one transaction at the edge, joined by nested use cases, retried on transient faults."""
import sqlite3
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.organisation.models import Department
from app.platform import transactions
from app.platform.errors import StaleInstance
from app.platform.transactions import Recoverable, backoff_seconds, is_transient, use_case


def department_names() -> list[str]:
    """Return the committed department names (a fresh read)."""
    names = list(db.session.execute(select(Department.name).order_by(Department.name)).scalars())
    db.session.rollback()
    return names


def add_department(name: str) -> None:
    """Write one department row in the caller's transaction."""
    db.session.execute(insert(Department).values(name=name))


@use_case
def add_two(first: str, second: str) -> None:
    """A use case of two writes."""
    add_department(first)
    add_department(second)


@use_case
def add_then_fail(name: str) -> None:
    """A use case that writes, then fails."""
    add_department(name)
    raise ValueError("the second half was refused")


@use_case
def outer_with_inner(name: str) -> None:
    """A use case calling another use case, then failing."""
    add_two(name, name + " too")
    raise ValueError("the outer use case failed after the inner one")


@pytest.fixture
def commits(app) -> list[int]:  # type: ignore[no-untyped-def]
    """Count the commits of the app's session."""
    seen: list[int] = []

    def count(_session: Any) -> None:
        seen.append(1)
    event.listen(db.session(), "after_commit", count)
    yield seen
    event.remove(db.session(), "after_commit", count)


@pytest.fixture
def no_pause(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the backoff pauses instead of sleeping them."""
    pauses: list[float] = []
    monkeypatch.setattr(transactions, "pause", pauses.append)
    return pauses


def test_use_case_commits_all_of_its_writes_in_one_transaction(app, commits) -> None:
    add_two("Finance", "Sales")
    assert department_names() == ["Finance", "Sales"]
    assert len(commits) == 1


def test_use_case_that_fails_half_way_leaves_nothing_behind(app) -> None:
    with pytest.raises(ValueError, match="second half"):
        add_then_fail("Finance")
    assert department_names() == []


def test_use_case_called_by_another_joins_it_and_rolls_back_with_it(app, commits) -> None:
    with pytest.raises(ValueError, match="outer use case failed"):
        outer_with_inner("Finance")
    assert department_names() == []
    assert commits == []


def locked_error() -> OperationalError:
    """Return the error SQLite gives when its busy timeout runs out."""
    return OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))


def test_transient_fault_runs_the_unit_again_from_the_start(app, no_pause) -> None:
    calls: list[int] = []

    @use_case
    def flaky() -> None:
        calls.append(1)
        add_department(f"Attempt {len(calls)}")
        if len(calls) < 3:
            raise locked_error()
    flaky()
    assert department_names() == ["Attempt 3"]  # the first two attempts left nothing
    assert len(no_pause) == 2


def test_transient_fault_reaches_the_caller_after_the_last_attempt(app, no_pause) -> None:
    @use_case(attempts=3)
    def always_locked() -> None:
        raise locked_error()
    with pytest.raises(OperationalError, match="database is locked"):
        always_locked()
    assert len(no_pause) == 2


def test_fault_of_data_is_not_retried(app, no_pause) -> None:
    calls: list[int] = []

    @use_case
    def refused() -> None:
        calls.append(1)
        raise ValueError("bad data")
    with pytest.raises(ValueError):
        refused()
    assert (len(calls), no_pause) == (1, [])


@pytest.mark.parametrize(("error", "transient"), [
    (locked_error(), True),
    (OperationalError("x", {}, sqlite3.OperationalError("no such table: t")), False),
    (StaleInstance("moved on"), True),
    (RuntimeError("wrapped"), False),
    (ValueError("plain"), False),
])
def test_transient_faults_are_told_apart_from_faults_of_data(error: Exception, transient: bool) -> None:
    assert is_transient(error) is transient


def test_transient_fault_is_found_behind_the_error_that_wraps_it() -> None:
    try:
        try:
            raise locked_error()
        except OperationalError as inner:
            raise RuntimeError("the handler failed") from inner
    except RuntimeError as outer:
        assert is_transient(outer)


def test_backoff_grows_with_jitter_and_stays_below_its_cap() -> None:
    for attempt in range(1, 12):
        assert 0 <= backoff_seconds(attempt) <= transactions.BACKOFF_CAP_SECONDS
    assert max(backoff_seconds(1) for _ in range(200)) <= transactions.BACKOFF_BASE_SECONDS


class Refused(Recoverable):
    """A failure that records itself after the rollback."""


def test_recovery_runs_once_after_the_failed_unit_rolled_back(app) -> None:
    @use_case
    def fails_and_records() -> None:
        add_department("Written by the failed unit")
        error = Refused("refused")
        error.recovery = lambda: add_department("Failure recorded")
        raise error
    with pytest.raises(Refused):
        fails_and_records()
    assert department_names() == ["Failure recorded"]


def test_changes_left_outside_a_use_case_are_refused_not_silently_dropped(app) -> None:
    db.session.add(Department(name="Pending outside a unit"))
    with pytest.raises(RuntimeError, match="outside a use case"):
        add_two("Finance", "Sales")
    db.session.rollback()
    assert db.session.execute(select(func.count()).select_from(Department)).scalar_one() == 0


@pytest.mark.postgres
def test_unit_whose_connection_the_server_ended_runs_again_on_a_new_one(database_url, app, no_pause) -> None:
    """The server ends the unit's connection mid-transaction: the rollback must not fail on the dead connection
    (it once raised PendingRollbackError from the BEGIN bookkeeping, so the unit was neither retried nor closed)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("only PostgreSQL's server ends a connection; SQLite has none")
    calls: list[int] = []

    @use_case
    def ended_once() -> None:
        calls.append(1)
        add_department(f"Attempt {len(calls)}")
        if len(calls) == 1:
            pid = db.session.execute(select(func.pg_backend_pid())).scalar_one()
            with db.engine.connect() as other:
                other.execute(select(func.pg_terminate_backend(pid)))
            db.session.execute(select(1))  # the server has ended this connection
    ended_once()
    assert department_names() == ["Attempt 2"]
    db.session.remove()  # closing the session after the retried unit raises nothing
