"""Models of the survey endpoints: surveys with their answers, and an answer."""
from datetime import datetime

from pydantic import ConfigDict, Field

from app.api.schemas.common import Answer, JsonBody, QueryParameters

STATUS_PATTERN = "^(scheduled|sent|answered|expired|skipped)$"


class SurveyQuery(QueryParameters):
    """Which surveys to list."""

    status: str | None = Field(None, pattern=STATUS_PATTERN, description="Only surveys in this status.")
    limit: int = Field(100, ge=1, le=500, description="At most this many, newest first.")


class SurveyAnswer(Answer):
    """A ticket's survey: whether it was sent and why, its moments, and the requester's answer."""

    ticket: str = Field(description="The ticket's number.")
    title: str
    requester: str
    group: str | None = Field(description="The group that worked the ticket.")
    status: str = Field(description="`scheduled`, `sent`, `answered`, `expired` or `skipped`.")
    reason: str = Field(description="Why it was sent or skipped: `sampled_in`, `sampled_out`, `disabled`, "
                                    "`no_rule`, `no_requester`, `requester_is_assignee`, `recently_surveyed`, "
                                    "`flow_not_deployed`, `reopened`, `rated_on_ticket`.")
    decided_at: datetime
    send_at: datetime | None
    sent_at: datetime | None
    closed_at: datetime | None = Field(description="When it was answered or expired.")
    score: int | None = Field(description="1 (poor) to 5 (excellent).")
    effort: int | None = Field(description="1 (very easy) to 5 (very hard).")
    comment: str | None
    comment_below: int = Field(description="A score below this needs a comment.")


class SurveyPage(Answer):
    """The surveys the caller may read, newest first."""

    surveys: list[SurveyAnswer]


class SurveyReply(JsonBody):
    """The requester's answer."""

    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra={"example": {
        "score": 2, "effort": 4, "comment": "It took three calls to get through."}})

    score: int = Field(description="1 (poor) to 5 (excellent).")
    effort: int | None = Field(None, description="How hard it was to get help: 1 (very easy) to 5 (very hard).")
    comment: str = Field("", max_length=2000, description="Needed when the score is below the survey's "
                                                          "`comment_below`.")
