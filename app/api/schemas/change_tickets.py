"""Models of the change endpoints: the list's query, a new change, the fields that change, a change answered."""
from datetime import datetime

from pydantic import ConfigDict, Field

from app.api.schemas.common import MAX_ID, After, Answer, JsonBody, Moment, Next, QueryParameters, documented_choices
from app.platform.limits import NOTE_MAX, TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX
from app.servicedesk.change.stages import CHANGE_TYPES, IMPACTS, OUTCOMES, STAGES
from app.servicedesk.change.values import CIS_MAX

CHANGE_PAGE_MAX = 200
TYPE = documented_choices(CHANGE_TYPES)
RISKS = ("low", "medium", "high")
WINDOW = ("A date and time, ISO 8601 (`2030-01-03T22:00`); without an offset it is read in the caller's time zone. "
          "Past moments are refused.")


class ChangeListQuery(QueryParameters):
    """Filters of the change list, and which page of it."""

    type: str | None = Field(None, description="Only changes of this type.", json_schema_extra=TYPE)
    stage: str | None = Field(None, description="Only changes at this stage.",
                              json_schema_extra=documented_choices(STAGES))
    risk: str | None = Field(None, description="Only changes of this risk.",
                             json_schema_extra=documented_choices(RISKS))
    ci_id: int | None = Field(None, ge=1, le=MAX_ID, description="Only changes affecting this configuration item.")
    owner: str | None = Field(None, max_length=80, description="Only changes this person owns.")
    starts_after: datetime | None = Field(None, description="Only changes planned to start at or after this moment.")
    starts_before: datetime | None = Field(None, description="Only changes planned to start before this moment.")
    limit: int = Field(50, ge=1, le=CHANGE_PAGE_MAX, description="How many changes per page.")
    after: After


class ChangeRequest(JsonBody):
    """A new change. A standard change names an approved template, which fills in what is left out."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "type": "normal", "title": "Patch mail-01", "reason": "Security fix", "owner": "carl",
        "owner_group": "second-line", "planned_start": "2030-01-03T22:00", "planned_end": "2030-01-03T23:00",
        "implementation_plan": "Install the patch, restart.", "backout_plan": "Uninstall the patch.",
        "test_plan": "Send a mail.", "ci_ids": [1], "answers": {"1": True}}})

    type: str = Field(description="standard, normal or emergency.", json_schema_extra=TYPE)
    title: str = Field("", max_length=TICKET_TITLE_MAX, description="The summary (a template fills it in).")
    description: str = Field("", max_length=TICKET_DESCRIPTION_MAX)
    reason: str = Field("", max_length=NOTE_MAX)
    owner: str = Field(min_length=1, max_length=80, description="The change owner's login.")
    owner_group: str = Field("", max_length=80, description="The owner's group (a template fills it in).")
    implementer: str | None = Field(None, max_length=80, description="Who does the work order (the owner if left out).")
    planned_start: str = Field(max_length=40, description=WINDOW)
    planned_end: str = Field(max_length=40, description=WINDOW)
    implementation_plan: str = Field("", max_length=NOTE_MAX)
    backout_plan: str = Field("", max_length=NOTE_MAX)
    test_plan: str = Field("", max_length=NOTE_MAX, description="Required before the CAB.")
    impact: str = Field("medium", json_schema_extra=documented_choices(IMPACTS))
    ci_ids: list[int] = Field(default_factory=list, max_length=CIS_MAX, description="The affected CIs.")
    answers: dict[str, bool] = Field(default_factory=dict, description="Risk question id -> yes or no.")
    links: list[str] = Field(default_factory=list, max_length=50, description="Incident and problem numbers.")
    template_id: int | None = Field(None, ge=1, le=MAX_ID, description="The standard change template.")


class ChangeUpdate(JsonBody):
    """The fields to change while the change is new or being assessed; fields left out keep their value."""

    model_config = ConfigDict(json_schema_extra={"example": {"test_plan": "Send a mail; it arrives.",
                                                             "planned_start": "2030-01-04T22:00"}})

    title: str | None = Field(None, max_length=TICKET_TITLE_MAX)
    description: str | None = Field(None, max_length=TICKET_DESCRIPTION_MAX)
    reason: str | None = Field(None, max_length=NOTE_MAX)
    implementation_plan: str | None = Field(None, max_length=NOTE_MAX)
    backout_plan: str | None = Field(None, max_length=NOTE_MAX)
    test_plan: str | None = Field(None, max_length=NOTE_MAX)
    planned_start: str | None = Field(None, max_length=40, description=WINDOW)
    planned_end: str | None = Field(None, max_length=40, description=WINDOW)
    implementer: str | None = Field(None, max_length=80)
    impact: str | None = Field(None, json_schema_extra=documented_choices(IMPACTS))
    ci_ids: list[int] | None = Field(None, max_length=CIS_MAX)


class LinkRequest(JsonBody):
    """An incident or problem the change fixes."""

    model_config = ConfigDict(json_schema_extra={"example": {"ticket": "INC-000012"}})

    ticket: str = Field(min_length=1, max_length=40, description="The incident's or problem's number.")


class ChangeAnswer(Answer):
    """A change."""

    number: str
    type: str = Field(json_schema_extra=TYPE)
    stage: str = Field(json_schema_extra=documented_choices(STAGES))
    status: str
    title: str
    description: str
    reason: str
    requester: str
    owner: str
    owner_group: str
    implementer: str | None
    planned_start: Moment
    planned_end: Moment
    time_zone: str = Field(description="The requester's zone, in which the window was given.")
    implementation_plan: str
    backout_plan: str
    test_plan: str | None
    impact: str
    risk: str = Field(json_schema_extra=documented_choices(RISKS))
    risk_score: float
    risk_reasons: dict = Field(description="Which answers and weights, which success score, decided the risk.")
    ci_ids: list[int]
    services: list[str] = Field(description="The services the affected CIs support.")
    links: list[str] = Field(description="The incidents and problems the change fixes.")
    template_id: int | None
    outcome: str | None = Field(json_schema_extra=documented_choices(OUTCOMES))
    actual_start: Moment | None
    actual_end: Moment | None
    created_at: Moment
    updated_at: Moment


class ChangeRow(Answer):
    """A change as a list row."""

    number: str
    title: str
    type: str
    stage: str
    risk: str
    owner: str
    planned_start: Moment
    planned_end: Moment


class ChangePage(Answer):
    """One page of changes."""

    changes: list[ChangeRow]
    next: Next
