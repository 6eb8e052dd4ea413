"""A report as pages, the API, exports and subscriptions read it: every KPI for a filter within the reader's
reach, and the tickets behind one KPI's number."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, exists, func, or_, select

from app.extensions import db
from app.organisation.policies import Actor, ReportReach, report_reach
from app.platform.errors import NotAllowed, NotFound
from app.reports.kpis import KPI_KEYS, KpiValue, compute_kpis
from app.reports.reading import SERIES_DAYS, WORK_KINDS, ReportFilter, read_totals
from app.reports.survey_facts import SURVEYS
from app.service_levels.models import TicketEscalation
from app.servicedesk.tickets.models import Ticket, TicketNote

TICKETS = cast(Table, Ticket.__table__)
NOTES = cast(Table, TicketNote.__table__)
ESCALATIONS = cast(Table, TicketEscalation.__table__)
DRILL_LIMIT = 500


@dataclass(frozen=True)
class Report:
    """Every KPI of a filter, the reach it was read in, and the tickets in and out per day (per month for periods
    longer than SERIES_DAYS)."""

    chosen: ReportFilter
    reach: ReportReach
    kpis: list[KpiValue]
    series: list[tuple[date, int, int]]


def require_reach(actor: Actor) -> ReportReach:
    """Return the actor's report reach, or refuse one who reads no report."""
    reach = report_reach(actor)
    if reach is None:
        raise NotAllowed("Reports are for managers, process owners, auditors, group leads and agents; ask an "
                         "administrator for one of these roles.")
    return reach


def read_report(actor: Actor, chosen: ReportFilter) -> Report:
    """Read every KPI of the filter within what the actor may count."""
    reach = require_reach(actor)
    totals = read_totals(chosen, reach)
    length = (chosen.last_day - chosen.first_day).days + 1
    if length > SERIES_DAYS:  # per month (keyed by its first day), from the monthly grain
        series = [(month, *counts) for month, counts in sorted(totals.series.items())]
    else:
        days = [chosen.first_day + timedelta(days=offset) for offset in range(length)]
        series = [(day, *totals.series.get(day, (0, 0))) for day in days]
    return Report(chosen, reach, compute_kpis(totals, chosen.last_day), series)


@dataclass(frozen=True)
class DrilledTicket:
    """One ticket behind a number."""

    number: str
    title: str
    kind: str
    status: str
    priority: str
    group: str
    created_at: datetime
    resolved_at: datetime | None


def start_of(day: date) -> datetime:
    """Return the UTC midnight that begins a day."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def surveyed(*statuses: str) -> Any:
    """Return the condition: the ticket's survey stands in one of these statuses."""
    return exists().where(SURVEYS.c.ticket_id == TICKETS.c.id, SURVEYS.c.status.in_(statuses))


def drill_conditions(kpi: str, chosen: ReportFilter) -> list[Any]:
    """Return the WHERE conditions of the tickets counted in one KPI (the rules of app.reports.facts)."""
    begin, end = start_of(chosen.first_day), start_of(chosen.last_day + timedelta(days=1))
    work = TICKETS.c.kind.in_(WORK_KINDS)
    out_at = func.coalesce(TICKETS.c.resolved_at, TICKETS.c.closed_at)
    reopened = exists().where(NOTES.c.ticket_id == TICKETS.c.id, NOTES.c.event == "reopened")
    solved = and_(TICKETS.c.resolved_at >= begin, TICKETS.c.resolved_at < end)
    responded = and_(TICKETS.c.responded_at >= begin, TICKETS.c.responded_at < end)
    still_open = and_(TICKETS.c.created_at < end, or_(out_at.is_(None), out_at >= end))
    conditions: dict[str, list[Any]] = {
        "volume_in": [work, TICKETS.c.created_at >= begin, TICKETS.c.created_at < end],
        "volume_out": [work, out_at >= begin, out_at < end],
        "backlog": [work, still_open], "backlog_age": [work, still_open],
        "first_contact_resolution": [work, solved], "reopen_rate": [work, solved, reopened],
        "sla_response": [work, responded, TICKETS.c.response_due_at.is_not(None)],
        "sla_resolution": [work, solved, TICKETS.c.resolution_due_at.is_not(None)],
        "escalations": [exists().where(ESCALATIONS.c.ticket_id == TICKETS.c.id, ESCALATIONS.c.raised_at >= begin,
                                       ESCALATIONS.c.raised_at < end)],
        "csat": [work, solved, surveyed("answered")],
        "csat_response_rate": [work, solved, exists().where(SURVEYS.c.ticket_id == TICKETS.c.id,
                                                             SURVEYS.c.sent_at.is_not(None))],
        "change_success": [TICKETS.c.kind == "change", out_at >= begin, out_at < end],
        "emergency_changes": [TICKETS.c.kind == "change", out_at >= begin, out_at < end],
        "problems_open": [TICKETS.c.kind == "problem", still_open],
        "problem_age": [TICKETS.c.kind == "problem", still_open],
    }
    for measure in ("p50_work", "p90_work", "p50_wall", "p90_wall"):
        conditions[f"response_{measure}"] = [work, responded]
        conditions[f"resolution_{measure}"] = [work, solved]
    return conditions[kpi]


def key_and_reach_conditions(chosen: ReportFilter, reach: ReportReach) -> list[Any]:
    """Return the ticket conditions of the filter's keys and of the reader's reach."""
    conditions: list[Any] = []
    if chosen.group is not None:
        conditions.append(TICKETS.c.assigned_group == chosen.group)
    if chosen.category_id is not None:
        conditions.append(TICKETS.c.category_id == chosen.category_id)
    if chosen.priority is not None:
        conditions.append(TICKETS.c.priority == chosen.priority)
    if chosen.service_id is not None:
        conditions.append(TICKETS.c.ci_id == chosen.service_id)
    if not reach.everything:
        conditions.append(TICKETS.c.assignee == reach.assignee if reach.assignee is not None
                          else TICKETS.c.assigned_group.in_(sorted(reach.groups)))
    return conditions


def drill_down(actor: Actor, kpi: str, chosen: ReportFilter, limit: int = DRILL_LIMIT) -> list[DrilledTicket]:
    """Return the tickets behind a KPI's number (at most `limit`, newest first), within the actor's reach."""
    reach = require_reach(actor)
    if kpi not in KPI_KEYS:
        raise NotFound(f"There is no KPI called '{kpi}'; use one of {', '.join(KPI_KEYS)}.")
    rows = db.session.execute(
        select(TICKETS.c.number, TICKETS.c.title, TICKETS.c.kind, TICKETS.c.status, TICKETS.c.priority,
               TICKETS.c.assigned_group, TICKETS.c.created_at, TICKETS.c.resolved_at)
        .where(*drill_conditions(kpi, chosen), *key_and_reach_conditions(chosen, reach))
        .order_by(TICKETS.c.id.desc()).limit(limit))
    return [DrilledTicket(row.number, row.title, row.kind, row.status, row.priority, row.assigned_group or "",
                          row.created_at, row.resolved_at) for row in rows]
