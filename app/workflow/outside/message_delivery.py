"""Deliver the messages an instance's elements sent (send tasks, message throw and end events) and broadcast the
signals they threw (signal throw and end events, app/workflow/outside/signal_broadcast.py) inside FlowDesk.

Each message is correlated like one from outside (app/workflow/outside/messages.py), by its name and the sender's
business key, after the sender's step was saved and in the same transaction, in the order sent. A message
that reaches no instance and starts no process, or more than one, fails the sender's step: nothing of it is
kept, and the sender needs attention (Camunda's delegate would fail with MismatchingMessageCorrelation).

Camunda correlates a sent message at the moment it is sent, while the sender (and every instance whose sending
led to this one, all in one transaction) is in the middle of its step; FlowDesk delivers after the step. Only
those instances can look different at the two moments, so a delivery is refused (the sender's step fails, loudly)
when it would reach one of them that did not wait for the message when it was sent, or would miss one that did.
"""
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.workflow.models import ProcessInstance
from app.workflow.outside.messages import Message, MismatchingMessage, Sender, correlate, matching_instances
from app.workflow.outside.signal_broadcast import Signal, broadcast
from app.workflow.outside.subscriptions import signal_subscribers
from app.workflow.runtime import Runtime
from engine.events.message_throws import ThrownMessage
from engine.events.signals import ThrownSignal

# Instances that keep answering each other's messages in one transaction are stopped at this depth.
MAX_DELIVERY_DEPTH = 20
DEPTH_KEY = "flowdesk_message_delivery_depth"
# The instances in the middle of sending, outermost first (MidSend).
SENDERS_KEY = "flowdesk_message_senders"


@dataclass(frozen=True)
class MidSend:
    """An instance in the middle of sending a message or throwing a signal, and what it waited for at that moment."""

    instance_id: int
    business_key: str | None
    messages: frozenset[str]
    signals: frozenset[str]


class MessageNotDelivered(Exception):
    """A message an element sent matches no waiting instance and no message start, or more than one."""

    def __init__(self, element_id: str, message: str) -> None:
        super().__init__(message)
        self.element_id = element_id


def deliver_thrown_events(runtime: Runtime, instance_id: int, thrown: list[ThrownMessage | ThrownSignal],
                          actor: str | None) -> None:
    """Correlate each message a saved step sent and broadcast each signal it threw, in order, inside the step's
    transaction."""
    business_key = db.session.execute(
        select(ProcessInstance.business_key).where(ProcessInstance.id == instance_id)).scalar_one()
    depth = db.session.info.get(DEPTH_KEY, 0)
    if depth >= MAX_DELIVERY_DEPTH:
        raise MessageNotDelivered(thrown[0].element_id, (
            f"messages and signals sent from instance to instance went {MAX_DELIVERY_DEPTH} deep in one step; check "
            "that the diagrams do not keep answering each other"))
    db.session.info[DEPTH_KEY] = depth + 1
    outer = db.session.info.get(SENDERS_KEY, [])
    try:
        for sent in thrown:
            db.session.info[SENDERS_KEY] = [*outer, MidSend(instance_id, business_key, sent.awaited_messages,
                                                            sent.awaited_signals)]
            if isinstance(sent, ThrownSignal):
                check_signal_as_when_thrown(sent)
                signal = Signal(sent.signal_name, sent.variables)
                broadcast(runtime, actor, signal, Sender(instance_id, sent.element_id))
            else:
                deliver(runtime, instance_id, business_key, sent, actor)
    finally:
        db.session.info[DEPTH_KEY] = depth
        db.session.info[SENDERS_KEY] = outer


def deliver(runtime: Runtime, instance_id: int, business_key: str | None, sent: ThrownMessage,
            actor: str | None) -> None:
    """Correlate one sent message, naming the sending element when it reaches nobody or several."""
    message = Message(sent.message_name, business_key, variables=sent.variables)
    check_same_as_when_sent(runtime, message, sent)
    try:
        correlate(runtime, actor, message, Sender(instance_id, sent.element_id))
    except MismatchingMessage as refused:
        raise MessageNotDelivered(sent.element_id, (
            f"the message '{sent.message_name}' that '{sent.element_id}' sends could not be delivered: {refused} "
            "FlowDesk delivers a sent message by its name and the sender's business key")) from None


def check_same_as_when_sent(runtime: Runtime, message: Message, sent: ThrownMessage) -> None:
    """Refuse a delivery that would not go where Camunda sends it: to an instance in the middle of sending that
    waits for the message only since after it was sent, or past one that waited for it then and no longer does."""
    senders: list[MidSend] = db.session.info.get(SENDERS_KEY, [])
    waited_then = {mid.instance_id for mid in senders if message.name in mid.messages
                   and (message.business_key is None or mid.business_key == message.business_key)}
    waiting_now = set(matching_instances(runtime, message))
    late = (waiting_now & {mid.instance_id for mid in senders}) - waited_then
    if late:
        raise MessageNotDelivered(sent.element_id, (
            f"the message '{message.name}' that '{sent.element_id}' sends would reach instance {min(late)}, which "
            "began to wait for it only after it was sent, in the same step; Camunda delivers a sent message at the "
            "moment it is sent, when that instance did not wait for it yet. Let the receiver wait before the "
            "message is sent, or put a wait state (a user task, a timer, an external task) before the element that "
            "sends it"))
    gone = waited_then - waiting_now
    if gone:
        raise MessageNotDelivered(sent.element_id, (
            f"the message '{message.name}' that '{sent.element_id}' sends would have reached instance {min(gone)}, "
            "which waited for it when it was sent but no longer does at the end of the step that sent it; Camunda "
            "delivers a sent message at the moment it is sent. Send it before that instance moves on, or put a wait "
            "state (a user task, a timer, an external task) before the element that sends it"))


def check_signal_as_when_thrown(sent: ThrownSignal) -> None:
    """Refuse a broadcast that would not reach what Camunda's reaches: an instance in the middle of sending (the
    thrower itself among them) that waits for the signal only since after it was thrown, or that waited for it
    then and no longer does. Every other instance is between steps, so it waits now as it waited then."""
    senders: list[MidSend] = db.session.info.get(SENDERS_KEY, [])
    waited_then = {mid.instance_id for mid in senders if sent.signal_name in mid.signals}
    waiting_now = set(signal_subscribers(sent.signal_name)) & {mid.instance_id for mid in senders}
    late, gone = waiting_now - waited_then, waited_then - waiting_now
    if late:
        raise MessageNotDelivered(sent.element_id, (
            f"the signal '{sent.signal_name}' that '{sent.element_id}' throws would reach instance {min(late)}, "
            "which began to wait for it only after it was thrown, in the same step; Camunda broadcasts a signal at "
            "the moment it is thrown, when that instance did not wait for it yet. Let the receiver wait before the "
            "signal is thrown, or put a wait state (a user task, a timer, an external task) before the element "
            "that throws it"))
    if gone:
        raise MessageNotDelivered(sent.element_id, (
            f"the signal '{sent.signal_name}' that '{sent.element_id}' throws would have reached instance "
            f"{min(gone)}, which waited for it when it was thrown but no longer does at the end of the step that "
            "threw it; Camunda broadcasts a signal at the moment it is thrown. Throw it before that instance moves "
            "on, or put a wait state (a user task, a timer, an external task) before the element that throws it"))
