"""The insight page of a process version: the heatmap on its diagram, path variants, rework and the cases that
left the plain run (each linked to its replay), with the CSV export of those cases."""
from datetime import date, datetime, timedelta

from flask import Blueprint, Response, abort, flash, render_template, request
from flask_babel import format_timedelta
from flask_babel import lazy_gettext as _l

from app.organisation.policies import may_open_process_studio, may_see_process_insight
from app.platform.errors import InvalidValues, NotFound
from app.servicedesk.insight.choices import filter_choices
from app.servicedesk.insight.conformance import list_off_path_cases, off_path_csv, replay_path
from app.servicedesk.insight.period import InsightFilter, insight_filter
from app.servicedesk.insight.report import read_insight
from app.web.shell.session import current_actor, requires
from app.wiring import current_runtime

blueprint = Blueprint("insight", __name__)
# The words for why a case left the plain run (app.workflow.insight.trail and servicedesk.insight.conformance).
REASON_WORDS = {
    "retry": _l("Retried"), "cancellation": _l("Cancelled"), "migration": _l("Migrated"), "edit": _l("Data edited"),
    "failure": _l("Step failed"), "reassignment": _l("Reassigned"), "intervention": _l("Intervention"),
    "rework": _l("Rework"), "sla_breached": _l("SLA target missed"),
}


def requested_period(today: date) -> InsightFilter:
    """Return the period and keys the query string asks for (InvalidValues names a bad one)."""
    arguments = request.args
    return insight_filter(today, arguments.get("from"), arguments.get("to"), arguments.get("category"),
                          arguments.get("priority"), arguments.get("group"))


def duration_words(seconds: float | None) -> str:
    """Return a duration in the reader's language ('2 hours'), or a dash for none."""
    if seconds is None:
        return "–"
    return str(format_timedelta(timedelta(seconds=seconds), threshold=1.0))


@blueprint.get("/processes/<process_id>/insight")
@requires(may_see_process_insight)
def show(process_id: str) -> str:
    """Show a version's heatmap, variants, rework and the cases off the plain run in a period."""
    now: datetime = current_runtime().clock.now()
    try:
        period = requested_period(now.date())
    except InvalidValues as error:
        flash(str(error), "error")
        period = insight_filter(now.date())
    version = request.args.get("version", type=int)
    try:
        report = read_insight(current_actor(), process_id, version, period, now)
        cases, more = list_off_path_cases(current_actor(), process_id, report.version, period, now)
    except NotFound:
        abort(404)
    return render_template("processes/insight.html", report=report, cases=cases, more_cases=more,
                           choices=filter_choices(), reasons=REASON_WORDS, duration_words=duration_words,
                           replay_path=replay_path, may_open_studio=may_open_process_studio(current_actor()))


@blueprint.get("/processes/<process_id>/insight/cases.csv")
@requires(may_see_process_insight)
def export_cases(process_id: str) -> Response:
    """Send every case of the version and period that left the plain run, as CSV, each with its replay."""
    now: datetime = current_runtime().clock.now()
    try:
        period = requested_period(now.date())
    except InvalidValues as error:
        return Response(str(error) + "\n", status=400, mimetype="text/plain")
    try:
        text = off_path_csv(current_actor(), process_id, request.args.get("version", type=int), period, now)
    except NotFound:
        abort(404)
    name = f"{process_id}-cases-{period.first_day}-{period.last_day}.csv"
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})
