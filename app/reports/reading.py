"""Read the roll-up for a filter within a reader's reach: the summed counters, the backlog at the period's end,
the duration histograms and the daily series; and the tickets behind a number.

Everyone reads the daily roll-up except an agent who sees only her own work: hers is summed from her tickets'
stored contributions (report_ticket, by assignee), with the same arithmetic.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select

from app.extensions import db
from app.organisation.policies import ReportReach
from app.platform.errors import InvalidValues
from app.reports.facts import in_days, parse_contributions
from app.reports.models import COUNTERS, ReportDaily, ReportDuration, ReportTicket

DAILY = cast(Table, ReportDaily.__table__)
DURATIONS = cast(Table, ReportDuration.__table__)
FACTS = cast(Table, ReportTicket.__table__)
DEFAULT_PERIOD_DAYS = 30
LONGEST_PERIOD_DAYS = 3660


@dataclass(frozen=True)
class ReportFilter:
    """The period (UTC days, both included) and the keys a report is narrowed to (None: any)."""

    first_day: date
    last_day: date
    group: str | None = None
    category_id: int | None = None
    priority: str | None = None
    service_id: int | None = None

    def as_query(self) -> dict[str, str]:
        """Return the filter as query-string arguments (exports, drill-downs, subscriptions)."""
        values = {"from": self.first_day.isoformat(), "to": self.last_day.isoformat(), "group": self.group,
                  "category": self.category_id, "priority": self.priority, "service": self.service_id}
        return {name: str(value) for name, value in values.items() if value not in (None, "")}


def report_filter(today: date, first: str | None = None, last: str | None = None, group: str | None = None,
                  category: str | None = None, priority: str | None = None,
                  service: str | None = None) -> ReportFilter:
    """Return the filter the arguments ask for (the last 30 days by default); InvalidValues names a bad one."""
    errors: dict[str, list[str]] = {}
    last_day = parse_day("to", last, today, errors)
    first_day = parse_day("from", first, last_day - timedelta(days=DEFAULT_PERIOD_DAYS - 1), errors)
    if not errors and first_day > last_day:
        errors["from"] = [f"The first day ({first_day}) comes after the last ({last_day}); swap them."]
    if not errors and (last_day - first_day).days >= LONGEST_PERIOD_DAYS:
        errors["from"] = ["The period is longer than ten years; choose a shorter one."]
    category_id = parse_number("category", category, errors)
    service_id = parse_number("service", service, errors)
    if errors:
        raise InvalidValues(" ".join(message for messages in errors.values() for message in messages), errors)
    return ReportFilter(first_day, last_day, group or None, category_id, priority or None, service_id)


def parse_day(name: str, text: str | None, default: date, errors: dict[str, list[str]]) -> date:
    """Return a YYYY-MM-DD day, or the default for none; note a bad one under its field."""
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = [f"'{name}' must be a day written YYYY-MM-DD, such as 2026-12-01; '{text}' is not one."]
        return default


def parse_number(name: str, text: str | None, errors: dict[str, list[str]]) -> int | None:
    """Return a positive id, or None for none; note a bad one under its field."""
    if not text:
        return None
    if not text.isdigit():
        errors[name] = [f"'{name}' must be the number (id) of a {name}; '{text}' is not one."]
        return None
    return int(text)


@dataclass
class Totals:
    """What a report reads: counters per (kind, policy) in the period, the open tickets per kind at its end
    (count, sum of opening-day ordinals), duration histograms per (kind, measure), and tickets in and out per day."""

    counters: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    backlog: dict[str, tuple[int, int]] = field(default_factory=dict)
    histograms: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict)
    series: dict[date, tuple[int, int]] = field(default_factory=dict)


def key_conditions(table: Table, chosen: ReportFilter, reach: ReportReach) -> list[Any]:
    """Return the WHERE conditions of the filter's keys and the reader's reach on a roll-up table."""
    conditions: list[Any] = []
    if chosen.group is not None:
        conditions.append(table.c.grp == chosen.group)
    if chosen.category_id is not None:
        conditions.append(table.c.category_id == chosen.category_id)
    if chosen.priority is not None:
        conditions.append(table.c.priority == chosen.priority)
    if chosen.service_id is not None:
        conditions.append(table.c.service_id == chosen.service_id)
    if not reach.everything and reach.assignee is None:
        conditions.append(table.c.grp.in_(sorted(reach.groups)))
    return conditions


def read_totals(chosen: ReportFilter, reach: ReportReach) -> Totals:
    """Return the totals of the filter within the reach."""
    if not reach.everything and reach.assignee is not None:
        return totals_of_assignee(chosen, reach.assignee)
    keys = key_conditions(DAILY, chosen, reach)
    in_period = [DAILY.c.day >= chosen.first_day, DAILY.c.day <= chosen.last_day]
    totals = Totals()
    sums = [func.coalesce(func.sum(DAILY.c[name]), 0) for name in COUNTERS]
    for row in db.session.execute(select(DAILY.c.kind, DAILY.c.policy, *sums).where(*keys, *in_period)
                                  .group_by(DAILY.c.kind, DAILY.c.policy)):
        totals.counters[(row[0], row[1])] = {name: int(value) for name, value in zip(COUNTERS, row[2:], strict=True)}
    for kind, count, ordinals in db.session.execute(
            select(DAILY.c.kind, func.sum(DAILY.c.open_delta), func.sum(DAILY.c.open_ordinal_delta))
            .where(*keys, DAILY.c.day <= chosen.last_day).group_by(DAILY.c.kind)):
        totals.backlog[kind] = (int(count or 0), int(ordinals or 0))
    for kind, measure, bucket, count in db.session.execute(
            select(DURATIONS.c.kind, DURATIONS.c.measure, DURATIONS.c.bucket, func.sum(DURATIONS.c.count))
            .where(*key_conditions(DURATIONS, chosen, reach), DURATIONS.c.day >= chosen.first_day,
                   DURATIONS.c.day <= chosen.last_day)
            .group_by(DURATIONS.c.kind, DURATIONS.c.measure, DURATIONS.c.bucket)):
        if count:
            totals.histograms.setdefault((kind, measure), {})[bucket] = int(count)
    for day, opened, out in db.session.execute(
            select(DAILY.c.day, func.sum(DAILY.c.opened), func.sum(DAILY.c.out))
            .where(*keys, *in_period, DAILY.c.kind.in_(WORK_KINDS)).group_by(DAILY.c.day)):
        totals.series[day] = (int(opened or 0), int(out or 0))
    return totals


WORK_KINDS = ("incident", "request")


def totals_of_assignee(chosen: ReportFilter, login: str) -> Totals:
    """Return the totals of the tickets assigned to one person, summed from their stored contributions."""
    query = select(FACTS).where(FACTS.c.assignee == login, *key_conditions(FACTS, chosen, ReportReach(True)))
    counters: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    backlog: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    histograms: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    series: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for row in db.session.execute(query):
        days, durations = parse_contributions(row.contributions)
        for day in in_days(days, None, chosen.last_day):
            backlog[row.kind][0] += days[day].get("open_delta", 0)
            backlog[row.kind][1] += days[day].get("open_ordinal_delta", 0)
        for day in in_days(days, chosen.first_day, chosen.last_day):
            for name, value in days[day].items():
                counters[(row.kind, row.policy)][name] += value
            if row.kind in WORK_KINDS:
                series[date.fromisoformat(day)][0] += days[day].get("opened", 0)
                series[date.fromisoformat(day)][1] += days[day].get("out", 0)
        for day in in_days(durations, chosen.first_day, chosen.last_day):
            for measure, bucket in durations[day].items():
                histograms[(row.kind, measure)][bucket] += 1
    return Totals(dict(counters), {kind: (pair[0], pair[1]) for kind, pair in backlog.items()},
                  {key: dict(values) for key, values in histograms.items()},
                  {day: (pair[0], pair[1]) for day, pair in series.items()})
