"""Models of the insight endpoint: which version, period and keys; the heatmap, paths, rework and cases."""
from datetime import date

from pydantic import Field

from app.api.schemas.common import Answer, QueryParameters, answer_of
from app.servicedesk.insight.report import ElementFigures


class InsightQuery(QueryParameters):
    """Which version, period and ticket keys the insight reads."""

    version: int | None = Field(None, ge=1, description="The process version (default: the latest).")
    first_day: date | None = Field(None, description="The period's first day, UTC (default: 29 days before the last).")
    last_day: date | None = Field(None, description="The period's last day, UTC (default: today).")
    category: str | None = Field(None, description="Only cases of tickets in this category (its id).")
    priority: str | None = Field(None, description="Only cases of tickets with this priority, e.g. `P1`.")
    group: str | None = Field(None, description="Only cases of tickets assigned to this group.")


ELEMENT_FIELDS = answer_of(ElementFigures, documented={
    "open_median": Field(description="Seconds from ready to completed, read from log-scaled buckets (within 9%)."),
    "open_p90": Field(description="Seconds, as open_median."),
    "wait_median": Field(description="Seconds from ready to the first claim (to completion when never claimed)."),
    "wait_p90": Field(description="Seconds, as wait_median."),
    "derived": Field(description="True for a start event or join, counted from the flows around it."),
})


class ElementInsight(ELEMENT_FIELDS):  # type: ignore[misc,valid-type]  # the fields come from ElementFigures
    """How cases passed one element in the period."""


class VariantInsight(Answer):
    """One path through the version, with its cases, durations (seconds) and SLA breaches."""

    element_ids: list[str]
    cases: int
    ended: int
    median_seconds: float | None
    p90_seconds: float | None
    breached: int
    with_target: int = Field(description="Cases whose ticket has a resolution target.")
    breach_rate: float | None = Field(description="breached / with_target; null when none has a target.")


class ReworkInsight(Answer):
    """Where cases came back to an element or were forwarded."""

    element_id: str
    repeats: int
    reassignments: int
    cases_starting: int


class OffPathCaseInsight(Answer):
    """A case that needed an intervention or left the plain run, with why and its replay's address."""

    instance_id: int
    business_key: str | None
    started_on: date
    status: str
    reasons: list[str] = Field(description="retry, cancellation, migration, edit, failure, reassignment, "
                                           "intervention, rework, sla_breached")
    rework_start: str | None
    replay: str


class Insight(Answer):
    """A process version's insight in a period."""

    process_id: str
    version: int
    first_day: date
    last_day: date
    cases: int = Field(description="Cases started in the period.")
    elements: list[ElementInsight]
    flows: dict[str, int | None] = Field(description="Passes per sequence flow; null where the history cannot say.")
    variants: list[VariantInsight]
    other_variants: int
    rework: list[ReworkInsight]
    off_path_cases: list[OffPathCaseInsight]
    more_off_path_cases: bool = Field(description="True when more cases left the plain run than listed here; the "
                                                  "page's CSV export lists them all.")
