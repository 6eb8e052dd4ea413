"""Two people acting on one task at the same moment: exactly one wins, the other is told why."""
import threading
from collections.abc import Callable

import pytest
from flask import Flask

from app.extensions import db
from app.organisation.policies import system_actor
from app.organisation.users import add_user
from app.platform.errors import NotAllowed, TaskAlreadyFinished
from app.workflow.instances.history import instance_stream, list_history, verify_history
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers

ROUNDS = 4
WAIT_SECONDS = 20


def run_at_once(app: Flask, *calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread and app context, released together; return each result or exception."""
    db.session.commit()  # SQLite has one writer: the test's own transaction must not hold it
    start = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def work(index: int, call: Callable[[], object]) -> None:
        with app.app_context():
            try:
                start.wait(timeout=WAIT_SECONDS)
                outcomes[index] = call()
            except Exception as exc:  # the outcome under test
                outcomes[index] = exc
            finally:
                db.session.remove()
    threads = [threading.Thread(target=work, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT_SECONDS * 2)
    assert not any(thread.is_alive() for thread in threads), "a racing call hung (deadlock?)"
    return outcomes


def history_kinds(instance_id: int) -> list[str]:
    """Return the kinds of an instance's history events, in order."""
    return [event.kind for event in list_history(instance_stream(instance_id))]


@pytest.fixture
def managers(runtime, people) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Two candidates of the approval task: mona and mia, both managers."""
    add_user(runtime, system_actor(), "mia", ["managers"])
    return "mona", "mia"


def start_approval(runtime) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Start an approval and return the instance id and its 'Approve the request' task id."""
    instance_id = start_instance(runtime, "approval", {})
    return instance_id, list_tasks(instance_id=instance_id)[0].id


def completing(runtime, task_id: str, user: str) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    """Return a call that completes the approval task as a user."""
    return lambda: complete_task(runtime, task_id, user, {"approved": "true"})


def assert_completed_once(outcomes: list[object], instance_id: int) -> None:
    """Exactly one completion won; the other was told the task was already completed."""
    winners = [o for o in outcomes if o == "completed"]
    losers = [o for o in outcomes if isinstance(o, TaskAlreadyFinished)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert "already completed" in str(losers[0])
    assert history_kinds(instance_id).count("task_completed") == 1


def assert_claimed_once(outcomes: list[object], task_id: str, users: tuple[str, ...]) -> None:
    """Exactly one claim won; the other was refused with NotAllowed."""
    refused = [o for o in outcomes if isinstance(o, NotAllowed)]
    assert outcomes.count(None) == 1 and len(refused) == 1, outcomes
    winner = users[outcomes.index(None)]
    assignees = [t.assignee for t in list_tasks() if t.id == task_id]
    assert assignees == [winner]


# --- completing ----------------------------------------------------------------------------------

def test_two_candidates_completing_one_task_at_once_complete_it_exactly_once(
        app, runtime, deploy, managers) -> None:
    deploy("approval_timers.bpmn")
    for _ in range(ROUNDS):
        instance_id, task_id = start_approval(runtime)
        outcomes = run_at_once(app, *(completing(runtime, task_id, user) for user in managers))
        assert_completed_once(outcomes, instance_id)
        assert show_instance(runtime, instance_id).summary.status == "completed"


# --- claiming ------------------------------------------------------------------------------------

def test_two_candidates_claiming_one_task_at_once_leave_exactly_one_assignee(app, runtime, deploy, managers) -> None:
    deploy("approval_timers.bpmn")
    for _ in range(ROUNDS):
        instance_id, task_id = start_approval(runtime)
        outcomes = run_at_once(app, *(lambda user=user, task_id=task_id: claim_task(runtime, task_id, user) for user in managers))
        assert_claimed_once(outcomes, task_id, managers)
        assert history_kinds(instance_id).count("task_claimed") == 1


def test_claim_racing_a_timer_step_of_the_same_instance_keeps_both_and_the_history_chain(
        app, runtime, deploy, managers, clock) -> None:
    deploy("approval_timers.bpmn")
    for _ in range(ROUNDS):
        instance_id, task_id = start_approval(runtime)
        clock.advance(hours=2, seconds=1)
        outcomes = run_at_once(app, lambda task_id=task_id: claim_task(runtime, task_id, "mona"),
                               lambda: fire_due_timers(runtime))
        assert outcomes[0] is None, outcomes
        timer_pass = outcomes[1]
        assert timer_pass.failed == [], timer_pass.failed
        assert [f.element_id for f in timer_pass.fired if f.instance_id == instance_id] == ["remind_every_2h"]
        assert show_instance(runtime, instance_id).summary.status == "running"
    assert verify_history()[1] == []


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
@pytest.mark.postgres
def test_second_candidate_waits_for_the_first_step_and_is_told_already_completed(
        app, runtime, deploy, topics, people) -> None:
    add_user(runtime, system_actor(), "sid", ["service-desk"])
    in_handler, release = threading.Event(), threading.Event()

    def slow_handler(call):  # type: ignore[no-untyped-def]
        in_handler.set()  # the first completion now holds the instance's row lock
        release.wait(timeout=WAIT_SECONDS)
    topics.register("flaky", slow_handler)
    deploy("failing_step.bpmn")
    instance_id = start_instance(runtime, "fragile", {})
    task_id = list_tasks(instance_id=instance_id)[0].id

    def second() -> object:
        in_handler.wait(timeout=WAIT_SECONDS)
        release.set()  # whether or not it already queued on the lock, it must see the first's result
        return complete_task(runtime, task_id, "sid", {"summary": "second"})
    outcomes = run_at_once(app, lambda: complete_task(runtime, task_id, "sam", {"summary": "first"}), second)
    assert outcomes[0] == "running"
    assert isinstance(outcomes[1], TaskAlreadyFinished) and "already completed by sam" in str(outcomes[1])

