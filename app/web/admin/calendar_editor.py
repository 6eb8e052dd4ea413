"""The business calendar form: a time zone, working hours per weekday, holiday and working-day lists.

People edit pickers and lists; the form writes the calendar definition the service level use cases read
(app/service_levels/calendar.py), and reads a stored one back into its fields. A day holds any number of
working spans (up to MAX_SPANS_PER_DAY): its fields are {day}_{n}_start and {day}_{n}_end, as many as the
stored calendar or the sent form has, and one blank span more, so a span is added without script too
(static/calendar-editor.js adds more at once).
"""
import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from app.service_levels.hours import WEEKDAY_NAMES
from app.service_levels.policies import DEFAULT_CALENDAR_DEFINITION
from app.web.admin.forms import text_field

MAX_SPANS_PER_DAY = 24  # more than any shift plan needs, and a bound on what a sent form can make us build
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


SPAN_FIELD = re.compile(rf"^({'|'.join(WEEKDAY_NAMES)})_(\d{{1,6}})_(start|end)$")


def span_names(day: str, count: int) -> list[tuple[str, str]]:
    """Return the (start, end) field names of a weekday's first `count` working spans."""
    return [(f"{day}_{index}_start", f"{day}_{index}_end") for index in range(count)]


def spans_named(names: Iterable[str]) -> dict[str, int]:
    """Return how many spans each weekday's field names reach (the highest index + 1; 0 for none)."""
    counts = dict.fromkeys(WEEKDAY_NAMES, 0)
    for name in names:
        match = SPAN_FIELD.match(name)
        if match:
            counts[match[1]] = max(counts[match[1]], int(match[2]) + 1)
    return counts


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
    spans: dict[str, int] = {}  # how many span rows each weekday shows (set by calendar_form)
    sent_spans: dict[str, int] = {}  # how many spans the sent form holds per weekday (past the maximum: refused)

    def day_spans(self, day: str) -> list[tuple[str, str]]:
        """Return the (start, end) field names of a weekday's span rows."""
        return span_names(day, self.spans[day])

    def validate(self, extra_validators: Any = None) -> bool:
        """Check the fields, and refuse a day with more spans than MAX_SPANS_PER_DAY."""
        valid = super().validate(extra_validators)
        crowded = [str(WEEKDAY_LABELS[day]) for day, count in self.sent_spans.items() if count > MAX_SPANS_PER_DAY]
        if crowded:
            self.form_errors.append(str(_l("A day holds at most %(most)s working spans; %(days)s has more. Join "
                                           "the spans that follow each other.", most=MAX_SPANS_PER_DAY,
                                           days=", ".join(crowded))))
        return valid and not crowded


def calendar_form(formdata: Mapping[str, Any] | None = None, data: Mapping[str, Any] | None = None) -> CalendarForm:
    """Return the calendar form of sent fields (formdata) or stored ones (data), with a blank span row per day."""
    sent = spans_named(formdata.keys() if formdata is not None else (data or {}).keys())
    rows = tuple(min(sent[day] + 1, MAX_SPANS_PER_DAY) for day in WEEKDAY_NAMES)
    form = calendar_form_class(rows)(formdata=formdata, data=data)
    form.sent_spans = sent
    return form


@lru_cache(maxsize=64)
def calendar_form_class(rows: tuple[int, ...]) -> type[CalendarForm]:
    """Return (once per shape) the form class with this many span rows per weekday, Monday first."""
    fields: dict[str, Any] = {"spans": dict(zip(WEEKDAY_NAMES, rows, strict=True))}
    for day, count in zip(WEEKDAY_NAMES, rows, strict=True):
        for start, end in span_names(day, count):
            fields[start] = StringField(_l("From"), validators=[check_time])
            fields[end] = StringField(_l("To"), validators=[check_time])
    return type("CalendarForm", (CalendarForm,), fields)


def definition_of(form: CalendarForm) -> str:
    """Write the calendar definition (JSON) the form's fields describe."""
    hours: dict[str, list[list[str]]] = {}
    for day in WEEKDAY_NAMES:
        spans = [[form[start].data.strip(), form[end].data.strip()] for start, end in form.day_spans(day)
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
        listed = hours.get(day)
        spans: list[Any] = listed if isinstance(listed, list) else []
        for (start, end), span in zip(span_names(day, len(spans)), spans, strict=True):
            if isinstance(span, (list, tuple)) and len(span) == 2:
                data[start], data[end] = str(span[0]), str(span[1])
    return data


def new_calendar_data() -> dict[str, Any]:
    """Return the fields of a new calendar: the built-in calendar's hours and public holidays."""
    return form_data_of(DEFAULT_CALENDAR_DEFINITION)
