"""Delegations while away: a person's own page under the profile, and an admin's for anyone (both languages)."""
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from app.organisation.delegations import delegations_for, set_delegation, withdraw_delegation
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.web.shell.session import current_actor
from app.wiring import current_runtime
from forms.fields import read_moment, zone_named

blueprint = Blueprint("delegations", __name__)
Page = str | Response | tuple[str, int]


@blueprint.route("/profile/delegations", methods=["GET", "POST"])
@login_required
def own() -> Page:
    """List and set who decides the signed-in person's approvals while they are away."""
    return delegation_page(current_actor().login, admin=False)


@blueprint.route("/admin/users/<login>/delegations", methods=["GET", "POST"])
@login_required
def of_user(login: str) -> Page:
    """List and set anyone's delegations (admins)."""
    return delegation_page(login, admin=True)


@blueprint.post("/profile/delegations/<int:delegation_id>/withdraw")
@login_required
def withdraw_own(delegation_id: int) -> Response:
    """Withdraw one of the person's own delegations."""
    withdraw(delegation_id)
    return redirect(url_for("delegations.own"))


@blueprint.post("/admin/users/<login>/delegations/<int:delegation_id>/withdraw")
@login_required
def withdraw_of_user(login: str, delegation_id: int) -> Response:
    """Withdraw anyone's delegation (admins)."""
    withdraw(delegation_id)
    return redirect(url_for("delegations.of_user", login=login))


def withdraw(delegation_id: int) -> None:
    """Withdraw a delegation, answering 403 or 404 when it is not the actor's to withdraw or not there."""
    try:
        withdraw_delegation(current_actor(), delegation_id, current_runtime().clock.now())
    except NotAllowed:
        abort(403)
    except NotFound:
        abort(404)
    flash(_("The delegation was withdrawn; approvals created from now on go to the person again."), "info")


def delegation_page(login: str, admin: bool) -> Page:
    """Show a person's delegations with the form to add one; save the form."""
    actor, now = current_actor(), current_runtime().clock.now()
    try:
        found = delegations_for(actor, login)
    except NotAllowed:
        abort(403)
    except NotFound:
        abort(404)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        zone = zone_named(actor.timezone)
        try:
            set_delegation(actor, login, request.form.get("to_login", ""),
                           local_moment(request.form.get("starts_at", ""), zone),
                           local_moment(request.form.get("ends_at", ""), zone), request.form.get("reason", ""), now)
        except InvalidValues as refused:
            errors, status = refused.errors, 422
        else:
            flash(_("The delegation was saved. Approval tasks created while it is in force go to the delegate."),
                  "info")
            return redirect(url_for("delegations.of_user", login=login) if admin else url_for("delegations.own"))
    page = render_template("profile/delegations.html", login=login, admin=admin, delegations=found, now=now,
                           errors=errors, values=request.form if request.method == "POST" else {})
    return page, status


def local_moment(text: str, zone: object) -> datetime | None:
    """Read a date-time the form sent in the reader's zone (None when it is none)."""
    moment = read_moment(text) if text.strip() else None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)  # type: ignore[arg-type]
    return moment
