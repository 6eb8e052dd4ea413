"""Two scheduler passes racing over a start cycle that is several firings overdue start exactly one instance
per firing (issue 10): the claims that keep any timer from firing twice also keep a start cycle from starting
two successors, or skipping one."""
import multiprocessing
import threading
import traceback
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import list_instances
from app.workflow.models import HistoryEvent
from tests.engine.test_exactly_once import (
    WAIT_SECONDS,
    PassReport,
    fire_timers_at_the_start_line,
    scheduler_app,
    scheduler_process,
)
from tests.engine.test_start_cycles import START, tasks_by_instance, ticking, waiting_at_start

FIRINGS = 3  # R/PT10M, 31 minutes late: due at 00:10, 00:20 and 00:30


def deploy_overdue_cycle(runtime, clock) -> tuple[int, datetime]:  # type: ignore[no-untyped-def]
    """Deploy an endless ten-minute start cycle and move the clock past three firings; return the waiting
    instance and the time the schedulers run at."""
    (deployed,) = deploy_diagram(runtime, ticking("R/PT10M"), "ticking.bpmn", "owner")
    due_at = clock.advance(minutes=31)
    db.session.commit()  # SQLite has one writer: the test's own transaction must not hold it
    return deployed.scheduled_instance, due_at


def assert_one_instance_per_firing(first: int, reports: list[PassReport | str]) -> None:
    """Both passes ran cleanly; three instances fired once each and one waits for the fourth firing."""
    for report in reports:
        assert not isinstance(report, str), report
    assert [failed for _, failed in reports] == [[], []]  # type: ignore[misc]
    fired = Counter(i for fired, _ in reports for i, element_id in fired if element_id == "tick")  # type: ignore[misc]
    db.session.rollback()
    recorded = dict(db.session.execute(
        select(HistoryEvent.instance_id, func.count()).where(HistoryEvent.kind == "timer_fired")
        .group_by(HistoryEvent.instance_id)).all())
    assert recorded == dict(fired) and set(recorded.values()) == {1} and len(recorded) == FIRINGS
    assert first in recorded
    assert tasks_by_instance() == {instance_id: ["Count the stock"] for instance_id in recorded}
    ((waiting, next_at),) = waiting_at_start()
    assert waiting not in recorded and next_at == (START + timedelta(minutes=40)).isoformat()
    assert len(list_instances()) == FIRINGS + 1


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_scheduler_processes_start_one_instance_per_start_cycle_firing_on_postgres(
        database_url, runtime, clock) -> None:
    first, due_at = deploy_overdue_cycle(runtime, clock)
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
    assert_one_instance_per_firing(first, collected)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_two_scheduler_threads_start_one_instance_per_start_cycle_firing_on_sqlite(database_url, runtime,
                                                                                   clock) -> None:
    first, due_at = deploy_overdue_cycle(runtime, clock)
    apps = [scheduler_app(database_url, due_at) for _ in range(2)]
    start = threading.Barrier(2)
    reports: list[PassReport | str] = ["did not finish", "did not finish"]

    def work(index: int) -> None:
        try:
            reports[index] = fire_timers_at_the_start_line(apps[index], start)
        except BaseException:  # reported by the assertion below
            reports[index] = traceback.format_exc()
    threads = [threading.Thread(target=work, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a scheduler pass hung"
    assert_one_instance_per_firing(first, reports)
