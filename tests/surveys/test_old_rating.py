"""Incidents of an earlier diagram version still wait at its "Rate the service" step: the rating given there becomes
the ticket's survey answer, so a ticket is asked and counted once."""
from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from app.extensions import db
from app.reports.rollup import read_facts
from app.servicedesk.surveys.answers import Answer, answer_survey
from app.servicedesk.surveys.models import Survey
from app.servicedesk.tickets.models import Ticket
from app.workflow.deployment import deploy_diagram
from tests.incident.conftest import PROCESSES, Desk
from tests.reports.conftest import add_ticket, at
from tests.surveys.conftest import recovery_tasks, resolve, survey_mails, survey_of

OLD_INCIDENT = Path(__file__).parents[1] / "diagrams" / "incident_with_rating.bpmn"


def at_the_old_rate_step(surveyed: Desk) -> None:
    """Run an incident of the old version (with the rate step) to that step; then deploy today's diagram."""
    deploy_diagram(surveyed.runtime, OLD_INCIDENT.read_bytes(), "incident.bpmn", "olga")
    resolve(surveyed)
    surveyed.work("confirm_fix", "rita", confirmation="confirm")
    assert "rate" in surveyed.open_tasks()
    deploy_diagram(surveyed.runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")


def test_todays_incident_closes_without_a_rate_step(surveyed: Desk) -> None:
    resolve(surveyed)
    surveyed.work("confirm_fix", "rita", confirmation="confirm")
    assert surveyed.instance.status == "completed" and surveyed.ticket.status == "closed"
    [closed] = [mail for mail in surveyed.outbox() if mail.event == "incident_closed"]
    assert "Rate the service" not in closed.body and "in a short survey, how it went" in closed.body


def test_rating_before_the_survey_is_sent_answers_it_and_no_survey_goes_out(surveyed: Desk) -> None:
    at_the_old_rate_step(surveyed)
    surveyed.work("rate", "rita", rating=4, rating_comment="Quick.")
    assert surveyed.instance.status == "completed"
    survey = survey_of(surveyed)
    assert (survey.status, survey.reason, survey.score, survey.comment, survey.sent_at) == (
        "answered", "rated_on_ticket", 4, "Quick.", None)
    surveyed.at(survey.send_at)
    assert survey_of(surveyed).status == "answered" and survey_mails(surveyed) == []


def test_low_rating_while_the_survey_waits_is_its_answer_and_opens_the_recovery_task(surveyed: Desk) -> None:
    at_the_old_rate_step(surveyed)
    surveyed.at(survey_of(surveyed).send_at)
    assert survey_of(surveyed).status == "sent"
    surveyed.work("rate", "rita", rating=1, rating_comment="Took a week.")
    survey = survey_of(surveyed)
    assert (survey.status, survey.reason, survey.score) == ("answered", "sampled_in", 1)
    [task] = recovery_tasks()
    assert task.assignee == "sam"


def test_rating_after_the_survey_was_answered_keeps_the_survey_answer(surveyed: Desk) -> None:
    at_the_old_rate_step(surveyed)
    surveyed.at(survey_of(surveyed).send_at)
    answer_survey(surveyed.runtime, "rita", surveyed.number, Answer(5))
    surveyed.work("rate", "rita", rating=2)
    assert surveyed.instance.status == "completed"
    assert (survey_of(surveyed).score, survey_of(surveyed).status) == (5, "answered")


def test_migration_0058_moves_stored_ratings_into_survey_answers_and_back(app) -> None:  # type: ignore[no-untyped-def]
    db.session.remove()
    downgrade(revision="0057")
    resolved = {"resolved_at": at(2, 6), "closed_at": at(3, 6), "status": "closed"}
    only_rated = add_ticket("INC-1", satisfaction=4, satisfaction_comment="Quick.", **resolved)
    expired = add_ticket("INC-2", satisfaction=2, survey=("expired", None), **resolved)
    answered = add_ticket("INC-3", satisfaction=1, survey=("answered", 5), **resolved)
    db.session.remove()
    upgrade()
    rows = {row.ticket_id: row for row in db.session.execute(select(Survey)).scalars()}
    assert (rows[only_rated].status, rows[only_rated].reason, rows[only_rated].score, rows[only_rated].comment,
            rows[only_rated].sent_at, rows[only_rated].closed_at) == ("answered", "rated_on_ticket", 4, "Quick.", None,
                                                                      at(3, 6))
    assert (rows[expired].status, rows[expired].reason, rows[expired].score) == ("answered", "sampled_in", 2)
    assert (rows[answered].status, rows[answered].score) == ("answered", 5)
    assert db.session.execute(select(Ticket.id).where(Ticket.satisfaction.is_not(None))).all() == []
    facts = {fact.ticket_id: fact for fact in read_facts([only_rated, expired, answered])}
    assert [(facts[key].satisfaction, facts[key].surveyed, facts[key].survey_answered)
            for key in (only_rated, expired, answered)] == [(4, False, False), (2, True, True), (5, True, True)]
    db.session.remove()
    downgrade(revision="0057")
    assert db.session.get(Ticket, only_rated).satisfaction == 4
    assert db.session.execute(select(Survey.id).where(Survey.ticket_id == only_rated)).first() is None
    db.session.remove()
    upgrade()
