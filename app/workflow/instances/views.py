"""Everything the instance pages show: the path on the diagram, open tasks, timers, variables, history."""
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.organisation.people import display_names, group_names
from app.organisation.policies import Actor, may_operate_instances
from app.platform.errors import NotFound
from app.workflow.catalog import list_startable_processes
from app.workflow.diagram_text import DiagramText, Flows, text_of_definition
from app.workflow.instances.history import HistoryEntry, canonical_json, instance_stream, list_history
from app.workflow.instances.lifecycle import (
    STATUSES,
    InstanceSummary,
    instance_data_visible_to,
    list_instances,
    show_instance,
    visible_history,
)
from app.workflow.instances.repair import Repair, repair_of
from app.workflow.models import ProcessDefinition, ProcessInstance, Timer, UserTask
from app.workflow.runtime import Runtime
from app.workflow.step import definition_for
from app.workflow.tasks.offers import GROUP_KINDS, may_take
from app.workflow.tasks.tasklist import offers_by_task, split_offers

PAGE_SIZE = 50
# History events that say an element was passed through.
PASSED_KINDS = frozenset({"task_completed", "task_passed", "gateway_passed", "timer_fired", "topic_called",
                          "script_ran", "end_reached", "message_correlated", "message_thrown", "condition_met",
                          "expression_evaluated", "signal_received", "signal_thrown"})
# Elements the engine passes without an event of its own; they count as passed when the path runs through them.
SILENT_KINDS = frozenset({"startEvent", "intermediateThrowEvent", "intermediateCatchEvent", "subProcess",
                          "callActivity", "parallelGateway", "exclusiveGateway", "inclusiveGateway",
                          "eventBasedGateway"})
# Process owners and auditors read statuses as they are; the portal has its own plain words for requesters.
STATUS_WORDS = {
    "running": _l("Running"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
    "needs_attention": _l("Needs attention"),
}
KIND_WORDS = {
    "instance_started": _l("Started"),
    "task_ready": _l("Task waiting"),
    "task_claimed": _l("Task claimed"),
    "task_released": _l("Task released"),
    "task_reassigned": _l("Task reassigned"),
    "task_completed": _l("Task completed"),
    "task_cancelled": _l("Task withdrawn"),
    "task_passed": _l("Passed through"),
    "gateway_passed": _l("Path chosen"),
    "timer_fired": _l("Timer went off"),
    "message_correlated": _l("Message received"),
    "message_thrown": _l("Message sent"),
    "signal_received": _l("Signal received"),
    "signal_thrown": _l("Signal broadcast"),
    "topic_called": _l("Automatic step done"),
    "topic_logged": _l("Note from an automatic step"),
    "script_ran": _l("Script ran"),
    "condition_met": _l("Condition met"),
    "expression_evaluated": _l("Expression evaluated"),
    "end_reached": _l("End reached"),
    "instance_completed": _l("Completed"),
    "instance_cancelled": _l("Cancelled"),
    "step_failed": _l("Step failed"),
    "instance_retried": _l("Retried"),
    "projections_rebuilt": _l("Task and timer rows repaired"),
    "deadlines_moved": _l("Deadlines moved"),
    "variables_changed": _l("Variables changed"),
    "incident_raised": _l("Incident: an outside worker's task failed with no retries left"),
    "incident_resolved": _l("Incident resolved: the task is offered to workers again"),
    "external_task_retries_set": _l("Retries of an outside worker's task set"),
    "external_task_priority_set": _l("Priority of an outside worker's task set"),
    "bpmn_error_unhandled": _l("Business error not caught: this path ended"),
    "intervention": _l("Intervention by an operator"),
    "instance_migrated": _l("Moved to another version"),
    "approval_member_excluded": _l("Approval: a member excluded (they requested or own what is decided)"),
    "approval_delegated": _l("Approval: a member away, handed to their delegate"),
    "approval_delegation_refused": _l("Approval: the delegate is excluded, so the member keeps the task"),
    "approval_decision_recorded": _l("Approval: decision recorded"),
    "approval_decision_refused": _l("Approval: decision refused (the person is excluded)"),
    "approval_concluded": _l("Approval: the rule decided"),
}


@dataclass(frozen=True)
class PathMarkers:
    """Element and flow ids to mark on the diagram."""

    done: tuple[str, ...]
    active: tuple[str, ...]
    taken: tuple[str, ...]

    def to_dict(self) -> dict[str, list[str]]:
        """Return JSON-able data."""
        return {"done": list(self.done), "active": list(self.active), "taken": list(self.taken)}


def mark_path(text: DiagramText, events: Sequence[HistoryEntry], waiting: Collection[str]) -> PathMarkers:
    """Work out the completed and active elements and the taken flows from the history and what waits.

    waiting: the element ids of open tasks and waiting timers. A flow is taken when its source was
    passed (for a gateway: when the gateway chose it) and its target was passed or is active.
    """
    passed = frozenset(event.element_id for event in events if event.kind in PASSED_KINDS and event.element_id)
    started = any(event.kind == "instance_started" for event in events)
    return markers_of(text, passed, started, gateway_choices(events, text.flows), waiting)


def markers_of(text: DiagramText, passed: Collection[str], started: bool, choices: dict[str, set[str]],
               waiting: Collection[str]) -> PathMarkers:
    """Work out the markers from the elements events passed, whether the instance started, the gateways' choices
    and the elements that wait (see mark_path)."""
    active = set(waiting) | enclosing_subprocesses(waiting, text.parents)
    done = set(passed)
    if started:
        done |= text.start_events
    done |= entered_start_events(text, done | active)
    done |= silent_elements_passed(text, done, active, choices)
    taken = {flow for source, outgoing in text.flows.items() for flow, target in outgoing
             if flow_entered(source, flow, done, choices) and (target in done or target in active)}
    return PathMarkers(tuple(sorted(done - active)), tuple(sorted(active)), tuple(sorted(taken)))


def enclosing_subprocesses(elements: Collection[str], parents: dict[str, str]) -> set[str]:
    """Return every sub-process that holds one of the elements, at any depth."""
    found = set()
    for element in elements:
        while element in parents:
            element = parents[element]
            found.add(element)
    return found


def entered_start_events(text: DiagramText, reached: set[str]) -> set[str]:
    """Return the start events of sub-processes that something inside was reached in."""
    entered = {text.parents[element] for element in reached if element in text.parents}
    return {element for element, kind in text.kinds.items()
            if kind == "startEvent" and text.parents.get(element) in entered}


def gateway_choices(events: Sequence[HistoryEntry], flows: Flows) -> dict[str, set[str]]:
    """Return, per gateway, the flows it chose whenever it was passed (see GatewayChoices)."""
    choices = GatewayChoices()
    for event in events:
        choices.add(event, flows)
    return choices.known()


@dataclass
class GatewayChoices:
    """The flows each gateway chose, gathered pass by pass (a replay adds each pass as it walks the history).

    A gateway with a pass that names no flow (the engine reports no target id when the chosen task
    carries a boundary event) is left out, so its flows count as taken by where the path went.
    """

    chosen: dict[str, set[str]] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)

    def add(self, event: HistoryEntry, flows: Flows) -> None:
        """Add what an event chose, if it is a gateway's pass."""
        if event.kind != "gateway_passed" or not event.element_id:
            return
        targets = set(event.data.get("targets") or ())
        chosen = set(event.data.get("flows") or ())
        chosen.update(flow for flow, target in flows.get(event.element_id, ()) if target in targets)
        self.chosen.setdefault(event.element_id, set()).update(chosen)
        if not chosen:
            self.unknown.add(event.element_id)

    def known(self) -> dict[str, set[str]]:
        """Return, per gateway whose every pass named its flows, the flows it chose."""
        return {gateway: set(chosen) for gateway, chosen in self.chosen.items() if gateway not in self.unknown}


def flow_entered(source: str, flow: str, done: set[str], choices: dict[str, set[str]]) -> bool:
    """Say whether the path went from a passed source into a flow (a gateway only into flows it chose)."""
    return source in done and (source not in choices or flow in choices[source])


def silent_elements_passed(text: DiagramText, done: set[str], active: set[str],
                           choices: dict[str, set[str]]) -> set[str]:
    """Return the silent elements (joins, plain tasks, sub-processes, ...) the path ran through."""
    incoming: dict[str, list[tuple[str, str]]] = {}
    for source, outgoing in text.flows.items():
        for flow, target in outgoing:
            incoming.setdefault(target, []).append((source, flow))
    passed = set(done)
    changed = True
    while changed:
        changed = False
        for element, sources in incoming.items():
            if element in passed or element in active or not is_silent(text, element):
                continue
            entered = any(flow_entered(source, flow, passed, choices) for source, flow in sources)
            left = any(target in passed or target in active for _flow, target in text.flows.get(element, ()))
            if entered and left:
                passed.add(element)
                changed = True
    return passed - done


def is_silent(text: DiagramText, element: str) -> bool:
    """Say whether the engine passes an element without recording an event for it."""
    kind = text.kinds.get(element, "")
    if kind not in SILENT_KINDS or element in text.timers:
        return False
    splits = kind.endswith("Gateway") and kind != "eventBasedGateway" and len(text.flows.get(element, ())) > 1
    return not splits


@dataclass(frozen=True)
class OpenTask:
    """An open user task as the instance page lists it."""

    id: str
    element_id: str
    name: str
    assignee: str | None
    assignee_name: str | None
    groups: tuple[str, ...]
    users: tuple[str, ...]
    priority: int | None
    due_at: datetime | None
    created_at: datetime
    workable: bool  # the viewer may open its form (assignee, or a candidate while unclaimed)
    follow_up_at: datetime | None = None  # camunda:followUpDate


@dataclass(frozen=True)
class WaitingTimer:
    """A timer the instance waits for."""

    element_id: str
    name: str
    kind: str
    due_at: datetime


@dataclass(frozen=True)
class HistoryLine:
    """One history event as the instance page lists it."""

    seq: int
    at: datetime
    kind: str
    kind_words: Any
    element_id: str | None
    element_name: str
    actor: str | None
    actor_name: str | None
    data: str


@dataclass(frozen=True)
class InstancePage:
    """Everything the instance page shows."""

    summary: InstanceSummary
    process_name: str
    started_by_name: str | None
    last_error: str | None
    variables: dict[str, Any]
    tasks: list[OpenTask]
    timers: list[WaitingTimer]
    history: list[HistoryLine]
    markers: PathMarkers
    waiting: list[dict[str, Any]]  # messages and outside workers (InstanceDetails.waiting)
    incidents: list[dict[str, Any]]  # external tasks without retries (InstanceDetails.incidents), with step names
    repair: Repair | None = None  # what stopped an instance that needs attention, and the variables to correct

    @property
    def status_words(self) -> Any:
        """Return the status in plain words."""
        return STATUS_WORDS.get(self.summary.status, self.summary.status)


def show_instance_page(runtime: Runtime, instance_id: int, actor: Actor, locale: str = "en") -> InstancePage:
    """Return what the instance page shows, the diagram's words in a locale (the caller has checked the actor may
    see it)."""
    visible = instance_data_visible_to(runtime, actor, instance_id)
    details = show_instance(runtime, instance_id, visible)
    definition_id = definition_of(instance_id)
    text = text_of_definition(definition_id)
    tasks = open_tasks(instance_id, actor)
    timers = waiting_timers(instance_id)
    events = visible_history(list_history(instance_stream(instance_id)), visible)
    people = display_names({event.actor for event in events} | {details.summary.started_by}
                           | {task.assignee for task in tasks})
    tasks = [task_with_name(task, people) for task in tasks]
    active = [task.element_id for task in tasks] + [timer.element_id for timer in timers]
    markers = mark_path(text, events, active + [wait["element_id"] for wait in details.waiting])
    return InstancePage(
        details.summary, text.name, people.get(details.summary.started_by or "", details.summary.started_by),
        details.last_error, details.variables, tasks, timers, history_lines(events, text, people), markers,
        [{**wait, "step": text.name_of(wait["element_id"]),
          "locked_until": datetime.fromisoformat(wait["locked_until"]) if wait["locked_until"] else None}
         for wait in details.waiting],
        [{**incident, "step": text.name_of(incident["element_id"])} for incident in details.incidents],
        repair_shown(runtime, details.summary.status, definition_id, details.last_error, details.variables, actor,
                     locale))


def repair_shown(runtime: Runtime, status: str, definition_id: int, last_error: str | None,
                 variables: dict[str, Any], actor: Actor, locale: str) -> Repair | None:
    """Return what to correct in an instance that needs attention, for those who may operate it; else None."""
    if status != "needs_attention" or not may_operate_instances(actor):
        return None
    return repair_of(definition_for(runtime, definition_id), definition_id, last_error, variables, locale)


def definition_of(instance_id: int) -> int:
    """Return the process version an instance runs on, or raise NotFound."""
    found = db.session.execute(
        select(ProcessInstance.definition_id).where(ProcessInstance.id == instance_id)).scalar_one_or_none()
    if found is None:
        raise NotFound(f"Instance {instance_id} does not exist.")
    return found


def open_tasks(instance_id: int, actor: Actor) -> list[OpenTask]:
    """Return an instance's open tasks, saying for each whether the actor may work on it."""
    rows = db.session.execute(
        select(UserTask).where(UserTask.instance_id == instance_id).order_by(UserTask.created_at, UserTask.id)
    ).scalars().all()
    offers = offers_by_task([row.id for row in rows])
    shown_groups = group_names({name for found in offers.values() for kind, name in found if kind in GROUP_KINDS})
    tasks = []
    for row in rows:
        groups, users = split_offers(offers.get(row.id, []))
        workable = may_take(row.assignee, actor.login, actor.groups, actor.roles, offers.get(row.id, []))
        tasks.append(OpenTask(row.id, row.element_id, row.name, row.assignee, None,
                              tuple(shown_groups.get(group, group) for group in groups), tuple(users),
                              row.priority, row.due_at, row.created_at, workable, row.follow_up_at))
    return tasks


def task_with_name(task: OpenTask, people: dict[str, str]) -> OpenTask:
    """Return the task with its assignee's display name filled in."""
    if not task.assignee:
        return task
    return OpenTask(task.id, task.element_id, task.name, task.assignee, people.get(task.assignee, task.assignee),
                    task.groups, task.users, task.priority, task.due_at, task.created_at, task.workable,
                    task.follow_up_at)


def waiting_timers(instance_id: int) -> list[WaitingTimer]:
    """Return the timers an instance waits for, soonest first."""
    rows = db.session.execute(
        select(Timer).where(Timer.instance_id == instance_id).order_by(Timer.due_at, Timer.id)).scalars().all()
    return [WaitingTimer(row.element_id, row.name, row.kind, row.due_at) for row in rows]


def history_lines(events: Sequence[HistoryEntry], text: DiagramText, people: dict[str, str]) -> list[HistoryLine]:
    """Return the history as the instance page lists it: kinds in plain words, elements and people by name."""
    return [
        HistoryLine(event.seq, event.at, event.kind, KIND_WORDS.get(event.kind, event.kind), event.element_id,
                    text.name_of(event.element_id), event.actor, people.get(event.actor or "", event.actor),
                    canonical_json(event.data) if event.data else "")
        for event in events
    ]


def instance_diagram(instance_id: int) -> bytes:
    """Return the diagram XML of the version an instance runs on, as deployed."""
    xml = db.session.execute(
        select(ProcessDefinition.bpmn_xml)
        .join(ProcessInstance, ProcessInstance.definition_id == ProcessDefinition.id)
        .where(ProcessInstance.id == instance_id)).scalar_one_or_none()
    if xml is None:
        raise NotFound(f"Instance {instance_id} does not exist.")
    return xml


@dataclass(frozen=True)
class InstanceRow:
    """One line of the instance list."""

    summary: InstanceSummary
    process_name: str
    started_by_name: str | None

    @property
    def status_words(self) -> Any:
        """Return the status in plain words."""
        return STATUS_WORDS.get(self.summary.status, self.summary.status)


@dataclass(frozen=True)
class InstanceList:
    """A page of the instance list, the id to continue after, and the processes to filter by."""

    rows: list[InstanceRow]
    next_after: int | None
    processes: list[tuple[str, str]]  # (process id, name)


def list_instance_rows(status: str | None = None, process_id: str | None = None, after_id: int | None = None,
                       page_size: int = PAGE_SIZE) -> InstanceList:
    """Return a page of instances, newest first; an unknown status filters nothing."""
    found = list_instances(status if status in STATUSES else None, process_id or None, page_size + 1, after_id)
    page = found[:page_size]
    processes = [(process.process_id, process.name) for process in list_startable_processes()]
    names = dict(processes)
    people = display_names({summary.started_by for summary in page})
    rows = [InstanceRow(summary, names.get(summary.process_id, summary.process_id),
                        people.get(summary.started_by or "", summary.started_by)) for summary in page]
    return InstanceList(rows, page[-1].id if len(found) > page_size else None, processes)
