"""A failing step rolls back, marks the instance needs_attention, and 'retry' resumes it once fixed."""
from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.platform.errors import Conflict, StepFailed
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import retry_instance, show_instance, start_instance
from app.workflow.models import ProcessInstance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers
from engine.topics import TopicCall, TopicRegistry


class FlakyTicketSystem:
    """The 'flaky' topic handler: it raises while the ticket system is down."""

    def __init__(self) -> None:
        self.down = True

    def __call__(self, call: TopicCall) -> dict[str, Any]:
        """Open a ticket, or fail like a network call does."""
        if self.down:
            raise ConnectionError("ticket system down")
        return {"ticket": "T-1"}


@pytest.fixture
def ticket_system(topics: TopicRegistry) -> FlakyTicketSystem:
    """Register the 'flaky' topic (down until a test brings it up) before anything is deployed."""
    system = FlakyTicketSystem()
    topics.register("flaky", system)
    return system


def open_task_names(instance_id: int) -> list[str]:
    """Return the names of an instance's open tasks."""
    return [task.name for task in list_tasks(instance_id=instance_id)]


def history_of(instance_id: int) -> list[tuple[str, str | None, dict[str, Any]]]:
    """Return (kind, element id, data) of an instance's history events, in order."""
    return [(e.kind, e.element_id, e.data) for e in list_history(instance_stream(instance_id))]


def stored_instance(instance_id: int) -> tuple[str, str, str | None]:
    """Return the committed (status, state_json, last_error) of an instance."""
    status, state_json, last_error = db.session.execute(
        select(ProcessInstance.status, ProcessInstance.state_json, ProcessInstance.last_error)
        .where(ProcessInstance.id == instance_id)
    ).one()
    db.session.rollback()
    return status, state_json, last_error


def start_fragile(runtime, deploy) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Deploy failing_step.bpmn, start it and return the instance id and its 'Fill the form' task id."""
    deploy("failing_step.bpmn")
    instance_id = start_instance(runtime, "fragile", {})
    return instance_id, list_tasks(instance_id=instance_id)[0].id


def fail_completion(runtime, task_id: str) -> StepFailed:  # type: ignore[no-untyped-def]
    """Complete 'Fill the form' as sam while the ticket system is down; return the failure."""
    with pytest.raises(StepFailed) as failure:
        complete_task(runtime, task_id, "sam", {"summary": "Printer on fire"})
    return failure.value


# --- a failure while completing a task ---------------------------------------------------------

def test_person_completing_a_task_whose_next_step_fails_is_told_the_error_and_the_retry_command(
        runtime, deploy, people, ticket_system) -> None:
    instance_id, task_id = start_fragile(runtime, deploy)
    failure = fail_completion(runtime, task_id)
    assert failure.instance_id == instance_id
    assert "ticket system down" in str(failure)
    assert f"flowdesk retry {instance_id}" in str(failure)


def test_failed_completion_keeps_the_last_committed_state_and_marks_the_instance_needs_attention(
        runtime, deploy, people, ticket_system) -> None:
    instance_id, task_id = start_fragile(runtime, deploy)
    _, state_before, _ = stored_instance(instance_id)
    fail_completion(runtime, task_id)
    status, state_after, last_error = stored_instance(instance_id)
    assert status == "needs_attention"
    assert "ticket system down" in last_error
    assert state_after == state_before
    assert [(t.id, t.name) for t in list_tasks(instance_id=instance_id)] == [(task_id, "Fill the form")]


def test_failed_completion_is_written_to_the_history_without_the_completion(
        runtime, deploy, people, ticket_system) -> None:
    instance_id, task_id = start_fragile(runtime, deploy)
    fail_completion(runtime, task_id)
    events = history_of(instance_id)
    kind, _, data = events[-1]
    assert kind == "step_failed"
    assert "ConnectionError" in data["error"] and "ticket system down" in data["error"]
    assert "task_completed" not in [kind for kind, _, _ in events]


def test_person_completes_the_task_again_after_retry_once_the_service_is_back(
        runtime, deploy, people, ticket_system) -> None:
    instance_id, task_id = start_fragile(runtime, deploy)
    fail_completion(runtime, task_id)
    ticket_system.down = False
    assert retry_instance(runtime, instance_id, "lee") == "running"
    assert complete_task(runtime, task_id, "sam", {"summary": "Printer on fire"}) == "running"
    assert open_task_names(instance_id) == ["Check the result"]
    assert show_instance(runtime, instance_id).variables["ticket"] == "T-1"
    kinds = [kind for kind, _, _ in history_of(instance_id)]
    assert kinds.count("task_completed") == 1
    assert kinds.index("step_failed") < kinds.index("instance_retried") < kinds.index("task_completed")


def test_retry_is_refused_with_conflict_when_the_instance_is_running(runtime, deploy, people, ticket_system) -> None:
    instance_id, _ = start_fragile(runtime, deploy)
    with pytest.raises(Conflict, match="is running and has no incident; there is nothing to retry"):
        retry_instance(runtime, instance_id, "lee")
    assert stored_instance(instance_id)[0] == "running"


# --- a failure in the first steps ---------------------------------------------------------------

def test_failure_at_start_creates_the_instance_in_needs_attention_at_its_initial_state(
        runtime, deploy, people, ticket_system) -> None:
    deploy("flaky_start.bpmn")
    with pytest.raises(StepFailed, match="ticket system down") as failure:
        start_instance(runtime, "fragile_start", {"summary": "VPN down"}, business_key="INC-7")
    instance_id = failure.value.instance_id
    details = show_instance(runtime, instance_id)
    assert (details.summary.status, details.summary.business_key) == ("needs_attention", "INC-7")
    assert details.variables == {"summary": "VPN down"}
    assert details.open_tasks == []
    assert [kind for kind, _, _ in history_of(instance_id)] == ["instance_started", "step_failed"]


def test_retry_runs_an_instance_that_failed_at_start_once_the_handler_works(
        runtime, deploy, people, ticket_system) -> None:
    deploy("flaky_start.bpmn")
    with pytest.raises(StepFailed) as failure:
        start_instance(runtime, "fragile_start", {})
    instance_id = failure.value.instance_id
    ticket_system.down = False
    assert retry_instance(runtime, instance_id, "lee") == "running"
    assert open_task_names(instance_id) == ["Check the result"]
    assert stored_instance(instance_id)[2] is None


# --- a failure while firing a timer ------------------------------------------------------------

def start_fragile_timer_and_fail_it(runtime, deploy, clock) -> int:  # type: ignore[no-untyped-def]
    """Start flaky_timer.bpmn and let its timer fire into the failing service; return the instance id."""
    deploy("flaky_timer.bpmn")
    instance_id = start_instance(runtime, "fragile_timer", {})
    clock.advance(hours=1, seconds=1)
    result = fire_due_timers(runtime)
    assert (result.fired, [f.instance_id for f in result.failed]) == ([], [instance_id])
    return instance_id


def test_timer_step_that_fails_marks_the_instance_needs_attention_and_keeps_its_timer(
        runtime, deploy, clock, ticket_system) -> None:
    instance_id = start_fragile_timer_and_fail_it(runtime, deploy, clock)
    details = show_instance(runtime, instance_id)
    assert details.summary.status == "needs_attention"
    assert [t["element_id"] for t in details.timers] == ["pause"]
    assert [kind for kind, _, _ in history_of(instance_id)][-1] == "step_failed"


def test_scheduler_skips_an_instance_that_needs_attention_on_its_next_pass(
        runtime, deploy, clock, ticket_system) -> None:
    instance_id = start_fragile_timer_and_fail_it(runtime, deploy, clock)
    ticket_system.down = False
    clock.advance(minutes=5)
    result = fire_due_timers(runtime)
    assert (result.fired, result.failed) == ([], [])
    assert stored_instance(instance_id)[0] == "needs_attention"
    assert [kind for kind, _, _ in history_of(instance_id)].count("step_failed") == 1


def test_retry_fires_the_failed_timer_exactly_once_when_the_handler_works(
        runtime, deploy, clock, ticket_system) -> None:
    instance_id = start_fragile_timer_and_fail_it(runtime, deploy, clock)
    ticket_system.down = False
    assert retry_instance(runtime, instance_id, "lee") == "running"
    assert open_task_names(instance_id) == ["Check the result"]
    assert show_instance(runtime, instance_id).timers == []
    assert [(kind, element) for kind, element, _ in history_of(instance_id)].count(("timer_fired", "pause")) == 1
    assert fire_due_timers(runtime).fired == []


# --- the command line --------------------------------------------------------------------------

def test_cli_retry_prints_the_resumed_status(runtime, deploy, people, ticket_system, cli) -> None:
    instance_id, task_id = start_fragile(runtime, deploy)
    fail_completion(runtime, task_id)
    ticket_system.down = False
    result = cli("retry", str(instance_id))
    assert result.exit_code == 0
    assert result.stdout == f"Instance {instance_id} resumed; it is running.\n"


def test_cli_retry_as_someone_who_does_not_own_processes_is_refused(runtime, deploy, people, ticket_system,
                                                                     cli) -> None:
    instance_id, task_id = start_fragile(runtime, deploy)
    fail_completion(runtime, task_id)
    ticket_system.down = False
    result = cli("retry", str(instance_id), "--as", "lee")
    assert result.exit_code == 1
    assert "only process owners and administrators operate running instances" in result.stderr


def test_cli_complete_on_a_failing_step_exits_non_zero_with_one_line_on_stderr(
        runtime, deploy, people, ticket_system, cli) -> None:
    instance_id, task_id = start_fragile(runtime, deploy)
    result = cli("complete", task_id, "--as", "sam", "--field", "summary=Printer on fire")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ") and "ticket system down" in lines[0]
    assert f"flowdesk retry {instance_id}" in lines[0]
