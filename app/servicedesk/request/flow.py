"""The external tasks of the service request flow (processes/request.bpmn): its REQ ticket, kept in step.

A request filed in the portal (or by API or CLI) gets a REQ ticket in its first step, so the requester
follows it on a ticket page like an incident; a request logged as a ticket already has one. The approval
decision and its comment, and the fulfilment note, are written on the ticket as public notes: they are
what the requester is told.
"""
from collections.abc import Callable

from sqlalchemy import select, update

from app.extensions import db
from app.messaging.mail.compose import Notice
from app.organisation.models import User
from app.service_levels import policies as levels
from app.service_levels.priority import compute_priority
from app.servicedesk.incident.flow import actor, logged, note, tell_requester, ticket_of
from app.servicedesk.surveys.planning import plan_survey
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import SERVICE_DESK_GROUP, apply_status, insert_ticket
from app.workflow.models import ProcessInstance
from engine.topics import TopicCall, TopicRegistry, TopicResult

TITLE_CHARS = 120


def request_title(details: str) -> str:
    """Return a ticket title from the request's details: its text on one line, shortened."""
    text = " ".join(details.split()) or "Service request"
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1] + "…"


def open_ticket(call: TopicCall) -> TopicResult:
    """Give the request its REQ ticket (a request logged as a ticket keeps the one it has)."""
    if call.data.get("ticket"):
        ticket = ticket_of(call)
        return TopicResult({"requester": ticket.requester}, [logged(call, f"Request follows {ticket.number}")])
    requester = call.context.actor or "unknown"
    department = db.session.execute(select(User.department_id).where(User.login == requester)).scalar()
    decision = compute_priority(levels.priority_matrix(), "medium", "low")
    details = str(call.data.get("details") or "")
    ticket = insert_ticket(call.context.runtime, {
        "kind": "request", "channel": "portal", "title": request_title(details), "description": details,
        "requester": requester, "requester_department_id": department, "category_id": None, "ci_id": None,
        "impact": "medium", "urgency": "low", "priority": decision.priority, "priority_source": decision.source,
        "priority_reason": decision.reason, "assigned_group": SERVICE_DESK_GROUP,
        "instance_id": call.context.instance_id})
    db.session.execute(update(ProcessInstance).where(ProcessInstance.id == call.context.instance_id)
                       .values(business_key=ticket.number))
    return TopicResult({"ticket": ticket.number, "requester": requester},
                       [logged(call, f"Request ticket {ticket.number} opened")])


def finish(call: TopicCall, ticket: Ticket) -> None:
    """Close a request's ticket, through resolved as the statuses require."""
    now = call.context.now()
    if ticket.status != "resolved":
        apply_status(ticket, "resolved", now)
    apply_status(ticket, "closed", now)


def record_decision(call: TopicCall) -> TopicResult:
    """Tell the requester the approval decision and its comment; a rejected request's ticket closes."""
    ticket = ticket_of(call)
    approved = call.data.get("approved") is True
    comment = str(call.data.get("approval_comment") or "").strip()
    words = "Approved" if approved else "Rejected"
    event = ("request_approved" if approved else "request_rejected") + ("_comment" if comment else "")
    note(call, ticket, actor(call), event, comment or None, public=True)
    if approved:
        if ticket.status == "new":
            apply_status(ticket, "in_progress", call.context.now())
    else:
        finish(call, ticket)
    tell_requester(call, ticket, Notice("request_decided", f"Your request was {words.lower()}", comment or None,
                                        extras={"approved": approved}))
    return TopicResult({}, [logged(call, f"Request {words.lower()}")])


def record_fulfilment(call: TopicCall) -> TopicResult:
    """Tell the requester what was done, and close the request's ticket."""
    ticket = ticket_of(call)
    done = str(call.data.get("fulfilment_note") or "").strip()
    note(call, ticket, actor(call), "request_done", done, public=True)
    finish(call, ticket)
    tell_requester(call, ticket, Notice("request_done", "Your request is done", done or None))
    plan_survey(call.context.runtime, ticket, call.context.now())
    return TopicResult({}, [logged(call, "Request fulfilled")])


HANDLERS: dict[str, Callable[[TopicCall], TopicResult]] = {
    "request.open_ticket": open_ticket,
    "request.decision": record_decision,
    "request.fulfilled": record_fulfilment,
}


def register_request_topics(registry: TopicRegistry) -> TopicRegistry:
    """Register the request flow's handlers on a registry (the app's engine gets them at creation)."""
    return registry.register_all(HANDLERS)
