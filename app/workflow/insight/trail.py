"""Follow one case through its history events and say what each event adds to the insight counts (pure).

The live path (each step) and `flowdesk insight rebuild` both feed a case's events, in order, through
`follow_events`, so that the counts they keep cannot disagree. A case's trail (what it passed, its open tasks'
times, its path) is kept between steps as JSON in its insight_case row.

What is counted, per process version, element and UTC day of the event:
- passes: every completion of an element (a user task completed, a gateway passed, an event caught or reached,
  a service or script task run); a sequence flow leaving a splitting gateway counts a pass of its own;
- cases: the first pass of the element in the case; repeats: each pass after the first (rework: the case came
  back to it, through a return, a reopening or any other loop);
- reassignments: tasks handed to someone else (forwards) at that element;
- per completed user task, the time it was open (ready to completed) and the waiting before anyone took it
  (ready to the first claim, or to the completion when nobody claimed it), in log-scaled buckets.
"""
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.workflow.insight.buckets import bucket_of

PASS_KINDS = frozenset({"task_completed", "gateway_passed", "timer_fired", "condition_met", "topic_called",
                        "script_ran", "expression_evaluated", "end_reached", "task_passed",
                        "external_task_completed", "message_correlated", "signal_received"})
OFF_PATH_KINDS = {"instance_retried": "retry", "instance_cancelled": "cancellation", "instance_migrated": "migration",
                  "variables_changed": "edit", "step_failed": "failure", "task_reassigned": "reassignment"}
INTERVENTION_ACTIONS = {"retry": "retry", "cancel": "cancellation", "set_variable": "edit", "set_retries": "retry"}
ENDINGS = {"instance_completed": "completed", "instance_cancelled": "cancelled"}
OPEN_TIME, WAITING = "open", "wait"  # the two measures of a user task


@dataclass(frozen=True)
class TrailEvent:
    """One history event as the insight reads it."""

    kind: str
    element_id: str | None
    task_id: str | None
    at: datetime
    data: dict[str, Any]


@dataclass
class CaseTrail:
    """What the insight remembers of one case between its events."""

    process_id: str
    definition_id: int
    started_at: str
    business_key: str | None = None  # the ticket number, for the ticket keys
    open_tasks: dict[str, list[str | None]] = field(default_factory=dict)  # task id -> [ready at, first claim at]
    passed: list[str] = field(default_factory=list)  # elements passed at least once
    path: list[str] = field(default_factory=list)  # the elements passed, in order, without gateways
    repeats: int = 0
    rework_start: str | None = None  # the first element the case came back to
    off_path: list[str] = field(default_factory=list)  # retry, cancellation, migration, edit, failure, reassignment
    status: str = "running"
    ended_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the trail as JSON-able data."""
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "CaseTrail":
        """Return a trail stored by to_json."""
        return cls(**data)


CountKey = tuple[int, str, date]  # definition id, element or flow id, day
DurationKey = tuple[int, str, date, str, int]  # definition id, element id, day, measure, bucket


@dataclass
class Tally:
    """What some events add to the counts: per count key [passes, cases, repeats, reassignments]; per duration
    key the number of tasks."""

    counts: dict[CountKey, list[int]] = field(default_factory=dict)
    durations: Counter[DurationKey] = field(default_factory=Counter)

    def add(self, key: CountKey, passes: int = 0, cases: int = 0, repeats: int = 0, reassignments: int = 0) -> None:
        """Add to the counts of one element (or flow) on one day."""
        row = self.counts.setdefault(key, [0, 0, 0, 0])
        for index, value in enumerate((passes, cases, repeats, reassignments)):
            row[index] += value

    def merge(self, other: "Tally") -> None:
        """Add another tally to this one."""
        for key, values in other.counts.items():
            self.add(key, *values)
        self.durations.update(other.durations)


VersionLookup = Callable[[str, int], int]  # (process id, version) -> definition id


def start_trail(event: TrailEvent, definition_of: VersionLookup) -> CaseTrail | None:
    """Return the trail of a case its instance_started event begins, or None for any other event."""
    if event.kind != "instance_started":
        return None
    process_id = str(event.data.get("process_id"))
    version = int(event.data.get("version", 0))
    return CaseTrail(process_id, definition_of(process_id, version), event.at.isoformat(),
                     event.data.get("business_key"))


def follow_events(trail: CaseTrail, events: list[TrailEvent], definition_of: VersionLookup, tally: Tally) -> None:
    """Move a case's trail over its next events, in order, adding what they count to tally."""
    for event in events:
        follow_event(trail, event, definition_of, tally)


def follow_event(trail: CaseTrail, event: TrailEvent, definition_of: VersionLookup, tally: Tally) -> None:
    """Move a case's trail over one event."""
    day = event.at.date()
    if event.kind == "instance_migrated":
        trail.definition_id = definition_of(trail.process_id, int(event.data.get("to_version", 0)))
    note_off_path(trail, event)
    if event.kind in ENDINGS:
        trail.status, trail.ended_at = ENDINGS[event.kind], event.at.isoformat()
    elif event.kind == "task_ready" and event.task_id:
        trail.open_tasks[event.task_id] = [event.at.isoformat(), None]
    elif event.kind == "task_claimed" and event.task_id in trail.open_tasks:
        times = trail.open_tasks[event.task_id]
        times[1] = times[1] or event.at.isoformat()
    elif event.kind == "task_cancelled" and event.task_id:
        trail.open_tasks.pop(event.task_id, None)
    elif event.kind == "task_reassigned" and event.element_id:
        tally.add((trail.definition_id, event.element_id, day), reassignments=1)
    if event.kind in PASS_KINDS and event.element_id:
        count_pass(trail, event, tally)


def note_off_path(trail: CaseTrail, event: TrailEvent) -> None:
    """Remember an intervention or a departure from the plain run (retries, edits, migrations, ...)."""
    label = OFF_PATH_KINDS.get(event.kind)
    if event.kind == "intervention":
        label = INTERVENTION_ACTIONS.get(str(event.data.get("action")), "intervention")
    if label and label not in trail.off_path:
        trail.off_path.append(label)


def count_pass(trail: CaseTrail, event: TrailEvent, tally: Tally) -> None:
    """Count one completion of an element: its pass, rework, the flows a gateway took and a user task's times."""
    element_id = str(event.element_id)
    key = (trail.definition_id, element_id, event.at.date())
    if element_id in trail.passed:
        tally.add(key, passes=1, repeats=1)
        trail.repeats += 1
        trail.rework_start = trail.rework_start or element_id
    else:
        tally.add(key, passes=1, cases=1)
        trail.passed.append(element_id)
    if event.kind == "gateway_passed":
        for flow_id in event.data.get("flows") or []:
            tally.add((trail.definition_id, str(flow_id), event.at.date()), passes=1)
    else:
        trail.path.append(element_id)
    times = trail.open_tasks.pop(event.task_id, None) if event.task_id else None
    if event.kind == "task_completed" and times is not None:
        count_task_times(key, times, event.at, tally)


def count_task_times(key: CountKey, times: list[str | None], completed_at: datetime, tally: Tally) -> None:
    """Count a completed user task's open time and waiting time in their buckets."""
    ready_at = datetime.fromisoformat(str(times[0]))
    taken_at = datetime.fromisoformat(times[1]) if times[1] else completed_at
    definition_id, element_id, day = key
    open_seconds = (completed_at - ready_at).total_seconds()
    waiting_seconds = (taken_at - ready_at).total_seconds()
    tally.durations[(definition_id, element_id, day, OPEN_TIME, bucket_of(open_seconds))] += 1
    tally.durations[(definition_id, element_id, day, WAITING, bucket_of(waiting_seconds))] += 1
