"""Two scheduler passes racing over the same due timers fire each timer exactly once."""
import multiprocessing
import threading
import traceback
from collections import Counter
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import HistoryEvent
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers
from engine.clock import FixedClock

INSTANCES = 40
WAIT_SECONDS = 60
PassReport = tuple[list[tuple[int, str]], list[str]]


def fire_timers_at_the_start_line(app: Flask, start: Any) -> PassReport:
    """Connect, wait until the other scheduler is ready too, then run one pass; return (fired, failed)."""
    with app.app_context():
        try:
            db.session.execute(select(1))
            db.session.rollback()
            start.wait(timeout=WAIT_SECONDS)
            result = fire_due_timers(app.extensions["flowdesk"])
            return [(f.instance_id, f.element_id) for f in result.fired], [str(f) for f in result.failed]
        finally:
            db.session.remove()
            db.engine.dispose()


def scheduler_app(database_url: str, due_at: datetime) -> Flask:
    """Build a scheduler's own app whose clock stands at the due time."""
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url}, clock=FixedClock(due_at))


def scheduler_process(database_url: str, due_at: datetime, start: Any, reports: Any) -> None:
    """Run one timer pass in this OS process and put its report (or the traceback) on the queue."""
    try:
        reports.put(fire_timers_at_the_start_line(scheduler_app(database_url, due_at), start))
    except BaseException:  # the parent shows it; a child must never die silently
        reports.put(traceback.format_exc())


def start_overdue_approvals(runtime, deploy, clock) -> tuple[list[int], datetime]:  # type: ignore[no-untyped-def]
    """Start INSTANCES approvals and move the clock past their deadline; return the ids and the due time."""
    deploy("approval_timers.bpmn")
    instance_ids = [start_instance(runtime, "approval", {}) for _ in range(INSTANCES)]
    due_at = clock.advance(days=1, seconds=1)
    db.session.commit()  # SQLite has one writer: the test's own transaction must not hold it
    return instance_ids, due_at


def assert_fired_exactly_once(instance_ids: list[int], reports: list[PassReport | str]) -> None:
    """Both passes ran cleanly, shared the instances out, and every deadline fired once."""
    for report in reports:
        assert not isinstance(report, str), report
    passes = [(fired, failed) for fired, failed in reports]  # type: ignore[misc]
    assert [failed for _, failed in passes] == [[], []]
    stepped_by = [{instance_id for instance_id, _ in fired} for fired, _ in passes]
    assert stepped_by[0].isdisjoint(stepped_by[1])
    deadlines = Counter(i for fired, _ in passes for i, element_id in fired if element_id == "deadline")
    assert deadlines == Counter(instance_ids)
    db.session.rollback()
    recorded = db.session.execute(
        select(HistoryEvent.instance_id, func.count())
        .where(HistoryEvent.kind == "timer_fired", HistoryEvent.element_id == "deadline")
        .group_by(HistoryEvent.instance_id)
    ).all()
    assert dict(recorded) == {instance_id: 1 for instance_id in instance_ids}
    open_tasks = Counter((t.instance_id, t.name) for t in list_tasks(limit=10 * INSTANCES))
    assert open_tasks == Counter({(i, "Decide on the overdue approval"): 1 for i in instance_ids})


def race_scheduler_processes(database_url: str, due_at: datetime) -> list[PassReport | str]:
    """Run one timer pass in each of two scheduler processes, released together; return their reports."""
    context = multiprocessing.get_context("spawn")
    start, reports = context.Barrier(2), context.Queue()
    processes = [context.Process(target=scheduler_process, args=(database_url, due_at, start, reports))
                 for _ in range(2)]
    for process in processes:
        process.start()
    try:
        collected = [reports.get(timeout=WAIT_SECONDS) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=WAIT_SECONDS)
            if process.is_alive():
                process.kill()
    assert [process.exitcode for process in processes] == [0, 0]
    return collected


def race_scheduler_threads(database_url: str, due_at: datetime) -> list[PassReport | str]:
    """Run one timer pass in each of two threads with apps of their own, released together; return their reports."""
    apps = [scheduler_app(database_url, due_at) for _ in range(2)]
    start = threading.Barrier(2)
    reports: list[PassReport | str] = ["did not finish", "did not finish"]

    def work(index: int) -> None:
        try:
            reports[index] = fire_timers_at_the_start_line(apps[index], start)
        except BaseException:  # reported by the caller's assertion
            reports[index] = traceback.format_exc()
    threads = [threading.Thread(target=work, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a scheduler pass hung"
    return reports


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_scheduler_processes_fire_each_due_timer_exactly_once_on_postgres(
        database_url, runtime, deploy, clock) -> None:
    instance_ids, due_at = start_overdue_approvals(runtime, deploy, clock)
    assert_fired_exactly_once(instance_ids, race_scheduler_processes(database_url, due_at))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_two_scheduler_threads_fire_each_due_timer_exactly_once_on_sqlite(database_url, runtime, deploy, clock) -> None:
    instance_ids, due_at = start_overdue_approvals(runtime, deploy, clock)
    assert_fired_exactly_once(instance_ids, race_scheduler_threads(database_url, due_at))
