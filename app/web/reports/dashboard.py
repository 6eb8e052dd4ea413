"""The report pages: the dashboard of each audience with its filters and charts, the tickets behind a number, and
the exports."""
from flask import Blueprint, Response, abort, flash, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.organisation.policies import may_see_reports
from app.platform.errors import InvalidValues, NotFound
from app.reports.audiences import AUDIENCE_KPIS, audience_of
from app.reports.exports import (
    EXPORT_FORMATS,
    MEDIA_TYPES,
    render_report,
    render_service_month,
    service_month_title,
    unit_words,
    value_text,
)
from app.reports.reading import ReportFilter, report_filter
from app.reports.report import Report, drill_down, read_report
from app.reports.service_month import ServiceMonth, parse_month, read_service_month
from app.servicedesk.insight.choices import filter_choices
from app.servicedesk.tickets.status_words import status_vocabulary
from app.web.shell.session import current_actor, requires
from app.wiring import current_runtime

blueprint = Blueprint("reports", __name__)
AUDIENCE_TITLES = {"manager": _l("Service dashboard"), "process_owner": _l("Process dashboard"),
                   "group_lead": _l("Your groups' dashboard"), "agent": _l("Your work")}


def requested_filter() -> ReportFilter:
    """Return the filter the query string asks for; a bad value is said and the default period shown."""
    today = current_runtime().clock.now().date()
    arguments = request.args
    try:
        return report_filter(today, arguments.get("from"), arguments.get("to"), arguments.get("group"),
                             arguments.get("category"), arguments.get("priority"), arguments.get("service"))
    except InvalidValues as error:
        flash(str(error), "error")
        return report_filter(today)


def chart_data(report: Report) -> dict[str, object]:
    """Return what the charts draw: tickets in and out per day, and SLA attainment per policy."""
    kpis = {kpi.key: kpi for kpi in report.kpis}
    return {"days": [day.isoformat() for day, _, _ in report.series],
            "opened": [opened for _, opened, _ in report.series], "out": [out for _, _, out in report.series],
            "policies": list(kpis["sla_resolution"].by_policy),
            "response": list(kpis["sla_response"].by_policy.values()),
            "resolution": list(kpis["sla_resolution"].by_policy.values()),
            "words": {"in": gettext("Tickets in"), "out": gettext("Tickets out"),
                      "response": gettext("Response target met"), "resolution": gettext("Resolution target met")}}


def dashboard_context(report: Report, audience: str) -> dict[str, object]:
    """Return what the dashboard template needs."""
    kpis = {kpi.key: kpi for kpi in report.kpis}
    return {"report": report, "cards": [kpis[key] for key in AUDIENCE_KPIS[audience]], "audience": audience,
            "title": AUDIENCE_TITLES[audience], "chart": chart_data(report), "choices": filter_choices(),
            "value_text": value_text, "unit_words": unit_words, "formats": EXPORT_FORMATS,
            "query": report.chosen.as_query()}


@blueprint.get("/reports")
@requires(may_see_reports)
def dashboard() -> str:
    """Show the reader's dashboard for the chosen period and keys."""
    actor = current_actor()
    report = read_report(actor, requested_filter())
    return render_template("reports/dashboard.html", **dashboard_context(report, audience_of(actor)))


@blueprint.get("/reports/kpis/<kpi>")
@requires(may_see_reports)
def tickets_behind(kpi: str) -> str:
    """List the tickets behind one KPI's number."""
    actor, chosen = current_actor(), requested_filter()
    try:
        tickets = drill_down(actor, kpi, chosen)
    except NotFound:
        abort(404)
    found = next(value for value in read_report(actor, chosen).kpis if value.key == kpi)
    return render_template("reports/drill_down.html", kpi=found, tickets=tickets, query=chosen.as_query(),
                           value_text=value_text, unit_words=unit_words, status_words=status_vocabulary(actor))


@blueprint.get("/reports/export.<export_format>")
@requires(may_see_reports)
def export(export_format: str) -> Response:
    """Send the dashboard's KPIs as CSV, XLSX or PDF."""
    if export_format not in EXPORT_FORMATS:
        abort(404)
    actor = current_actor()
    report = read_report(actor, requested_filter())
    content = render_report(report, export_format, actor.language, gettext("Service report"))
    name = f"flowdesk-kpis-{report.chosen.first_day}-{report.chosen.last_day}.{export_format}"
    return Response(content, mimetype=MEDIA_TYPES[export_format], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@blueprint.get("/reports/services/<int:service_id>")
@requires(may_see_reports)
def service_month(service_id: int) -> str:
    """Show a service's ISO 20000 monthly report (last month unless ?month=YYYY-MM)."""
    found = requested_service_month(service_id)
    return render_template("reports/service_month.html", found=found, title=service_month_title(found),
                           formats=EXPORT_FORMATS)


@blueprint.get("/reports/services/<int:service_id>/export.<export_format>")
@requires(may_see_reports)
def service_month_export(service_id: int, export_format: str) -> Response:
    """Send a service's monthly report as CSV, XLSX or PDF."""
    if export_format not in EXPORT_FORMATS:
        abort(404)
    found = requested_service_month(service_id)
    content = render_service_month(found, export_format, current_actor().language)
    name = f"flowdesk-service-{service_id}-{found.month:%Y-%m}.{export_format}"
    return Response(content, mimetype=MEDIA_TYPES[export_format], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def requested_service_month(service_id: int) -> ServiceMonth:
    """Read the monthly report the address asks for (404 for an unknown service, last month for a bad month)."""
    today = current_runtime().clock.now().date()
    try:
        month = parse_month(request.args.get("month"), today)
    except InvalidValues as error:
        flash(str(error), "error")
        month = parse_month(None, today)
    try:
        return read_service_month(current_actor(), service_id, month)
    except NotFound:
        abort(404)
