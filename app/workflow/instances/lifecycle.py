"""Start, inspect and retry process instances."""
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.organisation.people import time_zone_of
from app.organisation.policies import Actor, may_see_instance
from app.platform.errors import Conflict, InvalidValues, NotFound, StepFailed
from app.platform.limits import long_values
from app.platform.transactions import is_transient, use_case
from app.workflow.instances.data import visible_event_data, visible_variables
from app.workflow.instances.history import HistoryEntry, NewEvent, instance_stream, list_history
from app.workflow.models import (
    ExternalTask,
    HistoryEvent,
    ProcessDefinition,
    ProcessInstance,
    Timer,
    UserTask,
    UserTaskCandidate,
)
from app.workflow.outside.incidents import give_failed_tasks_a_retry, incidents_of, resolve_incidents_of
from app.workflow.runtime import Runtime, StepContext
from app.workflow.start_cycles import start_next_in_cycle
from app.workflow.step import (
    NewInstance,
    append_to_instance,
    definition_for,
    failure_event,
    failure_message,
    initiator_variable,
    insert_instance,
    insert_latest_instance,
    load_run,
    lock_instance,
    read_run,
    require_instance,
    run_guarded,
    save_run,
)
from app.workflow.tasks.offers import GROUP_KINDS, USER
from engine.events.messages import starts_only_by_message
from engine.events.signals import starts_only_by_signal
from engine.runtime import Definition, Run, fields_drawn_for, timer_start_ids
from forms import asks_for_moment, validate_values

STATUSES = ("running", "completed", "cancelled", "needs_attention")
REQUESTER_VARIABLE = "requester"  # the variable FlowDesk gives a ticket's process: its requester's login


@use_case
def start_instance(runtime: Runtime, process_id: str, variables: Mapping[str, Any],
                   business_key: str | None = None, actor: str | None = None,
                   context: Mapping[str, Any] | None = None, more_variables: bool = False,
                   scheduled: bool = False, definition_id: int | None = None) -> int:
    """Start the latest version of a process (or the version definition_id pins); start-form fields are validated
    like task forms.

    scheduled: the instance a deployment leaves waiting on the process's timer start events; any other start
    is by hand, which enters a process with timer start events by its none start event, else through its
    timer start at once, as Camunda does (Run.start_by_hand): only the scheduled instance waits on the timer.

    more_variables (policies.may_set_process_variables of the caller): variables that are not start-form
    fields are taken as given, typed, instead of refused. context holds variables FlowDesk itself supplies
    (a ticket's number, priority, group): they are added after the form was validated and may not
    overwrite a form field. A camunda:initiator start event gets the starting login in its variable. If the first
    engine steps fail, nothing of them is kept and StepFailed is raised; its recovery (run once the
    unit rolled back) creates the instance in needs_attention at its initial state, so that 'retry'
    can resume it once the cause is fixed. A caller that wants nothing left behind discards it.
    """
    runtime.business_key_check(business_key)
    now = runtime.clock.now()
    if definition_id is None:
        inserted = insert_latest_instance(process_id, business_key, actor, now)
        if inserted is None:
            raise NotFound(f"No process '{process_id}' is deployed. Deploy it with 'flowdesk deploy FILE'.")
        instance_id, definition_id = inserted
    else:
        instance_id = insert_pinned_instance(process_id, definition_id, business_key, actor, now)
    definition = definition_for(runtime, definition_id)
    refuse_message_only_start(definition)
    data = {**initiator_variable(definition, actor), **start_data(definition, variables, more_variables, now, actor),
            **context_variables(definition, context or {})}
    started = NewEvent("instance_started", None, {
        "process_id": process_id, "version": definition.version, "business_key": business_key, "variables": data})
    run = runtime.engine.start(definition, data, runtime.clock)
    run.context = StepContext(runtime, actor, instance_id)
    try:
        if scheduled:
            run.wait_at_timer_starts()
        else:
            run.start_by_hand()
        save_run(runtime, NewInstance(instance_id), run, actor, now, [started])  # projections evaluate expressions
    except Exception as exc:  # an engine or handler failure in the first steps
        if is_transient(exc):
            raise
        raise start_failure(runtime, definition, definition_id, business_key, actor, now, started, exc) from exc
    return instance_id


def insert_pinned_instance(process_id: str, definition_id: int, business_key: str | None, actor: str | None,
                           now: datetime) -> int:
    """Insert a placeholder instance of one deployed version of a process, refusing a version of another one."""
    row = db.session.get(ProcessDefinition, definition_id)
    if row is None or row.process_id != process_id:
        raise NotFound(f"Version {definition_id} of '{process_id}' is not deployed; pin a deployed version.")
    return insert_instance(definition_id, process_id, business_key, actor, now)


def refuse_message_only_start(definition: Definition) -> None:
    """Refuse to start a process that starts only by a message or only by a signal, as Camunda refuses it (it has no
    plain start)."""
    messages = starts_only_by_message(definition.spec)
    if messages:
        raise Conflict(f"The process '{definition.process_id}' starts only when the message '{messages[0]}' "
                       f"arrives; send it: flowdesk message {messages[0]} (or POST /api/v1/messages).")
    signals = starts_only_by_signal(definition.spec)
    if signals:
        raise Conflict(f"The process '{definition.process_id}' starts only when the signal '{signals[0]}' is "
                       f"broadcast; broadcast it: flowdesk signal {signals[0]} (or POST /engine-rest/signal).")


def start_failure(runtime: Runtime, definition: Definition, definition_id: int, business_key: str | None,
                  actor: str | None, now: datetime, started: NewEvent, exc: Exception) -> StepFailed:
    """Return the StepFailed of a start whose recovery keeps the instance, in needs_attention, for retry."""
    message = failure_message(exc)
    failure = StepFailed(None, f"The process '{definition.process_id}' stopped at its start: {message} "
                               f"Nothing was saved.")

    def keep_for_retry() -> None:
        fresh = runtime.engine.start(definition, dict((started.data or {})["variables"]), runtime.clock)
        instance_id = insert_instance(definition_id, definition.process_id, business_key, actor, now,
                                      fresh.state(), message)
        append_to_instance(NewInstance(instance_id), [started, failure_event(message)], actor, now)
        failure.instance_id = instance_id
        failure.args = (f"Instance {instance_id} was created but stopped at its start: {message} "
                        f"It needs attention: fix the cause, then run 'flowdesk retry {instance_id}'.",)
    failure.recovery = keep_for_retry
    return failure


def context_variables(definition: Definition, context: Mapping[str, Any]) -> dict[str, Any]:
    """Return FlowDesk's own start variables, refusing any that would overwrite a start-form field."""
    clashes = sorted(set(context) & {spec.id for spec in definition.start_fields})
    if clashes:
        message = f"The start form already has the field(s) {', '.join(clashes)}; context may not set them."
        raise InvalidValues(message, {name: [message] for name in clashes})
    return dict(context)


def start_data(definition: Definition, variables: Mapping[str, Any], more_variables: bool = False,
               now: datetime | None = None, actor: str | None = None) -> dict[str, Any]:
    """Validate start-form values (future dates not before now) and take the other variables as given when the
    caller may pass them; date-times without offset are read in the starting person's time zone.

    Without a start form, the variables are taken as given.
    """
    too_long = long_values(variables)
    if too_long:
        raise InvalidValues(describe_errors("The start form", too_long), too_long)
    if not definition.start_fields:
        return dict(variables)
    field_ids = {spec.id for spec in definition.start_fields}
    more = {name: value for name, value in variables.items() if name not in field_ids} if more_variables else {}
    form = {name: value for name, value in variables.items() if name not in more}
    zone = time_zone_of(actor) if asks_for_moment(definition.start_fields) else None
    clean, errors = validate_values(definition.start_fields, form, today=now.date() if now else None, now=now,
                                    zone=zone)
    for name in set(errors) - field_ids:
        errors[name] = [f"'{name}' is not a field of the start form; only process owners and administrators may "
                        "start a process with other variables (through the API or the command line)."]
    if errors:
        raise InvalidValues(describe_errors("The start form", errors), errors)
    return {**clean, **more}


def describe_errors(what: str, errors: dict[str, list[str]]) -> str:
    """Summarise field errors in one sentence."""
    details = " ".join(message for messages in errors.values() for message in messages)
    return f"{what} has errors: {details}"


@use_case
def retry_instance(runtime: Runtime, instance_id: int, actor: str | None) -> str:
    """Resume an instance that needs attention (fire what is due and run on), or give the external tasks of a
    running instance's incidents one more try; return its new status."""
    row = require_instance(instance_id)
    now = runtime.clock.now()
    if row.status == "running":
        resolve_incidents_of(instance_id, actor, now, row)
        return "running"
    if row.status != "needs_attention":
        raise Conflict(f"Instance {instance_id} is {row.status}, not needs_attention; there is nothing to retry.")
    run = load_run(runtime, row)

    retried_tasks = give_failed_tasks_a_retry(instance_id)

    def step() -> str:
        run.fire_due_timers()
        run.advance()
        start_next_in_cycle(runtime, row.definition_id, run, instance_id, now)
        save_run(runtime, row, run, actor, now, [NewEvent("instance_retried", None, {
            "external_tasks_retried": retried_tasks} if retried_tasks else {})])
        return run.status
    return run_guarded(runtime, run, instance_id, step, actor, now)


@use_case
def cancel_instance(runtime: Runtime, instance_id: int, actor: str | None, reason: str) -> None:
    """End an instance without completing it; its open tasks and timers go away."""
    row = require_instance(instance_id)
    if row.status in ("completed", "cancelled"):
        raise Conflict(f"Instance {instance_id} is already {row.status}.")
    cancel_locked(runtime, row, actor, reason)


def cancel_locked(runtime: Runtime, row: Any, actor: str | None, reason: str) -> None:
    """Cancel the instance of a locked row."""
    run = load_run(runtime, row)
    run.cancel()
    save_run(runtime, row, run, actor, runtime.clock.now(), [NewEvent("instance_cancelled", None, {"reason": reason})])


@use_case
def cancel_waiting_at_start(runtime: Runtime, process_id: str, new_version: int, actor: str) -> list[int]:
    """Cancel earlier versions' instances that still wait on their timer start event and did nothing yet.

    Each candidate is locked and checked again under the lock: one whose start timer fired meanwhile
    has moved on (a task, another timer, or it ended) and is left alone.
    """
    candidates = db.session.execute(
        select(ProcessInstance.id)
        .join(ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id)
        .where(ProcessInstance.process_id == process_id, ProcessInstance.status == "running",
               ProcessDefinition.version < new_version)
        .order_by(ProcessInstance.id)
    ).scalars().all()
    cancelled = []
    for instance_id in candidates:
        row = lock_instance(instance_id)
        if row is not None and waits_at_start(runtime, row):
            cancel_locked(runtime, row, actor, f"superseded by version {new_version}")
            cancelled.append(instance_id)
    return cancelled


def waits_at_start(runtime: Runtime, row: Any) -> bool:
    """Say whether a locked instance is running, has no task, and waits only on its start timers."""
    if row.status != "running":
        return False
    if db.session.execute(select(UserTask.id).where(UserTask.instance_id == row.id).limit(1)).first():
        return False
    starts = set(timer_start_ids(definition_for(runtime, row.definition_id).spec))
    timers = set(db.session.execute(select(Timer.element_id).where(Timer.instance_id == row.id)).scalars())
    return bool(timers) and timers <= starts


@dataclass(frozen=True)
class InstanceSummary:
    """One line of the instance list."""

    id: int
    process_id: str
    version: int
    business_key: str | None
    status: str
    started_by: str | None
    started_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {"id": self.id, "process_id": self.process_id, "version": self.version,
                "business_key": self.business_key, "status": self.status, "started_by": self.started_by,
                "started_at": self.started_at.isoformat(), "updated_at": self.updated_at.isoformat()}


def list_instances(status: str | None = None, process_id: str | None = None, limit: int = 100,
                   after_id: int | None = None) -> list[InstanceSummary]:
    """Return instances, newest first, filtered by status and process (keyset paging on id)."""
    if status is not None and status not in STATUSES:
        raise Conflict(f"Unknown status '{status}'; use one of {', '.join(STATUSES)}.")
    query = (select(ProcessInstance, ProcessDefinition.version)
             .join(ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id)
             .order_by(ProcessInstance.id.desc()).limit(limit))
    if status:
        query = query.where(ProcessInstance.status == status)
    if process_id:
        query = query.where(ProcessInstance.process_id == process_id)
    if after_id:
        query = query.where(ProcessInstance.id < after_id)
    return [
        InstanceSummary(i.id, i.process_id, version, i.business_key, i.status, i.started_by, i.started_at,
                        i.updated_at)
        for i, version in db.session.execute(query).all()
    ]


@dataclass(frozen=True)
class InstanceDetails:
    """Everything 'show' prints about one instance."""

    summary: InstanceSummary
    variables: dict[str, Any]
    open_tasks: list[dict[str, Any]]
    timers: list[dict[str, Any]]
    last_error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    waiting: list[dict[str, Any]] = field(default_factory=list)  # messages and outside workers it waits for
    incidents: list[dict[str, Any]] = field(default_factory=list)  # external tasks without retries (incidents.py)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {**self.summary.to_dict(), "variables": self.variables, "open_tasks": self.open_tasks,
                "timers": self.timers, "waiting": self.waiting, "incidents": self.incidents,
                "last_error": self.last_error}


def show_instance(runtime: Runtime, instance_id: int, visible: frozenset[str] | None = None) -> InstanceDetails:
    """Return status, version, variables (those visible, when given), open tasks and waiting timers of an instance."""
    found = list_instances_by_id(instance_id)
    row = db.session.execute(
        select(ProcessInstance.definition_id, ProcessInstance.state_json, ProcessInstance.last_error)
        .where(ProcessInstance.id == instance_id)
    ).one()
    run = read_run(runtime, row)
    tasks = db.session.execute(
        select(UserTask).where(UserTask.instance_id == instance_id).order_by(UserTask.created_at)
    ).scalars().all()
    timers = db.session.execute(
        select(Timer).where(Timer.instance_id == instance_id).order_by(Timer.due_at)
    ).scalars().all()
    return InstanceDetails(
        summary=found,
        variables=visible_variables(json.loads(json.dumps(run.variables(), default=str)), visible),
        open_tasks=[{"id": t.id, "element_id": t.element_id, "name": t.name, "assignee": t.assignee,
                     "due_at": t.due_at.isoformat() if t.due_at else None} for t in tasks],
        timers=[{"element_id": t.element_id, "name": t.name, "kind": t.kind, "due_at": t.due_at.isoformat()}
                for t in timers],
        last_error=row.last_error,
        waiting=waiting_for(run, instance_id),
        incidents=[incident.to_dict() for incident in incidents_of(instance_id)],
    )


def waiting_for(run: Run, instance_id: int) -> list[dict[str, Any]]:
    """Return the messages an instance waits for and its external tasks waiting for outside workers.

    Without them a running instance that waits for a message or a worker would look stalled: no task, no timer.
    """
    messages = [{"kind": "message", "element_id": wait.element_id, "name": wait.message_name, "worker_id": None,
                 "locked_until": None} for wait in run.message_waits()]
    rows = db.session.execute(select(ExternalTask).where(ExternalTask.instance_id == instance_id)
                              .order_by(ExternalTask.created_at, ExternalTask.id)).scalars().all()
    return messages + [{"kind": "external_task", "element_id": row.element_id, "name": row.topic,
                        "worker_id": row.worker_id,
                        "locked_until": row.lock_expires_at.isoformat() if row.lock_expires_at else None}
                       for row in rows]


def list_instances_by_id(instance_id: int) -> InstanceSummary:
    """Return the summary of one instance or raise NotFound."""
    query = (select(ProcessInstance, ProcessDefinition.version)
             .join(ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id)
             .where(ProcessInstance.id == instance_id))
    found = db.session.execute(query).first()
    if found is None:
        raise NotFound(f"Instance {instance_id} does not exist. Check the id with 'flowdesk instances'.")
    i, version = found
    return InstanceSummary(i.id, i.process_id, version, i.business_key, i.status, i.started_by, i.started_at,
                           i.updated_at)


def require_visible_instance(actor: Actor, instance_id: int) -> None:
    """Raise NotFound for an unknown instance and for one the actor may not see, in the same words.

    Answering "not allowed" for an instance that exists would let anyone count the instances by id.
    """
    started_by = db.session.execute(
        select(ProcessInstance.started_by).where(ProcessInstance.id == instance_id)).first()
    if started_by is None:
        raise NotFound(f"Instance {instance_id} does not exist.")
    open_tasks = db.session.execute(
        select(UserTask.assignee, UserTaskCandidate.kind, UserTaskCandidate.name)
        .outerjoin(UserTaskCandidate, UserTaskCandidate.task_id == UserTask.id)
        .where(UserTask.instance_id == instance_id)).all()
    workers = db.session.execute(
        select(HistoryEvent.actor).where(HistoryEvent.instance_id == instance_id,
                                         HistoryEvent.task_id.is_not(None)).distinct()).scalars().all()
    people = {row.assignee for row in open_tasks} | {row.name for row in open_tasks if row.kind == USER}
    groups = {row.name for row in open_tasks if row.kind in GROUP_KINDS}
    if not may_see_instance(actor, started_by[0], people | set(workers), groups):
        raise NotFound(f"Instance {instance_id} does not exist.")


def instance_data_visible_to(runtime: Runtime, actor: Actor, instance_id: int) -> frozenset[str] | None:
    """Return the names of the instance's variables the actor reads, None for all (runtime.instance_data_rule:
    app.servicedesk.tickets.visibility.visible_instance_variables, the rule of a ticket's internal notes)."""
    def requester_fields() -> frozenset[str]:
        definition_id = db.session.execute(select(ProcessInstance.definition_id)
                                           .where(ProcessInstance.id == instance_id)).scalar_one()
        return fields_drawn_for(definition_for(runtime, definition_id), REQUESTER_VARIABLE)
    return runtime.instance_data_rule(actor, requester_fields)


def show_visible_instance(runtime: Runtime, actor: Actor, instance_id: int) -> InstanceDetails:
    """Return an instance the actor may see, with the variables they may read (NotFound, NotAllowed otherwise)."""
    require_visible_instance(actor, instance_id)
    return show_instance(runtime, instance_id, instance_data_visible_to(runtime, actor, instance_id))


def visible_history(events: list[HistoryEntry], visible: frozenset[str] | None) -> list[HistoryEntry]:
    """Return history events with only the data the reader may read."""
    if visible is None:
        return events
    return [HistoryEntry(event.seq, event.kind, event.element_id, event.actor, event.at,
                         visible_event_data(event.data, visible)) for event in events]


def list_visible_history(runtime: Runtime, actor: Actor, instance_id: int) -> list[HistoryEntry]:
    """Return the history of an instance the actor may see, with only the data they may read."""
    require_visible_instance(actor, instance_id)
    events = list_history(instance_stream(instance_id))
    return visible_history(events, instance_data_visible_to(runtime, actor, instance_id))
