"""Plan a ticket's survey when it is resolved: find the rule, decide (and record why), start the survey flow.

Runs inside the resolving step's transaction (incident.resolve, request.fulfilled): the decision, the survey row
and the survey instance are written with the resolution or not at all. A ticket has one survey row; a later
resolution (after a reopen) finds it and starts nothing, unless the first one was skipped.
"""
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.organisation.people import group_members
from app.service_levels import policies as levels
from app.servicedesk.catalogue.models import CatalogueRequest
from app.servicedesk.surveys.models import DEFAULT_RULE, Survey, SurveyRule
from app.servicedesk.surveys.sampling import Decision, RuleTerms, decide_survey
from app.servicedesk.tickets import deadlines as ticket_deadlines
from app.servicedesk.tickets.business_keys import survey_key
from app.servicedesk.tickets.models import Ticket
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import ProcessDefinition
from app.workflow.runtime import Runtime

SURVEY_PROCESS = "survey"
ANSWERED_MESSAGE = "survey_answered"  # the message the answer sends to the survey's instance (processes/survey.bpmn)


def rule_for(ticket: Ticket) -> SurveyRule | None:
    """Return the rule of the ticket's catalogue item, else of its category, else the default rule."""
    keys = [DEFAULT_RULE]
    if ticket.category_id is not None:
        keys.insert(0, f"category:{ticket.category_id}")
    item_id = db.session.execute(select(CatalogueRequest.item_id).where(
        CatalogueRequest.ticket_id == ticket.id)).scalar_one_or_none()
    if item_id is not None:
        keys.insert(0, f"item:{item_id}")
    rules = {rule.key: rule for rule in db.session.execute(
        select(SurveyRule).where(SurveyRule.key.in_(keys))).scalars()}
    return next((rules[key] for key in keys if key in rules), None)


def last_surveyed_at(requester: str, ticket_id: int) -> datetime | None:
    """Return when the person's latest survey (of another ticket) was decided to be sent."""
    return db.session.execute(select(func.max(Survey.decided_at)).where(
        Survey.requester == requester, Survey.ticket_id != ticket_id, Survey.status != "skipped")).scalar()


def plan_survey(runtime: Runtime, ticket: Ticket, now: datetime) -> Survey:
    """Decide and record the ticket's survey; when it is sent, start its flow waiting the rule's working days."""
    survey = db.session.execute(select(Survey).where(Survey.ticket_id == ticket.id)).scalar_one_or_none()
    if survey is not None and survey.status != "skipped":
        return survey  # one survey per ticket, reopened or not
    rule = rule_for(ticket)
    terms = None if rule is None else RuleTerms(rule.key, rule.enabled, rule.sample_percent, rule.min_days_between)
    decision = decide_survey(terms, ticket.number, ticket.requester, ticket.assignee,
                             last_surveyed_at(ticket.requester or "", ticket.id), now)
    if decision.send and not survey_flow_deployed():
        decision = Decision(False, "flow_not_deployed")
    if survey is None:
        survey = Survey(ticket_id=ticket.id)
        db.session.add(survey)
    survey.requester, survey.rule_key, survey.decided_at = ticket.requester or "", rule.key if rule else None, now
    survey.status, survey.reason = ("scheduled" if decision.send else "skipped"), decision.reason
    if decision.send and rule is not None:
        start_survey_flow(runtime, ticket, survey, rule, now)
    db.session.flush()
    return survey


def survey_flow_deployed() -> bool:
    """Say whether the survey diagram is deployed (a fresh installation may not have it yet)."""
    return db.session.execute(select(ProcessDefinition.id).where(
        ProcessDefinition.process_id == SURVEY_PROCESS).limit(1)).first() is not None


def start_survey_flow(runtime: Runtime, ticket: Ticket, survey: Survey, rule: SurveyRule, now: datetime) -> None:
    """Start the survey instance: it waits until the send moment, rule.delay_working_days on the ticket's calendar."""
    survey.send_at = ticket_deadlines.working_days_later(ticket, now, rule.delay_working_days)
    survey.comment_below = rule.comment_below
    group = ticket.assigned_group or ""
    leads = group_members(group, leads_only=True) if group else []
    context = {"ticket": ticket.number, "requester": ticket.requester, "send_at": levels.iso(survey.send_at),
               "remind_after_days": rule.remind_after_days, "expire_after_days": rule.expire_after_days,
               "low_score": rule.low_score, "recovery_hours": rule.recovery_hours,
               "recovery_group": group or None, "recovery_lead": leads[0].login if leads else None}
    survey.instance_id = start_instance(runtime, SURVEY_PROCESS, {}, survey_key(ticket.number), None, context)
