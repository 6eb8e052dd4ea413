"""A timer step that meets a transient database fault is run again, never parked, and never fired twice."""
import sqlite3
from collections import Counter
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.platform import transactions
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import HistoryEvent, ProcessInstance
from app.workflow.run_cache import RunCache
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers
from engine.topics import TopicCall, TopicRegistry


def transient_fault(dialect: str) -> OperationalError:
    """Return the fault a busy database answers with: a locked SQLite file, a PostgreSQL deadlock."""
    if dialect == "sqlite":
        return OperationalError("UPDATE ticket ...", {}, sqlite3.OperationalError("database is locked"))
    return OperationalError("UPDATE ticket ...", {}, psycopg.errors.DeadlockDetected("deadlock detected"))


class FaultyService:
    """The 'flaky' topic handler: its first `faults` calls meet a transient database fault."""

    def __init__(self, dialect: str, faults: int) -> None:
        self.dialect = dialect
        self.faults = faults
        self.calls = 0

    def __call__(self, call: TopicCall) -> dict[str, Any]:
        """Fail with the database's transient fault while faults remain, then succeed."""
        self.calls += 1
        if self.calls <= self.faults:
            raise transient_fault(self.dialect)
        return {"ticket": "T-1"}


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the backoff pauses of units instead of sleeping them."""
    taken: list[float] = []
    monkeypatch.setattr(transactions, "pause", taken.append)
    return taken


def flaky_service(app: Any, topics: TopicRegistry, faults: int) -> FaultyService:
    """Register the 'flaky' topic as a FaultyService for this app's database."""
    service = FaultyService(db.engine.dialect.name, faults)
    topics.register("flaky", service)
    return service


def start_waiting_timer(runtime: Any, deploy: Any, clock: Any) -> int:
    """Start flaky_timer.bpmn (wait one hour, then call 'flaky'), move past the hour; return the instance id."""
    deploy("flaky_timer.bpmn")
    instance_id = start_instance(runtime, "fragile_timer", {})
    clock.advance(hours=1, seconds=1)
    return instance_id


def kinds_of(instance_id: int) -> list[str]:
    """Return the kinds of an instance's history events, in order."""
    return [event.kind for event in list_history(instance_stream(instance_id))]


def status_of(instance_id: int) -> str:
    """Return an instance's committed status."""
    status = db.session.execute(select(ProcessInstance.status).where(ProcessInstance.id == instance_id)).scalar_one()
    db.session.rollback()
    return status


def timer_fired_events(instance_id: int) -> int:
    """Count the timer_fired events an instance's history holds."""
    total = db.session.execute(select(func.count()).select_from(HistoryEvent).where(
        HistoryEvent.instance_id == instance_id, HistoryEvent.kind == "timer_fired")).scalar_one()
    db.session.rollback()
    return total


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "run-cache"])
def test_timer_step_meeting_a_transient_fault_is_retried_and_never_parks_the_instance(
        app, runtime, deploy, clock, topics, pauses, cached) -> None:
    if cached:
        runtime.runs = RunCache()  # the retried step must not reuse the run the failed attempt moved on
    service = flaky_service(app, topics, faults=1)
    instance_id = start_waiting_timer(runtime, deploy, clock)
    result = fire_due_timers(runtime)
    assert ([f.element_id for f in result.fired], result.failed, result.postponed) == (["pause"], [], [])
    assert (status_of(instance_id), service.calls, len(pauses)) == ("running", 2, 1)
    assert "step_failed" not in kinds_of(instance_id)
    assert (timer_fired_events(instance_id), [t.name for t in list_tasks(instance_id=instance_id)]) == (
        1, ["Check the result"])


def test_timer_step_whose_fault_outlasts_the_retries_waits_for_the_next_pass_and_others_still_fire(
        app, runtime, deploy, clock, topics, pauses) -> None:
    service = flaky_service(app, topics, faults=transactions.DEFAULT_ATTEMPTS)
    deploy("approval_timers.bpmn")
    approval = start_instance(runtime, "approval", {})
    instance_id = start_waiting_timer(runtime, deploy, clock)
    clock.advance(days=1)
    first = fire_due_timers(runtime)
    assert (first.postponed, first.failed) == ([instance_id], [])
    assert Counter(f.instance_id for f in first.fired if f.element_id == "deadline") == Counter([approval])
    assert (status_of(instance_id), timer_fired_events(instance_id), "step_failed" in kinds_of(instance_id)) == (
        "running", 0, False)
    second = fire_due_timers(runtime)
    assert ([f.element_id for f in second.fired], second.postponed) == (["pause"], [])
    assert (service.calls, timer_fired_events(instance_id)) == (transactions.DEFAULT_ATTEMPTS + 1, 1)


class RowHeldElsewhere:
    """A PostgreSQL row lock held by another connection, released on request."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url)
        self.connection = self.engine.connect()
        self.connection.execute(sa.text("SELECT id FROM process_definition FOR UPDATE"))

    def release(self) -> None:
        """End the other connection's transaction, and with it the lock."""
        if self.connection.in_transaction():
            self.connection.rollback()

    def close(self) -> None:
        """Release and disconnect."""
        self.release()
        self.connection.close()
        self.engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_timer_step_whose_handler_finds_a_row_locked_elsewhere_is_retried_on_postgres(
        database_url, app, runtime, deploy, clock, topics, pauses) -> None:
    holders: list[RowHeldElsewhere] = []
    calls: list[str] = []

    def lock_the_version(call: TopicCall) -> dict[str, Any]:
        calls.append("called")
        try:  # a real 55P03 (lock not available) from the server while the other connection holds the row
            db.session.execute(sa.text("SELECT id FROM process_definition FOR UPDATE NOWAIT"))
        finally:
            holders[0].release()  # the other transaction ends before the unit runs again
        return {"ticket": "T-1"}
    topics.register("flaky", lock_the_version)
    instance_id = start_waiting_timer(runtime, deploy, clock)
    db.session.commit()
    holder = RowHeldElsewhere(database_url)
    holders.append(holder)
    try:
        result = fire_due_timers(runtime)
    finally:
        holder.close()
    assert ([f.element_id for f in result.fired], result.failed, result.postponed) == (["pause"], [], [])
    assert (len(calls), status_of(instance_id), timer_fired_events(instance_id)) == (2, "running", 1)
    assert "step_failed" not in kinds_of(instance_id)
