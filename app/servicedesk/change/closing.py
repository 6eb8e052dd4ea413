"""What closing a change does to the incidents and problems it fixes: a note on each, and, once the change's step
committed, the message `linked_change_closed` to each that waits for it (an incident at "Investigate and
resolve", a problem at "Fix the cause"), which moves it on with the change named as its resolution."""
from datetime import datetime

from app.servicedesk.change.models import ChangeRecord
from app.servicedesk.change.records import linked_tickets
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import add_event_note
from app.servicedesk.tickets.records import FINISHED
from app.servicedesk.tickets.waiting import move_on_waiting_tickets
from app.workflow.runtime import Runtime

CLOSED_MESSAGE = "linked_change_closed"


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
    """Deliver linked_change_closed to each ticket's process that waits for it (after the change's step committed)."""
    words = f"Fixed by change {change_number} ({outcome.replace('_', ' ')})."
    move_on_waiting_tickets(runtime, CLOSED_MESSAGE, numbers, {"resolution": words, "fix_summary": words},
                            f"Change {change_number}")
