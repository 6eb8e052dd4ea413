"""Timer event definitions as FlowDesk sees them: which catch events wait for time, of what kind, until when."""
from datetime import UTC, datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimerEventDefinition,
)


def timer_definitions(task_spec: Any) -> list[TimerEventDefinition]:
    """Return the timer event definitions of a catch event (also inside multiple definitions)."""
    definition = getattr(task_spec, "event_definition", None)
    if definition is None:
        return []
    members = getattr(definition, "event_definitions", None) or [definition]
    return [d for d in members if isinstance(d, TimerEventDefinition)]


def timer_kind(definition: TimerEventDefinition) -> str:
    """Name the kind of a timer: date, duration or cycle."""
    if isinstance(definition, CycleTimerEventDefinition):
        return "cycle"
    if isinstance(definition, DurationTimerEventDefinition):
        return "duration"
    return "date"


def timer_due_at(task: Any, definition: TimerEventDefinition) -> datetime | None:
    """Return when a waiting timer is next due, from the engine's internal data."""
    value = task.internal_data.get("event_value")
    if isinstance(value, dict):
        if value.get("cycles") == 0:
            return None
        value = value.get("next")
    if not value:
        return None
    moment = TimerEventDefinition.get_datetime(value)
    return datetime.fromtimestamp(moment.timestamp(), UTC)
