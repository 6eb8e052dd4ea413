"""Models of the problem endpoints: the list's query, a new problem, the fields that change, a problem answered."""
from datetime import datetime

from pydantic import ConfigDict, Field

from app.api.schemas.common import MAX_ID, After, Answer, JsonBody, Moment, Next, QueryParameters, documented_choices
from app.platform.limits import NOTE_MAX, TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX
from app.servicedesk.problem.flow import STAGES
from app.servicedesk.tickets.records import STATUSES

STAGE = documented_choices(STAGES)
PROBLEM_PAGE_MAX = 200


class ProblemListQuery(QueryParameters):
    """Filters of the problem list, and which page of it."""

    stage: str | None = Field(None, description="Only problems at this stage.", json_schema_extra=STAGE)
    status: str | None = Field(None, description="Only problems whose ticket has this status.",
                               json_schema_extra=documented_choices(STATUSES))
    ci_id: int | None = Field(None, ge=1, le=MAX_ID, description="Only problems on this configuration item.")
    limit: int = Field(50, ge=1, le=PROBLEM_PAGE_MAX, description="How many problems per page.")
    after: After


class ProblemRequest(JsonBody):
    """A new problem."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "title": "Mail server drops messages", "description": "INC-000012, INC-000015 and INC-000019.", "ci_id": 3}})

    title: str = Field(min_length=1, max_length=TICKET_TITLE_MAX)
    description: str = Field("", max_length=TICKET_DESCRIPTION_MAX)
    ci_id: int | None = Field(None, ge=1, le=MAX_ID, description="The affected configuration item.")
    category_id: int | None = Field(None, ge=1, le=MAX_ID, description="A ticket category.")


class ProblemChangeRequest(JsonBody):
    """The fields to change; fields left out keep their value, null or "" clears one."""

    model_config = ConfigDict(json_schema_extra={"example": {"root_cause": "The spam filter's disk is full.",
                                                             "workaround": "Resend from webmail."}})

    root_cause: str | None = Field(None, max_length=NOTE_MAX)
    workaround: str | None = Field(None, max_length=NOTE_MAX)


class IncidentLinkRequest(JsonBody):
    """An incident to link to the problem."""

    model_config = ConfigDict(json_schema_extra={"example": {"incident": "INC-000012"}})

    incident: str = Field(min_length=1, max_length=40, description="The incident's number.")


class KnownErrorAnswer(Answer):
    """A problem's known-error record."""

    symptom: str
    cause: str
    workaround: str
    ci_ids: list[int] = Field(description="The affected configuration items.")
    recorded_by: str
    recorded_at: Moment


class ProblemAnswer(Answer):
    """A problem."""

    number: str
    title: str
    description: str
    status: str = Field(json_schema_extra=documented_choices(STATUSES))
    stage: str = Field(json_schema_extra=STAGE)
    root_cause: str | None
    workaround: str | None
    workaround_published_at: Moment | None
    ci_id: int | None
    category_id: int | None
    assigned_group: str | None
    created_at: Moment
    updated_at: Moment
    incidents: list[str] = Field(description="The numbers of the incidents it causes.")
    known_error: KnownErrorAnswer | None


class ProblemRow(Answer):
    """A problem as a list row."""

    number: str
    title: str
    status: str
    stage: str
    ci_id: int | None
    updated_at: datetime


class ProblemPage(Answer):
    """One page of problems."""

    problems: list[ProblemRow]
    next: Next


class Publication(Answer):
    """What publishing a workaround reached."""

    incidents: list[str] = Field(description="The open incidents that got the workaround as a public note.")
    told: list[str] = Field(description="The assignees told.")
