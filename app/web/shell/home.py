"""The start page: sends each person to where their work is."""
from flask import Blueprint, redirect, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.web.shell.session import current_actor

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
@login_required
def index() -> Response:
    """Go to the inbox, the portal, the instance list or administration, by role."""
    actor = current_actor()
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
