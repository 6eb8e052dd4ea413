"""The KPIs: each with its name, its definition (shown beside it, in the reader's language) and its value
computed from the roll-up's totals (app.reports.reading.Totals). A value of None means no data yet."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.reports.histogram import percentile_seconds
from app.reports.reading import WORK_KINDS, Totals

HOUR_SECONDS = 3600.0


@dataclass(frozen=True)
class KpiValue:
    """One KPI as a report shows it: its value (None: no data yet), unit and, where it has one, per SLA policy."""

    key: str
    name: str
    definition: str
    unit: str  # count, levels, percent, hours, days, rating
    value: float | None
    by_policy: dict[str, float | None] = field(default_factory=dict)


def value_text(kpi: KpiValue) -> str:
    """Return a KPI's value as written in a file: 'no data yet' for none, a percent sign for a share."""
    if kpi.value is None:
        return gettext("no data yet")
    number = f"{kpi.value:g}"
    return f"{number} %" if kpi.unit == "percent" else number


@dataclass(frozen=True)
class Kpi:
    """A KPI's words and its rule."""

    key: str
    name: object
    definition: object
    unit: str
    compute: Callable[[Totals, date], float | None]
    per_policy: bool = False


def summed(totals: Totals, name: str, kinds: tuple[str, ...] = WORK_KINDS, policy: str | None = None) -> int:
    """Return a counter summed over kinds (and one policy, when named)."""
    return sum(values.get(name, 0) for (kind, each), values in totals.counters.items()
               if kind in kinds and (policy is None or each == policy))


def share(part: int, whole: int) -> float | None:
    """Return part of whole in percent (one decimal), None when whole is zero."""
    return None if whole == 0 else round(100.0 * part / whole, 1)


def hours_at(totals: Totals, measure: str, quantile: float) -> float | None:
    """Return a duration percentile in hours (two decimals) over the work kinds' histograms."""
    merged: dict[int, int] = {}
    for (kind, each), counts in totals.histograms.items():
        if kind in WORK_KINDS and each == measure:
            for bucket, count in counts.items():
                merged[bucket] = merged.get(bucket, 0) + count
    seconds = percentile_seconds(merged, quantile)
    return None if seconds is None else round(seconds / HOUR_SECONDS, 2)


def open_count(totals: Totals, kinds: tuple[str, ...]) -> int:
    """Return how many tickets of these kinds were open at the end of the period."""
    return sum(totals.backlog.get(kind, (0, 0))[0] for kind in kinds)


def mean_open_age_days(totals: Totals, last_day: date, kinds: tuple[str, ...]) -> float | None:
    """Return the mean age in days at the end of the period of the open tickets of these kinds."""
    count = open_count(totals, kinds)
    ordinals = sum(totals.backlog.get(kind, (0, 0))[1] for kind in kinds)
    return None if count == 0 else round(last_day.toordinal() - ordinals / count, 1)


def policies_of(totals: Totals) -> list[str]:
    """Return the SLA policies with tickets in the totals."""
    return sorted({policy for (_, policy) in totals.counters})


def change_share(totals: Totals, name: str) -> float | None:
    """Return a share of the finished changes (None when no change finished: no data yet)."""
    return share(summed(totals, name, ("change",)), summed(totals, "change_done", ("change",)))


def change_success(totals: Totals) -> float | None:
    """Return the share of the finished changes that did not fail."""
    done = summed(totals, "change_done", ("change",))
    return share(done - summed(totals, "change_failed", ("change",)), done)


KPIS: tuple[Kpi, ...] = (
    Kpi("volume_in", _l("Tickets in"), _l("Incidents and requests opened in the period."), "count",
        lambda t, _: summed(t, "opened")),
    Kpi("volume_out", _l("Tickets out"), _l("Incidents and requests resolved, closed or cancelled in the period."),
        "count", lambda t, _: summed(t, "out")),
    Kpi("backlog", _l("Backlog"), _l("Incidents and requests still open at the end of the period's last day."),
        "count", lambda t, _: open_count(t, WORK_KINDS)),
    Kpi("backlog_age", _l("Backlog age"), _l("Mean age in days of the backlog at the end of the period (days since "
        "each ticket was opened)."), "days", lambda t, last: mean_open_age_days(t, last, WORK_KINDS)),
    Kpi("response_p50_work", _l("First response, median (working time)"), _l("Median working time on the SLA "
        "policy's business calendar from opening to the first response, of the tickets first answered in the "
        "period."), "hours", lambda t, _: hours_at(t, "response_work", 0.5)),
    Kpi("response_p90_work", _l("First response, p90 (working time)"), _l("90th percentile of the same working "
        "time: nine in ten tickets were answered within it."), "hours", lambda t, _: hours_at(t, "response_work", 0.9)),
    Kpi("response_p50_wall", _l("First response, median (wall time)"), _l("Median calendar time, nights and "
        "holidays included, from opening to the first response."), "hours",
        lambda t, _: hours_at(t, "response_wall", 0.5)),
    Kpi("response_p90_wall", _l("First response, p90 (wall time)"), _l("90th percentile of the calendar time from "
        "opening to the first response."), "hours", lambda t, _: hours_at(t, "response_wall", 0.9)),
    Kpi("resolution_p50_work", _l("Resolution, median (working time)"), _l("Median working time on the SLA policy's "
        "business calendar from opening to resolution, of the tickets resolved in the period."), "hours",
        lambda t, _: hours_at(t, "resolution_work", 0.5)),
    Kpi("resolution_p90_work", _l("Resolution, p90 (working time)"), _l("90th percentile of the same working time."),
        "hours", lambda t, _: hours_at(t, "resolution_work", 0.9)),
    Kpi("resolution_p50_wall", _l("Resolution, median (wall time)"), _l("Median calendar time from opening to "
        "resolution."), "hours", lambda t, _: hours_at(t, "resolution_wall", 0.5)),
    Kpi("resolution_p90_wall", _l("Resolution, p90 (wall time)"), _l("90th percentile of the calendar time from "
        "opening to resolution."), "hours", lambda t, _: hours_at(t, "resolution_wall", 0.9)),
    Kpi("first_contact_resolution", _l("First-contact resolution"), _l("Share of the tickets resolved in the period "
        "that the first group resolved, never reassigned and never reopened."), "percent",
        lambda t, _: share(summed(t, "fcr"), summed(t, "solved"))),
    Kpi("reopen_rate", _l("Reopen rate"), _l("Share of the tickets resolved in the period that were reopened at "
        "least once."), "percent", lambda t, _: share(summed(t, "reopened"), summed(t, "solved"))),
    Kpi("sla_response", _l("Response target met"), _l("Share of the tickets first answered in the period, with a "
        "response target, that were answered by it; per SLA policy too."), "percent",
        lambda t, _: share(summed(t, "response_met"), summed(t, "response_done")), per_policy=True),
    Kpi("sla_resolution", _l("Resolution target met"), _l("Share of the tickets resolved in the period, with a "
        "resolution target, that were resolved by it; per SLA policy too."), "percent",
        lambda t, _: share(summed(t, "resolution_met"), summed(t, "resolution_done")), per_policy=True),
    Kpi("escalations", _l("Escalations"), _l("Escalation levels raised in the period (response or resolution "
        "target missed or close, reassigned too often)."), "levels",
        lambda t, _: summed(t, "escalations", ("incident", "request", "change", "problem"))),
    Kpi("csat", _l("Satisfaction"), _l("Mean score (1 to 5) the requesters gave the incidents and requests resolved "
        "in the period: their survey answers, and the ratings given on the ticket before surveys."), "rating",
        lambda t, _: None if not summed(t, "rated", WORK_KINDS) else round(
            summed(t, "rating_sum", WORK_KINDS) / summed(t, "rated", WORK_KINDS), 2)),
    Kpi("csat_response_rate", _l("Satisfaction response rate"), _l("Share of the satisfaction surveys sent for the "
        "incidents and requests resolved in the period that their requester answered."), "percent",
        lambda t, _: share(summed(t, "survey_answered", WORK_KINDS), summed(t, "surveyed", WORK_KINDS))),
    Kpi("change_success", _l("Change success rate"), _l("Share of the changes finished in the period that did not "
        "fail or get backed out (no data until change records are kept)."), "percent",
        lambda t, _: change_success(t)),
    Kpi("emergency_changes", _l("Emergency-change share"), _l("Share of the changes finished in the period that "
        "were emergency changes (no data until change records are kept)."), "percent",
        lambda t, _: change_share(t, "change_emergency")),
    Kpi("problems_open", _l("Open problems"), _l("Problems still open at the end of the period's last day."),
        "count", lambda t, _: open_count(t, ("problem",))),
    Kpi("problem_age", _l("Problem age"), _l("Mean age in days of the open problems at the end of the period."),
        "days", lambda t, last: mean_open_age_days(t, last, ("problem",))),
)
KPI_KEYS = tuple(kpi.key for kpi in KPIS)


def compute_kpis(totals: Totals, last_day: date) -> list[KpiValue]:
    """Return every KPI's value (and per policy where it has one) from the totals."""
    found = []
    for kpi in KPIS:
        by_policy: dict[str, float | None] = {}
        if kpi.per_policy:
            for policy in policies_of(totals):
                by_policy[policy or "-"] = kpi.compute(policy_totals(totals, policy), last_day)
        value = kpi.compute(totals, last_day)
        found.append(KpiValue(kpi.key, str(kpi.name), str(kpi.definition), kpi.unit,
                              None if value is None else float(value), by_policy))
    return found


def policy_totals(totals: Totals, policy: str) -> Totals:
    """Return the totals narrowed to one SLA policy's counters."""
    return Totals({key: values for key, values in totals.counters.items() if key[1] == policy})
