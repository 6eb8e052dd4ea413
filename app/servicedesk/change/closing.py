"""What closing a change does to the incidents and problems it fixes: a note on each, and, once the change's step
committed, the message `linked_change_closed` to each that waits for it (an incident at "Investigate and
resolve", a problem at "Fix the cause"), which moves it on with the change named as its resolution."""
import logging
from datetime import datetime

from app.platform.errors import ServiceError
from app.platform.transactions import use_case
from app.servicedesk.change.models import ChangeRecord
from app.servicedesk.change.records import linked_tickets
from app.servicedesk.desk.note_events import add_event_note
from app.servicedesk.models import Ticket
from app.servicedesk.tickets import FINISHED
from app.workflow.outside.messages import Message, correlate
from app.workflow.outside.subscriptions import subscribed_instances
from app.workflow.runtime import Runtime

CLOSED_MESSAGE = "linked_change_closed"
LOG = logging.getLogger("flowdesk.change")


def tell_linked_tickets(change: Ticket, record: ChangeRecord, outcome: str, now: datetime) -> list[str]:
    """Note the change's closing on each open ticket it fixes, inside the step; return their numbers."""
    told = []
    for ticket in linked_tickets(record.id):
        if ticket.status in FINISHED:
            continue
        add_event_note(ticket, "change_closed_link", {"number": change.number, "outcome": outcome}, now)
        told.append(ticket.number)
    return told


def move_on_fixed_tickets(runtime: Runtime, change_number: str, numbers: list[str], outcome: str) -> None:
    """Deliver linked_change_closed to each ticket's process that waits for it, one unit each.

    Runs after the change's step committed: a ticket whose step fails is marked needs_attention by its own guard
    and the others still move on.
    """
    for number in numbers:
        try:
            if deliver_closed_message(runtime, change_number, number, outcome):
                LOG.info("Change %s moved %s on.", change_number, number)
        except ServiceError as error:
            LOG.warning("Change %s could not move %s on: %s", change_number, number, error)


@use_case
def deliver_closed_message(runtime: Runtime, change_number: str, number: str, outcome: str) -> bool:
    """Deliver the change's closing to one ticket's process if it waits for it; say whether it did."""
    if not subscribed_instances(CLOSED_MESSAGE, number, None):
        return False
    words = f"Fixed by change {change_number} ({outcome.replace('_', ' ')})."
    correlate(runtime, None, Message(CLOSED_MESSAGE, business_key=number,
                                     variables={"resolution": words, "fix_summary": words}))
    return True
