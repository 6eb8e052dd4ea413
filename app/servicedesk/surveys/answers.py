"""Answer a survey as its requester, and list the surveys and answers a person may read.

The answer is stored on the survey row and sent to the survey's instance as the BPMN message survey_answered
(correlated by the survey's business key, which names the ticket), so answering moves the flow: a low score opens
the recovery task there. One unit: the row and the flow move together or not at all.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from app.extensions import db
from app.organisation.policies import Actor, survey_reach
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case
from app.service_levels import policies as levels
from app.servicedesk.surveys.models import Survey, SurveyRule
from app.servicedesk.surveys.planning import ANSWERED_MESSAGE
from app.servicedesk.tickets import deadlines as ticket_deadlines
from app.servicedesk.tickets.business_keys import survey_key
from app.servicedesk.tickets.models import Ticket
from app.workflow.outside.messages import Message, correlate
from app.workflow.outside.subscriptions import subscribed_instances
from app.workflow.runtime import Runtime

SCORES = (1, 2, 3, 4, 5)
EFFORTS = (1, 2, 3, 4, 5)  # 1 very easy ... 5 very hard
COMMENT_MAX = 2000
NOT_WAITING = "This survey no longer waits for an answer: it was answered already, or it expired."
CHOOSE_SCORE = "Choose a score from 1 (poor) to 5 (excellent)."
CHOOSE_EFFORT = "Choose the effort from 1 (very easy) to 5 (very hard), or leave it empty."
COMMENT_NEEDED = ("Tell us in a comment what went wrong: a score below %(below)s needs one, so the team can put it "
                  "right.")
COMMENT_TOO_LONG = "Keep the comment under 2,000 characters."
DEFAULT_RECOVERY_HOURS = 24
RATED_ON_TICKET = "rated_on_ticket"  # answered on the incident's old rate step, not by a survey sent


@dataclass(frozen=True)
class Answer:
    """What the requester answers: a score 1-5, an optional effort 1-5 and a comment."""

    score: Any
    effort: Any = None
    comment: str = ""


@dataclass(frozen=True)
class SurveyView:
    """A survey as its readers see it."""

    number: str
    title: str
    requester: str
    group: str | None
    status: str
    reason: str
    decided_at: datetime
    send_at: datetime | None
    sent_at: datetime | None
    closed_at: datetime | None
    score: int | None
    effort: int | None
    comment: str | None
    comment_below: int

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {"ticket": self.number, "title": self.title, "requester": self.requester, "group": self.group,
                "status": self.status, "reason": self.reason, "decided_at": levels.iso(self.decided_at),
                "send_at": levels.iso(self.send_at), "sent_at": levels.iso(self.sent_at),
                "closed_at": levels.iso(self.closed_at), "score": self.score, "effort": self.effort,
                "comment": self.comment, "comment_below": self.comment_below}


def answer_errors(answer: Answer, comment_below: int) -> dict[str, list[str]]:
    """Return what is wrong with an answer, per field (English sentences; the pages translate them)."""
    errors: dict[str, list[str]] = {}
    score = whole(answer.score)
    if score not in SCORES:
        errors["score"] = [CHOOSE_SCORE]
    if answer.effort not in (None, "") and whole(answer.effort) not in EFFORTS:
        errors["effort"] = [CHOOSE_EFFORT]
    comment = (answer.comment or "").strip()
    if score in SCORES and score < comment_below and not comment:
        errors["comment"] = [COMMENT_NEEDED % {"below": comment_below}]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [COMMENT_TOO_LONG]
    return errors


def whole(value: Any) -> int | None:
    """Return a whole number given as a number or its text, else None (a bool or a fraction is no score)."""
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    return int(text) if text.lstrip("-").isdigit() else None


@use_case
def answer_survey(runtime: Runtime, login: str, number: str, answer: Answer) -> SurveyView:
    """Store the requester's answer and send it to the survey's flow; refuse anyone but the requester."""
    ticket, survey = locked_survey(number)
    if survey.requester != login:
        raise NotAllowed(f"{login} may not answer the survey of {ticket.number}: only its requester answers it.")
    if survey.status != "sent":
        raise Conflict(NOT_WAITING)
    errors = answer_errors(answer, survey.comment_below)
    if errors:
        raise InvalidValues(" ".join(message for messages in errors.values() for message in messages), errors)
    record_answer(runtime, login, ticket, survey, whole(answer.score), answer.effort, answer.comment,
                  runtime.clock.now())
    return view_of(survey, ticket)


def record_answer(runtime: Runtime, login: str, ticket: Ticket, survey: Survey, score: int | None, effort: Any,
                  comment: str | None, now: datetime) -> None:
    """Store the answer on the survey row and, when its flow waits for it, send it there (a low score opens the
    recovery task, due after the rule's hours counted in working time on the ticket's calendar)."""
    waiting = flow_waits_for_answer(ticket, survey)
    survey.score, survey.comment = score, (comment or "").strip() or None
    survey.effort = whole(effort) if effort not in (None, "") else None
    survey.status, survey.closed_at = "answered", now
    ticket.updated_at = now  # the reports' roll-up recounts tickets changed since its watermark
    if not waiting:
        return
    rule = db.session.execute(select(SurveyRule).where(SurveyRule.key == survey.rule_key)).scalar_one_or_none()
    hours = rule.recovery_hours if rule is not None else DEFAULT_RECOVERY_HOURS
    correlate(runtime, login, Message(ANSWERED_MESSAGE, business_key=survey_key(ticket.number), variables={
        "score": survey.score, "effort": survey.effort, "comment": survey.comment or "",
        "recovery_due": levels.iso(ticket_deadlines.working_hours_later(ticket, now, hours))}))


def flow_waits_for_answer(ticket: Ticket, survey: Survey) -> bool:
    """Say whether the survey's flow waits for its answer: once sent, always; before it is sent, while it waits for
    the send day (processes/survey.bpmn lets an answer given on the ticket come first; instances of earlier versions
    of the diagram wait for the send day only, and then skip an answered survey)."""
    if survey.status == "sent":
        return True
    return (survey.status == "scheduled" and survey.instance_id is not None
            and bool(subscribed_instances(ANSWERED_MESSAGE, survey_key(ticket.number), survey.instance_id)))


def record_old_rating(runtime: Runtime, ticket: Ticket, score: int, comment: str | None, now: datetime) -> str:
    """Keep a rating given on the incident's old rate step (instances of diagram versions that still have it) as
    the ticket's survey answer, so a ticket is asked and counted once; return what was done, for the history.

    A survey that waits for its answer gets this one (and its flow moves on); one not sent yet is answered, so it is
    never sent, and its flow moves on too (a low score opens the recovery task either way); one answered already
    keeps its answer.
    """
    survey = db.session.execute(select(Survey).where(Survey.ticket_id == ticket.id).with_for_update()
                                .execution_options(populate_existing=True)).scalar_one_or_none()
    if survey is not None and survey.status == "answered":
        return f"Rating {score} of 5 not kept: the ticket's survey was answered already ({survey.score} of 5)"
    if survey is None:
        survey = Survey(ticket_id=ticket.id, requester=ticket.requester or "", rule_key=None, status="skipped",
                        reason=RATED_ON_TICKET, decided_at=now)
        db.session.add(survey)
    if survey.status != "sent":
        survey.reason = RATED_ON_TICKET
    record_answer(runtime, ticket.requester or "", ticket, survey, score, None, comment, now)
    db.session.flush()
    return f"Rated {score} of 5, kept as the ticket's survey answer"


def locked_survey(number: str) -> tuple[Ticket, Survey]:
    """Return a ticket and its survey, the survey row locked; NotFound when the ticket has none."""
    ticket = db.session.execute(select(Ticket).where(Ticket.number == number.strip().upper())).scalar_one_or_none()
    survey = None if ticket is None else db.session.execute(select(Survey).where(
        Survey.ticket_id == ticket.id).with_for_update().execution_options(populate_existing=True)).scalar_one_or_none()
    if ticket is None or survey is None:
        raise NotFound(f"{number} has no satisfaction survey.")
    return ticket, survey


def view_of(survey: Survey, ticket: Ticket) -> SurveyView:
    """Return the survey's view."""
    return SurveyView(ticket.number, ticket.title, survey.requester, ticket.assigned_group, survey.status,
                      survey.reason, survey.decided_at, survey.send_at, survey.sent_at, survey.closed_at,
                      survey.score, survey.effort, survey.comment, survey.comment_below)


def survey_status(ticket_id: int) -> str | None:
    """Return the status of the ticket's survey (scheduled, sent, answered, expired, skipped), None without one."""
    return db.session.execute(select(Survey.status).where(Survey.ticket_id == ticket_id)).scalar_one_or_none()


def survey_waits_for(login: str, ticket_id: int) -> bool:
    """Say whether the ticket's survey was sent to this person and waits for her answer."""
    return db.session.execute(select(Survey.id).where(
        Survey.ticket_id == ticket_id, Survey.requester == login, Survey.status == "sent")).first() is not None


def list_surveys(actor: Actor, status: str | None = None, number: str | None = None,
                 limit: int = 100) -> list[SurveyView]:
    """List the surveys the actor may read (policies.survey_reach), newest first."""
    reach = survey_reach(actor)
    query = select(Survey, Ticket).join(Ticket, Ticket.id == Survey.ticket_id)
    if not reach.everything:
        query = query.where(or_(Survey.requester == reach.requester,
                                Ticket.assigned_group.in_(sorted(reach.groups))))
    if status:
        query = query.where(Survey.status == status)
    if number:
        query = query.where(Ticket.number == number.strip().upper())
    rows = db.session.execute(query.order_by(Survey.decided_at.desc(), Survey.id.desc()).limit(limit))
    return [view_of(survey, ticket) for survey, ticket in rows]


def survey_for(actor: Actor, number: str) -> SurveyView:
    """Return one ticket's survey if the actor may read it, else NotFound (as if it did not exist)."""
    found = list_surveys(actor, number=number, limit=1)
    if not found:
        raise NotFound(f"{number} has no satisfaction survey you may see.")
    return found[0]
