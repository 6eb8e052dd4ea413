"""What a ticket's satisfaction survey adds to its report facts: whether it was sent, answered, and the score."""
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import Table, select

from app.extensions import db
from app.reports.facts import TicketFacts
from app.servicedesk.surveys.models import Survey

SURVEYS = cast(Table, Survey.__table__)
SURVEYED_STATUSES = ("sent", "answered", "expired")  # the survey reached the requester


def surveys_of(ticket_ids: Sequence[int]) -> dict[int, Any]:
    """Return the tickets' survey rows (status and score) by ticket id."""
    return {row.ticket_id: row for row in db.session.execute(select(
        SURVEYS.c.ticket_id, SURVEYS.c.status, SURVEYS.c.score).where(SURVEYS.c.ticket_id.in_(ticket_ids)))}


def with_survey(facts: TicketFacts, survey: Any) -> TicketFacts:
    """Return the facts with the ticket's survey: sent or not, and its answer's score as the ticket's rating.

    A ticket without a survey answer keeps the rating of the incident's old rate task, so earlier ratings still count.
    """
    if survey is None or survey.status not in SURVEYED_STATUSES:
        return facts
    answered = survey.status == "answered"
    return replace(facts, surveyed=True, survey_answered=answered,
                   satisfaction=survey.score if answered else facts.satisfaction)
