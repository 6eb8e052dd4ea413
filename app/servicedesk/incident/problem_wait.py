"""An incident waiting on its problem (processes/incident.bpmn, issue 15 section 5): the assignee chooses "Wait for
its problem"; the incident's SLA clock stands still while the flow waits for the message problem_resolved, which the
problem flow sends to each incident caused by it when the problem is resolved; the assignee is told and works the
incident again. The wait ends at the problem's resolution, not at a published workaround: a workaround reaches the
incident as a note (app/servicedesk/problem/workarounds.py) while the incident still waits for the real fix."""
from collections.abc import Callable

from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.organisation.accounts import actor_for
from app.organisation.people import people_named
from app.servicedesk.tickets import deadlines as ticket_deadlines
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import SYSTEM_AUTHOR, add_event_note
from app.servicedesk.tickets.notes import problem_causing
from app.servicedesk.tickets.records import FINISHED, find_ticket
from app.servicedesk.tickets.visibility import may_read_ticket
from engine.topics import TopicCall, TopicResult
from engine.views import StepEvent

PROBLEM_RESOLVED_MESSAGE = "problem_resolved"
BACK_NOTICE = Notice("incident_workaround", "The problem your incident waited on is resolved", titled=True)


def logged(call: TopicCall, message: str) -> StepEvent:
    """Return a history event saying what the handler did."""
    return StepEvent("topic_logged", call.element_id, {"message": message})


def open_problem_of(incident: Ticket) -> str | None:
    """Return the number of the incident's problem (caused by) while it is open, else None."""
    number = problem_causing(incident.id)
    if number is None:
        return None
    return number if find_ticket(number).status not in FINISHED else None


def wait_on_problem(call: TopicCall) -> TopicResult:
    """Stop the incident's clock while it waits on its open problem; without one, say so and go back to work."""
    ticket = find_ticket(str(call.data.get("ticket") or ""), lock=True)
    now, author = call.context.now(), call.context.actor or SYSTEM_AUTHOR
    problem = open_problem_of(ticket)
    if problem is None:
        add_event_note(ticket, "problem_wait_refused", {}, now, author)
        return TopicResult({"waiting_on_problem": False, "outcome": None},
                           [logged(call, "No open problem linked; back to work")])
    ticket_deadlines.pause_clock(ticket, now)
    add_event_note(ticket, "problem_waiting", {"number": problem}, now, author)
    return TopicResult({"waiting_on_problem": True, "problem": problem, "outcome": None},
                       [logged(call, f"Waiting on {problem}")])


def back_from_problem(call: TopicCall) -> TopicResult:
    """The problem was resolved (or there was none to wait on): run the clock again and tell the assignee."""
    ticket = find_ticket(str(call.data.get("ticket") or ""), lock=True)
    if not call.data.get("waiting_on_problem"):
        return TopicResult({"waiting_on_problem": None}, [logged(call, "Back to work")])
    now = call.context.now()
    ticket_deadlines.resume_clock(ticket, now)
    problem = str(call.data.get("problem") or "")
    fix = str(call.data.get("problem_fix") or "").strip() or None
    add_event_note(ticket, "problem_resolved_back" if fix else "problem_resolved_back_plain", {"number": problem},
                   now, SYSTEM_AUTHOR, text=fix)
    told = tell_assignee(call, ticket, fix)
    return TopicResult({**dict(ticket_deadlines.deadline_variables(ticket)), "waiting_on_problem": None,
                        "problem_fix": None},
                       [logged(call, f"{problem} resolved; told {', '.join(told) or 'nobody'}")])


def tell_assignee(call: TopicCall, ticket: Ticket, fix: str | None) -> list[str]:
    """Queue the notice to the incident's assignee, in their language; return who was told."""
    if not ticket.assignee:
        return []
    facts = TicketFacts(ticket.number, ticket.title, ticket.instance_id, ticket.priority, ticket.assigned_group,
                        ticket.assignee, ticket.reassignment_count)
    notice = Notice(BACK_NOTICE.event, BACK_NOTICE.headline, fix, titled=True)
    return [person.login for person in people_named([ticket.assignee])
            if queue_ticket_notice(call.context.runtime.mail, notice, facts, person,
                                   may_read_ticket(actor_for(person), ticket.id), call.context.now())]


HANDLERS: dict[str, Callable[[TopicCall], TopicResult]] = {
    "incident.wait_problem": wait_on_problem, "incident.problem_back": back_from_problem}
