"""External tasks that wait for outside workers: what they offer, and completing them or throwing a BPMN error.

A service task whose topic has no handler in FlowDesk waits STARTED, with its evaluated input parameters
(Camunda's local variables) and its priority kept on the task. An outside worker completes it with
variables, or reports a BPMN error: the nearest error boundary event whose errorCode matches (or that
names no code), on the task or on a sub-process around it, catches the error; when none does, the
path ends there, as Camunda ends the execution (its default, enableExceptionsAfterUnhandledBpmnError=false).
"""
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import ErrorEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.util import BpmnEvent
from SpiffWorkflow.util.task import TaskState

from engine.errors import TaskNotOpen, TopicError
from engine.reading.parser import ExternalTask

OUTSIDE = "outside_worker"  # internal_data key of a task that waits for an outside worker


@dataclass(frozen=True)
class ExternalTaskView:
    """An external task waiting for an outside worker."""

    id: str  # the SpiffWorkflow task UUID as a string
    element_id: str
    name: str
    topic: str
    priority: int


def await_outside_worker(task: Any, inputs: dict[str, Any], priority: Any) -> None:
    """Mark a task as waiting for an outside worker, keeping its input parameters and priority."""
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise TopicError(f"External task '{task.task_spec.bpmn_id}': camunda:taskPriority gave {priority!r}, "
                         "not a whole number.")
    task.internal_data[OUTSIDE] = {"inputs": inputs, "priority": priority}


def waits_for_outside_worker(task: Any) -> bool:
    """Say whether a task is an external task waiting for an outside worker."""
    return (task.state == TaskState.STARTED and isinstance(task.task_spec, ExternalTask)
            and OUTSIDE in (task.internal_data or {}))


def view_of(task: Any) -> ExternalTaskView:
    """Return the view of a waiting external task."""
    spec = task.task_spec
    return ExternalTaskView(str(task.id), spec.bpmn_id, spec.bpmn_name or spec.bpmn_id,
                            str(spec.extensions.get("topic")), int(task.internal_data[OUTSIDE]["priority"]))


def variables_of(task: Any, local_only: bool = False) -> dict[str, Any]:
    """Return what a worker sees: the instance's variables at the task, then its input parameters (local)."""
    inputs = dict(task.internal_data[OUTSIDE]["inputs"])
    return inputs if local_only else {**task.data, **inputs}


def properties_of(task: Any) -> dict[str, str]:
    """Return the camunda:properties drawn on the task (Camunda's extension properties)."""
    return dict(task.task_spec.extensions.get("extension_properties") or {})


def complete(task: Any, values: Mapping[str, Any]) -> None:
    """Complete a waiting external task with the worker's variables."""
    task.data.update(values)
    task.complete()


def throw_error(task: Any, code: str, values: Mapping[str, Any]) -> str | None:
    """Throw a BPMN error from a waiting external task; return the id of the boundary event that caught it.

    None: nothing catches it, and the task's path ends there (the task and its boundary events are cancelled).
    """
    task.data.update(values)
    for boundary in error_catchers(task, code):
        event = BpmnEvent(ErrorEventDefinition(code, code=code), payload=dict(task.data))
        boundary.task_spec.catch(boundary, event)
        boundary.task_spec._update(boundary)
        return str(boundary.task_spec.bpmn_id)
    scope = task.parent if is_boundary_split(task.parent) else task
    scope.cancel()
    return None


def error_catchers(task: Any, code: str) -> Iterator[Any]:
    """Yield the waiting error boundary events that catch `code`, nearest scope first (the task, then its
    enclosing sub-processes, out to the process)."""
    current = task
    while current is not None:
        if is_boundary_split(current.parent):
            for sibling in current.parent.children:
                if catches_error(sibling, code):
                    yield sibling
        current = enclosing_task(current)


def catches_error(task: Any, code: str) -> bool:
    """Say whether a task is a waiting error boundary event for this code (or for any code)."""
    spec = task.task_spec
    definition = getattr(spec, "event_definition", None)
    return (isinstance(spec, BoundaryEvent) and task.state == TaskState.WAITING
            and isinstance(definition, ErrorEventDefinition) and definition.code in (None, "", code))


def is_boundary_split(task: Any) -> bool:
    """Say whether a task is the split SpiffWorkflow puts before a task with boundary events."""
    return task is not None and type(task.task_spec).__name__ == "BoundaryEventSplit"


def enclosing_task(task: Any) -> Any:
    """Return the sub-process (or call activity) task whose workflow holds this task, or None at the top."""
    workflow = task.workflow
    parent_id = getattr(workflow, "parent_task_id", None)
    if parent_id is None:
        return None
    return workflow.top_workflow.get_task_from_id(parent_id)


def require_waiting(task: Any, task_id: str) -> Any:
    """Return the task if it waits for an outside worker; raise TaskNotOpen otherwise."""
    if task is None or not waits_for_outside_worker(task):
        raise TaskNotOpen(f"External task {task_id} does not exist or is no longer waiting for a worker.")
    return task
