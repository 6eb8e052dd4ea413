"""What a case really had, read from its history: the feed a what-if replay gives the engine (pure).

A case's feed holds its start data, each user task's submitted values and the time the person took (ready to
completed), the recorded outputs of its service tasks and outside workers, the moments outside the flow moved it
(messages, signals, variable edits, moved deadlines, a cancellation), when its timers really fired, and the path it
took (the elements it passed, in order, gateways included), for the calibration to compare against.
"""
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from app.workflow.instances.history import HistoryEntry

# The events that pass an element (app.workflow.insight.trail counts the same ones).
PASS_KINDS = frozenset({"task_completed", "gateway_passed", "timer_fired", "condition_met", "topic_called",
                        "script_ran", "expression_evaluated", "end_reached", "task_passed",
                        "external_task_completed", "message_correlated", "signal_received"})
# The ticket deadlines a "deadlines_moved" event names, and the variables the incident diagram's timers read them
# from (app.servicedesk.tickets.deadlines.deadline_variables).
DEADLINE_VARIABLES = {"response_due_at": "response_due", "resolution_due_at": "resolution_due",
                      "resolution_warning_at": "resolution_warning"}
# Events after which a case cannot be replayed faithfully, and why.
UNREPLAYABLE = {"instance_migrated": _l("It was moved to another version while it ran."),
                "step_failed": _l("A step of it failed and was retried by hand.")}


@dataclass(frozen=True)
class TaskRecord:
    """One user task as it really went: the values the person submitted and how long it was open, or that it was
    cancelled (a boundary event or a cancellation took it away; seconds None)."""

    values: dict[str, Any]
    seconds: float | None
    seq: int


@dataclass(frozen=True)
class Moment:
    """Something that reached the case from outside its flow at a real moment."""

    at: datetime
    seq: int
    kind: str  # message, signal, variables, cancel
    name: str | None
    values: dict[str, Any]


@dataclass(frozen=True)
class Pass:
    """One element the case passed, and when."""

    element_id: str
    at: datetime


@dataclass
class CaseFeed:
    """Everything a what-if replay feeds one case, and the case's real path."""

    instance_id: int
    business_key: str | None
    version: int
    started_at: datetime
    start_data: dict[str, Any]
    status: str
    ended_at: datetime | None
    tasks: dict[str, deque[TaskRecord]] = field(default_factory=dict)
    outputs: dict[str, deque[dict[str, Any]]] = field(default_factory=dict)  # service task / outside work outputs
    moments: list[Moment] = field(default_factory=list)
    firings: dict[str, deque[datetime]] = field(default_factory=dict)  # timer element -> when it really fired
    path: list[Pass] = field(default_factory=list)
    task_elements: set[str] = field(default_factory=set)  # the user tasks the case really completed
    flows: list[str] = field(default_factory=list)  # the flows its gateways really took
    problem: str | None = None  # why it cannot be replayed

    @property
    def ended(self) -> bool:
        """Tell whether the case really ended (completed or cancelled)."""
        return self.ended_at is not None

    def fresh(self) -> "CaseFeed":
        """Return a copy whose queues are full again, for another replay of the same case."""
        copy = CaseFeed(self.instance_id, self.business_key, self.version, self.started_at, dict(self.start_data),
                        self.status, self.ended_at, moments=self.moments, path=self.path,
                        task_elements=self.task_elements, flows=self.flows, problem=self.problem)
        copy.tasks = {element: deque(queue) for element, queue in self.tasks.items()}
        copy.outputs = {element: deque(queue) for element, queue in self.outputs.items()}
        copy.firings = {element: deque(queue) for element, queue in self.firings.items()}
        return copy


def feed_of(instance_id: int, business_key: str | None, status: str, events: Sequence[HistoryEntry]) -> CaseFeed:
    """Return the feed of a case from its history events, in order."""
    first = events[0] if events else None
    if first is None or first.kind != "instance_started":
        feed = CaseFeed(instance_id, business_key, 0, events[0].at if events else datetime.min, {}, status, None)
        feed.problem = str(_l("Its history does not begin with its start."))
        return feed
    feed = CaseFeed(instance_id, business_key, int(first.data.get("version") or 0), first.at,
                    dict(first.data.get("variables") or {}), status, None)
    ready: dict[str, tuple[str, datetime]] = {}
    slots: list[tuple[str, str]] = []  # (element, task id) of every task that opened, in order
    done: dict[str, TaskRecord] = {}
    for event in events[1:]:
        read_event(feed, event, ready, done)
        if event.kind == "task_ready" and event.element_id and event.data.get("task_id"):
            slots.append((event.element_id, str(event.data["task_id"])))
    for element, task_id in slots:
        if task_id in done:  # a task still open is left out: the replay waits there, as the real case does
            feed.tasks.setdefault(element, deque()).append(done[task_id])
    return feed


def read_event(feed: CaseFeed, event: HistoryEntry, ready: dict[str, tuple[str, datetime]],
               done: dict[str, TaskRecord]) -> None:
    """Add what one history event tells to a case's feed (done: the tasks that ended, by task id)."""
    data, element = event.data, event.element_id
    task_id = str(data.get("task_id") or "")
    if event.kind in UNREPLAYABLE and feed.problem is None:
        feed.problem = str(UNREPLAYABLE[event.kind])
    if event.kind == "task_ready" and task_id and element:
        ready[task_id] = (element, event.at)
    elif event.kind == "task_completed" and element:
        opened = ready.pop(task_id, (element, event.at))[1]
        done[task_id] = TaskRecord(dict(data.get("changed") or {}), (event.at - opened).total_seconds(), event.seq)
        feed.task_elements.add(element)
    elif event.kind == "task_cancelled" and task_id in ready:
        ready.pop(task_id)
        done[task_id] = TaskRecord({}, None, event.seq)
    elif event.kind in ("topic_called", "external_task_completed") and element:
        feed.outputs.setdefault(element, deque()).append(dict(data.get("changed") or {}))
    elif event.kind == "gateway_passed":
        feed.flows.extend(str(flow) for flow in data.get("flows") or [])
    elif event.kind == "timer_fired" and element:
        feed.firings.setdefault(element, deque()).append(event.at)
    elif event.kind in ("instance_completed", "instance_cancelled"):
        feed.ended_at = event.at
    moment = moment_of(event)
    if moment is not None:
        feed.moments.append(moment)
    if event.kind in PASS_KINDS and element:
        feed.path.append(Pass(element, event.at))


def moment_of(event: HistoryEntry) -> Moment | None:
    """Return what an event brought from outside the flow, if anything."""
    data = event.data
    if event.kind == "message_correlated":
        return Moment(event.at, event.seq, "message", str(data.get("message")), dict(data.get("variables") or {}))
    if event.kind == "signal_received":
        return Moment(event.at, event.seq, "signal", str(data.get("signal")), dict(data.get("variables") or {}))
    if event.kind == "variables_changed":
        return Moment(event.at, event.seq, "variables", None, dict(data.get("variables") or {}))
    if event.kind == "deadlines_moved":
        moved = {DEADLINE_VARIABLES[name]: change.get("to") for name, change in (data.get("deadlines") or {}).items()
                 if name in DEADLINE_VARIABLES and isinstance(change, dict)}
        return Moment(event.at, event.seq, "variables", None, moved) if moved else None
    if event.kind == "intervention" and data.get("action") == "set_variable" and "variable" in data:
        return Moment(event.at, event.seq, "variables", None, {str(data["variable"]): data.get("after")})
    if event.kind == "instance_cancelled":
        return Moment(event.at, event.seq, "cancel", None, {})
    return None
