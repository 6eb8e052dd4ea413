"""Where a BPMN error goes, as Camunda 7 routes it: scope by scope from where it is thrown, outwards.

An error thrown by an error end event or reported by an outside worker is caught, scope by scope from the
throwing element outwards, by an error boundary event on the element (or on the sub-process or call
activity around it), else by an error event sub-process of the scope holding it; within one place an event
naming the error's code wins over one naming none. SpiffWorkflow 3.2 looks for error event sub-processes
on the top process only, so an error end event inside an embedded sub-process skipped that sub-process's
own error event sub-process; FlowDesk routes every error end event here instead (FlowDeskErrorThrow).
"""
from collections.abc import Iterable
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import ErrorEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import ThrowingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.util import BpmnEvent
from SpiffWorkflow.util.task import TaskState


class FlowDeskErrorThrow(ErrorEventDefinition):
    """The error of an error end event, routed as Camunda routes it (route_error) instead of by SpiffWorkflow.

    Nothing catching it, the path ends there like a none end event (Camunda's documented default).
    """

    def throw(self, my_task: Any) -> None:
        event = BpmnEvent(ErrorEventDefinition(self.name, code=self.code), payload=dict(my_task.data))
        route_error(my_task, self.code, event)


def adopt_error_throws(process_specs: Iterable[Any]) -> None:
    """Make every error end event route its error with route_error."""
    for process_spec in process_specs:
        for spec in process_spec.task_specs.values():
            definition = getattr(spec, "event_definition", None)
            if isinstance(spec, ThrowingEvent) and isinstance(definition, ErrorEventDefinition) \
                    and not isinstance(definition, FlowDeskErrorThrow):
                spec.event_definition = FlowDeskErrorThrow(definition.name, code=definition.code)


def route_error(task: Any, code: str | None, event: BpmnEvent) -> str | None:
    """Deliver an error thrown at a task to the nearest event that catches it; return that event's id, or None
    when nothing catches it."""
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
    return None


def preferred(candidates: list[tuple[Any, Any]], code: str | None) -> Any:
    """Return the candidate whose error definition names the code, else the first that names none (or None)."""
    for candidate, definition in candidates:
        if code and definition.code == code:
            return candidate
    for candidate, definition in candidates:
        if definition.code in (None, ""):
            return candidate
    return None


def catches_error(task: Any, code: str | None) -> bool:
    """Say whether a task is a waiting error boundary event for this code (or for any code)."""
    spec = task.task_spec
    definition = getattr(spec, "event_definition", None)
    return (isinstance(spec, BoundaryEvent) and task.state == TaskState.WAITING
            and isinstance(definition, ErrorEventDefinition) and definition.code in (None, "", code))


def start_error_event_subprocess(scope: Any, code: str | None, event: BpmnEvent) -> str | None:
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
