"""Timers: boundary (interrupting and not), intermediate catch, timer start, cycles, catching up."""
from datetime import UTC, datetime

from app.workflow.instances.lifecycle import list_instances, show_instance, start_instance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers


def open_task_names(instance_id: int) -> list[str]:
    """Return the names of an instance's open tasks."""
    return [task.name for task in list_tasks(instance_id=instance_id)]


def history_kinds(instance_id: int) -> list[str]:
    """Return the kinds of an instance's history events, in order."""
    from app.workflow.instances.history import instance_stream, list_history

    return [event.kind for event in list_history(instance_stream(instance_id))]


def test_scheduler_fires_nothing_before_a_timer_is_due(runtime, deploy, clock) -> None:
    deploy("approval_timers.bpmn")
    instance_id = start_instance(runtime, "approval", {})
    clock.advance(hours=1, minutes=59)
    assert fire_due_timers(runtime).fired == []
    assert open_task_names(instance_id) == ["Approve the request"]


def test_reminder_cycle_fires_every_two_hours_without_interrupting_the_task(runtime, deploy, clock) -> None:
    deploy("approval_timers.bpmn")
    instance_id = start_instance(runtime, "approval", {})
    for _ in range(3):
        clock.advance(hours=2, seconds=1)
        fired = fire_due_timers(runtime).fired
        assert [f.element_id for f in fired] == ["remind_every_2h"]
    assert history_kinds(instance_id).count("topic_logged") == 3
    assert open_task_names(instance_id) == ["Approve the request"]


def test_interrupting_deadline_cancels_the_approval_and_escalates(runtime, deploy, clock) -> None:
    deploy("approval_timers.bpmn")
    instance_id = start_instance(runtime, "approval", {})
    clock.advance(days=1, seconds=1)
    fire_due_timers(runtime)
    assert open_task_names(instance_id) == ["Decide on the overdue approval"]
    assert "task_cancelled" in history_kinds(instance_id)
    assert show_instance(runtime, instance_id).timers == []


def test_completing_the_task_cancels_its_boundary_timers(runtime, deploy, clock, people) -> None:
    deploy("approval_timers.bpmn")
    instance_id = start_instance(runtime, "approval", {})
    task = list_tasks(instance_id=instance_id)[0]
    assert complete_task(runtime, task.id, "mona", {"approved": "true"}) == "completed"
    clock.advance(days=2)
    assert fire_due_timers(runtime).fired == []


def test_scheduler_down_for_a_day_catches_up_on_its_next_pass(runtime, deploy, clock) -> None:
    deploy("approval_timers.bpmn")
    instance_id = start_instance(runtime, "approval", {})
    clock.advance(hours=23)
    fired = [f.element_id for f in fire_due_timers(runtime).fired]
    assert fired.count("remind_every_2h") == 11
    assert history_kinds(instance_id).count("topic_logged") == 11
    clock.advance(hours=1, seconds=1)
    fire_due_timers(runtime)
    assert open_task_names(instance_id) == ["Decide on the overdue approval"]


def test_intermediate_timers_wait_for_a_duration_then_a_date_from_data(runtime, deploy, clock) -> None:
    deploy("wait_timer.bpmn")
    window = "2030-01-01T06:00:00+00:00"
    instance_id = start_instance(runtime, "wait", {"window_start": window})
    timers = show_instance(runtime, instance_id).timers
    assert [(t["element_id"], t["due_at"]) for t in timers] == [("pause", "2030-01-01T01:00:00+00:00")]
    clock.advance(hours=1, seconds=1)
    fire_due_timers(runtime)
    assert [t["due_at"] for t in show_instance(runtime, instance_id).timers] == [window]
    assert open_task_names(instance_id) == []
    clock.set(datetime(2030, 1, 1, 6, 0, 1, tzinfo=UTC))
    fire_due_timers(runtime)
    assert open_task_names(instance_id) == ["Do the work"]


def test_deploying_a_timer_start_process_schedules_an_instance_that_runs_when_due(runtime, deploy, clock) -> None:
    (deployed,) = deploy("timer_start.bpmn")
    instance_id = deployed.scheduled_instance
    assert instance_id is not None
    assert open_task_names(instance_id) == []
    assert [t["element_id"] for t in show_instance(runtime, instance_id).timers] == ["at_night"]
    clock.set(datetime(2030, 1, 2, 2, 0, 1, tzinfo=UTC))
    fire_due_timers(runtime)
    assert open_task_names(instance_id) == ["Check the backups"]


def test_redeploying_unchanged_timer_start_process_schedules_nothing_new(runtime, deploy) -> None:
    deploy("timer_start.bpmn")
    (again,) = deploy("timer_start.bpmn")
    assert again.scheduled_instance is None
    assert [i.id for i in list_instances(process_id="nightly")] == [1]


def test_new_version_of_a_timer_start_process_replaces_the_waiting_instance(runtime, clock) -> None:
    from pathlib import Path

    from app.workflow.deployment import deploy_diagram

    xml = (Path(__file__).parents[1] / "diagrams" / "timer_start.bpmn").read_text()
    deploy_diagram(runtime, xml.encode(), "nightly.bpmn", "owner")
    (v2,) = deploy_diagram(runtime, xml.replace("02:00:00Z", "03:00:00Z").encode(), "nightly.bpmn", "owner")
    statuses = {i.id: (i.version, i.status) for i in list_instances(process_id="nightly")}
    assert statuses == {1: (1, "cancelled"), v2.scheduled_instance: (2, "running")}
    assert history_kinds(1)[-1] == "instance_cancelled"


def test_catch_up_after_a_long_outage_fires_missed_reminders_before_the_deadline(runtime, deploy, clock) -> None:
    deploy("approval_timers.bpmn")
    instance_id = start_instance(runtime, "approval", {})
    clock.advance(days=2)
    fired = [f.element_id for f in fire_due_timers(runtime).fired]
    # Reminders at 2 h, 4 h, ... 24 h; the one at 24 h is due together with the deadline.
    assert fired == ["remind_every_2h"] * 12 + ["deadline"]
    assert history_kinds(instance_id).count("topic_logged") == 12
    assert open_task_names(instance_id) == ["Decide on the overdue approval"]
