"""The admin page of the change calendar: how each collision rule counts, how many relations away a CI still
collides, and the freeze and maintenance windows with their recurrence rules."""
import json

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from app.platform.errors import InvalidValues
from app.service_levels.policies import list_calendars
from app.servicedesk.change_calendar.collisions import MAX_HOPS, RULES
from app.servicedesk.change_calendar.recurrence import EXAMPLE, HOLIDAY_MODES, WINDOW_KINDS
from app.servicedesk.change_calendar.settings import (
    WindowValues,
    list_windows,
    read_schedule_rules,
    remove_window,
    require_window,
    save_schedule_rules,
    save_window,
)
from app.servicedesk.change_calendar.words import RULE_WORDS
from app.web.admin.base import Page, add_field_errors, blueprint, find_or_404
from app.web.admin.forms import text_field
from app.web.admin.sla_forms import whole_number
from app.web.shell.session import current_actor, requires_role
from app.wiring import current_runtime

SEVERITY_CHOICES = [("block", _l("Block (a change manager may override, with a reason)")), ("warning", _l("Warning")),
                    ("off", _l("Off"))]
KIND_WORDS = {"freeze": _l("Freeze"), "maintenance": _l("Maintenance window")}
HOLIDAY_WORDS = {"any": _l("Every occurrence"), "only": _l("Only on the calendar's holidays"),
                 "skip": _l("Never on the calendar's holidays")}


class RulesForm(FlaskForm):
    """Each rule's severity and the hops of related CIs."""

    same_ci = SelectField(RULE_WORDS["same_ci"], choices=SEVERITY_CHOICES)
    related_ci = SelectField(RULE_WORDS["related_ci"], choices=SEVERITY_CHOICES)
    freeze = SelectField(RULE_WORDS["freeze"], choices=SEVERITY_CHOICES)
    maintenance = SelectField(RULE_WORDS["maintenance"], choices=SEVERITY_CHOICES)
    implementer = SelectField(RULE_WORDS["implementer"], choices=SEVERITY_CHOICES)
    hops = text_field(_l("Related CIs: how many relations away"), whole_number(
        0, MAX_HOPS, _l("Enter a whole number from 0 to %(most)d.", most=MAX_HOPS)), required=_l("Enter a number."))


class WindowForm(FlaskForm):
    """A freeze or maintenance window."""

    name = text_field(_l("Name"), required=_l("Enter a name."))
    kind = SelectField(_l("Kind"), choices=[(kind, KIND_WORDS[kind]) for kind in WINDOW_KINDS])
    rrule = text_field(_l("Recurrence rule (RRULE)"), required=_l("Enter a recurrence rule such as %(example)s.",
                                                                  example=EXAMPLE))
    starts_local = text_field(_l("First start (local time)"), required=_l("Enter a date and time such as "
                                                                          "2027-01-03T02:00."))
    duration_minutes = text_field(_l("Length (minutes)"), whole_number(1, 31 * 24 * 60, _l(
        "Enter a whole number of minutes from 1 to 44640.")), required=_l("Enter a length in minutes."))
    timezone = text_field(_l("Time zone"), required=_l("Enter a time zone such as Asia/Shanghai."))
    calendar_name = SelectField(_l("Business calendar (for holidays)"), choices=[])
    holidays = SelectField(_l("Holidays"), choices=[(mode, HOLIDAY_WORDS[mode]) for mode in HOLIDAY_MODES])
    ci_ids = text_field(_l("Only these CIs (ids, separated by commas; empty for every CI)"))


def window_form(**data: str) -> WindowForm:
    """Return a window form with the business calendars to choose from."""
    form = WindowForm(data=data or None)
    form.calendar_name.choices = [("", _("None"))] + [(row.name, row.name) for row in list_calendars()]
    return form


@blueprint.route("/admin/change-schedule", methods=["GET", "POST"])
@requires_role("admin")
def change_schedule() -> Page:
    """Show and save the collision rules; list the windows, with a form for a new one."""
    rules = read_schedule_rules()
    form = RulesForm(data={**{rule: rules.severity(rule) for rule in RULES}, "hops": str(rules.hops)})
    if form.validate_on_submit():
        try:
            save_schedule_rules(current_actor(), {rule: getattr(form, rule).data for rule in RULES},
                                int(form.hops.data or "0"), current_runtime().clock.now())
        except InvalidValues as refused:
            add_field_errors(form, refused)
        else:
            flash(_("The collision rules were saved."), "info")
            return redirect(url_for("admin.change_schedule"))
    return render_schedule(form, window_form(timezone="Asia/Shanghai", holidays="any"), 422 if form.errors else 200)


def render_schedule(form: RulesForm, new_window: WindowForm, status: int) -> tuple[str, int]:
    """Render the page with both forms."""
    return render_template("admin/change_schedule.html", form=form, window_form=new_window, windows=list_windows(),
                           kind_words=KIND_WORDS, holiday_words=HOLIDAY_WORDS), status


@blueprint.post("/admin/change-schedule/windows")
@requires_role("admin")
def add_window() -> Page:
    """Add a freeze or maintenance window; a refused rule is shown next to its field."""
    form = window_form()
    if form.validate_on_submit() and saved(form, None):
        flash(_("The window '%(name)s' was saved.", name=form.name.data), "info")
        return redirect(url_for("admin.change_schedule"))
    rules = read_schedule_rules()
    rules_form = RulesForm(formdata=None, data={**{rule: rules.severity(rule) for rule in RULES},
                                                "hops": str(rules.hops)})
    return render_schedule(rules_form, form, 422)


@blueprint.route("/admin/change-schedule/windows/<int:window_id>", methods=["GET", "POST"])
@requires_role("admin")
def edit_window(window_id: int) -> Page:
    """Change a window."""
    row = find_or_404(require_window, window_id)
    form = window_form(name=row.name, kind=row.kind, rrule=row.rrule, starts_local=row.starts_local,
                       duration_minutes=str(row.duration_minutes), timezone=row.timezone,
                       calendar_name=row.calendar_name or "", holidays=row.holidays,
                       ci_ids=", ".join(map(str, json.loads(row.ci_ids))))
    if form.validate_on_submit() and saved(form, window_id):
        flash(_("The window '%(name)s' was saved.", name=form.name.data), "info")
        return redirect(url_for("admin.change_schedule"))
    return render_template("admin/change_window.html", form=form, window=row), 422 if form.errors else 200


@blueprint.post("/admin/change-schedule/windows/<int:window_id>/remove")
@requires_role("admin")
def delete_window(window_id: int) -> Page:
    """Remove a window."""
    row = find_or_404(require_window, window_id)
    name = row.name
    remove_window(current_actor(), window_id)
    flash(_("The window '%(name)s' was removed.", name=name), "info")
    return redirect(url_for("admin.change_schedule"))


def saved(form: WindowForm, window_id: int | None) -> bool:
    """Save the window of a form; put the service's refusal next to its field and say False."""
    try:
        ci_ids = tuple(int(part) for part in (form.ci_ids.data or "").replace(";", ",").split(",") if part.strip())
    except ValueError:
        form.ci_ids.errors = [_("List CI ids as whole numbers separated by commas, or leave it empty.")]
        return False
    values = WindowValues(form.name.data or "", form.kind.data or "", form.rrule.data or "",
                          form.starts_local.data or "", int(form.duration_minutes.data or "0"),
                          form.timezone.data or "", form.calendar_name.data or None, form.holidays.data or "any",
                          ci_ids)
    try:
        save_window(current_actor(), values, current_runtime().clock.now(), window_id)
    except InvalidValues as refused:
        add_field_errors(form, refused)
        return False
    return True
