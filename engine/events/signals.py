"""Signals as Camunda 7 runs them: a named event of global scope, delivered to every place that waits for it.

SpiffWorkflow catches a thrown signal only inside the throwing instance and drops it otherwise. In FlowDesk a
throw (an intermediate signal throw event or a signal end event) hands the signal to the caller instead
(Run.take_thrown), which broadcasts it after the thrower's step was saved and in the same transaction: to every
waiting signal catch, boundary event and event sub-process start of every running instance (the thrower's own
included), and to every process whose latest version has a signal start event for it. A signal nobody waits
for is no error. The signal carries the variables its camunda:in mappings name, nothing else.

A signal name may hold ${...} parts (Camunda's expressions in signal names): a throw resolves them on its data
when it fires, a catch on the waiting task's data when it is matched; a process's own signal start event has
no data to resolve them with and is refused at deploy (engine/reading/signal_checks.py).
"""
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import SignalEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import ThrowingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.util.task import TaskState

from engine.evaluation.expressions import evaluate
from engine.events.conditions import boundaries_to_rearm
from engine.events.event_subprocesses import arm_event_subprocesses
from engine.events.messages import message_waits
from engine.events.starts import start_events

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
CAMUNDA = "{http://camunda.org/schema/1.0/bpmn}"
NAME_PART = re.compile(r"[$#]\{[^{}]*\}")


@dataclass(frozen=True)
class SignalWait:
    """A signal an instance waits for now, by its resolved name."""

    task_id: str
    element_id: str
    signal_name: str


@dataclass(frozen=True)
class ThrownSignal:
    """A signal an element threw, with the variables it carries, waiting for the caller to broadcast it."""

    element_id: str
    signal_name: str
    variables: Mapping[str, Any] = field(default_factory=dict)
    # What the throwing instance waited for at the moment it threw (Camunda broadcasts then; FlowDesk after the
    # thrower's step, and checks that nothing in between would differ).
    awaited_messages: frozenset[str] = frozenset()
    awaited_signals: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SignalInput:
    """One camunda:in of a signal throw: a variable (or an expression's value) passed on under a target name;
    all_variables: <camunda:in variables="all"/>, every variable of the thrower."""

    target: str = ""
    source: str | None = None
    source_expression: str | None = None
    all_variables: bool = False


def name_expressions(name: str) -> list[str]:
    """Return the ${...} parts of a signal name (none for a plain name)."""
    return NAME_PART.findall(name or "")


def resolve_name(name: str, data: Mapping[str, Any]) -> str:
    """Return a signal name with its ${...} parts evaluated on the data (raises an ExpressionError)."""
    return NAME_PART.sub(lambda part: str(evaluate(part.group(0), data)), name)


class FlowDeskSignalCatch(SignalEventDefinition):
    """A signal caught by its name, resolved on the waiting task's data; its variables become task data."""

    def catches(self, my_task: Any, event: Any) -> bool:
        definition = event.event_definition
        if definition is self:  # delivered by catch_signal, which matched the resolved name already
            return True
        return isinstance(definition, SignalEventDefinition) and not isinstance(definition, FlowDeskSignalThrow) \
            and resolve_name(self.name, my_task.data) == definition.name


class FlowDeskSignalThrow(SignalEventDefinition):
    """A signal thrown for FlowDesk to broadcast: never caught inside the instance by SpiffWorkflow itself."""

    def __init__(self, name: str, inputs: Iterable[SignalInput] = ()) -> None:
        super().__init__(name)
        self.inputs = tuple(inputs)

    def throw(self, my_task: Any) -> None:
        workflow = my_task.workflow.top_workflow
        thrown = ThrownSignal(my_task.task_spec.bpmn_id, resolve_name(self.name, my_task.data),
                              signal_variables(self.inputs, my_task.data),
                              frozenset(wait.message_name for wait in message_waits(workflow)),
                              frozenset(wait.signal_name for wait in signal_waits(workflow)))
        my_task.workflow.top_workflow.bpmn_events.append(BpmnEvent(self, payload=thrown))


def signal_variables(inputs: Iterable[SignalInput], data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the variables a throw passes on: every variable for variables="all", then each mapping in order."""
    variables: dict[str, Any] = {}
    for mapping in inputs:
        if mapping.all_variables:
            variables.update(data)
        elif mapping.source_expression is not None:
            variables[mapping.target] = evaluate(mapping.source_expression, data)
        elif mapping.source is not None:
            variables[mapping.target] = data.get(mapping.source)
    return variables


def read_inputs(node: etree._Element) -> list[SignalInput]:
    """Return the camunda:in mappings under a signal event definition."""
    inputs = []
    for mapping in node.iterfind(f"{BPMN}extensionElements/{CAMUNDA}in"):
        if (mapping.get("variables") or "").strip() == "all":
            inputs.append(SignalInput(all_variables=True))
        else:
            inputs.append(SignalInput((mapping.get("target") or "").strip(), mapping.get("source"),
                                      mapping.get("sourceExpression")))
    return inputs


def signal_definitions(event_definition: Any) -> list[Any]:
    """Return the signal event definitions among an element's event definitions."""
    if isinstance(event_definition, MultipleEventDefinition):
        return [d for d in event_definition.event_definitions if isinstance(d, SignalEventDefinition)]
    return [event_definition] if isinstance(event_definition, SignalEventDefinition) else []


def adopt_signals(process_specs: Iterable[Any], roots: Iterable[etree._Element]) -> None:
    """Make every signal throw hand its signal to FlowDesk (with its camunda:in mappings) and every signal catch
    match by resolved name."""
    inputs = {}
    for root in roots:
        for node in root.iter(BPMN + "signalEventDefinition"):
            inputs[node.getparent().get("id")] = read_inputs(node)
    for process_spec in process_specs:
        for spec in process_spec.task_specs.values():
            definition: Any = getattr(spec, "event_definition", None)
            if isinstance(spec, ThrowingEvent) and type(definition) is SignalEventDefinition:
                spec.event_definition = FlowDeskSignalThrow(definition.name, inputs.get(spec.bpmn_id, ()))
            elif isinstance(definition, MultipleEventDefinition):
                definition.event_definitions = [catch_of(item) for item in definition.event_definitions]
            elif definition is not None:
                spec.event_definition = catch_of(definition)


def catch_of(definition: Any) -> Any:
    """Return FlowDesk's catch for a plain signal definition; any other definition as it is."""
    if type(definition) is SignalEventDefinition:
        return FlowDeskSignalCatch(definition.name, description=definition.description)
    return definition


def take_thrown_signals(workflow: Any) -> list[ThrownSignal]:
    """Return and remove the signals thrown since the last call; other uncaught events stay where they are."""
    thrown = [event.payload for event in workflow.bpmn_events
              if isinstance(event.event_definition, FlowDeskSignalThrow)]
    if thrown:
        workflow.bpmn_events = [event for event in workflow.bpmn_events
                                if not isinstance(event.event_definition, FlowDeskSignalThrow)]
    return thrown


def signal_start_names(process_spec: Any) -> dict[str, str]:
    """Return signal name -> start event id for a process's own start events that wait for a signal."""
    return {definition.name: spec.bpmn_id for spec in start_events(process_spec) if isinstance(spec, StartEvent)
            for definition in signal_definitions(getattr(spec, "event_definition", None))}


def starts_only_by_signal(process_spec: Any) -> list[str]:
    """Return the signal names of a process whose every start event waits for a signal (else an empty list)."""
    starts = [spec for spec in start_events(process_spec) if isinstance(spec, StartEvent)]
    names = signal_start_names(process_spec)
    return sorted(names) if starts and len(names) == len(starts) else []


def waiting_for_signals(workflow: Any, at_start: bool = False) -> Iterator[tuple[Any, Any]]:
    """Yield (task, signal definition) for every signal the workflow waits for now, but for the signal start
    events of the process itself (those start processes, they are not subscriptions of an instance) unless
    at_start: the new instance of a signal start is entered by one."""
    own_starts = set() if at_start else set(start_events(workflow.spec))
    for task in list(workflow.event_manager.tasks.values()):
        if task.state != TaskState.WAITING or task.task_spec in own_starts:
            continue
        for definition in signal_definitions(task.task_spec.event_definition):
            yield task, definition


def signal_waits(workflow: Any, at_start: bool = False) -> list[SignalWait]:
    """Return every signal the workflow waits for now, by resolved name (a name that cannot be resolved is left
    out: nothing can match it); at_start: with the process's own signal start events."""
    waits = []
    for task, definition in waiting_for_signals(workflow, at_start):
        name = resolved_name(definition, task)
        if name is not None:
            waits.append(SignalWait(str(task.id), task.task_spec.bpmn_id, name))
    return waits


def catch_signal(workflow: Any, name: str, variables: Mapping[str, Any], at_start: bool = False) -> list[SignalWait]:
    """Deliver a signal with its variables to every place of the workflow waiting for it now; return them
    (at_start: a new instance entered by its signal start event, which catches it too).

    Runs nothing after the catch: the caller runs the engine steps.
    """
    caught = []
    for task, definition in list(waiting_for_signals(workflow, at_start)):
        if task.state != TaskState.WAITING or resolved_name(definition, task) != name:
            continue  # a catch an earlier one in this delivery cancelled, or another signal
        # The event carries the waiting definition itself: an event-based gateway finds its branch by it.
        task.task_spec.catch(task, BpmnEvent(definition, payload=dict(variables)))
        task.task_spec._update(task)
        caught.append(SignalWait(str(task.id), task.task_spec.bpmn_id, name))
    return caught


def resolved_name(definition: Any, task: Any) -> str | None:
    """Return a waiting signal definition's name resolved on its task's data (None when it cannot be)."""
    try:
        return resolve_name(definition.name, task.data)
    except Exception:  # noqa: BLE001 - a catch whose name reads a missing variable waits for no signal
        return None


def arm_signal_event_subprocesses(process_specs: Iterable[Any], subprocess_specs: Mapping[str, Any]) -> None:
    """Set up every event sub-process started by a signal with its scope, its start event waiting for the signal
    (SpiffWorkflow would start it only for a signal thrown inside the instance)."""
    arm_event_subprocesses(process_specs, subprocess_specs,
                           lambda event: bool(signal_definitions(getattr(event, "event_definition", None))))


def rearm_signal_boundaries(tasks: Iterable[Any], workflow: Any) -> None:
    """Give each fired non-interrupting signal boundary event a new waiting copy while its activity runs, as
    Camunda keeps the subscription (SpiffWorkflow fires it once)."""
    for split, spec in boundaries_to_rearm(tasks, lambda spec: bool(signal_definitions(spec.event_definition))):
        copy = split._add_child(spec, TaskState.WAITING)
        copy.data = dict(split.data)
        spec._predict(copy, mask=TaskState.NOT_FINISHED_MASK)
        workflow.event_manager.add_task(copy)
