"""The ISO 20000 monthly service report of one service (a CI): its targets, their attainment, the breaches with
what caused them, major incidents, changes and their outcomes, problems and satisfaction, within the reader's
reach."""
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from flask_babel import gettext
from sqlalchemy import Table, and_, exists, func, or_, select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.policies import Actor
from app.platform.errors import InvalidValues, NotFound
from app.reports.kpis import value_text
from app.reports.reading import ReportFilter
from app.reports.report import Report, key_and_reach_conditions, read_report, start_of
from app.service_levels.models import SlaPolicy, SlaTargetRow, TicketEscalation
from app.servicedesk.tickets.models import Ticket, TicketNote

TICKETS = cast(Table, Ticket.__table__)
NOTES = cast(Table, TicketNote.__table__)
ESCALATIONS = cast(Table, TicketEscalation.__table__)
ROW_LIMIT = 200


@dataclass(frozen=True)
class Section:
    """One table of the report: its title, column titles, rows and what it says when empty."""

    title: str
    header: list[str]
    rows: list[list[str]]
    empty: str


@dataclass(frozen=True)
class ServiceMonth:
    """The month's report of one service: the KPIs of its tickets and the sections an ISO 20000 review reads."""

    service_id: int
    service_name: str
    month: date
    report: Report
    sections: list[Section]


def parse_month(text: str | None, today: date) -> date:
    """Return the first day of a YYYY-MM month (last month by default); InvalidValues names a bad one."""
    if not text:
        return (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError as error:
        raise InvalidValues(f"'month' must be written YYYY-MM, such as 2026-11; '{text}' is not one.",
                            {"month": ["Write the month as YYYY-MM."]}) from error


def read_service_month(actor: Actor, service_id: int, month: date) -> ServiceMonth:
    """Read one service's monthly report within what the actor may count."""
    service = db.session.get(ConfigurationItem, service_id)
    if service is None:
        raise NotFound(f"There is no configuration item {service_id}; name a service by its CI id.")
    last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    chosen = ReportFilter(month, last, service_id=service_id)
    report = read_report(actor, chosen)
    scope = key_and_reach_conditions(chosen, report.reach)
    begin, end = start_of(month), start_of(last + timedelta(days=1))
    sections = [targets_section(scope), attainment_section(report), breaches_section(scope, begin, end),
                majors_section(scope, begin, end), changes_section(scope, begin, end),
                problems_section(scope, begin, end)]
    return ServiceMonth(service_id, service.name, month, report, sections)


def targets_section(scope: list[Any]) -> Section:
    """List the SLA targets of the policies the service's tickets run on."""
    used = select(TICKETS.c.sla_policy).where(*scope).distinct()
    rows = db.session.execute(select(SlaPolicy.name, SlaTargetRow.priority, SlaTargetRow.response_minutes,
                                     SlaTargetRow.resolution_minutes)
                              .join(SlaTargetRow, SlaTargetRow.policy_id == SlaPolicy.id)
                              .where(SlaPolicy.name.in_(used)).order_by(SlaPolicy.name, SlaTargetRow.priority))
    return Section(gettext("Service level targets"), [gettext("SLA policy"), gettext("Priority"),
                   gettext("Response (working minutes)"), gettext("Resolution (working minutes)")],
                   [[row[0], row[1], str(row[2]), str(row[3])] for row in rows],
                   gettext("No ticket of this service names an SLA policy."))


def attainment_section(report: Report) -> Section:
    """List the month's KPIs of the service (attainment, times, satisfaction)."""
    return Section(gettext("Attainment"), [gettext("KPI"), gettext("Value")],
                   [[kpi.name, value_text(kpi)] for kpi in report.kpis], "")


def breach_cause(reassignments: int, reopened: bool, levels: str | None) -> str:
    """Return what a breach's record says about its cause: reassignments, a reopening, the escalations raised."""
    causes = []
    if reassignments:
        causes.append(gettext("reassigned %(count)s times", count=reassignments))
    if reopened:
        causes.append(gettext("reopened"))
    if levels:
        causes.append(gettext("escalated: %(levels)s", levels=levels))
    return "; ".join(causes) or gettext("no reassignment, reopening or escalation recorded")


def breaches_section(scope: list[Any], begin: Any, end: Any) -> Section:
    """List the tickets that missed a target in the month, with the causes their records show."""
    late_response = and_(TICKETS.c.responded_at >= begin, TICKETS.c.responded_at < end,
                         TICKETS.c.responded_at > TICKETS.c.response_due_at)
    late_resolution = and_(TICKETS.c.resolved_at >= begin, TICKETS.c.resolved_at < end,
                           TICKETS.c.resolved_at > TICKETS.c.resolution_due_at)
    levels = (select(func.group_concat(ESCALATIONS.c.level) if db.engine.dialect.name == "sqlite"
                     else func.string_agg(ESCALATIONS.c.level, ", "))
              .where(ESCALATIONS.c.ticket_id == TICKETS.c.id).scalar_subquery())
    reopened = exists().where(NOTES.c.ticket_id == TICKETS.c.id, NOTES.c.event == "reopened")
    rows = db.session.execute(
        select(TICKETS.c.number, TICKETS.c.title, TICKETS.c.priority, late_response.label("late_response"),
               TICKETS.c.reassignment_count, reopened.label("reopened"), levels.label("levels"))
        .where(*scope, or_(late_response, late_resolution)).order_by(TICKETS.c.id).limit(ROW_LIMIT))
    return Section(gettext("Breaches"), [gettext("Ticket"), gettext("Title"), gettext("Priority"),
                                         gettext("Target missed"), gettext("Cause")],
                   [[row.number, row.title, row.priority,
                     gettext("response") if row.late_response else gettext("resolution"),
                     breach_cause(row.reassignment_count or 0, bool(row.reopened), row.levels)] for row in rows],
                   gettext("No target was missed this month."))


def majors_section(scope: list[Any], begin: Any, end: Any) -> Section:
    """List the incidents declared major in the month."""
    declared = exists().where(NOTES.c.ticket_id == TICKETS.c.id, NOTES.c.at >= begin, NOTES.c.at < end,
                              NOTES.c.event.in_(("major_approved", "major_approved_comment")))
    rows = db.session.execute(select(TICKETS.c.number, TICKETS.c.title, TICKETS.c.status)
                              .where(*scope, declared).order_by(TICKETS.c.id).limit(ROW_LIMIT))
    return Section(gettext("Major incidents"), [gettext("Ticket"), gettext("Title"), gettext("Status")],
                   [list(row) for row in rows], gettext("No major incident this month."))


def changes_section(scope: list[Any], begin: Any, end: Any) -> Section:
    """List the changes opened or finished in the month with their outcome (their status until change records)."""
    finished = func.coalesce(TICKETS.c.resolved_at, TICKETS.c.closed_at)
    rows = db.session.execute(select(TICKETS.c.number, TICKETS.c.title, TICKETS.c.status).where(
        *scope, TICKETS.c.kind == "change", or_(and_(TICKETS.c.created_at >= begin, TICKETS.c.created_at < end),
                                                 and_(finished >= begin, finished < end)))
        .order_by(TICKETS.c.id).limit(ROW_LIMIT))
    return Section(gettext("Changes"), [gettext("Ticket"), gettext("Title"), gettext("Outcome")],
                   [list(row) for row in rows], gettext("No change this month."))


def problems_section(scope: list[Any], begin: Any, end: Any) -> Section:
    """List the problems open at the month's end or closed in it."""
    finished = func.coalesce(TICKETS.c.resolved_at, TICKETS.c.closed_at)
    rows = db.session.execute(select(TICKETS.c.number, TICKETS.c.title, TICKETS.c.status).where(
        *scope, TICKETS.c.kind == "problem", TICKETS.c.created_at < end,
        or_(finished.is_(None), finished >= begin)).order_by(TICKETS.c.id).limit(ROW_LIMIT))
    return Section(gettext("Problems"), [gettext("Ticket"), gettext("Title"), gettext("Status")],
                   [list(row) for row in rows], gettext("No problem was open this month."))
