"""Incidents of an earlier diagram version still wait at its "Rate the service" step: the rating given there becomes
the ticket's survey answer, so a ticket is asked and counted once."""
from pathlib import Path

from app.servicedesk.surveys.answers import Answer, answer_survey
from app.workflow.deployment import deploy_diagram
from tests.incident.conftest import PROCESSES, Desk
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
