"""Timer event definitions as FlowDesk sees them: which catch events wait for time, of what kind, until when."""
from datetime import UTC, datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)

from engine.errors import ExpressionError


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


def rearm_date_timer(task: Any) -> bool:
    """Compute a waiting date timer's moment again from its task's data; say whether the task has one.

    SpiffWorkflow evaluates a date timer's expression once, when its task starts waiting, and keeps the
    moment in the task's internal data. Duration and cycle timers are left alone: they count from when
    they started waiting. A timer inside an event-based gateway (a multiple event) is left alone too.
    """
    definition = getattr(task.task_spec, "event_definition", None)
    if not isinstance(definition, TimeDateEventDefinition):
        return False
    element_id = task.task_spec.bpmn_id
    try:
        value = task.workflow.script_engine.evaluate(task, definition.expression)
    except Exception as error:  # the dialect's or SpiffWorkflow's wrapping of it
        raise ExpressionError(definition.expression, f"failed for the timer '{element_id}': {error}") from error
    try:
        TimerEventDefinition.get_datetime(value)
    except (TypeError, ValueError):
        raise ExpressionError(definition.expression,
                              f"gives {value!r}, which is not a moment, for the timer '{element_id}'") from None
    task.internal_data["event_value"] = value
    return True
