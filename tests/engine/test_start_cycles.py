"""A timer cycle on a process's start event starts a new instance at each firing, as Camunda 7 does (issue 10)."""
import json
from datetime import UTC, datetime, timedelta

from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import list_instances, show_instance
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers
from tests.engine.test_deployment import definitions, process

START = datetime(2030, 1, 1, tzinfo=UTC)  # a Tuesday; the clock fixture starts here


def ticking(cycle: str, task_name: str = "Count the stock") -> bytes:
    """Return a process whose start event waits on this timeCycle, then offers one task."""
    return definitions(process("ticking", (
        '<bpmn:startEvent id="tick"><bpmn:timerEventDefinition>'
        f'<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">{cycle}</bpmn:timeCycle></bpmn:timerEventDefinition>'
        '</bpmn:startEvent><bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="count"/>'
        f'<bpmn:userTask id="count" name="{task_name}" camunda:candidateGroups="service-desk"/>'
        '<bpmn:sequenceFlow id="f2" sourceRef="count" targetRef="done"/><bpmn:endEvent id="done"/>')))


def waiting_at_start() -> list[tuple[int, str]]:
    """Return (instance id, due time) of the running instances that still wait on their start timer."""
    found = []
    for summary in list_instances(status="running"):
        details = show_instance_plain(summary.id)
        if not details.open_tasks:
            found.extend((summary.id, timer["due_at"]) for timer in details.timers)
    return sorted(found)


def show_instance_plain(instance_id: int):  # type: ignore[no-untyped-def]
    """Return show_instance's details (the runtime is read from the app)."""
    from flask import current_app
    return show_instance(current_app.extensions["flowdesk"], instance_id)


def tasks_by_instance() -> dict[int, list[str]]:
    """Return the open task names per instance."""
    found: dict[int, list[str]] = {}
    for task in list_tasks():
        found.setdefault(task.instance_id, []).append(task.name)
    return found


def test_a_start_cycle_of_three_starts_exactly_three_instances_one_per_firing(runtime, clock) -> None:
    (deployed,) = deploy_diagram(runtime, ticking("R3/PT1H"), "ticking.bpmn", "owner")
    first = deployed.scheduled_instance
    assert waiting_at_start() == [(first, "2030-01-01T01:00:00+00:00")]
    for hour in (1, 2, 3):
        clock.set(START + timedelta(hours=hour, seconds=1))
        assert [f.element_id for f in fire_due_timers(runtime).fired] == ["tick"]
    instances = sorted(summary.id for summary in list_instances())
    assert len(instances) == 3 and instances[0] == first
    assert tasks_by_instance() == {instance_id: ["Count the stock"] for instance_id in instances}
    assert waiting_at_start() == []
    clock.advance(days=30)
    assert fire_due_timers(runtime).fired == []
    assert len(list_instances()) == 3


def test_each_firing_leaves_the_next_instance_waiting_for_the_next_moment(runtime, clock) -> None:
    (deployed,) = deploy_diagram(runtime, ticking("R3/PT1H"), "ticking.bpmn", "owner")
    clock.set(START + timedelta(hours=1, seconds=1))
    fire_due_timers(runtime)
    ((successor, due_at),) = waiting_at_start()
    assert successor != deployed.scheduled_instance and due_at == "2030-01-01T02:00:00+00:00"
    started = list_history(instance_stream(successor))[0]
    assert started.kind == "instance_started" and started.data["start_cycle_of"] == deployed.scheduled_instance
    fired = [e.kind for e in list_history(instance_stream(deployed.scheduled_instance))]
    assert fired.count("timer_fired") == 1 and "task_ready" in fired


def test_an_endless_cron_start_cycle_starts_an_instance_every_day_and_keeps_one_waiting(runtime, clock) -> None:
    deploy_diagram(runtime, ticking("0 0 9 * * ?"), "ticking.bpmn", "owner")
    for day in (1, 2, 3):
        clock.set(datetime(2030, 1, day, 9, 0, 1, tzinfo=UTC))
        assert [f.element_id for f in fire_due_timers(runtime).fired] == ["tick"]
    assert sorted(len(names) for names in tasks_by_instance().values()) == [1, 1, 1]
    assert [due for _, due in waiting_at_start()] == ["2030-01-04T09:00:00+00:00"]


def test_an_endless_iso_cycle_catches_up_every_missed_firing_with_one_instance_each(runtime, clock) -> None:
    deploy_diagram(runtime, ticking("R/PT10M"), "ticking.bpmn", "owner")
    clock.advance(minutes=31)
    assert [f.element_id for f in fire_due_timers(runtime).fired] == ["tick"] * 3
    assert len(tasks_by_instance()) == 3
    assert [due for _, due in waiting_at_start()] == ["2030-01-01T00:40:00+00:00"]


def test_a_new_version_cancels_the_instance_waiting_for_the_next_firing(runtime, clock) -> None:
    deploy_diagram(runtime, ticking("R/PT1H"), "ticking.bpmn", "owner")
    clock.set(START + timedelta(hours=1, seconds=1))
    fire_due_timers(runtime)
    ((old_waiting, _),) = waiting_at_start()
    (deployed,) = deploy_diagram(runtime, ticking("R/PT1H", "Count again"), "ticking.bpmn", "owner")
    assert show_instance(runtime, old_waiting).summary.status == "cancelled"
    assert waiting_at_start() == [(deployed.scheduled_instance, "2030-01-01T02:00:01+00:00")]
    clock.set(START + timedelta(hours=2, seconds=2))
    fire_due_timers(runtime)
    assert sorted(name for names in tasks_by_instance().values() for name in names) == [
        "Count again", "Count the stock"]


def test_fire_timers_command_starts_the_instances_a_start_cycle_owes(cli, runtime, clock) -> None:
    deploy_diagram(runtime, ticking("R2/PT1H"), "ticking.bpmn", "owner")
    clock.advance(hours=5)
    result = cli("fire-timers", "--json")
    assert result.exit_code == 0, result.output
    assert [timer["element_id"] for timer in json.loads(result.stdout)["fired"]] == ["tick", "tick"]
    assert len(tasks_by_instance()) == 2 and waiting_at_start() == []
