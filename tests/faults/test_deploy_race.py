"""Deploying a new version while the old version's start timer fires: the old instance is cancelled only if it never ran.

Real threads on real PostgreSQL connections. The timer pass and the deployment each run in a thread
of their own; one of them is held mid-unit (holding the old instance's row lock) until the other
is seen waiting for that lock in pg_stat_activity, then let go. Every wait is bounded.
"""
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.workflow import deployment
from app.workflow.deployment import Deployed, deploy_diagram
from app.workflow.instances.history import DEPLOYMENT_STREAM, instance_stream, list_history, verify_history
from app.workflow.instances.lifecycle import list_instances, show_instance
from app.workflow.models import Timer, UserTask
from app.workflow.runtime import Runtime
from app.workflow.timers import TimerPass, fire_due_timers
from engine.clock import FixedClock
from engine.topics import TopicCall, TopicRegistry

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("database_url", ["postgres"], indirect=True)]

WAIT_SECONDS = 30
POLL_SECONDS = 0.02
DIAGRAM = (Path(__file__).parents[1] / "diagrams" / "gated_timer_start.bpmn").read_text()
DUE_AT = datetime(2030, 1, 2, 2, 0, 1, tzinfo=UTC)  # just past version 1's start timer (02:00)


class Gate:
    """A point where a thread stops mid-unit until the test lets it go."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.opened = threading.Event()

    def pass_through(self) -> None:
        """Say the gate was reached, then wait (bounded) until it is opened."""
        self.reached.set()
        if not self.opened.wait(WAIT_SECONDS):
            raise TimeoutError("The test never opened the gate.")


class Worker(threading.Thread):
    """Run one piece of work in its own thread, app context and database session; keep its result or error."""

    def __init__(self, app: Flask, work: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.app, self.work = app, work
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        """Do the work; whatever happens, give the connection back."""
        with self.app.app_context():
            try:
                self.result = self.work()
            except BaseException as error:  # re-raised in the test's thread by outcome()
                self.error = error
            finally:
                db.session.remove()

    def outcome(self) -> Any:
        """Wait (bounded) for the work to end; return its result or raise its error."""
        self.join(WAIT_SECONDS)
        assert not self.is_alive(), "the worker hung"
        if self.error is not None:
            raise self.error
        return self.result


@pytest.fixture
def gate(topics: TopicRegistry) -> Iterator[Gate]:
    """Register the 'gate' topic: the step of a started night check stops there; opened at the end in any case."""
    stop = Gate()

    def open_gate(call: TopicCall) -> dict[str, Any]:
        stop.pass_through()
        return {}
    topics.register("gate", open_gate)
    yield stop
    stop.opened.set()


@pytest.fixture
def scheduler(database_url: str, topics: TopicRegistry) -> Iterator[Flask]:
    """A second app on the same database whose clock stands just past version 1's start timer."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True}, clock=FixedClock(DUE_AT),
                     topics=topics)
    yield app
    with app.app_context():
        db.engine.dispose()


def deploy_version(runtime: Runtime, start_at: str) -> Deployed:
    """Deploy the night check with its start timer at the given time of 2 January 2030."""
    xml = DIAGRAM.replace("02:00:00Z", f"{start_at}:00Z")
    (deployed,) = deploy_diagram(runtime, xml.encode(), "gated_nightly.bpmn", "owner")
    return deployed


def wait_for_a_lock_waiter(database_url: str) -> bool:
    """Wait (bounded) until a connection of this test database waits for a row lock; say whether one did."""
    engine = sa.create_engine(database_url)
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        with engine.connect() as connection:
            while time.monotonic() < deadline:
                waiting = connection.execute(sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'")).scalar_one()
                connection.rollback()
                if waiting:
                    return True
                threading.Event().wait(POLL_SECONDS)  # polling a server view, not waiting for time to pass
        return False
    finally:
        engine.dispose()


def kinds_of(instance_id: int) -> list[str]:
    """Return the kinds of an instance's history events, in order."""
    return [event.kind for event in list_history(instance_stream(instance_id))]


def instances_by_version() -> dict[int, tuple[int, str]]:
    """Return {instance id: (version, status)} of the night check."""
    found = {i.id: (i.version, i.status) for i in list_instances(process_id="gated_nightly")}
    db.session.rollback()
    return found


def rows_of(model: Any) -> list[int]:
    """Return the instance ids of a projection's rows."""
    ids = list(db.session.execute(select(model.instance_id).order_by(model.instance_id)).scalars())
    db.session.rollback()
    return ids


def assert_nothing_half_written(old: int, new: int) -> None:
    """The old instance either ran or was cancelled, never both; each version and row is stored once; chains verify."""
    kinds = kinds_of(old)
    assert ("timer_fired" in kinds) != ("instance_cancelled" in kinds)
    deployed = [e.data["version"] for e in list_history(DEPLOYMENT_STREAM) if e.kind == "process_deployed"]
    assert deployed == [1, 2]
    assert rows_of(Timer) == [new]
    assert verify_history()[1] == []


def test_instance_whose_start_timer_fires_during_a_deployment_is_not_cancelled(
        database_url, app, runtime, scheduler, gate) -> None:
    old = deploy_version(runtime, "02:00").scheduled_instance
    db.session.commit()
    timer_pass = Worker(scheduler, lambda: fire_due_timers(scheduler.extensions["flowdesk"]))
    timer_pass.start()
    assert gate.reached.wait(WAIT_SECONDS), "the start timer never fired"
    redeploy = Worker(app, lambda: deploy_version(runtime, "03:00"))
    redeploy.start()
    waited = wait_for_a_lock_waiter(database_url)
    gate.opened.set()
    fired: TimerPass = timer_pass.outcome()
    v2: Deployed = redeploy.outcome()
    assert waited, "the deployment never waited for the firing instance's lock"
    assert ([(f.instance_id, f.element_id) for f in fired.fired], fired.failed) == ([(old, "at_night")], [])
    new = v2.scheduled_instance
    assert instances_by_version() == {old: (1, "running"), new: (2, "running")}
    assert "timer_fired" in kinds_of(old) and "instance_cancelled" not in kinds_of(old)
    assert rows_of(UserTask) == [old]
    assert [t["due_at"] for t in show_instance(runtime, new).timers] == ["2030-01-02T03:00:00+00:00"]
    assert_nothing_half_written(old, new)


def test_instance_cancelled_by_a_deployment_does_not_fire_when_the_pass_gets_its_lock(
        database_url, app, runtime, scheduler, gate, monkeypatch) -> None:
    old = deploy_version(runtime, "02:00").scheduled_instance
    db.session.commit()
    held = Gate()
    real_start = deployment.start_instance

    def start_after_the_gate(*args: Any, **kwargs: Any) -> int:
        held.pass_through()  # the old instance is cancelled and locked, nothing committed yet
        return real_start(*args, **kwargs)
    monkeypatch.setattr(deployment, "start_instance", start_after_the_gate)
    redeploy = Worker(app, lambda: deploy_version(runtime, "03:00"))
    redeploy.start()
    try:
        assert held.reached.wait(WAIT_SECONDS), "the deployment never reached its new instance"
        timer_pass = Worker(scheduler, lambda: fire_due_timers(scheduler.extensions["flowdesk"]))
        timer_pass.start()
        waited = wait_for_a_lock_waiter(database_url)
    finally:
        held.opened.set()
    v2: Deployed = redeploy.outcome()
    fired: TimerPass = timer_pass.outcome()
    assert waited, "the timer pass never waited for the deployment's lock"
    assert (fired.fired, fired.failed, fired.postponed) == ([], [], [])
    new = v2.scheduled_instance
    assert instances_by_version() == {old: (1, "cancelled"), new: (2, "running")}
    assert "timer_fired" not in kinds_of(old) and kinds_of(old)[-1] == "instance_cancelled"
    assert rows_of(UserTask) == []
    assert [t["due_at"] for t in show_instance(runtime, new).timers] == ["2030-01-02T03:00:00+00:00"]
    assert_nothing_half_written(old, new)
