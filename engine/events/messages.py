"""Messages from outside: which message events an instance waits for, and how one is delivered.

SpiffWorkflow matches a message by its event definition's class and name, and Camunda's message
class would put the payload under a result variable. FlowDesk delivers Camunda's way instead: the
message's variables become process variables, visible to everything the catch runs into.
"""
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.camunda.specs.event_definitions import MessageEventDefinition as CamundaMessageDefinition
from SpiffWorkflow.util.task import TaskState

from engine.errors import EngineError
from engine.events.conditions import boundaries_to_rearm
from engine.events.event_subprocesses import arm_event_subprocesses, event_subprocesses_to_rearm
from engine.events.starts import keep_starts

# Camunda's message class stores its payload under a result variable; this one is removed again at once.
DELIVERY_VARIABLE = "__flowdesk_message__"


class MessageNotAwaited(EngineError):
    """The instance does not wait for the message (any more)."""


@dataclass(frozen=True)
class MessageWait:
    """A message an instance waits for: at a catch event, a receive task or an event-based gateway."""

    task_id: str
    element_id: str
    message_name: str


def message_definitions(event_definition: Any) -> list[Any]:
    """Return the message event definitions among an element's event definitions."""
    if isinstance(event_definition, MultipleEventDefinition):
        return [d for d in event_definition.event_definitions if isinstance(d, MessageEventDefinition)]
    return [event_definition] if isinstance(event_definition, MessageEventDefinition) else []


def message_start_names(process_spec: Any) -> dict[str, str]:
    """Return message name -> start event id for a process's start events that wait for a message."""
    return {definition.name: spec.bpmn_id for spec in process_spec.task_specs.values() if isinstance(spec, StartEvent)
            for definition in message_definitions(getattr(spec, "event_definition", None))}


def starts_only_by_message(process_spec: Any) -> list[str]:
    """Return the message names of a process whose every start event waits for a message (else an empty list)."""
    starts = [spec for spec in process_spec.task_specs.values() if isinstance(spec, StartEvent)]
    names = message_start_names(process_spec)
    return sorted(names) if starts and len(names) == len(starts) else []


def waiting_for_messages(workflow: Any) -> Iterator[tuple[Any, Any]]:
    """Yield (task, message definition) for every message the workflow waits for now."""
    for task in list(workflow.event_manager.tasks.values()):
        if task.state != TaskState.WAITING:
            continue
        for definition in message_definitions(task.task_spec.event_definition):
            yield task, definition


def message_waits(workflow: Any) -> list[MessageWait]:
    """Return every message the workflow waits for now."""
    return [MessageWait(str(task.id), task.task_spec.bpmn_id, definition.name)
            for task, definition in waiting_for_messages(workflow)]


def catch_message(workflow: Any, name: str, variables: Mapping[str, Any]) -> MessageWait:
    """Deliver a message to the one place waiting for it, its variables first; raise MessageNotAwaited.

    Runs nothing after the catch: the caller runs the engine steps.
    """
    found = [(task, definition) for task, definition in waiting_for_messages(workflow) if definition.name == name]
    if not found:
        raise MessageNotAwaited(f"The instance does not wait for the message '{name}'.")
    task, definition = found[0]
    task.data.update(variables)
    payload: dict[str, Any] = {}
    if isinstance(definition, CamundaMessageDefinition):
        payload = {"payload": None, "result_var": DELIVERY_VARIABLE}
    workflow.event_manager.catch(BpmnEvent(definition, payload=payload), internal=False)
    return MessageWait(str(task.id), task.task_spec.bpmn_id, name)


def forget_delivery_variable(tasks: Iterator[Any], workflow: Any) -> None:
    """Remove the payload Camunda's message class left under DELIVERY_VARIABLE."""
    workflow.data.pop(DELIVERY_VARIABLE, None)
    for task in tasks:
        task.data.pop(DELIVERY_VARIABLE, None)


def keep_only_start(workflow: Any, start_event_id: str) -> None:
    """Enter a process by one start event: its other start events are cancelled before anything runs."""
    keep_starts(workflow, {start_event_id})


def arm_message_event_subprocesses(process_specs: Iterable[Any], subprocess_specs: Mapping[str, Any]) -> None:
    """Set up every event sub-process started by a message with its scope, its start event waiting for the message
    (SpiffWorkflow would start it only for a message thrown inside the instance)."""
    arm_event_subprocesses(process_specs, subprocess_specs,
                           lambda event: bool(message_definitions(getattr(event, "event_definition", None))))


def rearm_message_events(workflow: Any) -> None:
    """Keep the subscriptions Camunda keeps after a non-interrupting message event fired.

    A non-interrupting message boundary event gets a new waiting copy while its activity runs; a
    non-interrupting message event sub-process gets a new branch waiting at its start event while its scope
    has other work open. SpiffWorkflow fires each once.
    """
    tasks = [*workflow.tasks.values(), *(task for sub in workflow.subprocesses.values() for task in sub.tasks.values())]
    for split, spec in boundaries_to_rearm(tasks, lambda spec: bool(message_definitions(spec.event_definition))):
        copy = split._add_child(spec, TaskState.WAITING)
        copy.data = dict(split.data)
        spec._predict(copy, mask=TaskState.NOT_FINISHED_MASK)
        workflow.event_manager.add_task(copy)  # what SpiffWorkflow does for a task that starts waiting
    for scope in [workflow, *workflow.subprocesses.values()]:
        for branch in event_subprocesses_to_rearm(workflow, scope):
            new = scope.task_tree._add_child(branch.task_spec, TaskState.FUTURE)
            new.data = dict(scope.task_tree.data)
            branch.task_spec._predict(new, mask=TaskState.NOT_FINISHED_MASK)
            branch.task_spec._update(new)  # sets up its sub-workflow, its start event waiting
