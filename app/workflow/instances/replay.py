"""Replay an instance: its history, step by step, on the diagram version(s) it ran on.

Each step is one history event with what stood after it: where the tokens were (one per open task, so
parallel branches each have their own), the elements completed and the flows taken so far, what the event
changed in the data and the whole data as of then, the timers that waited and when they were due, and
whether the event verifies against the keyed hash chain (recomputed here, on the server).
"""
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.organisation.people import display_names
from app.platform.errors import NotFound
from app.workflow.diagram_text import DiagramText, TimerText, text_of_definition
from app.workflow.instances.history import HistoryEntry, StreamVerdict, instance_stream, stream_rows, verify_stream
from app.workflow.instances.lifecycle import visible_history
from app.workflow.instances.views import PASSED_KINDS, GatewayChoices, PathMarkers, markers_of
from app.workflow.migration.moves import MIGRATED
from app.workflow.models import HistoryEvent, ProcessDefinition, ProcessInstance
from engine.errors import EngineError
from engine.evaluation.timer_expressions import evaluate_timer
from engine.evaluation.timer_reading import read_span

# Steps an operator or an administrator took on the instance from outside its flow.
INTERVENTION_KINDS = frozenset({"intervention", MIGRATED, "instance_retried", "instance_cancelled",
                                "variables_changed", "deadlines_moved", "external_task_retries_set",
                                "external_task_priority_set", "incident_resolved", "projections_rebuilt"})
# Events whose data names the variables they set, as a mapping of name -> new value.
SETS_VARIABLES = frozenset({"instance_started", "message_correlated", "signal_received", "variables_changed",
                            "deadlines_moved", MIGRATED})
# Events that record a step's changes as "changed" (new values) and "removed" (names).
RECORDS_CHANGES = frozenset({"task_completed", "script_ran", "topic_called", "expression_evaluated",
                             "external_task_completed"})
ENDS_OUTSIDE_WORK = frozenset({"external_task_completed", "external_task_bpmn_error"})
SPAN_UNITS = {"weeks": 7 * 86400, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}


@dataclass(frozen=True)
class Token:
    """Where the instance waited after a step: an element, and the task that holds it there (if any)."""

    element_id: str
    task_id: str | None


@dataclass(frozen=True)
class Change:
    """One variable a step changed: its value before and after (removed: it is gone after)."""

    name: str
    before: Any
    after: Any
    removed: bool = False


@dataclass(frozen=True)
class ReplayTimer:
    """A timer that waited after a step, and when it was due (None when its expression could not be read)."""

    element_id: str
    name: str
    attached_to: str | None
    due_at: datetime | None


@dataclass(frozen=True)
class ReplayStep:
    """One step of a replay."""

    seq: int
    kind: str
    element_id: str | None
    element_name: str
    actor: str | None
    actor_name: str | None
    at: datetime
    version: int
    intervention: bool
    tokens: tuple[Token, ...]
    markers: PathMarkers
    changes: tuple[Change, ...]
    data: dict[str, Any]
    timers: tuple[ReplayTimer, ...]
    problem: str | None  # why the event fails its hash chain; None: it verifies

    @property
    def verified(self) -> bool:
        """Tell whether the event verifies against the hash chain."""
        return self.problem is None


@dataclass(frozen=True)
class InstanceReplay:
    """An instance's replay: its steps, the diagram versions they ran on and the verdict of its chain."""

    instance_id: int
    process_id: str
    process_name: str
    business_key: str | None
    started_by: str | None
    steps: list[ReplayStep]
    versions: dict[int, DiagramText]
    verdict: StreamVerdict


@dataclass
class Walk:
    """What stands as the replay walks the history: the version, the data, the open work, the path so far."""

    text: DiagramText
    version: int
    data: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, tuple[str, datetime]] = field(default_factory=dict)  # task id -> (element id, since)
    outside: dict[str, tuple[str, datetime]] = field(default_factory=dict)  # external task id -> (element, since)
    fired: set[tuple[str, str]] = field(default_factory=set)  # (holder task id, boundary timer id)
    passed: set[str] = field(default_factory=set)
    started: bool = False
    gateways: GatewayChoices = field(default_factory=GatewayChoices)  # on this version (a migration starts over)
    choices: dict[str, set[str]] = field(default_factory=dict)  # the choices known so far (the markers read them)


def replay_instance(instance_id: int, visible: frozenset[str] | None) -> InstanceReplay:
    """Return an instance's replay with only the variables the reader reads (visible; None: all).

    The caller has checked that the reader may replay the instance.
    """
    instance = db.session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound(f"Instance {instance_id} does not exist.")
    stream = instance_stream(instance_id)
    rows = stream_rows(stream)
    verdict = verify_stream(stream, rows)
    events = visible_history([entry_of(row) for row in rows], visible)
    current = db.session.get(ProcessDefinition, instance.definition_id)
    assert current is not None  # the foreign key holds it
    versions = diagram_versions(current, events)
    people = display_names({event.actor for event in events} | {instance.started_by})
    steps = replay_steps(events, versions, first_version(events, current.version), verdict, people)
    return InstanceReplay(instance_id, current.process_id, versions[current.version].name, instance.business_key,
                          instance.started_by, steps, versions, verdict)


def entry_of(row: Any) -> HistoryEntry:
    """Return a stored history row as an entry."""
    return HistoryEntry(row.seq, row.kind, row.element_id, row.actor, row.at, json.loads(row.data))


def first_version(events: Sequence[HistoryEntry], current: int) -> int:
    """Return the version the instance started on: the one its start names, else the first migration's source."""
    for event in events:
        if event.kind == "instance_started" and isinstance(event.data.get("version"), int):
            return int(event.data["version"])
        if event.kind == MIGRATED:
            return int(event.data["from_version"])
    return current


def version_numbers(current: int, events: Sequence[HistoryEntry]) -> set[int]:
    """Return the numbers of the versions an instance ran on: where it started, moved to and is now."""
    numbers = {current, first_version(events, current)}
    return numbers | {int(event.data[key]) for event in events if event.kind == MIGRATED
                      for key in ("from_version", "to_version")}


def diagram_versions(current: ProcessDefinition, events: Sequence[HistoryEntry]) -> dict[int, DiagramText]:
    """Return the diagram of every version of the process the instance ran on, by version number."""
    rows = db.session.execute(select(ProcessDefinition.id, ProcessDefinition.version).where(
        ProcessDefinition.process_id == current.process_id,
        ProcessDefinition.version.in_(version_numbers(current.version, events)))).all()
    return {row.version: text_of_definition(row.id) for row in rows}


def version_diagram_ran_on(instance_id: int, version: int) -> bytes:
    """Return the XML of a version of its process an instance ran on (NotFound for any other version)."""
    instance = db.session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound(f"Instance {instance_id} does not exist.")
    current = db.session.get(ProcessDefinition, instance.definition_id)
    assert current is not None  # the foreign key holds it
    rows = db.session.execute(select(HistoryEvent.seq, HistoryEvent.kind, HistoryEvent.data).where(
        HistoryEvent.stream == instance_stream(instance_id),
        HistoryEvent.kind.in_(("instance_started", MIGRATED)))).all()
    events = [HistoryEntry(row.seq, row.kind, None, None, current.deployed_at, json.loads(row.data)) for row in rows]
    if version not in version_numbers(current.version, events):
        raise NotFound(f"Instance {instance_id} never ran on version {version} of its process.")
    xml = db.session.execute(select(ProcessDefinition.bpmn_xml).where(
        ProcessDefinition.process_id == current.process_id, ProcessDefinition.version == version)).scalar_one()
    return bytes(xml)


def replay_steps(events: Sequence[HistoryEntry], versions: dict[int, DiagramText], version: int,
                 verdict: StreamVerdict, people: dict[str, str]) -> list[ReplayStep]:
    """Walk the history event by event and return what stood after each one."""
    walk = Walk(versions[version], version)
    steps = []
    markers_cache: dict[Any, PathMarkers] = {}
    for event in events:
        if event.kind == MIGRATED and int(event.data.get("to_version", version)) in versions:
            move_to_version(walk, versions[int(event.data["to_version"])], int(event.data["to_version"]), event)
        changes = apply_data(walk.data, event)
        follow_work(walk, event)
        if event.kind == "gateway_passed":
            walk.gateways.add(event, walk.text.flows)
            walk.choices = walk.gateways.known()
        tokens = tokens_of(walk)
        steps.append(ReplayStep(
            event.seq, event.kind, event.element_id, walk.text.name_of(event.element_id), event.actor,
            people.get(event.actor or "", event.actor), event.at, walk.version, event.kind in INTERVENTION_KINDS,
            tokens, cached_markers(walk, tokens, markers_cache), tuple(changes), dict(walk.data),
            waiting_timers(walk), verdict.problems.get(event.seq)))
    return steps


def cached_markers(walk: Walk, tokens: Sequence[Token], cache: dict[Any, PathMarkers]) -> PathMarkers:
    """Return the markers of where the walk stands, worked out once per distinct path (loops repeat them)."""
    key = (walk.version, frozenset(walk.passed), walk.started,
           frozenset((gateway, frozenset(flows)) for gateway, flows in walk.choices.items()),
           frozenset(token.element_id for token in tokens))
    if key not in cache:
        cache[key] = markers_of(walk.text, walk.passed, walk.started, walk.choices,
                                [token.element_id for token in tokens])
    return cache[key]


def move_to_version(walk: Walk, text: DiagramText, version: int, event: HistoryEntry) -> None:
    """Carry the walk onto the version a migration moved the instance to: open work where the mapping put it."""
    mapping = event.data.get("mapping") or {}
    walk.tasks = {task_id: (mapping.get(element) or element, since) for task_id, (element, since) in walk.tasks.items()
                  if mapping.get(element, element) is not None}
    walk.outside = {task_id: (mapping.get(element) or element, since)
                    for task_id, (element, since) in walk.outside.items()}
    walk.passed = {element for element in walk.passed if element in text.kinds}
    walk.text, walk.version, walk.gateways, walk.choices = text, version, GatewayChoices(), {}


def apply_data(data: dict[str, Any], event: HistoryEntry) -> list[Change]:
    """Apply what an event set to the data; return the changes (before and after) it made."""
    values, removed = new_values(event)
    changes = [Change(name, data.get(name), value) for name, value in values.items()
               if name not in data or data[name] != value]
    changes += [Change(name, data[name], None, removed=True) for name in removed if name in data]
    data.update(values)
    for name in removed:
        data.pop(name, None)
    return changes


def new_values(event: HistoryEntry) -> tuple[dict[str, Any], list[str]]:
    """Return the values an event set and the names it removed."""
    data = event.data
    if event.kind in RECORDS_CHANGES:
        return dict(data.get("changed") or {}), list(data.get("removed") or [])
    if event.kind in SETS_VARIABLES and isinstance(data.get("variables"), dict):
        return dict(data["variables"]), []
    if event.kind == "intervention" and data.get("action") == "set_variable" and "variable" in data:
        return {data["variable"]: data.get("after")}, []
    return {}, []


def follow_work(walk: Walk, event: HistoryEntry) -> None:
    """Open and close the walk's tasks and outside work, and note what the event passed."""
    task_id = event.data.get("task_id")
    if event.kind == "instance_started":
        walk.started = True
    elif event.kind == "task_ready" and task_id and event.element_id:
        walk.tasks[task_id] = (event.element_id, event.at)
    elif event.kind in ("task_completed", "task_cancelled") and task_id:
        walk.tasks.pop(task_id, None)
    elif event.kind == "external_task_locked" and task_id and event.element_id:
        walk.outside.setdefault(task_id, (event.element_id, event.at))
    elif event.kind in ENDS_OUTSIDE_WORK and task_id:
        walk.outside.pop(task_id, None)
    elif event.kind in ("instance_completed", "instance_cancelled"):
        walk.tasks.clear()
        walk.outside.clear()
    if event.kind == "timer_fired" and event.element_id:
        walk.fired |= {(holder, event.element_id) for holder in walk.tasks}
    if event.kind in PASSED_KINDS and event.element_id:
        walk.passed.add(event.element_id)


def tokens_of(walk: Walk) -> tuple[Token, ...]:
    """Return where the instance waits: one token per open task and per outside worker's task."""
    tokens = [Token(element, task_id) for task_id, (element, _since) in walk.tasks.items()]
    tokens += [Token(element, task_id) for task_id, (element, _since) in walk.outside.items()]
    return tuple(sorted(tokens, key=lambda token: (token.element_id, token.task_id or "")))


def waiting_timers(walk: Walk) -> tuple[ReplayTimer, ...]:
    """Return the boundary timers of the open tasks that had not gone off, with when each was due."""
    found = []
    for task_id, (element, since) in walk.tasks.items():
        for timer in walk.text.timer_texts.values():
            if timer.attached_to == element and (task_id, timer.element_id) not in walk.fired:
                found.append(ReplayTimer(timer.element_id, walk.text.name_of(timer.element_id), element,
                                         timer_due_at(timer, walk.data, since)))
    return tuple(sorted(found, key=lambda timer: (timer.due_at is None,
                                                  timer.due_at.timestamp() if timer.due_at else 0.0,
                                                  timer.element_id)))


def timer_due_at(timer: TimerText, data: dict[str, Any], since: datetime) -> datetime | None:
    """Return when a timer that began waiting at `since` was due, read with the data as it stood; None if unread."""
    try:
        text = evaluate_timer(timer.text, data, timer.kind)
        if timer.kind == "date":
            moment = datetime.fromisoformat(text)
            return moment if moment.tzinfo is not None else None
        if timer.kind == "duration":
            return since + span_of(text)
    except (EngineError, ValueError, TypeError, KeyError):
        return None
    return None


def span_of(text: str) -> timedelta:
    """Return an ISO 8601 duration of weeks, days and clock time as a timedelta (months and years refused)."""
    seconds = 0.0
    for unit, amount in read_span(text):
        if unit not in SPAN_UNITS:
            raise ValueError(f"A duration in {unit} has no fixed length.")
        seconds += amount * SPAN_UNITS[unit]
    return timedelta(seconds=seconds)
