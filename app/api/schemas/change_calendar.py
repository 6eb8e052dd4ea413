"""Models of the change calendar endpoints: a proposed window and its conflicts, the calendar's entries."""
from typing import Annotated

from pydantic import ConfigDict, Field

from app.api.schemas.common import MAX_ID, Answer, JsonBody, Moment, QueryParameters, documented_choices
from app.servicedesk.change_calendar.collisions import RULES
from app.servicedesk.change_calendar.schedule import MAX_CIS

MOMENT_TEXT = "An ISO 8601 date-time with its UTC offset, e.g. 2027-03-01T22:00:00+08:00."
ICS_ANSWER = {"text/calendar": {"schema": {"type": "string", "description": "An iCalendar document (RFC 5545)."}}}


class ScheduleCheckRequest(JsonBody):
    """A proposed window for a change: when, on which CIs, by whom."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "start": "2027-03-06T22:00:00+08:00", "end": "2027-03-07T02:00:00+08:00", "ci_ids": [3, 8],
        "implementer": "lee"}})

    start: str = Field(min_length=1, max_length=40, description=MOMENT_TEXT)
    end: str = Field(min_length=1, max_length=40, description=MOMENT_TEXT)
    ci_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(min_length=1, max_length=MAX_CIS,
                                                                 description="The CIs the change works on.")
    implementer: str | None = Field(None, max_length=80, description="Who implements it (a login).")


class ConflictAnswer(Answer):
    """One conflict of a proposed window."""

    rule: str = Field(description="The rule that found it.", json_schema_extra={"enum": [*RULES]})
    severity: str = Field(description="block (the window cannot be booked without an override) or warning.",
                          json_schema_extra={"enum": ["block", "warning"]})
    ci: int | None = Field(description="The CI it is about; null for one about every CI or the implementer.")
    other_change: str | None = Field(description="The other change's number, when another change collides.")
    starts_at: Moment = Field(description="When the other change or window starts.")
    ends_at: Moment = Field(description="When it ends.")
    message: str


class ScheduleCheckAnswer(Answer):
    """The conflicts of a proposed window, blocks first."""

    change: str
    blocked: bool = Field(description="Whether any conflict is a hard block.")
    conflicts: list[ConflictAnswer]


class CalendarQuery(QueryParameters):
    """The range of the calendar and, optionally, one CI."""

    from_: str | None = Field(None, alias="from", description=f"Start of the range (default: today). {MOMENT_TEXT}")
    to: str | None = Field(None, description="End of the range (default: 31 days after the start); at most 400 "
                                             "days after it.")
    ci: int | None = Field(None, ge=1, le=MAX_ID, description="Only entries touching this CI.")


class CalendarEntryAnswer(Answer):
    """A booked change, or a freeze or maintenance window's occurrence."""

    kind: str = Field(json_schema_extra={"enum": ["change", "freeze", "maintenance"]})
    title: str
    starts_at: Moment
    ends_at: Moment
    ticket: str | None = Field(description="The change's number (changes only).")
    implementer: str | None
    ci_ids: list[int] | None = Field(description="The CIs it touches; null for a window over every CI.")
    overridden: bool = Field(description="Booked over a collision block by a change manager's override.")


class CalendarAnswer(Answer):
    """The calendar's entries in a range, by start."""

    entries: list[CalendarEntryAnswer]


RULE_CHOICES = documented_choices(RULES)
