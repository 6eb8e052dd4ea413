"""The reports endpoints: every KPI of a period with its definition, and the report as CSV, XLSX or PDF."""
from flask_babel import force_locale, gettext
from werkzeug.wrappers import Response

from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.reports import FILE_ANSWER, ExportQuery, KpiQuery, KpiReport
from app.organisation.policies import may_see_reports
from app.reports.exports import MEDIA_TYPES, render_report
from app.reports.reading import ReportFilter, report_filter
from app.reports.report import Report, read_report
from app.wiring import current_runtime

READERS = Role(may_see_reports, "read reports (managers, process owners, auditors, group leads and agents)")


def chosen_filter(query: KpiQuery) -> ReportFilter:
    """Return the report filter the query asks for (defaults filled in; InvalidValues names a bad field)."""
    return report_filter(current_runtime().clock.now().date(), text(query.from_), text(query.to), query.group,
                         text(query.category), query.priority, text(query.service))


def text(value: object) -> str | None:
    """Return a query value as the filter parser reads it."""
    return None if value is None else str(value)


def reach_words(report: Report) -> tuple[str, list[str]]:
    """Return the reach as the API names it."""
    if report.reach.everything:
        return "all", []
    if report.reach.assignee is not None:
        return "own", []
    return "groups", sorted(report.reach.groups)


@endpoint("report_kpis", "reports", Success(200, KpiReport, "Every KPI of the period."), role=READERS,
          query=KpiQuery, refusals=(403,))
def kpis(query: KpiQuery) -> KpiReport:
    """Read every KPI of a period with its value, unit and definition, and the filter used.

    Counted from the daily roll-up the scheduler keeps (a minute behind at most, as FLOWDESK_REPORTS_POLL_SECONDS
    says). Managers, process owners and auditors count every ticket; a group lead the tickets of her groups; an
    agent the tickets assigned to her. A value of null means no data yet (no ticket behind it), never zero.
    """
    chosen = chosen_filter(query)
    report = read_report(api_actor(), chosen)
    reach, groups = reach_words(report)
    return KpiReport.model_validate({
        "filter": {"first_day": chosen.first_day, "last_day": chosen.last_day, "group": chosen.group,
                   "category": chosen.category_id, "priority": chosen.priority, "service": chosen.service_id,
                   "reach": reach, "groups": groups},
        "kpis": [{**kpi.__dict__} for kpi in report.kpis]})


@endpoint("export_report", "reports", Success(200, None, "The report as a file.", content=FILE_ANSWER),
          role=READERS, query=ExportQuery, refusals=(403,))
def export(query: ExportQuery) -> Response:
    """Export every KPI of a period as CSV, XLSX or PDF, in the caller's language or the one asked for, within the
    caller's reach as for `GET /reports/kpis`."""
    actor = api_actor()
    language = query.language or ("zh_CN" if actor.language.startswith("zh") else "en")
    with force_locale(language):
        report = read_report(actor, chosen_filter(query))
        content = render_report(report, query.format, language, gettext("Service report"))
    name = f"flowdesk-kpis-{report.chosen.first_day}-{report.chosen.last_day}.{query.format}"
    return Response(content, mimetype=MEDIA_TYPES[query.format], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
