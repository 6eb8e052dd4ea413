"""A process's own start events, also behind the split SpiffWorkflow puts in front of several of them, and
entering a new run by some of them only."""
from collections.abc import Collection
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.util.task import TaskState


def start_events(process_spec: Any) -> list[Any]:
    """Return the specs of a process's own start events (through the split in front of several; the event
    sub-processes SpiffWorkflow starts beside them are not start events)."""
    found = []
    for output in process_spec.start.outputs:
        if getattr(output, "bpmn_id", None) is None:  # StartEventSplit: the start events are its outputs
            found.extend(output.outputs)
        else:
            found.append(output)
    return [spec for spec in found if isinstance(spec, StartEvent)]


def keep_starts(workflow: Any, start_event_ids: Collection[str]) -> None:
    """Enter a new run by these start events only: the others are cancelled before anything runs."""
    workflow.task_tree.run()
    entries = list(workflow.task_tree.children)
    for entry in list(entries):
        if getattr(entry.task_spec, "bpmn_id", None) is None:  # the split in front of several start events
            entry.run()
            entries.extend(entry.children)
    for entry in entries:
        bpmn_id = getattr(entry.task_spec, "bpmn_id", None)
        if bpmn_id is not None and bpmn_id not in start_event_ids:
            entry.cancel()


def start_event_open(workflow: Any, start_event_id: str) -> bool:
    """Say whether a start event of a run still waits or is ready, not yet ended."""
    return any(getattr(task.task_spec, "bpmn_id", None) == start_event_id
               and task.state in (TaskState.WAITING, TaskState.READY) for task in workflow.tasks.values())
