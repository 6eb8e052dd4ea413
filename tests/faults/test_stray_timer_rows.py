"""A timer pass ends even when timer rows are wrong: it repairs them from the engine state and moves on."""
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, update

from app.extensions import db
from app.workflow import scripts, timers
from app.workflow.instances.history import instance_stream, list_history, verify_history
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.models import ExternalTask, ProcessInstance, Timer, UserTask
from app.workflow.outside.external_tasks import TopicRequest, fetch_and_lock
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import claim_task
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import TimerPass, fire_due_timers
from engine.runtime import Run

VISITS_ALLOWED = 2  # one visit, and one more when the instance was busy the first time


class EndlessPass(Exception):
    """A timer pass came back to an instance it had already stepped: on the old code it never ends."""


@pytest.fixture
def visits(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """Count the pass's visits per instance; a pass that loops fails with EndlessPass instead of hanging."""
    counted: Counter[int] = Counter()
    real = timers.fire_timers_of

    def fire_counted(runtime: Runtime, instance_id: int, *args: Any, **kwargs: Any) -> Any:
        counted[instance_id] += 1
        if counted[instance_id] > VISITS_ALLOWED:
            raise EndlessPass(f"The timer pass visited instance {instance_id} {counted[instance_id]} times.")
        return real(runtime, instance_id, *args, **kwargs)
    monkeypatch.setattr(timers, "fire_timers_of", fire_counted)
    return counted


def start_approvals(runtime: Runtime, deploy: Any, count: int) -> list[int]:
    """Deploy approval_timers.bpmn and start `count` approvals (deadline one day out)."""
    deploy("approval_timers.bpmn")
    return [start_instance(runtime, "approval", {}) for _ in range(count)]


def start_inbox_task(runtime: Runtime, deploy: Any) -> int:
    """Deploy inbox_task.bpmn and start an instance that waits for a person, not for time."""
    deploy("inbox_task.bpmn")
    return start_instance(runtime, "inbox_task", {"group": "service-desk", "person": "", "due": None,
                                                  "priority": 50})


def add_timer_row(instance_id: int, element_id: str, due_at: datetime) -> None:
    """Write a timer row the engine never asked for (a crash, a hand edit, an old bug)."""
    db.session.execute(insert(Timer).values(instance_id=instance_id, task_id="00000000-0000-0000-0000-000000000000",
                                            element_id=element_id, name="Ghost", kind="date", due_at=due_at))
    db.session.commit()


def move_timer_row(instance_id: int, which: str, **values: Any) -> None:
    """Change an instance's timer row for the element `which` behind the engine's back."""
    db.session.execute(update(Timer).where(Timer.instance_id == instance_id, Timer.element_id == which)
                       .values(**values))
    db.session.commit()


def timer_rows(instance_id: int) -> list[tuple[str, datetime]]:
    """Return an instance's (element id, due time) timer rows, by element id."""
    rows = db.session.execute(select(Timer.element_id, Timer.due_at).where(Timer.instance_id == instance_id)
                              .order_by(Timer.element_id)).all()
    db.session.rollback()
    return [(element_id, due_at) for element_id, due_at in rows]


def history_of(instance_id: int) -> list[tuple[str, dict[str, Any]]]:
    """Return (kind, data) of an instance's history events, in order."""
    return [(e.kind, e.data) for e in list_history(instance_stream(instance_id))]


def status_of(instance_id: int) -> str:
    """Return an instance's committed status."""
    status = db.session.execute(select(ProcessInstance.status).where(ProcessInstance.id == instance_id)).scalar_one()
    db.session.rollback()
    return status


def deadlines_fired(result: TimerPass) -> Counter[int]:
    """Count the approval deadlines a pass fired, per instance."""
    return Counter(f.instance_id for f in result.fired if f.element_id == "deadline")


def test_timer_pass_repairs_a_row_the_engine_does_not_know_and_fires_every_other_timer(
        runtime, deploy, clock, visits) -> None:
    stray = start_inbox_task(runtime, deploy)
    approvals = start_approvals(runtime, deploy, 3)
    add_timer_row(stray, "ghost", clock.now() - timedelta(hours=1))
    clock.advance(days=1, seconds=1)
    result = fire_due_timers(runtime)
    assert deadlines_fired(result) == Counter(approvals)
    assert (result.repaired, result.failed) == ([stray], [])
    assert visits == Counter({stray: 1, **{i: 1 for i in approvals}})
    assert timer_rows(stray) == []
    kind, data = history_of(stray)[-1]
    assert kind == "projections_rebuilt"
    assert [t["element_id"] for t in data["stray_timers"]] == ["ghost"]
    assert (status_of(stray), [t.name for t in list_tasks(instance_id=stray)]) == ("running", ["Work on it"])
    assert verify_history()[1] == []


def test_repair_drops_a_stray_task_row_and_keeps_the_claim_on_the_real_task(
        runtime, deploy, clock, people, visits) -> None:
    instance_id = start_inbox_task(runtime, deploy)
    (task,) = list_tasks(instance_id=instance_id)
    claim_task(runtime, task.id, "sam")
    db.session.execute(insert(UserTask).values(
        id="11111111-1111-1111-1111-111111111111", instance_id=instance_id, element_id="ghost_task",
        name="Ghost task", form_fields="[]", created_at=clock.now()))
    add_timer_row(instance_id, "ghost", clock.now() - timedelta(hours=1))
    assert fire_due_timers(runtime).repaired == [instance_id]
    assert [(t.id, t.assignee) for t in list_tasks(instance_id=instance_id)] == [(task.id, "sam")]
    data = history_of(instance_id)[-1][1]
    assert (data["stray_tasks"], data["missing_tasks"]) == (["11111111-1111-1111-1111-111111111111"], [])


def test_script_left_waiting_by_a_crash_is_run_by_the_pass_not_taken_for_a_stray_row(
        runtime, deploy, clock, visits, monkeypatch) -> None:
    deploy("scripted_check.bpmn")
    monkeypatch.setattr(scripts, "run_pending_scripts", lambda *args: 0)  # the process dies after the commit
    instance_id = start_instance(runtime, "scripted_check", {"a": 1})
    monkeypatch.undo()
    add_timer_row(instance_id, "ghost", clock.now() - timedelta(hours=1))
    first = fire_due_timers(runtime)
    assert (first.repaired, first.failed, status_of(instance_id)) == ([], [], "running")
    assert [t.name for t in list_tasks(instance_id=instance_id)] == ["Check the total"]
    assert timer_rows(instance_id) == []  # the step that ran the script rewrote the rows
    assert fire_due_timers(runtime).repaired == []


def test_next_timer_pass_finds_nothing_left_to_repair(runtime, deploy, clock, visits) -> None:
    stray = start_inbox_task(runtime, deploy)
    add_timer_row(stray, "ghost", clock.now() - timedelta(hours=1))
    fire_due_timers(runtime)
    result = fire_due_timers(runtime)
    assert (result.fired, result.repaired, result.failed) == ([], [], [])
    assert [kind for kind, _ in history_of(stray)].count("projections_rebuilt") == 1


def test_timer_pass_puts_back_a_timer_row_whose_element_id_is_wrong(runtime, deploy, clock, visits) -> None:
    (instance_id,) = start_approvals(runtime, deploy, 1)
    before = timer_rows(instance_id)
    move_timer_row(instance_id, "deadline", element_id="dead_line", due_at=clock.now() - timedelta(minutes=1))
    result = fire_due_timers(runtime)
    assert (result.fired, result.repaired) == ([], [instance_id])
    assert timer_rows(instance_id) == before
    data = history_of(instance_id)[-1][1]
    assert [t["element_id"] for t in data["stray_timers"]] == ["dead_line"]
    assert [t["element_id"] for t in data["missing_timers"]] == ["deadline"]


def test_due_row_whose_timer_the_engine_holds_for_later_fires_once_at_the_engines_time(
        runtime, deploy, clock, visits) -> None:
    (instance_id,) = start_approvals(runtime, deploy, 1)
    deadline_at = dict(timer_rows(instance_id))["deadline"]
    move_timer_row(instance_id, "deadline", due_at=clock.now() - timedelta(hours=1))
    clock.advance(minutes=5)
    result = fire_due_timers(runtime)
    assert (result.fired, result.repaired) == ([], [instance_id])
    assert dict(timer_rows(instance_id))["deadline"] == deadline_at
    clock.set(deadline_at + timedelta(seconds=1))
    assert deadlines_fired(fire_due_timers(runtime)) == Counter([instance_id])
    assert deadlines_fired(fire_due_timers(runtime)) == Counter()


def test_timer_pass_parks_an_instance_whose_due_timer_the_engine_will_not_fire(
        runtime, deploy, clock, visits, monkeypatch) -> None:
    deploy("approval_timers.bpmn")
    stuck = start_instance(runtime, "approval", {"stuck": True})
    healthy = start_instance(runtime, "approval", {})
    real_fire = Run.fire_due_timers

    def fire_unless_stuck(run: Run) -> None:
        if not run.variables().get("stuck"):
            real_fire(run)
    monkeypatch.setattr(Run, "fire_due_timers", fire_unless_stuck)
    clock.advance(days=1, seconds=1)
    result = fire_due_timers(runtime)
    assert deadlines_fired(result) == Counter([healthy])
    assert [f.instance_id for f in result.failed] == [stuck]
    assert status_of(stuck) == "needs_attention"
    kind, data = history_of(stuck)[-1]
    assert (kind, "did not fire" in data["error"]) == ("step_failed", True)
    assert visits[stuck] == 1


class SteppingBackClock:
    """A system clock stepped back (say by NTP) just after the pass read the time."""

    def __init__(self, first: datetime, then: datetime) -> None:
        self.readings = [first]
        self.then = then

    def now(self) -> datetime:
        """Return the first reading once, the earlier time ever after."""
        return self.readings.pop() if self.readings else self.then


def test_timer_pass_ends_when_the_clock_steps_back_while_it_runs(runtime, deploy, clock, visits) -> None:
    approvals = start_approvals(runtime, deploy, 2)
    start = clock.now()
    runtime.clock = SteppingBackClock(start + timedelta(days=1, seconds=1), start + timedelta(hours=1))
    result = fire_due_timers(runtime)
    assert (deadlines_fired(result), result.repaired, result.failed) == (Counter(), [], [])
    assert visits == Counter(approvals)
    assert all("projections_rebuilt" not in [k for k, _ in history_of(i)] for i in approvals)
    runtime.clock = clock
    clock.advance(days=1, seconds=1)
    assert deadlines_fired(fire_due_timers(runtime)) == Counter(approvals)


def test_timer_pass_far_in_the_future_visits_each_instance_once_and_ends(runtime, deploy, clock, visits) -> None:
    approvals = start_approvals(runtime, deploy, 2)
    stray = start_inbox_task(runtime, deploy)
    add_timer_row(stray, "ghost", clock.now() + timedelta(days=30))
    clock.advance(days=3650)
    result = fire_due_timers(runtime)
    assert deadlines_fired(result) == Counter(approvals)
    assert result.repaired == [stray]
    assert visits == Counter([*approvals, stray])
    assert [t.name for i in approvals for t in list_tasks(instance_id=i)] == ["Decide on the overdue approval"] * 2


def test_timer_pass_in_the_past_fires_nothing_and_ends(runtime, deploy, clock, visits) -> None:
    approvals = start_approvals(runtime, deploy, 2)
    clock.advance(days=-3650)
    result = fire_due_timers(runtime)
    assert (result.fired, result.repaired, result.failed, visits) == ([], [], [], Counter())
    assert all(show_instance(runtime, i).summary.status == "running" for i in approvals)


def test_cli_fire_timers_says_which_instance_it_repaired(runtime, deploy, clock, cli) -> None:
    stray = start_inbox_task(runtime, deploy)
    add_timer_row(stray, "ghost", clock.now() - timedelta(hours=1))
    assert cli("fire-timers").stdout.strip() == f"repaired the task and timer rows of instance {stray}"
    assert cli("fire-timers").stdout.strip() == "No timer was due."


def external_task_rows(instance_id: int) -> list[tuple[str, str, str | None]]:
    """Return an instance's (id, topic, worker) external task rows."""
    rows = db.session.execute(select(ExternalTask.id, ExternalTask.topic, ExternalTask.worker_id)
                              .where(ExternalTask.instance_id == instance_id).order_by(ExternalTask.id)).all()
    db.session.rollback()
    return [(task_id, topic, worker) for task_id, topic, worker in rows]


def test_repair_puts_back_a_missing_external_task_row_and_drops_a_stray_one(runtime, deploy, clock, visits) -> None:
    deploy("outside_worker.bpmn")
    instance_id = start_instance(runtime, "charge_card", {"amount": 5})
    [(real_id, _topic, _worker)] = external_task_rows(instance_id)
    db.session.execute(delete(ExternalTask))
    db.session.execute(insert(ExternalTask).values(
        id="22222222-2222-2222-2222-222222222222", instance_id=instance_id, element_id="ghost", name="Ghost",
        topic="ghost", priority=0, created_at=clock.now()))
    add_timer_row(instance_id, "ghost", clock.now() - timedelta(hours=1))
    assert fire_due_timers(runtime).repaired == [instance_id]
    assert external_task_rows(instance_id) == [(real_id, "charge-card", None)]
    data = history_of(instance_id)[-1][1]
    assert data["stray_external_tasks"] == ["22222222-2222-2222-2222-222222222222"]
    assert data["missing_external_tasks"] == [real_id]


def test_repair_keeps_the_lock_of_an_external_task_row_that_was_right(runtime, deploy, clock, visits) -> None:
    deploy("outside_worker.bpmn")
    instance_id = start_instance(runtime, "charge_card", {"amount": 5})
    [locked] = fetch_and_lock(runtime, "w1", 1, False, [TopicRequest("charge-card", 3_600_000)], "bot")
    add_timer_row(instance_id, "ghost", clock.now() - timedelta(hours=1))
    assert fire_due_timers(runtime).repaired == [instance_id]
    assert external_task_rows(instance_id) == [(locked.id, "charge-card", "w1")]
    data = history_of(instance_id)[-1][1]
    assert (data["stray_external_tasks"], data["missing_external_tasks"]) == ([], [])
