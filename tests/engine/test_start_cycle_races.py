"""Two scheduler passes racing over a start cycle that is several firings overdue start exactly one instance
per firing (issue 10): the claims that keep any timer from firing twice also keep a start cycle from starting
two successors, or skipping one."""
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import list_instances
from app.workflow.models import HistoryEvent
from tests.engine.test_exactly_once import PassReport, race_scheduler_processes, race_scheduler_threads
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
    assert_one_instance_per_firing(first, race_scheduler_processes(database_url, due_at))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_two_scheduler_threads_start_one_instance_per_start_cycle_firing_on_sqlite(database_url, runtime,
                                                                                   clock) -> None:
    first, due_at = deploy_overdue_cycle(runtime, clock)
    assert_one_instance_per_firing(first, race_scheduler_threads(database_url, due_at))
