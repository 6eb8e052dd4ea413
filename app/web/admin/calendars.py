"""The admin pages of business calendars: hours, holidays and working days, and a box to try a deadline on one."""
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.platform.errors import InvalidValues
from app.service_levels import policies as service_levels
from app.service_levels.calendar import BusinessCalendar
from app.service_levels.hours import WEEKDAY_NAMES
from app.service_levels.models import CalendarRow
from app.service_levels.settings import DeadlinePreview, preview_deadline, require_calendar
from app.web.admin.base import Page, add_field_errors, blueprint, find_or_404
from app.web.admin.calendar_editor import (
    MAX_SPANS_PER_DAY,
    WEEKDAY_LABELS,
    CalendarForm,
    calendar_form,
    definition_of,
    form_data_of,
    new_calendar_data,
)
from app.web.admin.sla_forms import DeadlinePreviewForm, working_time_label
from app.web.shell.moments import exact_time_where_it_is
from app.web.shell.session import requires_role, select_locale
from app.wiring import current_runtime


@blueprint.route("/admin/service-levels/calendars/new", methods=["GET", "POST"])
@requires_role("admin")
def new_calendar() -> Page:
    """Show the form of a new business calendar, prefilled with the built-in one's hours, and create it."""
    form = calendar_form(formdata=request.form) if request.method == "POST" else calendar_form(data=new_calendar_data())
    if form.validate_on_submit():
        name = form.name.data or ""
        if name in [row.name for row in service_levels.list_calendars()]:
            form.name.errors = [_("A calendar named %(name)s already exists. Open it from the list to change it, or "
                                  "choose another name.", name=name)]
        elif save_calendar(form, name):
            flash(_("The business calendar %(name)s was created.", name=name), "info")
            return redirect(url_for("admin.service_level_list"))
    return render_calendar_form(form, None, DeadlinePreviewForm(formdata=None))


@blueprint.route("/admin/service-levels/calendars/<int:calendar_id>", methods=["GET", "POST"])
@requires_role("admin")
def edit_calendar(calendar_id: int) -> Page:
    """Show a calendar's hours and days and save them; try a deadline on it when start and duration are given."""
    row = find_or_404(require_calendar, calendar_id)
    form = (calendar_form(formdata=request.form) if request.method == "POST"
            else calendar_form(data=form_data_of(row.definition)))
    form.name.data = row.name  # the name stays: it names the calendar to the people who chose it
    if form.validate_on_submit() and save_calendar(form, row.name):
        flash(_("The business calendar %(name)s was saved.", name=row.name), "info")
        return redirect(url_for("admin.edit_calendar", calendar_id=calendar_id))
    trial = DeadlinePreviewForm(formdata=request.args if request.args else None)
    preview = try_deadline(trial, calendar_id) if request.args else None
    return render_calendar_form(form, row, trial, preview)


def save_calendar(form: CalendarForm, name: str) -> bool:
    """Save the calendar the form describes; on refusal show the service's message, which names the bad entry."""
    try:
        service_levels.save_calendar(name, definition_of(form), current_runtime().clock.now())
    except InvalidValues as refused:
        form.form_errors.extend(refused.errors.pop("definition", []))  # the whole calendar's, naming the entry
        add_field_errors(form, refused)
        return False
    return True


def try_deadline(form: DeadlinePreviewForm, calendar_id: int) -> DeadlinePreview | None:
    """Return the deadline the stored calendar computes for the try-it box, or None when its input is wrong."""
    if not form.validate() or form.start.data is None or form.duration.data is None:
        return None
    try:
        return preview_deadline(calendar_id, form.start.data, form.duration.data)
    except InvalidValues as refused:
        add_field_errors(form, refused)
        return None


def render_calendar_form(form: CalendarForm, row: CalendarRow | None, trial: DeadlinePreviewForm,
                         preview: DeadlinePreview | None = None) -> Page:
    """Render the calendar page (422 when a form on it was sent with errors)."""
    status = 422 if form.errors or trial.errors else 200
    moments = {name: exact_time_where_it_is(moment, select_locale())
               for name, moment in (("start", preview.start), ("deadline", preview.deadline))} if preview else {}
    return render_template("admin/calendar_form.html", form=form, calendar=row, trial=trial, preview=preview,
                           moments=moments, duration=working_time_label, weekdays=WEEKDAY_LABELS,
                           max_spans=MAX_SPANS_PER_DAY), status


def calendar_summaries() -> list[dict[str, Any]]:
    """Return each stored calendar with its time zone, weekly hours, holidays and the policies using it."""
    used_by: dict[str, list[str]] = {}
    for policy, calendar_name, _targets in service_levels.list_policies():
        used_by.setdefault(calendar_name, []).append(policy.name)
    summaries = []
    for row in service_levels.list_calendars():
        summary: dict[str, Any] = {"id": row.id, "name": row.name, "policies": used_by.get(row.name, [])}
        try:
            calendar = service_levels.parse_calendar(row.name, row.definition)
        except InvalidValues as refused:
            summary["problem"] = str(refused)
        else:
            summary.update(timezone=calendar.zone.key, hours=week_text(calendar), holidays=len(calendar.holidays),
                           working_days=len(calendar.working_days), statutory=calendar.statutory is not None)
        summaries.append(summary)
    return summaries


def week_text(calendar: BusinessCalendar) -> list[tuple[str, str]]:
    """Return the weekly hours as (days, intervals), consecutive weekdays with the same hours together."""
    groups: list[tuple[list[str], str]] = []
    for weekday, name in enumerate(WEEKDAY_NAMES):
        hours = ", ".join(interval.label() for interval in calendar.hours.on(weekday))
        if groups and groups[-1][1] == hours:
            groups[-1][0].append(name)
        else:
            groups.append(([name], hours))
    return [(days[0] if len(days) == 1 else f"{days[0]}–{days[-1]}", hours) for days, hours in groups if hours]
