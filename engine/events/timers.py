"""Timer event definitions as FlowDesk sees them: which catch events wait for time, of what kind, until when."""
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)

from engine import clock as engine_clock
from engine.errors import ExpressionError
from engine.evaluation.cron import looks_like_cron, next_cron_time
from engine.evaluation.expressions import reads_clock
from engine.evaluation.timer_expressions import timer_literal


class CronCycleTimerEventDefinition(CycleTimerEventDefinition):
    """A timeCycle that is an ISO 8601 repeating interval or, as Camunda also reads it, a Quartz cron expression.

    A cron cycle never runs out: after each firing it waits for the next moment the expression names
    after the one that fired, so a scheduler that was down fires each missed moment in turn.
    """

    def cycle_complete(self, my_task: Any) -> bool:
        if my_task._get_internal_data("event_value") is None:
            text = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            my_task._set_internal_data(event_value=_first_cycle_value(text))
        value = my_task._get_internal_data("event_value")
        if "cron" not in value or value["cycles"] == 0:
            return bool(super().cycle_complete(my_task))
        due_at = datetime.fromisoformat(value["next"])
        if due_at >= engine_clock.current_time():
            return False
        following = next_cron_time(value["cron"], due_at)
        value["cycles"] = value["cycles"] - 1 if following is not None else 0
        value["next"] = (following or due_at).isoformat()
        my_task._set_internal_data(event_value=value)
        return True


class StartCycleTimerEventDefinition(CronCycleTimerEventDefinition):
    """A timeCycle on a process's start event: each firing starts one instance, as in Camunda 7.

    The instance whose start timer fires runs once: its cycle ends there (the start event completes without
    another branch), and what is left of the cycle, its remaining repetitions and next moment, is kept in
    the task's internal data (SUCCESSOR) for the caller to start the next waiting instance with.
    """

    def cycle_complete(self, my_task: Any) -> bool:
        if not super().cycle_complete(my_task):
            return False
        value = dict(my_task._get_internal_data("event_value"))
        if value["cycles"] != 0:
            my_task._set_internal_data(**{SUCCESSOR: value})
        my_task.internal_data.pop("event_value", None)
        my_task._set_internal_data(event_fired=True)
        return True


# The internal-data key under which a fired start cycle keeps what is left of it for the next instance.
SUCCESSOR = "flowdesk_next_cycle"


def adopt_start_cycles(start_events: Iterable[Any]) -> None:
    """Make the cycle timers of a process's own start events start one instance per firing."""
    for task_spec in start_events:
        definition = getattr(task_spec, "event_definition", None)
        if type(definition) is CronCycleTimerEventDefinition:
            task_spec.event_definition = StartCycleTimerEventDefinition(
                definition.name, definition.expression, description=definition.description)


def hand_start_event(events: Iterable[Any]) -> str | None:
    """Return the start event a run started by hand enters by, as Camunda 7's initial: the none start event of a
    process with several start events or a timer start, else its first timer start event; None when the
    process has one plain start event, or no start a person may use (starts by message or signal only).

    Camunda keeps a process's timer start for the instance its scheduler starts; a start by hand "causes one
    more start of the process at the time of the invocation", so the timer never waits in that instance, and
    neither do the message or signal start events, which start instances of their own.
    """
    starts = list(events)
    timed = [start for start in starts if timer_definitions(start)]
    plain = [start for start in starts if getattr(start, "event_definition", None) is not None
             and type(start.event_definition).__name__ == "NoneEventDefinition"]
    if not timed and (len(starts) < 2 or not plain):
        return None
    return str((plain or timed)[0].bpmn_id)


def fire_at_once(task: Any) -> None:
    """Make a timer start event fire as soon as it is next updated, once: no expression read, no next firing.

    A cycle fires as its last repetition would (it adds the start event's outgoing branch itself); a date or
    duration as a moment already past.
    """
    past = (engine_clock.current_time() - timedelta(microseconds=1)).isoformat()
    for definition in timer_definitions(task.task_spec):
        if isinstance(definition, CycleTimerEventDefinition):
            task.internal_data["event_value"] = {"cycles": 1, "next": past, "duration": 0.0}
        else:
            task.internal_data["event_value"] = past


def _first_cycle_value(text: str) -> dict[str, Any]:
    """Return the waiting state of a cycle that starts now: its next moment and how many firings remain."""
    if looks_like_cron(text):
        first = next_cron_time(text, engine_clock.current_time())
        if first is None:
            return {"cycles": 0, "next": engine_clock.current_time().isoformat(), "cron": text}
        return {"cycles": -1, "next": first.isoformat(), "cron": text}
    cycles, start, duration = TimerEventDefinition.parse_iso_recurring_interval(text)
    return {"cycles": cycles, "next": start.isoformat(), "duration": duration.total_seconds()}


def adopt_cron_cycles(task_specs: Iterable[Any]) -> None:
    """Give every timeCycle of these task specs FlowDesk's cycle definition, which also reads cron expressions."""
    for task_spec in task_specs:
        definition = getattr(task_spec, "event_definition", None)
        members = getattr(definition, "event_definitions", None)
        if members is not None:
            members[:] = [_cron_aware(member) for member in members]
        elif definition is not None:
            task_spec.event_definition = _cron_aware(definition)


def _cron_aware(definition: Any) -> Any:
    """Return a cron-aware copy of a plain cycle definition; any other definition as it is."""
    if type(definition) is not CycleTimerEventDefinition:
        return definition
    return CronCycleTimerEventDefinition(definition.name, definition.expression, description=definition.description)


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
    they started waiting, and so does a date computed from the clock (`dateTime().plusDays(1)`), as in
    Camunda. A timer inside an event-based gateway (a multiple event) is left alone too.
    """
    definition = getattr(task.task_spec, "event_definition", None)
    if not isinstance(definition, TimeDateEventDefinition):
        return False
    if timer_literal(definition.expression) is None and reads_clock(definition.expression):
        return True
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
