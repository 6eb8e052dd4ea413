"""The start page: what needs a manager or a group lead; everyone else goes where their work is."""
from flask import Blueprint, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.servicedesk.desk.overview import read_desk_overview
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
        return render_template("home/overview.html", overview=overview, level_words=ESCALATION_LEVEL_WORDS, now=now)
    if actor.has_role("agent", "approver"):
        return redirect(url_for("inbox.mine"))
    if actor.has_role("requester"):
        return redirect(url_for("portal.catalog"))
    if actor.has_role("process_owner", "auditor"):
        return redirect(url_for("instances.index"))
    return redirect(url_for("admin.users"))


@blueprint.get("/healthz")
def health() -> dict[str, str]:
    """Answer a liveness probe."""
    return {"status": "ok", "signed_in": str(current_user.is_authenticated).lower()}
