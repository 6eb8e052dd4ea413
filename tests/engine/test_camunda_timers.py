"""Camunda diagrams run as drawn: #{...} attributes, dateTime() due dates and timers, Quartz cron cycles."""
from datetime import UTC, datetime, timedelta

import pytest

from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers
from engine.errors import DiagramRefused
from tests.engine.test_deployment import around, definitions, process

START = datetime(2030, 1, 1, tzinfo=UTC)  # a Tuesday; the clock fixture starts here


def cycle_diagram(cycle: str) -> bytes:
    """Return a process whose user task has a non-interrupting reminder on this timeCycle."""
    return definitions(process("cycled", around(
        '<bpmn:userTask id="x" name="Work" camunda:candidateGroups="service-desk"/>\n'
        '<bpmn:boundaryEvent id="remind" attachedToRef="x" cancelActivity="false"><bpmn:timerEventDefinition>'
        f'<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">{cycle}</bpmn:timeCycle>'
        '</bpmn:timerEventDefinition></bpmn:boundaryEvent>'
        '<bpmn:sequenceFlow id="fr" sourceRef="remind" targetRef="reminded"/><bpmn:endEvent id="reminded"/>')))


def test_deferred_expressions_route_assign_and_date_a_task(runtime, deploy, clock) -> None:
    deploy("camunda_dialect.bpmn")
    instance_id = start_instance(runtime, "camunda_dialect", {},
                                 context={"answer": "Yes", "reviewer": "mona", "team": "second-line"})
    (task,) = list_tasks(instance_id=instance_id)
    assert (task.name, task.assignee, task.due_at) == ("Review", "mona", START + timedelta(days=2))
    assert task.candidate_groups == ("second-line",)


def test_a_date_timer_from_date_time_counts_from_when_it_starts_waiting(runtime, deploy, clock, people) -> None:
    deploy("camunda_dialect.bpmn")
    instance_id = start_instance(runtime, "camunda_dialect", {}, context={"answer": "yes", "reviewer": "mona", "team": "x"})
    clock.advance(hours=5)
    complete_task(runtime, list_tasks(instance_id=instance_id)[0].id, "mona", {})
    timers = show_instance(runtime, instance_id).timers
    assert [(t["element_id"], t["due_at"]) for t in timers] == [("cool_off", "2030-01-01T08:00:00+00:00")]
    clock.advance(hours=3, seconds=1)
    fire_due_timers(runtime)
    assert show_instance(runtime, instance_id).summary.status == "completed"


def test_a_due_date_variable_given_as_a_date_is_the_tasks_due_time(runtime, deploy, clock) -> None:
    deploy("camunda_dialect.bpmn")
    due = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
    instance_id = start_instance(runtime, "camunda_dialect", {}, context={"answer": "no", "due": due.isoformat()})
    (task,) = list_tasks(instance_id=instance_id)
    assert (task.name, task.due_at) == ("Other", due)


def test_a_cron_cycle_fires_at_each_moment_it_names_and_waits_for_the_next(runtime, deploy, clock) -> None:
    deploy("cron_reminder.bpmn")
    instance_id = start_instance(runtime, "cron_reminder", {})
    due = [t["due_at"] for t in show_instance(runtime, instance_id).timers]
    assert due == ["2030-01-01T09:00:00+00:00"]
    clock.set(datetime(2030, 1, 1, 8, 59, 59, tzinfo=UTC))
    assert fire_due_timers(runtime).fired == []
    fired_at = []
    for day in (1, 2, 3, 4, 7):  # Tuesday to Friday, then Monday: the weekend is skipped
        clock.set(datetime(2030, 1, day, 9, 0, 1, tzinfo=UTC))
        fired_at.append([f.element_id for f in fire_due_timers(runtime).fired])
        assert [t["due_at"] for t in show_instance(runtime, instance_id).timers][0] > clock.now().isoformat()
    assert fired_at == [["every_weekday_9"]] * 5
    assert [t.name for t in list_tasks(instance_id=instance_id)] == ["Work the ticket"]
    assert [t["due_at"] for t in show_instance(runtime, instance_id).timers] == ["2030-01-08T09:00:00+00:00"]


def test_a_cron_cycle_catches_up_every_missed_moment(runtime, clock) -> None:
    deploy_diagram(runtime, cycle_diagram("0 0/5 * * * ?"), "cycled.bpmn", "owner")
    start_instance(runtime, "cycled", {})
    clock.advance(minutes=31)
    assert [f.element_id for f in fire_due_timers(runtime).fired] == ["remind"] * 6


@pytest.mark.parametrize(("cycle", "reason"), [
    ("0 0/5 * * *", "is not a valid cron expression: it has 5 fields"),
    ("0 0 9 * * MON-FRI", "is not a valid cron expression: exactly one of the day-of-month and day-of-week"),
])
def test_a_bad_cron_cycle_is_refused_at_deploy_naming_the_timer(runtime, cycle: str, reason: str) -> None:
    with pytest.raises(DiagramRefused, match=reason) as refused:
        deploy_diagram(runtime, cycle_diagram(cycle), "cycled.bpmn", "owner")
    assert refused.value.element_id == "remind"


@pytest.mark.parametrize(("condition", "reason"), [
    ("${note.getClass().getName() == 'x'}", "calls the method 'getName', but expressions cannot call methods"),
    ("${note.__class__ == 'x'}", "keys starting with '_' are not allowed"),
    ("#{note.toUpperCase() == 'X'}", "calls the method 'toUpperCase', but expressions cannot call methods"),
])
def test_other_methods_and_attribute_walks_are_refused_at_deploy(runtime, condition: str, reason: str) -> None:
    gateway = (
        '<bpmn:exclusiveGateway id="x" default="fb"/>'
        '<bpmn:sequenceFlow id="fa" sourceRef="x" targetRef="a"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
        f'{condition}</bpmn:conditionExpression></bpmn:sequenceFlow><bpmn:endEvent id="a"/>'
        '<bpmn:sequenceFlow id="fb" sourceRef="x" targetRef="b"/><bpmn:endEvent id="b"/>')
    xml = definitions(process("walk", '<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="x"/>'
                                      + gateway))
    with pytest.raises(DiagramRefused, match=reason) as refused:
        deploy_diagram(runtime, xml, "walk.bpmn", "owner")
    assert (refused.value.element_id, refused.value.property) == ("fa", "conditionExpression")  # the flow's condition


def test_a_date_timer_from_the_clock_keeps_its_moment_when_variables_change(runtime, deploy, clock, people) -> None:
    from app.workflow.instances.history import NewEvent
    from app.workflow.variables import set_instance_variables

    deploy("camunda_dialect.bpmn")
    instance_id = start_instance(runtime, "camunda_dialect", {}, context={"answer": "yes", "reviewer": "mona",
                                                                          "team": "x"})
    complete_task(runtime, list_tasks(instance_id=instance_id)[0].id, "mona", {})
    clock.advance(hours=1)
    set_instance_variables(runtime, instance_id, {"note": "later"}, "owner",
                           NewEvent("variables_changed", None, {"note": "later"}))
    timers = show_instance(runtime, instance_id).timers
    assert [t["due_at"] for t in timers] == ["2030-01-01T03:00:00+00:00"]


@pytest.mark.parametrize("cycle", ["0 0/5 * * * ?", "R3/PT5M"])
def test_a_cycle_timer_on_a_process_start_event_starts_a_new_instance_per_firing(runtime, clock, cycle: str) -> None:
    """Camunda starts a new instance at each firing of a start event's cycle (tests/engine/test_start_cycles.py)."""
    from app.workflow.instances.lifecycle import list_instances

    content = definitions(process("ticking", (
        '<bpmn:startEvent id="every_five"><bpmn:timerEventDefinition>'
        f'<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">{cycle}</bpmn:timeCycle></bpmn:timerEventDefinition>'
        '</bpmn:startEvent><bpmn:sequenceFlow id="f" sourceRef="every_five" targetRef="done"/>'
        '<bpmn:endEvent id="done"/>')))
    deploy_diagram(runtime, content, "ticking.bpmn", "owner")
    clock.advance(minutes=11)
    assert [f.element_id for f in fire_due_timers(runtime).fired] == ["every_five"] * 2
    assert sorted(i.status for i in list_instances(process_id="ticking")) == ["completed", "completed", "running"]
