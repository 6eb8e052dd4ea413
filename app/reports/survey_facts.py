"""What a ticket's satisfaction survey adds to its report facts: whether it was sent, answered, and the score."""
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import Table, select

from app.extensions import db
from app.reports.facts import TicketFacts
from app.servicedesk.surveys.models import Survey

SURVEYS = cast(Table, Survey.__table__)


def surveys_of(ticket_ids: Sequence[int]) -> dict[int, Any]:
    """Return the tickets' survey rows (status, when sent, and score) by ticket id."""
    return {row.ticket_id: row for row in db.session.execute(select(
        SURVEYS.c.ticket_id, SURVEYS.c.status, SURVEYS.c.sent_at, SURVEYS.c.score).where(
        SURVEYS.c.ticket_id.in_(ticket_ids)))}


def with_survey(facts: TicketFacts, survey: Any) -> TicketFacts:
    """Return the facts with the ticket's survey: sent or not, and its answer's score as the ticket's rating.

    An answer given on the incident's old rate step (moved into the survey by migration 0058, or kept there by the
    step's handler) counts as the rating but not as a survey sent, so the response rate stays that of the surveys sent.
    A ticket without a survey answer has no rating.
    """
    if survey is None:
        return facts
    answered = survey.status == "answered"
    sent = survey.sent_at is not None
    return replace(facts, surveyed=sent, survey_answered=sent and answered,
                   rating=survey.score if answered else None)
