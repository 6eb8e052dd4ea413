"""Deliver the messages an instance's elements sent (send tasks, message throw and end events) and broadcast the
signals they threw (signal throw and end events, app/workflow/outside/signal_broadcast.py) inside FlowDesk.

Each message is correlated like one from outside (app/workflow/outside/messages.py), by its name and the sender's
business key, after the sender's step was saved and in the same transaction, in the order sent. A message
that reaches no instance and starts no process, or more than one, fails the sender's step: nothing of it is
kept, and the sender needs attention (Camunda's delegate would fail with MismatchingMessageCorrelation).
"""
from sqlalchemy import select

from app.extensions import db
from app.workflow.models import ProcessInstance
from app.workflow.outside.messages import Message, MismatchingMessage, Sender, correlate
from app.workflow.outside.signal_broadcast import Signal, broadcast
from app.workflow.runtime import Runtime
from engine.events.message_throws import ThrownMessage
from engine.events.signals import ThrownSignal

# Instances that keep answering each other's messages in one transaction are stopped at this depth.
MAX_DELIVERY_DEPTH = 20
DEPTH_KEY = "flowdesk_message_delivery_depth"


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
    try:
        for sent in thrown:
            if isinstance(sent, ThrownSignal):
                signal = Signal(sent.signal_name, sent.variables)
                broadcast(runtime, actor, signal, Sender(instance_id, sent.element_id))
            else:
                deliver(runtime, instance_id, business_key, sent, actor)
    finally:
        db.session.info[DEPTH_KEY] = depth


def deliver(runtime: Runtime, instance_id: int, business_key: str | None, sent: ThrownMessage,
            actor: str | None) -> None:
    """Correlate one sent message, naming the sending element when it reaches nobody or several."""
    message = Message(sent.message_name, business_key, variables=sent.variables)
    try:
        correlate(runtime, actor, message, Sender(instance_id, sent.element_id))
    except MismatchingMessage as refused:
        raise MessageNotDelivered(sent.element_id, (
            f"the message '{sent.message_name}' that '{sent.element_id}' sends could not be delivered: {refused} "
            "FlowDesk delivers a sent message by its name and the sender's business key")) from None
