"""Read the roll-up for a filter within a reader's reach: the summed counters, the backlog at the period's end,
the duration histograms and the daily series; and the tickets behind a number.

Everyone reads the daily roll-up except an agent who sees only her own work: hers is summed from her tickets'
stored contributions (report_ticket, by assignee), with the same arithmetic.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, func, select

from app.extensions import db
from app.organisation.policies import ReportReach
from app.platform.errors import InvalidValues
from app.platform.ids import MAX_ID
from app.reports.facts import in_days, parse_contributions
from app.reports.models import (
    COUNTERS,
    ReportDaily,
    ReportDailyByGroup,
    ReportDuration,
    ReportDurationByGroup,
    ReportMonthly,
    ReportMonthlyByGroup,
    ReportMonthlyDuration,
    ReportMonthlyDurationByCategory,
    ReportMonthlyDurationByPriority,
    ReportTicket,
)

DAILY = cast(Table, ReportDaily.__table__)
DURATIONS = cast(Table, ReportDuration.__table__)
MONTHLY = cast(Table, ReportMonthly.__table__)
MONTHLY_DURATIONS = cast(Table, ReportMonthlyDuration.__table__)
DAILY_GROUP = cast(Table, ReportDailyByGroup.__table__)
MONTHLY_GROUP = cast(Table, ReportMonthlyByGroup.__table__)
DURATIONS_GROUP = cast(Table, ReportDurationByGroup.__table__)
MONTHLY_DURATIONS_CATEGORY = cast(Table, ReportMonthlyDurationByCategory.__table__)
MONTHLY_DURATIONS_PRIORITY = cast(Table, ReportMonthlyDurationByPriority.__table__)
FACTS = cast(Table, ReportTicket.__table__)
DEFAULT_PERIOD_DAYS = 30
LONGEST_PERIOD_DAYS = 3660
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)  # the days a period may name


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
    """Return a YYYY-MM-DD day from FIRST_DAY to LAST_DAY, or the default for none; note a bad one under its field.

    The bounds keep the default period before a last day, and the day after a period, within the calendar.
    """
    if not text:
        return default
    try:
        day = date.fromisoformat(text)
    except ValueError:
        errors[name] = [f"'{name}' must be a day written YYYY-MM-DD, such as 2026-12-01; '{text}' is not one."]
        return default
    if not FIRST_DAY <= day <= LAST_DAY:
        errors[name] = [f"'{name}' must be a day from {FIRST_DAY} to {LAST_DAY}; {day} is not."]
        return default
    return day


def parse_number(name: str, text: str | None, errors: dict[str, list[str]]) -> int | None:
    """Return a positive id, or None for none; note a bad one under its field."""
    if not text:
        return None
    if not text.isdigit() or int(text) > MAX_ID:
        errors[name] = [f"'{name}' must be the number (id) of a {name}, at most {MAX_ID}; '{text}' is not one."]
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


@dataclass(frozen=True)
class PeriodParts:
    """A period cut into the whole months inside it (read from the monthly grain) and the days at its edges."""

    edge_days: list[tuple[date, date]]
    months: tuple[date, date] | None  # the first days of the first and last whole months


def month_after(day: date) -> date:
    """Return the first day of the month after the day's."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def period_parts(first: date, last: date) -> PeriodParts:
    """Cut a period into its whole months and the days before and after them."""
    first_whole = first if first.day == 1 else month_after(first)
    after_last_whole = month_after(last).replace(day=1) if month_after(last) - timedelta(days=1) == last \
        else last.replace(day=1)
    if first_whole >= after_last_whole:
        return PeriodParts([(first, last)], None)
    edges = [(first, first_whole - timedelta(days=1))] if first < first_whole else []
    if after_last_whole <= last:
        edges.append((after_last_whole, last))
    last_whole = (after_last_whole - timedelta(days=1)).replace(day=1)
    return PeriodParts(edges, (first_whole, last_whole))


def in_parts(daily: Table, monthly: Table, parts: PeriodParts) -> list[tuple[Table, Any]]:
    """Return (table, condition) pairs that together cover the period once."""
    pieces: list[tuple[Table, Any]] = [(daily, and_(daily.c.day >= low, daily.c.day <= high))
                                       for low, high in parts.edge_days]
    if parts.months is not None:
        pieces.append((monthly, and_(monthly.c.day >= parts.months[0], monthly.c.day <= parts.months[1])))
    return pieces


@dataclass(frozen=True)
class Grain:
    """The tables a filter reads: daily and monthly counters, daily and (where kept) monthly duration buckets."""

    daily: Table
    monthly: Table
    daily_durations: Table
    monthly_durations: Table | None


# A filter on category or priority reads the tables that keep every key, and for the buckets of whole months those
# kept by category or by priority (buckets by every key are not kept per month: a month of them is about as many rows
# as its days); a filter on both reads the daily buckets of the whole period. Any other filter reads the by-group
# tables, a few rows a day.
BY_GROUP = Grain(DAILY_GROUP, MONTHLY_GROUP, DURATIONS_GROUP, MONTHLY_DURATIONS)
BY_CATEGORY = Grain(DAILY, MONTHLY, DURATIONS, MONTHLY_DURATIONS_CATEGORY)
BY_PRIORITY = Grain(DAILY, MONTHLY, DURATIONS, MONTHLY_DURATIONS_PRIORITY)
EVERY_KEY = Grain(DAILY, MONTHLY, DURATIONS, None)


def grain_of(chosen: ReportFilter) -> Grain:
    """Return the tables that answer the filter with the fewest rows."""
    if chosen.category_id is None and chosen.priority is None:
        return BY_GROUP
    if chosen.priority is None:
        return BY_CATEGORY
    return BY_PRIORITY if chosen.category_id is None else EVERY_KEY


def read_totals(chosen: ReportFilter, reach: ReportReach) -> Totals:
    """Return the totals of the filter within the reach."""
    if not reach.everything and reach.assignee is not None:
        return totals_of_assignee(chosen, reach.assignee)
    totals, grain = Totals(), grain_of(chosen)
    parts = period_parts(chosen.first_day, chosen.last_day)
    for table, condition in in_parts(grain.daily, grain.monthly, parts):
        add_counters(totals, table, [*key_conditions(table, chosen, reach), condition])
    if grain.monthly_durations is None:
        duration_pieces = [(grain.daily_durations, and_(grain.daily_durations.c.day >= chosen.first_day,
                                                        grain.daily_durations.c.day <= chosen.last_day))]
    else:
        duration_pieces = in_parts(grain.daily_durations, grain.monthly_durations, parts)
    for table, condition in duration_pieces:
        add_histograms(totals, table, [*key_conditions(table, chosen, reach), condition,
                                       table.c.kind.in_(WORK_KINDS)])
    month_start = chosen.last_day.replace(day=1)
    add_backlog(totals, grain.monthly, [*key_conditions(grain.monthly, chosen, reach),
                                        grain.monthly.c.day < month_start])
    add_backlog(totals, grain.daily, [*key_conditions(grain.daily, chosen, reach), grain.daily.c.day >= month_start,
                                      grain.daily.c.day <= chosen.last_day])
    add_series(totals, chosen, reach, grain)
    return totals


def add_counters(totals: Totals, table: Table, conditions: list[Any]) -> None:
    """Add the summed counters per (kind, policy) of the rows meeting the conditions."""
    sums = [func.coalesce(func.sum(table.c[name]), 0) for name in COUNTERS]
    for row in db.session.execute(select(table.c.kind, table.c.policy, *sums).where(*conditions)
                                  .group_by(table.c.kind, table.c.policy)):
        found = totals.counters.setdefault((row[0], row[1]), dict.fromkeys(COUNTERS, 0))
        for name, value in zip(COUNTERS, row[2:], strict=True):
            found[name] += int(value)


def add_histograms(totals: Totals, table: Table, conditions: list[Any]) -> None:
    """Add the duration buckets per (kind, measure) of the rows meeting the conditions."""
    for kind, measure, bucket, count in db.session.execute(
            select(table.c.kind, table.c.measure, table.c.bucket, func.sum(table.c.count)).where(*conditions)
            .group_by(table.c.kind, table.c.measure, table.c.bucket)):
        if count:
            found = totals.histograms.setdefault((kind, measure), {})
            found[bucket] = found.get(bucket, 0) + int(count)


def add_backlog(totals: Totals, table: Table, conditions: list[Any]) -> None:
    """Add the running sums of open tickets and their opening ordinals per kind."""
    for kind, count, ordinals in db.session.execute(
            select(table.c.kind, func.sum(table.c.open_delta), func.sum(table.c.open_ordinal_delta))
            .where(*conditions).group_by(table.c.kind)):
        before = totals.backlog.get(kind, (0, 0))
        totals.backlog[kind] = (before[0] + int(count or 0), before[1] + int(ordinals or 0))


def add_series(totals: Totals, chosen: ReportFilter, reach: ReportReach, grain: Grain) -> None:
    """Add the tickets in and out per day (per month, from the monthly grain, for periods over SERIES_DAYS)."""
    long_period = (chosen.last_day - chosen.first_day).days + 1 > SERIES_DAYS
    table = grain.monthly if long_period else grain.daily
    low = chosen.first_day.replace(day=1) if long_period else chosen.first_day
    for day, opened, out in db.session.execute(
            select(table.c.day, func.sum(table.c.opened), func.sum(table.c.out))
            .where(*key_conditions(table, chosen, reach), table.c.day >= low, table.c.day <= chosen.last_day,
                   table.c.kind.in_(WORK_KINDS)).group_by(table.c.day)):
        totals.series[day] = (int(opened or 0), int(out or 0))


SERIES_DAYS = 92
WORK_KINDS = ("incident", "request")


def totals_of_assignee(chosen: ReportFilter, login: str) -> Totals:
    """Return the totals of the tickets assigned to one person, summed from their stored contributions; those that
    left the backlog before the period are not read (they count nothing in it, and +1 -1 in its backlog)."""
    query = select(FACTS).where(FACTS.c.assignee == login, FACTS.c.until_day >= chosen.first_day,
                                *key_conditions(FACTS, chosen, ReportReach(True)))
    counters: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    backlog: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    histograms: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    series: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    long_period = (chosen.last_day - chosen.first_day).days + 1 > SERIES_DAYS
    for row in db.session.execute(query):
        days, durations = parse_contributions(row.contributions)
        for day in in_days(days, None, chosen.last_day):
            backlog[row.kind][0] += days[day].get("open_delta", 0)
            backlog[row.kind][1] += days[day].get("open_ordinal_delta", 0)
        for day in in_days(days, chosen.first_day, chosen.last_day):
            for name, value in days[day].items():
                counters[(row.kind, row.policy)][name] += value
            if row.kind in WORK_KINDS:
                point = date.fromisoformat(day)
                point = point.replace(day=1) if long_period else point
                series[point][0] += days[day].get("opened", 0)
                series[point][1] += days[day].get("out", 0)
        for day in in_days(durations, chosen.first_day, chosen.last_day):
            for measure, bucket in durations[day].items():
                histograms[(row.kind, measure)][bucket] += 1
    return Totals(dict(counters), {kind: (pair[0], pair[1]) for kind, pair in backlog.items()},
                  {key: dict(values) for key, values in histograms.items()},
                  {day: (pair[0], pair[1]) for day, pair in series.items()})
