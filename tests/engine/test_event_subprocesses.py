"""Event sub-processes as Camunda 7 runs them: an interrupting one ends the rest of its scope, a non-interrupting
one runs beside the main flow, and untriggered ones end with their scope (their timers go with them)."""
from sqlalchemy import select

from app.extensions import db
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.models import Timer
from app.workflow.tasks.actions import complete_task, reassign_task
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers


def open_tasks(instance_id: int) -> list[str]:
    """Return the element ids of an instance's open tasks."""
    return sorted(task.element_id for task in list_tasks(instance_id=instance_id))


def timer_rows(instance_id: int) -> list[str]:
    """Return the element ids of the timer rows the scheduler reads for an instance."""
    return sorted(db.session.execute(select(Timer.element_id).where(Timer.instance_id == instance_id)).scalars())


def complete(runtime, admin_actor, instance_id: int, element_id: str) -> None:  # type: ignore[no-untyped-def]
    """Complete the open task of an element, handing it to an agent first."""
    (task,) = [task for task in list_tasks(instance_id=instance_id) if task.element_id == element_id]
    reassign_task(runtime, task.id, admin_actor, "sam")
    complete_task(runtime, task.id, "sam", {})


def status(runtime, instance_id: int) -> str:  # type: ignore[no-untyped-def]
    """Return an instance's status."""
    return show_instance(runtime, instance_id).summary.status


def test_interrupting_timer_event_subprocess_cancels_the_main_task_and_the_other_timer(runtime, deploy, demo, clock,
                                                                                       admin_actor) -> None:
    deploy("timer_event_subprocesses.bpmn")
    instance_id = start_instance(runtime, "startTimerEventSubProcessWithUserTask", {})
    assert timer_rows(instance_id) == ["secondSubprocessStartEvent", "subprocessStartEvent"]
    clock.advance(minutes=1, seconds=1)
    fire_due_timers(runtime)
    assert open_tasks(instance_id) == ["subprocessUserTask"]
    assert timer_rows(instance_id) == []
    clock.advance(hours=2)
    assert fire_due_timers(runtime).fired == []
    complete(runtime, admin_actor, instance_id, "subprocessUserTask")
    assert status(runtime, instance_id) == "completed"


def test_instance_ends_with_its_main_flow_and_its_event_subprocess_timers_go(runtime, deploy, demo,
                                                                             admin_actor) -> None:
    deploy("timer_event_subprocesses.bpmn")
    instance_id = start_instance(runtime, "startTimerEventSubProcessWithUserTask", {})
    complete(runtime, admin_actor, instance_id, "userTask")
    assert status(runtime, instance_id) == "completed"
    assert timer_rows(instance_id) == []


def test_non_interrupting_event_subprocess_runs_beside_the_main_flow_and_keeps_its_scope_open(
        runtime, deploy, demo, clock, admin_actor) -> None:
    deploy("noninterrupting_event_subprocess.bpmn")
    instance_id = start_instance(runtime, "reminded_work", {})
    clock.advance(minutes=31)
    fire_due_timers(runtime)
    assert open_tasks(instance_id) == ["chase", "work"]
    complete(runtime, admin_actor, instance_id, "work")
    assert open_tasks(instance_id) == ["chase"]
    complete(runtime, admin_actor, instance_id, "chase")
    assert open_tasks(instance_id) == ["review"]


def test_untriggered_event_subprocess_of_an_embedded_scope_ends_with_it(runtime, deploy, demo,
                                                                        admin_actor) -> None:
    deploy("noninterrupting_event_subprocess.bpmn")
    instance_id = start_instance(runtime, "reminded_work", {})
    assert timer_rows(instance_id) == ["reminder_due"]
    complete(runtime, admin_actor, instance_id, "work")
    assert open_tasks(instance_id) == ["review"]
    assert timer_rows(instance_id) == []
    complete(runtime, admin_actor, instance_id, "review")
    assert status(runtime, instance_id) == "completed"


def test_error_event_subprocess_waits_until_an_error_end_event_throws_its_error(runtime, deploy, demo,
                                                                                admin_actor) -> None:
    deploy("error_end_event_subprocess.bpmn")
    instance_id = start_instance(runtime, "refusal", {})
    assert open_tasks(instance_id) == ["check"]
    (check,) = list_tasks(instance_id=instance_id)
    reassign_task(runtime, check.id, admin_actor, "sam")
    complete_task(runtime, check.id, "sam", {"ok": False})
    assert open_tasks(instance_id) == ["explain"]
    complete(runtime, admin_actor, instance_id, "explain")
    assert status(runtime, instance_id) == "completed"


def test_error_event_subprocess_stays_untouched_when_no_error_is_thrown(runtime, deploy, demo, admin_actor) -> None:
    deploy("error_end_event_subprocess.bpmn")
    instance_id = start_instance(runtime, "refusal", {})
    (check,) = list_tasks(instance_id=instance_id)
    reassign_task(runtime, check.id, admin_actor, "sam")
    complete_task(runtime, check.id, "sam", {"ok": True})
    assert status(runtime, instance_id) == "completed"


def test_escalation_event_subprocess_waits_until_its_escalation_is_thrown(runtime, deploy, demo,
                                                                          admin_actor) -> None:
    deploy("escalation_event_subprocess.bpmn")
    instance_id = start_instance(runtime, "escalating", {})
    assert open_tasks(instance_id) == ["check"]  # read as a plain start, the sub-process would run at once
    complete(runtime, admin_actor, instance_id, "check")
    assert open_tasks(instance_id) == ["work"]
    complete(runtime, admin_actor, instance_id, "work")
    assert status(runtime, instance_id) == "completed"


def test_thrown_escalation_starts_its_non_interrupting_event_subprocess_beside_the_work(runtime, deploy, demo,
                                                                                       admin_actor) -> None:
    deploy("escalation_event_subprocess.bpmn")
    instance_id = start_instance(runtime, "escalating", {})
    (check,) = list_tasks(instance_id=instance_id)
    reassign_task(runtime, check.id, admin_actor, "sam")
    complete_task(runtime, check.id, "sam", {"late": True})
    assert open_tasks(instance_id) == ["tell_manager", "work"]
    complete(runtime, admin_actor, instance_id, "tell_manager")
    complete(runtime, admin_actor, instance_id, "work")
    assert status(runtime, instance_id) == "completed"
