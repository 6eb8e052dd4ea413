"""Conditional events as Camunda 7 runs them: checked on entry and again whenever instance variables change.

SpiffWorkflow checks a conditional event's condition only when the event is reached. Camunda also checks
it each time a variable of the instance is created, updated or deleted (restricted by camunda:variableName
and camunda:variableEvents), and a condition that reads a variable the instance does not have is false
rather than an error. Run calls `conditional_events` and `react` after every step that changes data.
"""
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.defaults import BoundaryEvent
from SpiffWorkflow.bpmn.specs.event_definitions.conditional import ConditionalEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.util.task import TaskState

from engine.errors import UnknownName
from engine.events.event_subprocesses import arm_event_subprocesses

VARIABLE_EVENTS = ("create", "update", "delete")
_MISSING = object()
WAKE = "flowdesk_variables_changed"  # internal data: check this waiting event's condition now


class CamundaConditionalEventDefinition(ConditionalEventDefinition):
    """A condition with Camunda's variable filters; a variable the instance lacks makes it false."""

    def __init__(self, expression: str, variable_name: str | None = None,
                 variable_events: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(expression, **kwargs)
        self.variable_name = variable_name
        self.variable_events = variable_events

    def has_fired(self, my_task: Any) -> bool:
        """Evaluate the condition with the task's data (Camunda's tryEvaluate) when the event is reached or a
        variable changed; SpiffWorkflow also asks a waiting event after every task it completes, and then the
        answer is no: Camunda fires on a change, not on unrelated progress."""
        checked_before = "has_fired" in my_task.internal_data
        if checked_before and not my_task.internal_data.pop(WAKE, False):
            return False
        try:
            fired = bool(my_task.workflow.script_engine.evaluate(my_task, self.expression))
        except WorkflowTaskException as error:
            if not isinstance(error.__cause__, UnknownName):
                raise
            fired = False
        my_task._set_internal_data(has_fired=fired)
        return fired

    def listens_to(self, changes: Mapping[str, str]) -> bool:
        """Say whether any of these variable changes (name -> create/update/delete) triggers a check."""
        return any((self.variable_name is None or name == self.variable_name)
                   and (not self.variable_events or event in self.variable_events)
                   for name, event in changes.items())


def parse_variable_events(text: str | None) -> tuple[str, ...]:
    """Return the events of a camunda:variableEvents list ("create, update"); raise ValueError on others."""
    events = tuple(part.strip() for part in (text or "").split(",") if part.strip())
    unknown = [event for event in events if event not in VARIABLE_EVENTS]
    if unknown:
        raise ValueError(f"camunda:variableEvents has '{unknown[0]}'; use a comma-separated list of "
                         f"{', '.join(VARIABLE_EVENTS)}")
    return events


def conditions_of(task_spec: Any) -> list[CamundaConditionalEventDefinition]:
    """Return the conditional event definitions a task spec catches."""
    definition = getattr(task_spec, "event_definition", None)
    candidates = definition.event_definitions if isinstance(definition, MultipleEventDefinition) else [definition]
    return [candidate for candidate in candidates if isinstance(candidate, CamundaConditionalEventDefinition)]


def has_conditions(task_specs: Iterable[Any]) -> bool:
    """Say whether any of these task specs is a conditional event."""
    return any(conditions_of(task_spec) for task_spec in task_specs)


def variable_changes(before: Mapping[str, Any], after: Mapping[str, Any],
                     assigned: Iterable[str] = ()) -> dict[str, str]:
    """Return name -> create/update/delete between two views of the variables; assigned names count as set."""
    changes, assigned = {}, set(assigned)
    for name in {*before, *after, *assigned}:
        old, new = before.get(name, _MISSING), after.get(name, _MISSING)
        if new is _MISSING:
            changes[name] = "delete"
        elif old is _MISSING:
            changes[name] = "create"
        elif name in assigned or old != new:
            changes[name] = "update"
    return {name: event for name, event in changes.items() if not name.startswith("_")}


def react(tasks: Iterable[Any], changes: Mapping[str, str], variables: Mapping[str, Any]) -> bool:
    """Check every waiting conditional event that listens to these changes; return whether one fired.

    The event sees the instance's variables as they are now, as Camunda's process-scoped variables are;
    they are given to it (and to the task it takes its data from) so that its path carries them on.
    """
    fired = False
    for task in list(waiting_conditions(tasks)):
        if not any(condition.listens_to(changes) for condition in conditions_of(task.task_spec)):
            continue
        task.data.update(variables)
        if task.parent is not None:  # SpiffWorkflow merges the parent's data over the task's when it checks it
            task.parent.data.update(variables)
        task.internal_data[WAKE] = True
        task.task_spec._update(task)
        fired = fired or task.state != TaskState.WAITING
    return fired


def waiting_conditions(tasks: Iterable[Any]) -> Iterator[Any]:
    """Yield the tasks that wait on a conditional event."""
    for task in tasks:
        if task.state == TaskState.WAITING and conditions_of(task.task_spec):
            yield task


def arm_conditional_event_subprocesses(process_specs: Iterable[Any], subprocess_specs: Mapping[str, Any]) -> None:
    """Start watching every event sub-process with a conditional start event when its scope starts.

    SpiffWorkflow starts an event sub-process only when something throws its event, and nothing throws
    a condition; like a timer one, it is instead set up with its scope, its start event waiting.
    """
    arm_event_subprocesses(process_specs, subprocess_specs, lambda event: bool(conditions_of(event)))


class InterruptFirst(Exception):  # noqa: N818 - a signal inside a step, not an error
    """An activity was about to run while an interrupting conditional boundary event on it had already fired."""

    def __init__(self, boundary_task: Any) -> None:
        super().__init__(boundary_task.task_spec.bpmn_id)
        self.boundary_task = boundary_task


def interrupt_first(task: Any) -> None:
    """Raise InterruptFirst when an interrupting conditional boundary event of this activity, or of a
    sub-process it runs in, is ready to run.

    A condition that holds when the activity is reached interrupts it before it does anything (Camunda),
    whereas SpiffWorkflow would run the activity, and a sub-process's contents, first: given as
    do_engine_steps' will_complete_task.
    """
    activity: Any = task
    while activity is not None:
        boundary = fired_interrupting_boundary(activity)
        if boundary is not None:
            raise InterruptFirst(boundary)
        owner_id = activity.workflow.parent_task_id
        activity = activity.workflow.top_workflow.get_task_from_id(owner_id) if owner_id is not None else None


def fired_interrupting_boundary(activity: Any) -> Any:
    """Return the ready interrupting conditional boundary event attached to an activity, if any."""
    parent = activity.parent
    if parent is None or not isinstance(parent.task_spec, BoundaryEventSplit):
        return None
    for sibling in parent.children:
        spec = sibling.task_spec
        if (sibling is not activity and sibling.state == TaskState.READY and getattr(spec, "cancel_activity", False)
                and conditions_of(spec)):
            return sibling
    return None


def rearm_non_interrupting(tasks: Iterable[Any]) -> None:
    """Give each fired non-interrupting conditional boundary event a new waiting copy while its activity runs.

    Camunda keeps such an event subscribed and fires it on every later change that makes the condition
    true; SpiffWorkflow completes it after one firing. The copy is not checked on arrival (the change that
    fired the event must not fire it again): it waits for the next change.
    """
    for split, spec in boundaries_to_rearm(tasks, lambda spec: bool(conditions_of(spec))):
        copy = split._add_child(spec, TaskState.WAITING)
        copy.data = dict(split.data)
        copy._set_internal_data(has_fired=False)  # waits for the next change, see has_fired
        spec._predict(copy, mask=TaskState.NOT_FINISHED_MASK)


def boundaries_to_rearm(tasks: Iterable[Any], fired_by: Any) -> list[tuple[Any, Any]]:
    """Return (split, boundary spec) for each non-interrupting boundary event that fired (fired_by: which specs
    count) while its activity still runs, and has no waiting copy yet."""
    found = []
    for split in [task for task in tasks if isinstance(task.task_spec, BoundaryEventSplit)]:
        children = list(split.children)
        main = next((child for child in children if not isinstance(child.task_spec, BoundaryEvent)), None)
        if split.state != TaskState.COMPLETED or main is None or main.has_state(TaskState.FINISHED_MASK):
            continue
        fired = {child.task_spec for child in children if child.state == TaskState.COMPLETED
                 and not child.task_spec.cancel_activity and fired_by(child.task_spec)}
        for spec in fired:
            if not any(child.task_spec is spec and child.state == TaskState.WAITING for child in children):
                found.append((split, spec))
    return found
