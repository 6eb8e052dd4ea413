"""A process with a timer start event started by hand (CLI, API, /engine-rest, the web) starts at once, as
Camunda 7 documents: "calling start process methods ... will cause one more start of the process at the time
of the invocation". Only the instance the deployment scheduled waits on the timer, so a start by hand never
doubles a start cycle (issue 10)."""
from datetime import timedelta

from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import list_instances, start_instance
from app.workflow.timers import fire_due_timers
from tests.engine.test_deployment import definitions, process
from tests.engine.test_start_cycles import START, tasks_by_instance, ticking, waiting_at_start


def two_starts(timer: str) -> bytes:
    """Return a process entered by a none start event or by a timer start event, both leading to one task."""
    return definitions(process("two_starts", (
        '<bpmn:startEvent id="by_hand"/>'
        f'<bpmn:startEvent id="tick"><bpmn:timerEventDefinition>{timer}</bpmn:timerEventDefinition></bpmn:startEvent>'
        '<bpmn:sequenceFlow id="f0" sourceRef="by_hand" targetRef="count"/>'
        '<bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="count"/>'
        '<bpmn:userTask id="count" name="Count the stock" camunda:candidateGroups="service-desk"/>'
        '<bpmn:sequenceFlow id="f2" sourceRef="count" targetRef="done"/><bpmn:endEvent id="done"/>')))


CYCLE = '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/PT1H</bpmn:timeCycle>'


def test_a_start_by_hand_of_a_start_cycle_process_runs_at_once_and_leaves_the_cycle_alone(runtime, clock) -> None:
    (deployed,) = deploy_diagram(runtime, ticking("R/PT1H"), "ticking.bpmn", "owner")
    by_hand = start_instance(runtime, "ticking", {}, actor="sam")
    assert tasks_by_instance() == {by_hand: ["Count the stock"]}
    assert waiting_at_start() == [(deployed.scheduled_instance, "2030-01-01T01:00:00+00:00")]
    clock.set(START + timedelta(hours=1, seconds=1))
    assert [f.instance_id for f in fire_due_timers(runtime).fired] == [deployed.scheduled_instance]
    assert sorted(tasks_by_instance()) == sorted([by_hand, deployed.scheduled_instance])
    assert len(list_instances()) == 3  # the one by hand, the one that fired, the one waiting for 02:00


def test_a_start_by_hand_of_a_date_timer_start_process_does_not_wait_for_the_date(runtime) -> None:
    date = '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">2031-06-01T09:00:00Z</bpmn:timeDate>'
    (deployed,) = deploy_diagram(runtime, two_starts(date).replace(b'<bpmn:startEvent id="by_hand"/>', b"")
                                 .replace(b'<bpmn:sequenceFlow id="f0" sourceRef="by_hand" targetRef="count"/>', b""),
                                 "dated.bpmn", "owner")
    by_hand = start_instance(runtime, "two_starts", {}, actor="sam")
    assert tasks_by_instance() == {by_hand: ["Count the stock"]}
    assert waiting_at_start() == [(deployed.scheduled_instance, "2031-06-01T09:00:00+00:00")]


def test_a_start_by_hand_enters_by_the_none_start_event_only(runtime, clock) -> None:
    deploy_diagram(runtime, two_starts(CYCLE), "two_starts.bpmn", "owner")
    by_hand = start_instance(runtime, "two_starts", {}, actor="sam")
    assert tasks_by_instance() == {by_hand: ["Count the stock"]}
    assert [instance_id for instance_id, _ in waiting_at_start()] != [by_hand]


def test_the_scheduled_instance_waits_on_the_timer_start_only(runtime, clock) -> None:
    (deployed,) = deploy_diagram(runtime, two_starts(CYCLE), "two_starts.bpmn", "owner")
    assert tasks_by_instance() == {}
    assert waiting_at_start() == [(deployed.scheduled_instance, "2030-01-01T01:00:00+00:00")]
    clock.set(START + timedelta(hours=1, seconds=1))
    fired = fire_due_timers(runtime)
    assert fired.failed == [] and [f.instance_id for f in fired.fired] == [deployed.scheduled_instance]
    assert tasks_by_instance() == {deployed.scheduled_instance: ["Count the stock"]}
    assert len(waiting_at_start()) == 1
