"""The CI types page: every type with its attributes; admins define new types and change their attributes."""
from collections.abc import Mapping
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.cmdb import queries as cmdb_queries
from app.cmdb.items import save_ci_type
from app.platform.errors import Conflict, InvalidValues
from app.web.admin.base import Page
from app.web.cmdb.base import blueprint, readers_only, type_definers_only
from app.web.cmdb.forms import EMPTY_ROWS, CiTypeForm
from app.web.shell.session import current_actor

MORE_ROWS = "more_rows"  # the name of the button that adds blank attribute rows instead of saving


@blueprint.get("/cmdb/types")
@readers_only
def ci_types() -> str:
    """List the CI types with their attribute definitions."""
    return render_template("cmdb/types.html", types=cmdb_queries.list_ci_types())


@blueprint.route("/cmdb/types/new", methods=["GET", "POST"])
@type_definers_only
def new_ci_type() -> Page:
    """Show the form of a new CI type and create it."""
    form = CiTypeForm()
    if wants_more_rows(form):
        return render_type_form(form, None)
    if form.validate_on_submit():
        name = form.name.data or ""
        if save_type(form, name, new=True):
            flash(_("The CI type %(name)s was created.", name=name), "info")
            return redirect(url_for("cmdb.ci_types"))
    return render_type_form(form, None)


@blueprint.route("/cmdb/types/<name>", methods=["GET", "POST"])
@type_definers_only
def edit_ci_type(name: str) -> Page:
    """Show a CI type's form and save its display name and attribute definitions."""
    ci_type = cmdb_queries.find_ci_type(name)
    if ci_type is None:
        abort(404)
    form = CiTypeForm(data=type_values(ci_type)) if request.method == "GET" else CiTypeForm()
    del form["name"]  # the name cannot change: CSV files and the API use it
    if wants_more_rows(form):
        return render_type_form(form, ci_type)
    if form.validate_on_submit() and save_type(form, name):
        flash(_("The CI type %(name)s was saved.", name=name), "info")
        return redirect(url_for("cmdb.ci_types"))
    return render_type_form(form, ci_type)


def render_type_form(form: CiTypeForm, ci_type: cmdb_queries.CiTypeSummary | None) -> Page:
    """Render the CI type form (422 when it was posted with errors)."""
    status = 422 if form.errors or any(row.form.name.errors for row in form.attributes) else 200
    return render_template("cmdb/type_form.html", form=form, ci_type=ci_type), status


def type_values(ci_type: cmdb_queries.CiTypeSummary) -> dict[str, object]:
    """Return the form's first values: the type's, with blank rows to add attributes."""
    rows = [{"name": d.name, "label": d.label, "type": d.type, "required": d.required, "options": ", ".join(d.options)}
            for d in ci_type.definitions]
    blank = {"name": "", "label": "", "type": "string", "required": False, "options": ""}
    return {"name": ci_type.name, "display_name": ci_type.display_name, "attributes": rows + [blank] * EMPTY_ROWS}


def wants_more_rows(form: CiTypeForm) -> bool:
    """Add blank attribute rows when the form was posted with the 'more rows' button."""
    if request.method != "POST" or MORE_ROWS not in request.form:
        return False
    for _row in range(EMPTY_ROWS):
        form.attributes.append_entry()
    return True


def save_type(form: CiTypeForm, name: str, new: bool = False) -> bool:
    """Save the type (a new one: refuse a taken name); on refusal mark the form and return False."""
    definitions: list[Mapping[str, Any]] = list(form.definitions())
    try:
        save_ci_type(current_actor(), name, form.display_name.data or "", definitions, new=new)
    except Conflict:
        form.name.errors = [_("A CI type named '%(name)s' already exists. Open it from the list to change its "
                              "attributes, or choose another name.", name=name)]
        return False
    except InvalidValues as refused:
        show_row_errors(form, refused)
        return False
    return True


def show_row_errors(form: CiTypeForm, refused: InvalidValues) -> None:
    """Put the service's messages (keyed attributes.<name or position>) under the row they are about."""
    rows = [row for row in form.attributes if not row.form.is_blank()]
    for key, messages in refused.errors.items():
        if key == "name" and "name" in form:
            form.name.errors = [*form.name.errors, *messages]
            continue
        label = key.removeprefix("attributes.")
        matching = [row for position, row in enumerate(rows)
                    if (row.form.name.data or "") == label or (not row.form.name.data and str(position) == label)]
        for row in matching or rows[:1]:
            row.form.name.errors = [*row.form.name.errors, *messages]
