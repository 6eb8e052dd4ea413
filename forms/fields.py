"""WTForms field and validator classes that read FlowDesk form input strictly."""
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wtforms import BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, InputRequired, StopValidation, ValidationError

TRUE_WORDS = ("true", "1", "on", "yes", "y")
FALSE_WORDS = ("false", "0", "off", "no", "n", "")


def is_blank(raw_data: list[Any] | None) -> bool:
    """Return True when nothing, or only whitespace, was submitted."""
    if not raw_data:
        return True
    first = raw_data[0]
    return isinstance(first, str) and not first.strip()


class CheckboxField(BooleanField):
    """A checkbox that refuses words it does not know instead of reading them as checked.

    WTForms' BooleanField treats any unknown text as True, so a CLI typo such as
    `urgent=ture` would silently check the box. Absent input is still False, as
    browsers omit unchecked checkboxes.
    """

    def __init__(
        self,
        label: str | None = None,
        validators: list[Any] | None = None,
        true_values: tuple[str, ...] = TRUE_WORDS,
        false_values: tuple[str, ...] = FALSE_WORDS,
        invalid_value_message: str = "Not a valid yes/no value.",
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, false_values=false_values, **kwargs)
        self.true_values = true_values
        self.invalid_value_message = invalid_value_message

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the first submitted word as True or False, case-insensitively."""
        self.data = False
        if not valuelist:
            return
        word = str(valuelist[0]).strip().lower()
        if word in self.true_values:
            self.data = True
        elif word not in self.false_values:
            raise ValueError(self.invalid_value_message)


class EnumField(SelectField):
    """A select whose value must be one of the diagram's options; blank is left to the required check."""

    def pre_validate(self, form: Any) -> None:
        """Refuse a non-blank value that is not one of the options."""
        if self.process_errors or is_blank(self.raw_data):
            return
        if self.data not in self.option_values():
            raise ValidationError(self.invalid_choice_message or "Not a valid choice.")

    def option_values(self) -> list[str]:
        """Return the values a person may pick, without the blank placeholder."""
        return [choice.value for choice in self.choices if choice.value != ""]


class MomentField(DateTimeLocalField):
    """A date and time of day: ISO 8601 with or without seconds and zone (what a browser's date-time input sends
    is without zone: the form's zone is the submitter's, set by MomentInZone)."""

    def __init__(self, label: str | None = None, validators: list[Any] | None = None,
                 invalid_value_message: str = "Not a valid date and time.", **kwargs: Any) -> None:
        super().__init__(label, validators, format="%Y-%m-%dT%H:%M", **kwargs)
        self.invalid_value_message = invalid_value_message

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the first submitted text as a date-time, refusing anything else (words such as "tomorrow")."""
        self.data = None
        if not valuelist or is_blank(valuelist):
            return
        self.data = read_moment(str(valuelist[0]))
        if self.data is None:
            raise ValueError(self.invalid_value_message)


def read_moment(text: str) -> datetime | None:
    """Return an ISO 8601 date-time (a space may stand for the T, Z for UTC), or None when the text is none."""
    plain = text.strip().replace(" ", "T", 1)
    if "T" not in plain:
        return None  # a date alone names no moment to wait for
    try:
        return datetime.fromisoformat(plain[:-1] + "+00:00" if plain.endswith(("Z", "z")) else plain)
    except ValueError:
        return None


class MomentInZone:
    """Read a date-time without zone in the form's `zone` (the submitter's; UTC without one)."""

    def __call__(self, form: Any, field: Any) -> None:
        """Give the field's date-time its zone when it names none."""
        if field.data is not None and field.data.tzinfo is None:
            field.data = field.data.replace(tzinfo=zone_named(getattr(form, "zone", None)))


def zone_named(name: str | None) -> ZoneInfo:
    """Return the time zone of this name, UTC for none or an unknown one."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class IgnoresSubmission:
    """Mixin for read-only fields: submitted input is dropped, the field keeps its data."""

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        """Process the field as if nothing had been submitted for it."""
        super().process(None, data, extra_filters=extra_filters)  # type: ignore[misc]
        self.raw_data: list[Any] = []


class Filled(InputRequired):
    """Require non-blank input; unlike DataRequired, 0 and unreadable input count as given."""

    def __call__(self, form: Any, field: Any) -> None:
        """Stop with the required message when the input is blank."""
        if not is_blank(field.raw_data):
            return
        field.errors[:] = []
        raise StopValidation(self.message)


class FilledWhen:
    """Require non-blank input only while another field holds a given value (a|b: one of them); else Optional."""

    def __init__(self, other: str, value: str, message: str) -> None:
        self.other, self.value, self.message = other, value, message
        self.field_flags = {"optional": True}

    def __call__(self, form: Any, field: Any) -> None:
        """Stop with the message when blank and the condition holds; stop quietly when blank otherwise."""
        if not is_blank(field.raw_data):
            return
        field.errors[:] = []
        other = form._fields.get(self.other)
        if other is not None and str(other.data if other.data is not None else "") in self.value.split("|"):
            raise StopValidation(self.message)
        raise StopValidation()


class NotPast:
    """Refuse a date before the form's `today`, or a date-time before its `now` (set by the caller from its clock;
    no check without one)."""

    def __init__(self, message: Any) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        """Stop with the message when the date is before today, or the date-time before now."""
        limit = getattr(form, "now" if isinstance(field.data, datetime) else "today", None)
        if limit is not None and field.data is not None and field.data < limit:
            raise StopValidation(self.message)


class Checked(DataRequired):
    """Require a checkbox to be checked (what `required` means for an HTML checkbox)."""


class StopWhenUnreadable:
    """Stop the chain when the input could not be read, so only the parse error is shown."""

    def __call__(self, form: Any, field: Any) -> None:
        """Stop silently; the parse error is already among the field's errors."""
        if field.process_errors:
            raise StopValidation()


FIELD_CLASSES: dict[str, type] = {
    "string": StringField,
    "long": IntegerField,
    "boolean": CheckboxField,
    "date": DateField,
    "enum": EnumField,
}

READONLY_FIELD_CLASSES: dict[str, type] = {
    kind: type(f"Readonly{field_class.__name__}", (IgnoresSubmission, field_class), {})
    for kind, field_class in FIELD_CLASSES.items()
}
MOMENT_CLASSES: dict[bool, type] = {False: MomentField,
                                     True: type("ReadonlyMomentField", (IgnoresSubmission, MomentField), {})}
# A string field drawn for prose (flowdesk:multiline) is a text area; it reads and checks like any string.
MULTILINE_CLASSES: dict[bool, type] = {False: TextAreaField,
                                       True: type("ReadonlyTextAreaField", (IgnoresSubmission, TextAreaField), {})}
