"""Validate values submitted for a form (CLI text or JSON natives) and return clean JSON-able values.

Rules, the same for every caller:
- A field missing from the submission keeps its starting value: the current value
  when `current` has the field's id, else the diagram's default. Required checks run
  on that value, so a required field with a default may be left out.
- A blank value ("", whitespace only, or None) clears the field: the clean value is
  None, or False for a boolean. Every field of the form appears in the clean values.
- A read-only field ignores what was submitted and keeps its starting value; it is
  never an error and its constraints are not checked (the process owns that value).
- A key that is not a field of the form is an error under that key.
- When there is any error the clean values are empty, so half-valid data is never used.
"""
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from engine.views import FieldSpec
from forms.fields import is_blank
from forms.generation import build_form_class, field_label, typed_default


class SubmittedText(dict[str, str]):
    """Submitted values as text, shaped like the multi-dict WTForms reads."""

    def getlist(self, key: str) -> list[str]:
        """Return the value as a one-item list, or an empty list when absent."""
        return [self[key]] if key in self else []


def validate_values(
    fields: Sequence[FieldSpec],
    values: Mapping[str, Any],
    current: Mapping[str, Any] | None = None,
    today: date | None = None,
    now: datetime | None = None,
    zone: str | None = None,
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate submitted values with the generated form; return (clean values, errors by field id).

    today: the caller's date, which date fields asking for a future date may not be before; now: the moment
    date-time fields asking for a future moment may not be before; zone: the submitter's time zone, in which a
    date-time without offset is read (UTC without one).
    """
    specs = tuple(fields)
    current = current or {}
    errors = unknown_field_errors(specs, values)
    formdata = SubmittedText()
    for spec in specs:
        if spec.readonly:
            continue
        raw = values[spec.id] if spec.id in values else starting_value(spec, current)
        try:
            formdata[spec.id] = value_text(raw)
        except TypeError:
            errors[spec.id] = [f"{field_label(spec)} must be a single value."]
    form = build_form_class(specs)(formdata=formdata)
    form.today, form.now, form.zone = today, now, zone
    form.validate()
    for spec in specs:
        if form[spec.id].errors and spec.id not in errors:
            errors[spec.id] = [str(message) for message in form[spec.id].errors]  # lazy text, read now
    if errors:
        return {}, errors
    return clean_values(specs, form, current), {}


def asks_for_moment(fields: Sequence[FieldSpec]) -> bool:
    """Say whether a form has a date-time field (whose values without offset are read in the submitter's zone)."""
    return any(spec.type == "date" and spec.time for spec in fields)


def unknown_field_errors(specs: tuple[FieldSpec, ...], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """Return an error for every submitted key that is not a field of the form."""
    known = {spec.id for spec in specs}
    return {key: [f"'{key}' is not a field of this form."] for key in values if key not in known}


def starting_value(spec: FieldSpec, current: Mapping[str, Any]) -> Any:
    """Return the current value when there is one, else the diagram's default as written."""
    return current[spec.id] if spec.id in current else spec.default


def value_text(value: Any) -> str:
    """Write a CLI string or JSON native as the text a form field parses; None becomes blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    raise TypeError(f"Cannot submit a {type(value).__name__} as a form value.")


def clean_values(specs: tuple[FieldSpec, ...], form: Any, current: Mapping[str, Any]) -> dict[str, Any]:
    """Return every field's validated value as a JSON-able native."""
    clean: dict[str, Any] = {}
    for spec in specs:
        if spec.readonly:
            clean[spec.id] = readonly_value(spec, current)
        else:
            clean[spec.id] = field_value(spec, form[spec.id])
    return clean


def readonly_value(spec: FieldSpec, current: Mapping[str, Any]) -> Any:
    """Return a read-only field's value: the current one unchanged, else the typed default."""
    value = current[spec.id] if spec.id in current else typed_default(spec)
    return value.isoformat() if isinstance(value, date) else value


def field_value(spec: FieldSpec, field: Any) -> Any:
    """Return one validated field's data as str, int, bool, ISO date string or None."""
    if spec.type == "boolean":
        return bool(field.data)
    if is_blank(field.raw_data):
        return None
    if spec.type == "date":
        return field.data.isoformat()
    return field.data


def parse_cli_assignments(pairs: Sequence[str]) -> dict[str, str]:
    """Turn NAME=VALUE strings into a dict; the value may itself contain '=', a later pair wins."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name:
            raise ValueError(f"Expected NAME=VALUE, got {pair!r}.")
        values[name] = value
    return values
