"""The admin pages of the incident flow's settings: the priority matrix, reassignment limit, auto-close, approval."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from app.platform.errors import InvalidValues
from app.service_levels import policies as service_levels
from app.service_levels.priority import PriorityMatrix
from app.service_levels.settings import read_incident_settings, save_incident_settings
from app.web.admin.base import Page, add_field_errors, blueprint
from app.web.admin.sla_forms import IncidentSettingsForm, cell_name, level_label, matrix_cells, matrix_form
from app.web.shell.session import requires_role
from app.wiring import current_runtime


@blueprint.route("/admin/priority-matrix", methods=["GET", "POST"])
@requires_role("admin")
def priority_matrix() -> Page:
    """Show the impact x urgency grid and save the priority of each cell."""
    matrix = service_levels.priority_matrix()
    form = matrix_form(matrix)
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            service_levels.save_priority_matrix(matrix_cells(form, matrix), current_runtime().clock.now())
        except InvalidValues as refused:
            problems = [message for messages in refused.errors.values() for message in messages]
            mark_empty_cells(form, matrix)
        else:
            flash(_("The priority matrix was saved. New and reclassified tickets get their priority from it."), "info")
            return redirect(url_for("admin.priority_matrix"))
    status = 422 if problems or form.errors else 200
    return render_template("admin/priority_matrix.html", form=form, matrix=matrix, problems=problems,
                           cell_name=cell_name, level_label=level_label), status


def mark_empty_cells(form: FlaskForm, matrix: PriorityMatrix) -> None:
    """Mark the cells that hold no allowed priority, so the refused grid shows where to look."""
    for (impact, urgency), code in matrix_cells(form, matrix).items():
        if code not in matrix.codes:
            field = form[cell_name(matrix.impacts.index(impact), matrix.urgencies.index(urgency))]
            field.errors = [_("Choose a priority.")]


@blueprint.route("/admin/incident-settings", methods=["GET", "POST"])
@requires_role("admin")
def incident_settings() -> Page:
    """Show and save the reassignment limit, the auto-close delay and the priorities that need approval."""
    if request.method == "POST":
        form = IncidentSettingsForm()
    else:
        current = read_incident_settings()
        form = IncidentSettingsForm(data={"reassignment_limit": str(current.reassignment_limit),
                                          "auto_close_working_days": str(current.auto_close_working_days),
                                          "approval_priorities": list(current.approval_priorities)})
    if form.validate_on_submit():
        try:
            save_incident_settings(form.settings(), current_runtime().clock.now())
        except InvalidValues as refused:
            add_field_errors(form, refused)
        else:
            flash(_("The incident settings were saved."), "info")
            return redirect(url_for("admin.incident_settings"))
    status = 422 if form.errors else 200
    return render_template("admin/incident_settings.html", form=form), status
