"""Messages a diagram sends: send tasks, intermediate message throw events and message end events.

Camunda 7 runs these through a Java delegate that usually correlates the message; FlowDesk runs no Java,
so it delivers the message itself. SpiffWorkflow would catch a thrown message only inside the throwing
instance and drop it otherwise; here every thrown message is handed to the caller instead (Run.take_thrown),
which correlates it like a message from outside, in the same transaction. The message carries the
element's camunda:inputParameter values (expressions evaluated on the element's data), nothing else.
An implementation drawn on the element (Java class, bean expression) is refused at deploy; one of
camunda:type="external" makes it an external task instead (engine/reading/parser.py), as Camunda runs it.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import ThrowingEvent

from engine.errors import DiagramRefused, refusal
from engine.evaluation.expressions import evaluate_parameter
from engine.events.messages import message_waits
from engine.events.signals import signal_waits
from engine.reading.parser import CAMUNDA, external_owner, read_input_parameters

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
THROWING_TAGS = (BPMN + "intermediateThrowEvent", BPMN + "endEvent")
IMPLEMENTATIONS = {  # what FlowDesk tells a process owner who drew each implementation attribute
    "class": refusal(
        "the message is sent by camunda:%(attribute)s, a Java class, which FlowDesk does not run; remove it, and "
        "FlowDesk delivers the message named by messageRef itself (to the instance waiting for it, or by starting "
        "the process whose message start event waits for it)"),
    "delegateExpression": refusal(
        "the message is sent by camunda:%(attribute)s, a Java delegate, which FlowDesk does not run; remove it, and "
        "FlowDesk delivers the message named by messageRef itself (to the instance waiting for it, or by starting "
        "the process whose message start event waits for it)"),
    "expression": refusal(
        "the message is sent by camunda:%(attribute)s, an expression calling into Java, which FlowDesk does not "
        "run; remove it, and FlowDesk delivers the message named by messageRef itself (to the instance waiting for "
        "it, or by starting the process whose message start event waits for it)"),
    "type": refusal(
        "the message is sent by camunda:%(attribute)s, an implementation type FlowDesk does not run; write "
        "camunda:type=\"external\" with a camunda:topic to make it an external task, or remove it, and FlowDesk "
        "delivers the message named by messageRef itself"),
}


@dataclass(frozen=True)
class ThrownMessage:
    """A message an element sent, with the variables it carries, waiting to be correlated by the caller."""

    element_id: str
    message_name: str
    variables: Mapping[str, Any] = field(default_factory=dict)
    # The messages and signals the sending instance waited for at the moment it sent this one (Camunda
    # correlates then; FlowDesk after the sender's step, and checks that nothing in between would differ).
    awaited_messages: frozenset[str] = frozenset()
    awaited_signals: frozenset[str] = frozenset()


class FlowDeskMessageThrow(MessageEventDefinition):
    """A message thrown for FlowDesk to correlate: never caught inside the instance by SpiffWorkflow itself."""

    def __init__(self, name: str, parameters: Mapping[str, str]) -> None:
        super().__init__(name)
        self.parameters = dict(parameters)

    def throw(self, my_task: Any) -> None:
        variables = {name: evaluate_parameter(text, my_task.data) for name, text in self.parameters.items()}
        workflow = my_task.workflow.top_workflow
        thrown = ThrownMessage(my_task.task_spec.bpmn_id, self.name, variables,
                               frozenset(wait.message_name for wait in message_waits(workflow)),
                               frozenset(wait.signal_name for wait in signal_waits(workflow)))
        my_task.workflow.top_workflow.bpmn_events.append(BpmnEvent(self, payload=thrown))


def adopt_message_throws(process_specs: Iterable[Any], roots: Iterable[etree._Element]) -> None:
    """Make every element that throws a message hand it to FlowDesk, with the input parameters drawn on it."""
    parameters = {node.get("id"): read_input_parameters(node) for root in roots for node in throwing_nodes(root)}
    for process_spec in process_specs:
        for spec in process_spec.task_specs.values():
            definition = getattr(spec, "event_definition", None)
            if isinstance(spec, ThrowingEvent) and type(definition) is not FlowDeskMessageThrow \
                    and isinstance(definition, MessageEventDefinition):
                spec.event_definition = FlowDeskMessageThrow(definition.name, parameters.get(spec.bpmn_id, {}))


def take_thrown(workflow: Any) -> list[ThrownMessage]:
    """Return and remove the messages thrown since the last call; other uncaught events stay where they are."""
    thrown = [event.payload for event in workflow.bpmn_events
              if isinstance(event.event_definition, FlowDeskMessageThrow)]
    if thrown:
        workflow.bpmn_events = [event for event in workflow.bpmn_events
                                if not isinstance(event.event_definition, FlowDeskMessageThrow)]
    return thrown


def throwing_nodes(root: etree._Element) -> list[etree._Element]:
    """Return the send tasks and the throw and end events that send a message FlowDesk delivers (a send task of
    camunda:type="external" is an external task instead, checked as one)."""
    nodes = [node for node in root.iter(BPMN + "sendTask") if node.get(CAMUNDA + "type") != "external"]
    for tag in THROWING_TAGS:
        nodes.extend(node for node in root.iter(tag) if node.find(BPMN + "messageEventDefinition") is not None
                     and not is_external(node))
    return nodes


def is_external(node: etree._Element) -> bool:
    """Say whether a message throw or end event is an external task (camunda:type="external" on its message
    event definition, where Camunda Modeler writes it, or on the event)."""
    owner = external_owner(node)
    return owner is not None and owner.get(CAMUNDA + "type") == "external"


def check_message_throws(root: etree._Element, file_name: str) -> None:
    """Refuse a sending element FlowDesk cannot deliver as drawn: an implementation of its own, or no message."""
    for node in throwing_nodes(root):
        definition = node.find(BPMN + "messageEventDefinition")
        for owner in (node, definition):
            for attribute, what in IMPLEMENTATIONS.items():
                if owner is not None and owner.get(CAMUNDA + attribute) is not None:
                    raise DiagramRefused(file_name, node.get("id"), what, {"attribute": attribute},
                                         "camunda:" + attribute)
        message_ref = node.get("messageRef") if definition is None else definition.get("messageRef")
        if not message_ref:
            raise DiagramRefused(file_name, node.get("id"), refusal(
                "the element sends no named message; give it a messageRef to a <bpmn:message name=\"...\">, "
                "which FlowDesk then delivers"), property="messageRef")
