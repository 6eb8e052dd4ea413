"""What resolving a problem does to the incidents that wait on it: once the problem's step committed, the message
problem_resolved goes to each open incident caused by it whose flow waits for it (processes/incident.bpmn, "Wait on
the problem"), carrying the fix, so the incident's clock runs again and its assignee is told."""
from sqlalchemy import select

from app.extensions import db
from app.servicedesk.incident.problem_wait import PROBLEM_RESOLVED_MESSAGE
from app.servicedesk.tickets.models import Ticket, TicketLink
from app.servicedesk.tickets.records import FINISHED
from app.servicedesk.tickets.waiting import move_on_waiting_tickets
from app.workflow.runtime import Runtime


def waiting_incidents(problem_id: int) -> list[str]:
    """Return the numbers of the open incidents caused by a problem (those that may wait on it), oldest first."""
    return list(db.session.execute(select(Ticket.number).join(TicketLink, TicketLink.ticket_id == Ticket.id).where(
        TicketLink.kind == "caused_by", TicketLink.target_ticket_id == problem_id, Ticket.kind == "incident",
        Ticket.status.not_in(FINISHED)).order_by(Ticket.id)).scalars())


def move_on_waiting_incidents(runtime: Runtime, problem_number: str, numbers: list[str], fix: str) -> None:
    """Deliver problem_resolved, with the fix, to each incident that waits for it (after the problem's step
    committed)."""
    move_on_waiting_tickets(runtime, PROBLEM_RESOLVED_MESSAGE, numbers,
                            {"problem_fix": fix or f"{problem_number} resolved."}, f"Problem {problem_number}")
