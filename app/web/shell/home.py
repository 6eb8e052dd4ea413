"""The start page: a manager's dashboard and what needs her or a group lead; everyone else goes where their work
is."""
from datetime import datetime

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.organisation.policies import Actor, may_see_reports
from app.reports.audiences import audience_of
from app.reports.reading import report_filter
from app.reports.report import read_report
from app.servicedesk.desk.overview import read_desk_overview
from app.web.reports.dashboard import dashboard_context
from app.web.shell.session import current_actor
from app.wiring import current_runtime

blueprint = Blueprint("home", __name__)
ESCALATION_LEVEL_WORDS = {
    "response_breach": _l("Response target missed"), "resolution_warning": _l("Resolution target close"),
    "resolution_breach": _l("Resolution target missed"), "reassignments_exceeded": _l("Reassigned too often"),
}


@blueprint.get("/")
@login_required
def index() -> Response | str:
    """Show a manager's or lead's overview; send the others to the inbox, the portal, instances or administration."""
    actor = current_actor()
    now = current_runtime().clock.now()
    overview = read_desk_overview(actor, now)
    if overview.shows_anything:
        dashboard = manager_dashboard(actor, now)
        return render_template("home/overview.html", overview=overview, level_words=ESCALATION_LEVEL_WORDS, now=now,
                               **dashboard)
    if actor.has_role("agent", "approver"):
        return redirect(url_for("inbox.mine"))
    if actor.has_role("requester"):
        return redirect(url_for("portal.catalog"))
    if actor.has_role("process_owner", "auditor"):
        return redirect(url_for("instances.index"))
    return redirect(url_for("admin.users"))


def manager_dashboard(actor: Actor, now: datetime) -> dict[str, object]:
    """Return a manager's dashboard of the last 30 days for her home page (nothing for anyone else)."""
    if audience_of(actor) != "manager" or not may_see_reports(actor):
        return {}
    return dashboard_context(read_report(actor, report_filter(now.date())), "manager")


@blueprint.get("/healthz")
def health() -> dict[str, str]:
    """Answer a liveness probe."""
    return {"status": "ok", "signed_in": str(current_user.is_authenticated).lower()}
