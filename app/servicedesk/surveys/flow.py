"""The external tasks of the survey flow (processes/survey.bpmn): send, remind, expire.

The diagram decides when (the delay, the reminder and the expiry are its timers); these handlers keep the survey
row in step and write the mails to the outbox, in the requester's language, inside the step's transaction.
"""
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.organisation.models import User
from app.service_levels import policies as levels
from app.servicedesk.surveys.models import Survey
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import find_ticket
from engine.topics import TopicCall, TopicRegistry, TopicResult
from engine.views import StepEvent

OPEN_STATUSES = ("new", "assigned", "in_progress", "pending_requester")


def survey_of(call: TopicCall) -> tuple[Ticket, Survey]:
    """Return the ticket and its survey row, both locked for the step."""
    ticket = find_ticket(str(call.data.get("ticket") or ""), lock=True)
    survey = db.session.execute(select(Survey).where(Survey.ticket_id == ticket.id)
                                .with_for_update()).scalar_one()
    return ticket, survey


def tell_requester(call: TopicCall, ticket: Ticket, notice: Notice) -> bool:
    """Queue a survey mail to the requester only (never the assignee or the watchers), in her language."""
    person = db.session.execute(select(User).where(User.login == ticket.requester)).scalar_one_or_none()
    if person is None:
        return False
    facts = TicketFacts(ticket.number, ticket.title, ticket.instance_id, ticket.priority, ticket.assigned_group,
                        ticket.assignee, ticket.reassignment_count)
    return queue_ticket_notice(call.context.runtime.mail, notice, facts, person, True, call.context.now())


def skip(call: TopicCall, survey: Survey, reason: str) -> TopicResult:
    """Record that the survey was not sent after all, and why."""
    survey.status, survey.reason = "skipped", reason
    return TopicResult({"survey_sent": False},
                       [StepEvent("topic_logged", call.element_id, {"message": f"Not sent: {reason}"})])


def send(call: TopicCall) -> TopicResult:
    """Send the survey now, unless the ticket was reopened or rated on its incident's old rate step meanwhile (that
    rating is the survey's answer already)."""
    ticket, survey = survey_of(call)
    if survey.status == "answered":
        return TopicResult({"survey_sent": False}, [StepEvent("topic_logged", call.element_id, {
            "message": f"Not sent: answered already ({survey.reason})"})])
    if ticket.status in OPEN_STATUSES:
        return skip(call, survey, "reopened")
    now = call.context.now()
    tell_requester(call, ticket, Notice("survey_requested", "How did we do?", actions=("survey",)))
    survey.status, survey.sent_at = "sent", now
    ticket.updated_at = now  # the reports' roll-up recounts tickets changed since its watermark (surveys sent)
    remind_at = now + timedelta(days=int(call.data.get("remind_after_days") or 3))
    expire_at = now + timedelta(days=int(call.data.get("expire_after_days") or 10))
    return TopicResult({"survey_sent": True, "remind_at": levels.iso(remind_at), "expire_at": levels.iso(expire_at)},
                       [StepEvent("topic_logged", call.element_id, {"message": "Survey sent to the requester"})])


def remind(call: TopicCall) -> TopicResult:
    """Remind the requester once, if the survey still waits for her."""
    ticket, survey = survey_of(call)
    if survey.status == "sent" and survey.reminded_at is None:
        tell_requester(call, ticket, Notice("survey_reminder", "A reminder: how did we do?", actions=("survey",)))
        survey.reminded_at = call.context.now()
    return TopicResult({}, [StepEvent("topic_logged", call.element_id, {"message": "Reminder sent"})])


def expire(call: TopicCall) -> TopicResult:
    """Close the unanswered survey."""
    _, survey = survey_of(call)
    if survey.status == "sent":
        survey.status, survey.closed_at = "expired", call.context.now()
    return TopicResult({}, [StepEvent("topic_logged", call.element_id, {"message": "Survey expired unanswered"})])


HANDLERS: dict[str, Callable[[TopicCall], TopicResult]] = {
    "survey.send": send,
    "survey.remind": remind,
    "survey.expire": expire,
}


def register_survey_topics(registry: TopicRegistry) -> TopicRegistry:
    """Register the survey flow's handlers on a registry."""
    return registry.register_all(HANDLERS)
