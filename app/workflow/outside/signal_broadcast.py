"""Broadcast a signal: every running instance waiting for it receives it, and every process it starts starts.

Camunda 7's rules: a signal is an event of global scope. It goes, with its variables, to every waiting signal
catch, boundary event and event sub-process start of every running instance (all of them in an instance, too),
and it starts one new instance of the latest version of each process whose start event waits for it. The
receivers are the ones subscribed when the broadcast begins: an instance it starts, or that starts to wait
while it is under way, does not receive it. A signal nobody waits for is no error: nothing happens.

Camunda's default throw is synchronous, and so is FlowDesk's only one: the whole broadcast is one unit with
its sender (the use case, or the throwing instance's step). Each receiver is locked and checked again under
the lock, in the order of its id, so two broadcasts queue behind each other instead of deadlocking. If any
receiver fails, nothing of the broadcast is kept (SignalNotDelivered), as Camunda rolls the throwing
transaction back.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.organisation.policies import Actor, check_may_broadcast_signals
from app.platform.errors import ServiceError, StaleInstance
from app.platform.transactions import is_transient, use_case
from app.workflow.instances.history import NewEvent
from app.workflow.outside.messages import Sender, message_variables, processes_started_by
from app.workflow.outside.subscriptions import signal_subscribers
from app.workflow.runtime import Runtime, StepContext
from app.workflow.step import (
    NewInstance,
    definition_for,
    failure_message,
    insert_latest_instance,
    load_run,
    require_instance,
    save_run,
)
from engine.events.signals import SignalWait, signal_start_names
from engine.runtime import Run


class SignalNotDelivered(ServiceError):
    """A receiver of a signal failed: nothing of the broadcast was kept (element_id: the element that threw it)."""

    def __init__(self, message: str, element_id: str | None = None) -> None:
        super().__init__(message)
        self.element_id = element_id


class SignalNotAwaited(ServiceError):
    """The one instance a signal was sent to does not wait for it (Camunda's answer to an executionId that has not
    subscribed to the signal)."""


@dataclass(frozen=True)
class Signal:
    """A signal to broadcast: its name (resolved, as the catches match it) and the variables it brings;
    instance_id: only to that instance (Camunda's executionId), which must wait for it, and no process starts."""

    name: str
    variables: Mapping[str, Any] = field(default_factory=dict)
    instance_id: int | None = None


@dataclass(frozen=True)
class Broadcast:
    """Where a signal went: the instances that received it and those it started, by id."""

    resumed: tuple[int, ...] = ()
    started: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {"resumed": list(self.resumed), "started": list(self.started)}


@use_case
def broadcast_signal(runtime: Runtime, actor: Actor, signal: Signal) -> Broadcast:
    """Broadcast a signal from outside (the CLI, /engine-rest/signal) to every receiver, in one unit."""
    check_may_broadcast_signals(actor, f"broadcast the signal '{signal.name}'")
    return broadcast(runtime, actor.login, signal)


def broadcast(runtime: Runtime, actor: str | None, signal: Signal, sender: Sender | None = None) -> Broadcast:
    """Deliver a signal inside the caller's unit to every subscribed instance, then start every process it starts
    (raises SignalNotDelivered when a receiver fails); sender: the element of an instance that threw it."""
    variables = message_variables(signal.variables)
    receivers = signal_subscribers(signal.name)
    if signal.instance_id is not None:
        return Broadcast((deliver_to_one(runtime, actor, signal, variables, receivers),))
    starts = processes_started_by(runtime, signal.name, signal_start_names)
    resumed = [instance_id for instance_id in receivers
               if resume_by_signal(runtime, actor, instance_id, signal, variables, sender)]
    started = [start_by_signal(runtime, actor, process_id, start_event_id, signal, variables, sender)
               for process_id, start_event_id in sorted(starts.items())]
    return Broadcast(tuple(resumed), tuple(started))


def deliver_to_one(runtime: Runtime, actor: str | None, signal: Signal, variables: dict[str, Any],
                   subscribers: list[int]) -> int:
    """Deliver a signal to the one instance it names; raise SignalNotAwaited when that instance does not wait for
    it."""
    instance_id = signal.instance_id
    if instance_id is None or instance_id not in subscribers \
            or not resume_by_signal(runtime, actor, instance_id, signal, variables, None):
        raise SignalNotAwaited(f"Instance {instance_id} does not wait for the signal '{signal.name}'. Check the "
                               "signal name (as drawn in the diagram) and the instance, or leave the instance out "
                               "to broadcast the signal to every instance that waits for it.")
    return instance_id


def resume_by_signal(runtime: Runtime, actor: str | None, instance_id: int, signal: Signal,
                     variables: dict[str, Any], sender: Sender | None) -> bool:
    """Lock a subscribed instance, deliver the signal to everything in it that waits for it and save the step;
    return False when it no longer waits (it moved on since the subscriptions were read)."""
    row = require_instance(instance_id)
    if row.status != "running":
        return False
    now = runtime.clock.now()
    run = load_run(runtime, row)
    run.context = StepContext(runtime, actor, instance_id)
    caught = receive(lambda: run.deliver_signal(signal.name, variables), signal, instance_id, sender)
    if not caught:
        return False
    receive(lambda: save_run(runtime, row, run, actor, now, received_events(caught, signal, variables, sender)),
            signal, instance_id, sender)
    return True


def start_by_signal(runtime: Runtime, actor: str | None, process_id: str, start_event_id: str, signal: Signal,
                    variables: dict[str, Any], sender: Sender | None) -> int:
    """Start the latest version of a process at its signal start event, with the signal's variables; return its id.

    A started instance has no business key: a signal, unlike a message, names no record.
    """
    now = runtime.clock.now()
    instance_id, definition_id = insert_latest_instance(process_id, None, actor, now)
    definition = definition_for(runtime, definition_id)
    started = NewEvent("instance_started", None, {
        "process_id": process_id, "version": definition.version, "business_key": None, "variables": variables,
        "signal": signal.name})
    run = runtime.engine.start(definition, variables, runtime.clock)
    run.context = StepContext(runtime, actor, instance_id)
    receive(lambda: enter_and_save(runtime, run, instance_id, start_event_id, signal, variables, started, sender,
                                   actor, now), signal, instance_id, sender)
    return instance_id


def enter_and_save(runtime: Runtime, run: Run, instance_id: int, start_event_id: str, signal: Signal,
                   variables: dict[str, Any], started: NewEvent, sender: Sender | None, actor: str | None,
                   now: datetime) -> None:
    """Enter a new run by its signal start event, deliver the signal, run on and save it with its first events."""
    run.enter_by(start_event_id)
    run.advance()
    caught = run.deliver_signal(signal.name, variables, at_start=True)
    save_run(runtime, NewInstance(instance_id), run, actor, now,
             [started, *received_events(caught, signal, variables, sender)])


def receive(action: Any, signal: Signal, instance_id: int, sender: Sender | None) -> Any:
    """Run one receiver's part of a broadcast; a failure of its step becomes SignalNotDelivered (transient database
    faults pass, so that the unit runs again)."""
    try:
        return action()
    except (StaleInstance, SignalNotDelivered):
        raise
    except Exception as exc:
        if is_transient(exc):
            raise
        element_id = sender.element_id if sender is not None else None
        raise SignalNotDelivered(
            f"The signal '{signal.name}' could not be delivered: instance {instance_id} stopped: "
            f"{failure_message(exc)} Nothing of the broadcast was saved; fix the cause, then broadcast the signal "
            "again.", element_id) from exc


def received_events(caught: list[SignalWait], signal: Signal, variables: dict[str, Any],
                    sender: Sender | None) -> list[NewEvent]:
    """Return the history events of a signal received by elements of one instance (sent_by: the instance and
    element that threw it, when an instance did)."""
    data: dict[str, Any] = {"signal": signal.name, "variables": variables}
    if sender is not None:
        data["sent_by"] = {"instance_id": sender.instance_id, "element_id": sender.element_id}
    return [NewEvent("signal_received", wait.element_id, data) for wait in caught]
