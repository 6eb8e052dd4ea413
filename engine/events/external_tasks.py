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
    """Throw a BPMN error from a waiting external task; return the id of the event that caught it.

    As Camunda, scope by scope from the task outwards: an error boundary event on the task (or on the
    sub-process around it), else an error event sub-process of the scope holding it; within one place an
    event naming the code wins over one naming none. None: nothing catches it, and the task's path ends
    there (the task and its boundary events are cancelled), Camunda's default for an unhandled BPMN error.
    """
    task.data.update(values)
    event = BpmnEvent(ErrorEventDefinition(code, code=code), payload=dict(task.data))
    current = task
    while current is not None:
        if is_boundary_split(current.parent):
            boundary = preferred([(sibling, sibling.task_spec.event_definition) for sibling in current.parent.children
                                  if catches_error(sibling, code)], code)
            if boundary is not None:
                boundary.task_spec.catch(boundary, event)
                boundary.task_spec._update(boundary)
                return str(boundary.task_spec.bpmn_id)
        caught_by = start_error_event_subprocess(current.workflow, code, event)
        if caught_by is not None:
            return caught_by
        current = enclosing_task(current)
    scope = task.parent if is_boundary_split(task.parent) else task
    scope.cancel()
    return None


def preferred(candidates: list[tuple[Any, Any]], code: str) -> Any:
    """Return the candidate whose error definition names the code, else the first that names none (or None)."""
    for candidate, definition in candidates:
        if definition.code == code:
            return candidate
    return candidates[0][0] if candidates else None


def catches_error(task: Any, code: str) -> bool:
    """Say whether a task is a waiting error boundary event for this code (or for any code)."""
    spec = task.task_spec
    definition = getattr(spec, "event_definition", None)
    return (isinstance(spec, BoundaryEvent) and task.state == TaskState.WAITING
            and isinstance(definition, ErrorEventDefinition) and definition.code in (None, "", code))


def start_error_event_subprocess(scope: Any, code: str, event: BpmnEvent) -> str | None:
    """Start the error event sub-process of a scope (the process or a sub-process) whose start event catches
    the code; return that start event's id, or None when the scope has none.

    SpiffWorkflow keeps such event sub-processes as triggers of the scope's start (not as waiting branches)
    and starts them on the top process only; FlowDesk starts them in the scope the error rose to.
    """
    top = scope.top_workflow
    starts = [((name, start), start.event_definition) for name in scope.spec.start.trigger_specs
              for start in top.subprocess_specs[name].bpmn_start_events
              if isinstance(start.event_definition, ErrorEventDefinition)
              and start.event_definition.code in (None, "", code)]
    chosen = preferred(starts, code)
    if chosen is None:
        return None
    name, start_spec = chosen
    child_id = scope.spec.start.trigger_wf(scope.task_tree, name)
    start = top.subprocesses[child_id].get_next_task(state=TaskState.WAITING, spec_name=start_spec.name)
    start_spec.catch(start, event)
    start_spec._update(start)
    return str(start_spec.bpmn_id)


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
