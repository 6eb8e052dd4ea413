"""External tasks that wait for outside workers: what they offer, and completing them or throwing a BPMN error.

A service task whose topic has no handler in FlowDesk waits STARTED, with its evaluated input parameters
(Camunda's local variables) and its priority kept on the task. An outside worker completes it with
variables, or reports a BPMN error: the nearest error boundary event or error event sub-process whose
errorCode matches (or that names no code), from the task's scope outwards, catches the error; when none
does, the path ends there, as Camunda ends the execution (its default, enableExceptionsAfterUnhandledBpmnError
=false).
"""
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import ErrorEventDefinition
from SpiffWorkflow.bpmn.util import BpmnEvent
from SpiffWorkflow.util.task import TaskState

from engine.errors import TaskNotOpen, TopicError
from engine.events.error_routing import is_boundary_split, route_error
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
    """Throw a BPMN error from a waiting external task; return the id of the event that caught it.

    As Camunda, scope by scope from the task outwards: an error boundary event on the task (or on the
    sub-process around it), else an error event sub-process of the scope holding it; within one place an
    event naming the code wins over one naming none. None: nothing catches it, and the task's path ends
    there (the task and its boundary events are cancelled), Camunda's default for an unhandled BPMN error.
    """
    task.data.update(values)
    event = BpmnEvent(ErrorEventDefinition(code, code=code), payload=dict(task.data))
    caught_by = route_error(task, code, event)
    if caught_by is None:
        scope = task.parent if is_boundary_split(task.parent) else task
        scope.cancel()
    return caught_by


def require_waiting(task: Any, task_id: str) -> Any:
    """Return the task if it waits for an outside worker; raise TaskNotOpen otherwise."""
    if task is None or not waits_for_outside_worker(task):
        raise TaskNotOpen(f"External task {task_id} does not exist or is no longer waiting for a worker.")
    return task
