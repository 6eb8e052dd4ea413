"""The admin page of proactive problem management: how many incidents on one CI or category, within how many days,
make FlowDesk suggest a problem."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from app.platform.errors import InvalidValues
from app.servicedesk.problem.suggestions import (
    MAX_MIN_INCIDENTS,
    MAX_PERIOD_DAYS,
    SuggestionSettings,
    read_suggestion_settings,
    save_suggestion_settings,
)
from app.web.admin.base import Page, add_field_errors, blueprint
from app.web.admin.forms import text_field
from app.web.admin.sla_forms import whole_number
from app.web.shell.session import current_actor, requires_role
from app.wiring import current_runtime


class ProblemSettingsForm(FlaskForm):
    """When incidents make a cluster worth a problem."""

    min_incidents = text_field(_l("Incidents in a cluster"), whole_number(
        2, MAX_MIN_INCIDENTS, _l("Enter a whole number from 2 to %(most)d.", most=MAX_MIN_INCIDENTS)),
        required=_l("Enter a whole number, such as 3."))
    period_days = text_field(_l("Within (days)"), whole_number(
        1, MAX_PERIOD_DAYS, _l("Enter a whole number of days from 1 to %(most)d.", most=MAX_PERIOD_DAYS)),
        required=_l("Enter a number of days, such as 7."))


@blueprint.route("/admin/problem-settings", methods=["GET", "POST"])
@requires_role("admin")
def problem_settings() -> Page:
    """Show and save when FlowDesk suggests a problem from a cluster of incidents."""
    current = read_suggestion_settings()
    form = ProblemSettingsForm(data={"min_incidents": str(current.min_incidents),
                                     "period_days": str(current.period_days)})
    if form.validate_on_submit():
        try:
            save_suggestion_settings(current_actor(), SuggestionSettings(
                int(form.min_incidents.data or "0"), int(form.period_days.data or "0")), current_runtime().clock.now())
        except InvalidValues as refused:
            add_field_errors(form, refused)
        else:
            flash(_("The problem suggestion settings were saved."), "info")
            return redirect(url_for("admin.problem_settings"))
    status = 422 if form.errors else 200
    return render_template("admin/problem_settings.html", form=form), status
