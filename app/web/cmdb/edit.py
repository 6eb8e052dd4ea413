"""Creating and editing a CI, with one input per attribute its type defines."""
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from app.cmdb import queries as cmdb_queries
from app.cmdb.items import create_ci, require_ci_type, update_ci, validate_ci
from app.organisation import groups
from app.platform.errors import Conflict, InvalidValues
from app.platform.ids import MAX_ID
from app.web.admin.base import Page, find_or_404
from app.web.cmdb.base import blueprint, editors_only, show_service_errors
from app.web.cmdb.forms import ATTRIBUTE_PREFIX, CiForm, ci_form_class, owner_group_choices
from app.web.shell.session import current_actor
from app.wiring import current_runtime


@blueprint.route("/cmdb/new", methods=["GET", "POST"])
@editors_only
def new_ci() -> Page:
    """Ask for the CI type first, then show its form and create the CI."""
    type_name = request.args.get("type", "")
    if not type_name:
        return render_template("cmdb/choose_type.html", types=cmdb_queries.list_ci_types())
    ci_type = cmdb_queries.find_ci_type(type_name)
    if ci_type is None:
        abort(404)
    form = build_ci_form(ci_type, None)
    if all_valid(form, ci_type):
        try:
            ci = create_ci(current_actor(), current_runtime().clock, ci_type.name, form.values())
        except Conflict as refused:
            form.name.errors = [str(refused)]
        except InvalidValues as refused:
            show_ci_errors(form, refused)
        else:
            flash(_("The configuration item %(name)s was created.", name=ci.name), "info")
            return redirect(url_for("cmdb.show", ci_id=ci.id))
    return render_ci_form(form, ci_type, None)


@blueprint.route(f"/cmdb/<int(max={MAX_ID}):ci_id>/edit", methods=["GET", "POST"])
@editors_only
def edit_ci(ci_id: int) -> Page:
    """Show a CI's form and save its changes, recording who changed what (and from which ticket)."""
    ci = find_or_404(cmdb_queries.ci_details, ci_id)
    ci_type = cmdb_queries.find_ci_type(ci.type_name)
    assert ci_type is not None  # a CI always has its type
    form = build_ci_form(ci_type, ci)
    if all_valid(form, ci_type):
        try:
            changes = update_ci(current_actor(), current_runtime().clock, ci_id, form.values(),
                                form.ticket.data or None)
        except Conflict as refused:
            form.name.errors = [str(refused)]
        except InvalidValues as refused:
            show_ci_errors(form, refused)
        else:
            return saved(ci_id, len(changes))
    return render_ci_form(form, ci_type, ci)


def saved(ci_id: int, change_count: int) -> Response:
    """Say what saving the form changed and go back to the CI's page."""
    if change_count:
        flash(ngettext("%(num)d change was saved and recorded in the history.",
                       "%(num)d changes were saved and recorded in the history.", change_count), "info")
    else:
        flash(_("Nothing was changed, so nothing was recorded."), "info")
    return redirect(url_for("cmdb.show", ci_id=ci_id))


def all_valid(form: CiForm, ci_type: cmdb_queries.CiTypeSummary) -> bool:
    """Check a posted form and the CMDB's own rules together, so that every wrong field is marked at once."""
    if request.method != "POST":
        return False
    form_ok = form.validate_on_submit()
    values = form.values()
    try:
        validate_ci(require_ci_type(ci_type.name), values, values["attributes"])
    except InvalidValues as refused:
        show_ci_errors(form, refused)
        return False
    return form_ok


def build_ci_form(ci_type: cmdb_queries.CiTypeSummary, ci: cmdb_queries.CiDetails | None) -> CiForm:
    """Build the form of a CI type, filled from the CI on first display, from the request when posted."""
    form_class = ci_form_class(ci_type.definitions)
    form = form_class(data=initial_values(ci)) if request.method == "GET" else form_class()
    form.owner_group.choices = owner_group_choices([g.name for g in groups.list_groups()],
                                                   ci.owner_group if ci else None)
    return form


def initial_values(ci: cmdb_queries.CiDetails | None) -> dict[str, Any]:
    """Return the form's first values: the CI's, or those of a new planned CI."""
    if ci is None:
        return {"status": "planned"}
    values: dict[str, Any] = {"name": ci.name, "status": ci.status, "owner_group": ci.owner_group or "",
                              "location": ci.location or ""}
    for fact in ci.attributes:
        value = fact.value
        values[ATTRIBUTE_PREFIX + fact.name] = ("true" if value else "false") if isinstance(value, bool) else (
            "" if value is None else str(value))
    return values


def show_ci_errors(form: CiForm, refused: InvalidValues) -> None:
    """Show the service's messages next to the fields, attributes included."""
    names = {f"attributes.{field.name.removeprefix(ATTRIBUTE_PREFIX)}": field.name
             for field in form.attribute_fields()}
    show_service_errors(form, refused, names)


def render_ci_form(form: CiForm, ci_type: cmdb_queries.CiTypeSummary, ci: cmdb_queries.CiDetails | None) -> Page:
    """Render the CI form (422 when it was posted with errors)."""
    status = 422 if request.method == "POST" else 200
    required = {ATTRIBUTE_PREFIX + d.name for d in ci_type.definitions if d.required}
    return render_template("cmdb/form.html", form=form, ci_type=ci_type, ci=ci, required=required), status
