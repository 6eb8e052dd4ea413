"""Moving on the tickets whose flows wait for a message about another ticket (a change closed, a problem resolved):
after the other ticket's step committed, one unit per waiting ticket, so one failing leaves the others."""
import logging
from collections.abc import Mapping
from typing import Any

from app.platform.errors import ServiceError
from app.platform.transactions import use_case
from app.workflow.outside.messages import Message, correlate
from app.workflow.outside.subscriptions import subscribed_instances
from app.workflow.runtime import Runtime

LOG = logging.getLogger("flowdesk.servicedesk")


def move_on_waiting_tickets(runtime: Runtime, message: str, numbers: list[str], variables: Mapping[str, Any],
                            cause: str) -> None:
    """Deliver a message to each ticket's process that waits for it; a ticket whose step fails is marked
    needs_attention by its own guard and the others still move on."""
    for number in numbers:
        try:
            if deliver_if_waiting(runtime, message, number, variables):
                LOG.info("%s moved %s on.", cause, number)
        except ServiceError as error:
            LOG.warning("%s could not move %s on: %s", cause, number, error)


@use_case
def deliver_if_waiting(runtime: Runtime, message: str, number: str, variables: Mapping[str, Any]) -> bool:
    """Deliver a message to one ticket's process if it waits for it (business key: its number); say whether."""
    if not subscribed_instances(message, number, None):
        return False
    correlate(runtime, None, Message(message, business_key=number, variables=dict(variables)))
    return True
