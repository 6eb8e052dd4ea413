"""Models of the reports endpoints: the filter, every KPI with its value and definition, the export formats."""
from datetime import date
from typing import Literal

from pydantic import Field

from app.api.schemas.common import Answer, QueryParameters

FILE_ANSWER = {media: {"schema": {"type": "string", "format": "binary"}} for media in (
    "text/csv", "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


class KpiQuery(QueryParameters):
    """The period and keys a report reads."""

    from_: date | None = Field(None, alias="from", description="The period's first day, UTC (default: 29 days "
                                                               "before the last).")
    to: date | None = Field(None, description="The period's last day, UTC (default: today).")
    group: str | None = Field(None, description="Only tickets assigned to this group.")
    category: int | None = Field(None, ge=1, description="Only tickets of this category (its id).")
    priority: str | None = Field(None, description="Only tickets of this priority, e.g. `P1`.")
    service: int | None = Field(None, ge=1, description="Only tickets about this service (its CI id).")


class ExportQuery(KpiQuery):
    """A report's period and keys, and the file format."""

    format: Literal["csv", "xlsx", "pdf"] = Field("csv", description="csv, xlsx or pdf.")
    language: Literal["en", "zh_CN"] | None = Field(None, description="The file's language (default: the caller's).")


class KpiFilter(Answer):
    """The filter a report used (its defaults filled in) and the reach it was read in."""

    first_day: date
    last_day: date
    group: str | None
    category: int | None
    priority: str | None
    service: int | None
    reach: str = Field(description="`all` tickets, the `groups` the caller leads, or `own` work (assigned to them).")
    groups: list[str]


class KpiAnswer(Answer):
    """One KPI: its value (null: no data yet), unit, definition and, for SLA attainment, its value per policy."""

    key: str
    name: str
    definition: str
    unit: str = Field(description="count (tickets), levels (escalation levels raised), percent, hours, days or "
                                  "rating (1 to 5).")
    value: float | None
    by_policy: dict[str, float | None]


class KpiReport(Answer):
    """Every KPI of the period within what the caller may count."""

    filter: KpiFilter
    kpis: list[KpiAnswer]
