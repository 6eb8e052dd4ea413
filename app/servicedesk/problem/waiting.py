"""What resolving a problem does to the incidents that wait on it: once the problem's step committed, the message
problem_resolved goes to each open incident caused by it whose flow waits for it (processes/incident.bpmn, "Wait on
the problem"), carrying the fix, so the incident's clock runs again and its assignee is told."""
import logging

from sqlalchemy import select

from app.extensions import db
from app.platform.errors import ServiceError
from app.platform.transactions import use_case
from app.servicedesk.incident.problem_wait import PROBLEM_RESOLVED_MESSAGE
from app.servicedesk.models import Ticket, TicketLink
from app.servicedesk.tickets import FINISHED
from app.workflow.outside.messages import Message, correlate
from app.workflow.outside.subscriptions import subscribed_instances
from app.workflow.runtime import Runtime

LOG = logging.getLogger("flowdesk.problem")


def waiting_incidents(problem_id: int) -> list[str]:
    """Return the numbers of the open incidents caused by a problem (those that may wait on it), oldest first."""
    return list(db.session.execute(select(Ticket.number).join(TicketLink, TicketLink.ticket_id == Ticket.id).where(
        TicketLink.kind == "caused_by", TicketLink.target_ticket_id == problem_id, Ticket.kind == "incident",
        Ticket.status.not_in(FINISHED)).order_by(Ticket.id)).scalars())


def move_on_waiting_incidents(runtime: Runtime, problem_number: str, numbers: list[str], fix: str) -> None:
    """Deliver problem_resolved to each incident that waits for it, one unit each (one failing leaves the others)."""
    for number in numbers:
        try:
            if deliver_resolved_message(runtime, problem_number, number, fix):
                LOG.info("Problem %s moved %s on.", problem_number, number)
        except ServiceError as error:
            LOG.warning("Problem %s could not move %s on: %s", problem_number, number, error)


@use_case
def deliver_resolved_message(runtime: Runtime, problem_number: str, number: str, fix: str) -> bool:
    """Deliver the problem's resolution to one incident's flow if it waits for it; say whether it did."""
    if not subscribed_instances(PROBLEM_RESOLVED_MESSAGE, number, None):
        return False
    correlate(runtime, None, Message(PROBLEM_RESOLVED_MESSAGE, business_key=number,
                                     variables={"problem_fix": fix or f"{problem_number} resolved."}))
    return True
