"""Correlate a message from outside: resume the one instance that waits for it, or start a process by it.

Camunda 7's rules: the message goes to the running instances that wait for its name, narrowed by
business key, process instance id and correlation keys (process variables equal to the values given);
only when none waits does it start the latest version of the process whose start event waits for it.
Exactly one must match; none or several is refused (MismatchingMessage), and nothing is written.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.organisation.policies import Actor, check_may_send_messages
from app.platform.errors import InvalidValues, ServiceError, StepFailed
from app.platform.limits import long_values
from app.platform.transactions import use_case
from app.workflow.instances.history import NewEvent
from app.workflow.instances.lifecycle import NewInstance, describe_errors
from app.workflow.models import ProcessDefinition, ProcessInstance
from app.workflow.outside.subscriptions import subscribed_instances
from app.workflow.runtime import Runtime, StepContext
from app.workflow.step import (
    definition_for,
    failure_message,
    insert_latest_instance,
    load_run,
    read_run,
    require_instance,
    run_guarded,
    save_run,
)
from engine.events.messages import message_start_names
from engine.runtime import Run


class MismatchingMessage(ServiceError):
    """No instance or process, or more than one, matches a message (Camunda's MismatchingMessageCorrelation)."""

    def __init__(self, message: str, matches: int) -> None:
        super().__init__(message)
        self.matches = matches


@dataclass(frozen=True)
class Message:
    """A message from outside and what it must correlate with."""

    name: str
    business_key: str | None = None
    correlation_keys: Mapping[str, Any] = field(default_factory=dict)
    variables: Mapping[str, Any] = field(default_factory=dict)
    instance_id: int | None = None

    def describe(self) -> str:
        """Return the message and its correlation in words, for refusals."""
        parts = [f"business key '{self.business_key}'" if self.business_key is not None else "",
                 f"instance {self.instance_id}" if self.instance_id is not None else "",
                 "correlation keys " + ", ".join(f"{k}={v!r}" for k, v in sorted(self.correlation_keys.items()))
                 if self.correlation_keys else ""]
        narrowed = ", ".join(part for part in parts if part)
        return f"the message '{self.name}'" + (f" ({narrowed})" if narrowed else "")


@dataclass(frozen=True)
class Correlation:
    """Where a message went: the instance, whether it was started by the message, and the element that caught it."""

    instance_id: int
    started: bool
    element_id: str

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {"instance_id": self.instance_id, "started": self.started, "element_id": self.element_id}


@dataclass(frozen=True)
class Sender:
    """The element of an instance that sent a message (a send task, a message throw or end event)."""

    instance_id: int
    element_id: str


@use_case
def correlate_message(runtime: Runtime, actor: Actor, message: Message) -> Correlation:
    """Deliver a message with its variables to the one instance waiting for it, or start a process by it.

    One unit: the matching instance is locked and checked again under the lock, so of two deliveries of
    one message to one waiting catch, one wins and the other finds nothing waiting (MismatchingMessage).
    """
    check_may_send_messages(actor, f"send the message '{message.name}'")
    return correlate(runtime, actor.login, message)


def correlate(runtime: Runtime, actor: str | None, message: Message, sender: Sender | None = None) -> Correlation:
    """Deliver a message inside the caller's unit (raises MismatchingMessage); sender: the element that sent it.

    A message from outside runs its step guarded (a failure marks the receiver needs_attention); a sent one
    runs unguarded inside its sender's step, whose guard then marks the sender.
    """
    variables = message_variables(message.variables)
    waiting = matching_instances(runtime, message)
    if len(waiting) > 1:
        raise MismatchingMessage(f"Cannot correlate {message.describe()} to a single instance: {len(waiting)} "
                                 f"instances ({', '.join(map(str, waiting))}) wait for it. Give a business key, "
                                 f"correlation keys or the instance id that tell them apart.", len(waiting))
    if waiting:
        return resume_by_message(runtime, actor, waiting[0], message, variables, sender)
    return start_by_message(runtime, actor, message, variables, sender)


def message_variables(variables: Mapping[str, Any]) -> dict[str, Any]:
    """Return a message's variables as given (typed at the caller's edge), refusing over-long ones."""
    too_long = long_values(variables)
    if too_long:
        raise InvalidValues(describe_errors("The message's variables", too_long), too_long)
    return dict(variables)


def matching_instances(runtime: Runtime, message: Message) -> list[int]:
    """Return the running instances subscribed to the message that fit its correlation (read, not locked).

    The subscription rows name the instances that wait for the message; only correlation keys need an
    instance's variables, so only then are the candidates' states read.
    """
    subscribed = subscribed_instances(message.name, message.business_key, message.instance_id)
    if not message.correlation_keys or not subscribed:
        return subscribed
    rows = db.session.execute(select(ProcessInstance.id, ProcessInstance.definition_id, ProcessInstance.state_json)
                              .where(ProcessInstance.id.in_(subscribed)).order_by(ProcessInstance.id))
    return [row.id for row in rows if keys_match(read_run(runtime, row), message)]


def fits(run: Run, message: Message) -> bool:
    """Say whether a run waits for the message now and its variables equal the correlation keys."""
    if not any(wait.message_name == message.name for wait in run.message_waits()):
        return False
    return keys_match(run, message)


def keys_match(run: Run, message: Message) -> bool:
    """Say whether a run's variables equal the message's correlation keys."""
    if not message.correlation_keys:
        return True
    variables = run.variables()
    return all(name in variables and variables[name] == value for name, value in message.correlation_keys.items())


def resume_by_message(runtime: Runtime, actor: str | None, instance_id: int, message: Message,
                      variables: dict[str, Any], sender: Sender | None = None) -> Correlation:
    """Lock the instance, check again that it waits, deliver the message and save the step."""
    row = require_instance(instance_id)
    now = runtime.clock.now()
    run = load_run(runtime, row)
    if row.status != "running" or not fits(run, message):
        raise nothing_matches(message)

    def step() -> Correlation:
        caught = run.deliver_message(message.name, variables)
        save_run(runtime, row, run, actor, now, [correlated_event(caught.element_id, message, variables, sender)])
        return Correlation(instance_id, False, caught.element_id)
    if sender is not None:
        run.context = StepContext(runtime, actor, instance_id)
        return step()
    correlation: Correlation = run_guarded(runtime, run, instance_id, step, actor, now)
    return correlation


def start_by_message(runtime: Runtime, actor: str | None, message: Message, variables: dict[str, Any],
                     sender: Sender | None = None) -> Correlation:
    """Start the latest version of the one process whose start event waits for the message.

    A message sent by an instance starts the process under the sender's business key, which is the sender's own
    (the business key check, which keeps one ticket's number for its own process, does not apply).
    """
    if message.instance_id is not None:
        raise nothing_matches(message)
    starts = processes_started_by(runtime, message.name)
    if not starts:
        raise nothing_matches(message)
    if len(starts) > 1:
        names = ", ".join(sorted(starts))
        raise MismatchingMessage(f"Cannot correlate {message.describe()} to a single process: the latest versions "
                                 f"of {names} all start by it.", len(starts))
    (process_id, start_event_id), = starts.items()
    if sender is None:
        runtime.business_key_check(message.business_key)
    now = runtime.clock.now()
    instance_id, definition_id = insert_latest_instance(process_id, message.business_key, actor, now)
    definition = definition_for(runtime, definition_id)
    started = NewEvent("instance_started", None, {
        "process_id": process_id, "version": definition.version, "business_key": message.business_key,
        "variables": variables, "message": message.name})
    run = runtime.engine.start(definition, variables, runtime.clock)
    correlated = correlated_event(start_event_id, message, variables, sender)
    if sender is not None:
        run.context = StepContext(runtime, actor, instance_id)
        enter_and_save(runtime, run, instance_id, start_event_id, message, variables, [started, correlated], actor, now)
        return Correlation(instance_id, True, start_event_id)
    try:
        run_guarded(runtime, run, instance_id,
                    lambda: enter_and_save(runtime, run, instance_id, start_event_id, message, variables,
                                           [started, correlated], actor, now), actor, now)
    except StepFailed as failure:
        # Nothing of an instance that could not even start is kept: the sender learns why and may send again.
        failure.discard_recovery()
        failure.args = (f"The process '{process_id}' stopped at its message start: "
                        f"{failure_message(failure.__cause__ or failure)} Nothing was saved.",)
        raise
    return Correlation(instance_id, True, start_event_id)


def enter_and_save(runtime: Runtime, run: Run, instance_id: int, start_event_id: str, message: Message,
                   variables: dict[str, Any], events: list[NewEvent], actor: str | None, now: datetime) -> None:
    """Enter a new run by its message start event, deliver the message, run on and save it with its first events."""
    run.enter_by(start_event_id)
    run.advance()
    run.deliver_message(message.name, variables)
    save_run(runtime, NewInstance(instance_id), run, actor, now, events)


def processes_started_by(runtime: Runtime, name: str,
                         start_names: Callable[[Any], dict[str, str]] = message_start_names) -> dict[str, str]:
    """Return process id -> start event id for each process whose latest version starts by the event of this name
    (start_names reads a process spec's start events by name: message starts, or signal starts for a broadcast)."""
    latest = (select(ProcessDefinition.process_id, func.max(ProcessDefinition.version).label("version"))
              .group_by(ProcessDefinition.process_id).subquery())
    rows = db.session.execute(
        select(ProcessDefinition.id, ProcessDefinition.process_id)
        .join(latest, (latest.c.process_id == ProcessDefinition.process_id)
              & (latest.c.version == ProcessDefinition.version))).all()
    found = {}
    for row in rows:
        start_event_id = start_names(definition_for(runtime, row.id).spec).get(name)
        if start_event_id is not None:
            found[row.process_id] = start_event_id
    return found


def correlated_event(element_id: str, message: Message, variables: dict[str, Any],
                     sender: Sender | None = None) -> NewEvent:
    """Return the history event of a message delivered to an element (sent_by: the instance and element that sent
    it, when an instance did)."""
    data: dict[str, Any] = {"message": message.name, "business_key": message.business_key,
                            "correlation_keys": dict(message.correlation_keys), "variables": variables}
    if sender is not None:
        data["sent_by"] = {"instance_id": sender.instance_id, "element_id": sender.element_id}
    return NewEvent("message_correlated", element_id, data)


def nothing_matches(message: Message) -> MismatchingMessage:
    """Return the refusal of a message that no running instance and no process waits for."""
    return MismatchingMessage(f"Cannot correlate {message.describe()}: no running instance waits for it and no "
                              f"deployed process starts by it. Check the message name (as drawn in the diagram) "
                              f"and the business key.", 0)

