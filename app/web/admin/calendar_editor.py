"""The business calendar form: a time zone, working hours per weekday, holiday and working-day lists.

People edit pickers and lists; the form writes the calendar definition the service level use cases read
(app/service_levels/calendar.py), and reads a stored one back into its fields.
"""
import json
import re
from typing import Any
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from app.service_levels.hours import WEEKDAY_NAMES
from app.service_levels.policies import DEFAULT_CALENDAR_DEFINITION
from app.web.admin.forms import text_field

SPANS_PER_DAY = 3  # e.g. a morning, an afternoon and an evening shift
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WEEKDAY_LABELS = {"mon": _l("Monday"), "tue": _l("Tuesday"), "wed": _l("Wednesday"), "thu": _l("Thursday"),
                  "fri": _l("Friday"), "sat": _l("Saturday"), "sun": _l("Sunday")}
STATUTORY_CHOICES = [SelectChoice("", _l("None")),
                     SelectChoice("china", _l("Mainland China (public holidays and worked weekends)"))]


def check_time(_form: FlaskForm, field: Field) -> None:
    """Accept a blank time or HH:MM (24:00 for midnight at the end of a day)."""
    if (field.data or "").strip() and not TIME.match(field.data.strip()):
        raise ValidationError(str(_l("Write a time as HH:MM, such as 09:00.")))


def check_dates(_form: FlaskForm, field: Field) -> None:
    """Accept one date (YYYY-MM-DD) per line."""
    wrong = [line for line in date_lines(field.data) if not DATE.match(line)]
    if wrong:
        raise ValidationError(str(_l("Write one date per line as YYYY-MM-DD; %(wrong)s is not one.",
                                     wrong=wrong[0])))


def date_lines(text: str | None) -> list[str]:
    """Return the non-blank lines of a list of dates."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def span_names(day: str) -> list[tuple[str, str]]:
    """Return the (start, end) field names of a weekday's working spans."""
    return [(f"{day}_{index}_start", f"{day}_{index}_end") for index in range(SPANS_PER_DAY)]


class CalendarForm(FlaskForm):
    """A business calendar: its name, time zone, weekly hours, holidays and extra working days."""

    name = text_field(_l("Name"), Length(max=100), required=_l("Enter a name."))
    timezone = SelectField(_l("Time zone"), choices=[SelectChoice(zone) for zone in sorted(available_timezones())],
                           default="Asia/Shanghai")
    holidays = TextAreaField(_l("Holidays"), validators=[check_dates])
    working_days = TextAreaField(_l("Extra working days"), validators=[check_dates])
    working_days_follow = SelectField(_l("Extra working days follow the hours of"),
                                      choices=[SelectChoice(day, WEEKDAY_LABELS[day]) for day in WEEKDAY_NAMES],
                                      default="mon")
    statutory = SelectField(_l("Public holidays"), choices=STATUTORY_CHOICES, default="china")


for _day in WEEKDAY_NAMES:
    for _start, _end in span_names(_day):
        setattr(CalendarForm, _start, StringField(_l("From"), validators=[check_time]))
        setattr(CalendarForm, _end, StringField(_l("To"), validators=[check_time]))


def definition_of(form: CalendarForm) -> str:
    """Write the calendar definition (JSON) the form's fields describe."""
    hours: dict[str, list[list[str]]] = {}
    for day in WEEKDAY_NAMES:
        spans = [[form[start].data.strip(), form[end].data.strip()] for start, end in span_names(day)
                 if (form[start].data or "").strip() or (form[end].data or "").strip()]
        if spans:
            hours[day] = spans
    definition: dict[str, Any] = {"timezone": form.timezone.data, "hours": hours,
                                  "holidays": date_lines(form.holidays.data),
                                  "working_days": date_lines(form.working_days.data)}
    if form.working_days_follow.data != "mon":
        definition["working_days_follow"] = form.working_days_follow.data
    if form.statutory.data:
        definition["statutory"] = form.statutory.data
    return json.dumps(definition)


def form_data_of(definition: str | dict[str, Any]) -> dict[str, Any]:
    """Read a stored calendar definition into the form's fields (what cannot be read is left blank)."""
    try:
        raw = json.loads(definition) if isinstance(definition, str) else definition
    except json.JSONDecodeError:
        raw = {}
    raw = raw if isinstance(raw, dict) else {}
    data: dict[str, Any] = {"timezone": raw.get("timezone", "Asia/Shanghai"),
                            "holidays": "\n".join(map(str, raw.get("holidays", []))),
                            "working_days": "\n".join(map(str, raw.get("working_days", []))),
                            "working_days_follow": raw.get("working_days_follow", "mon"),
                            "statutory": raw.get("statutory") or ""}
    found = raw.get("hours")
    hours: dict[str, Any] = found if isinstance(found, dict) else {}
    for day in WEEKDAY_NAMES:
        for (start, end), span in zip(span_names(day), hours.get(day) or [], strict=False):
            if isinstance(span, (list, tuple)) and len(span) == 2:
                data[start], data[end] = str(span[0]), str(span[1])
    return data


def new_calendar_data() -> dict[str, Any]:
    """Return the fields of a new calendar: the built-in calendar's hours and public holidays."""
    return form_data_of(DEFAULT_CALENDAR_DEFINITION)
