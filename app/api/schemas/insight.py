"""Models of the insight endpoint: which version, period and keys; the heatmap, paths, rework and cases."""
from datetime import date

from pydantic import Field

from app.api.schemas.common import Answer, QueryParameters


class InsightQuery(QueryParameters):
    """Which version, period and ticket keys the insight reads."""

    version: int | None = Field(None, ge=1, description="The process version (default: the latest).")
    first_day: date | None = Field(None, description="The period's first day, UTC (default: 29 days before the last).")
    last_day: date | None = Field(None, description="The period's last day, UTC (default: today).")
    category: str | None = Field(None, description="Only cases of tickets in this category (its id).")
    priority: str | None = Field(None, description="Only cases of tickets with this priority, e.g. `P1`.")
    group: str | None = Field(None, description="Only cases of tickets assigned to this group.")


class ElementInsight(Answer):
    """How cases passed one element; task times in seconds, read from log-scaled buckets (within about 9%)."""

    element_id: str
    name: str
    kind: str
    passes: int
    cases: int
    repeats: int
    reassignments: int
    open_median: float | None
    open_p90: float | None
    wait_median: float | None
    wait_p90: float | None
    derived: bool = Field(description="True for a start event or join, counted from the flows around it.")


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
