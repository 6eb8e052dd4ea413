"""A process with a none start event beside a message or signal start, started by hand, is entered by its none
start only, as Camunda's initial start event: the message or signal starts a new instance of its own instead of
running the hand-started one a second time (issue 10)."""
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.outside.messages import Message, correlate_message
from app.workflow.outside.signal_broadcast import Signal, broadcast_signal
from tests.engine.test_deployment import definitions
from tests.engine.test_start_cycles import tasks_by_instance


def by_hand_or(event: str, definition: str) -> bytes:
    """Return a process entered by a none start event or by a message or signal start, both leading to a task."""
    return definitions(
        definition,
        '<bpmn:process id="either" isExecutable="true"><bpmn:startEvent id="by_hand"/>'
        f'<bpmn:startEvent id="by_event">{event}</bpmn:startEvent>'
        '<bpmn:sequenceFlow id="f0" sourceRef="by_hand" targetRef="count"/>'
        '<bpmn:sequenceFlow id="f1" sourceRef="by_event" targetRef="count"/>'
        '<bpmn:userTask id="count" name="Count the stock" camunda:candidateGroups="service-desk"/>'
        '<bpmn:sequenceFlow id="f2" sourceRef="count" targetRef="done"/><bpmn:endEvent id="done"/></bpmn:process>')


def test_a_message_starts_a_new_instance_beside_one_started_by_hand(runtime, demo) -> None:
    deploy_diagram(runtime, by_hand_or('<bpmn:messageEventDefinition messageRef="m"/>',
                                       '<bpmn:message id="m" name="stock_arrived"/>'), "either.bpmn", "owner")
    by_hand = start_instance(runtime, "either", {}, actor="sam")
    correlation = correlate_message(runtime, actor_for(require_user("adam")), Message("stock_arrived"))
    assert correlation.started and correlation.instance_id != by_hand
    assert tasks_by_instance() == {by_hand: ["Count the stock"], correlation.instance_id: ["Count the stock"]}


def test_a_signal_starts_a_new_instance_and_leaves_the_one_started_by_hand_alone(runtime, demo) -> None:
    deploy_diagram(runtime, by_hand_or('<bpmn:signalEventDefinition signalRef="s"/>',
                                       '<bpmn:signal id="s" name="stock_arrived"/>'), "either.bpmn", "owner")
    by_hand = start_instance(runtime, "either", {}, actor="sam")
    broadcast = broadcast_signal(runtime, actor_for(require_user("adam")), Signal("stock_arrived"))
    assert broadcast.resumed == () and len(broadcast.started) == 1
    assert tasks_by_instance() == {by_hand: ["Count the stock"], broadcast.started[0]: ["Count the stock"]}
