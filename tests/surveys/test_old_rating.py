"""Incidents of an earlier diagram version still wait at its "Rate the service" step: the rating given there becomes
the ticket's survey answer, so a ticket is asked and counted once."""
from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

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


def test_low_rating_before_the_survey_is_sent_opens_the_recovery_task_as_a_low_survey_answer_does(
        surveyed: Desk) -> None:
    at_the_old_rate_step(surveyed)
    assert survey_of(surveyed).status == "scheduled"
    surveyed.work("rate", "rita", rating=1, rating_comment="Took a week.")
    survey = survey_of(surveyed)
    assert (survey.status, survey.reason, survey.score, survey.sent_at) == ("answered", "rated_on_ticket", 1, None)
    [task] = recovery_tasks()
    assert task.assignee == "sam"
    surveyed.at(survey.send_at)
    assert survey_mails(surveyed) == []  # the send day's timer went with the answer: nothing is sent


def test_fair_rating_before_the_survey_is_sent_opens_no_recovery_task(surveyed: Desk) -> None:
    at_the_old_rate_step(surveyed)
    surveyed.work("rate", "rita", rating=3, rating_comment="Slow but fine.")
    assert survey_of(surveyed).status == "answered" and recovery_tasks() == []


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


def rate_on_ticket(ticket_id: int, score: int, comment: str | None = None) -> None:
    """Store a rating in the ticket's old columns (they exist below revision 0059 only, so not in the model)."""
    db.session.execute(text("UPDATE ticket SET satisfaction = :score, satisfaction_comment = :comment WHERE id = :id"),
                       {"score": score, "comment": comment, "id": ticket_id})
    db.session.commit()


def rating_on_ticket(ticket_id: int) -> tuple[int | None, str | None]:
    """Return the rating in the ticket's old columns."""
    row = db.session.execute(text("SELECT satisfaction, satisfaction_comment FROM ticket WHERE id = :id"),
                             {"id": ticket_id}).one()
    return row.satisfaction, row.satisfaction_comment


def ticket_columns() -> set[str]:
    """Return the ticket table's column names as the database has them now (a connection of its own, so no open
    transaction's snapshot hides a migration's change)."""
    with db.engine.connect() as connection:
        return {column["name"] for column in inspect(connection).get_columns("ticket")}


def ticket_triggers() -> list[str]:
    """Return the ticket table's triggers (SQLite's full-text sync; PostgreSQL keeps its search column itself)."""
    if db.engine.dialect.name != "sqlite":
        return []
    with db.engine.connect() as connection:
        return sorted(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                              "AND tbl_name = 'ticket'")).scalars())


def test_migration_0058_moves_stored_ratings_into_survey_answers_and_back(app) -> None:  # type: ignore[no-untyped-def]
    db.session.remove()
    downgrade(revision="0057")
    resolved = {"resolved_at": at(2, 6), "closed_at": at(3, 6), "status": "closed"}
    only_rated = add_ticket("INC-1", **resolved)
    expired = add_ticket("INC-2", survey=("expired", None), **resolved)
    answered = add_ticket("INC-3", survey=("answered", 5), **resolved)
    for ticket_id, score, comment in ((only_rated, 4, "Quick."), (expired, 2, None), (answered, 1, None)):
        rate_on_ticket(ticket_id, score, comment)
    db.session.remove()
    upgrade(revision="0058")
    rows = {row.ticket_id: row for row in db.session.execute(select(Survey)).scalars()}
    assert (rows[only_rated].status, rows[only_rated].reason, rows[only_rated].score, rows[only_rated].comment,
            rows[only_rated].sent_at, rows[only_rated].closed_at) == ("answered", "rated_on_ticket", 4, "Quick.", None,
                                                                      at(3, 6))
    assert (rows[expired].status, rows[expired].reason, rows[expired].score) == ("answered", "sampled_in", 2)
    assert (rows[answered].status, rows[answered].score) == ("answered", 5)
    assert [rating_on_ticket(key) for key in (only_rated, expired, answered)] == [(None, None)] * 3
    db.session.remove()
    upgrade()
    facts = {fact.ticket_id: fact for fact in read_facts([only_rated, expired, answered])}
    assert [(facts[key].rating, facts[key].surveyed, facts[key].survey_answered)
            for key in (only_rated, expired, answered)] == [(4, False, False), (2, True, True), (5, True, True)]
    db.session.remove()
    downgrade(revision="0057")
    assert rating_on_ticket(only_rated) == (4, "Quick.")
    assert db.session.execute(select(Survey.id).where(Survey.ticket_id == only_rated)).first() is None
    db.session.remove()
    upgrade()


def test_migration_0059_drops_the_old_rating_columns_and_brings_them_back_empty(app) -> None:  # type: ignore[no-untyped-def]
    db.session.remove()
    triggers = ticket_triggers()
    assert triggers or db.engine.dialect.name != "sqlite"
    assert not {"satisfaction", "satisfaction_comment"} & ticket_columns()
    downgrade(revision="0058")
    assert {"satisfaction", "satisfaction_comment"} <= ticket_columns()
    kept = add_ticket("INC-1", resolved_at=at(2, 6), status="resolved", survey=("answered", 4))
    assert rating_on_ticket(kept) == (None, None)  # empty: the ratings stay in the survey answers
    db.session.remove()
    upgrade()
    assert not {"satisfaction", "satisfaction_comment"} & ticket_columns()
    assert ticket_triggers() == triggers  # a plain ALTER TABLE: SQLite's full-text triggers are still there
    assert db.session.get(Ticket, kept) is not None
    assert db.session.execute(select(Survey.score).where(Survey.ticket_id == kept)).scalar_one() == 4
