"""Turn the diagram's form fields (FieldSpec) into WTForms form classes, cached per form."""
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from engine.views import FieldSpec
from forms.fields import (
    FALSE_WORDS,
    FIELD_CLASSES,
    MOMENT_CLASSES,
    MULTILINE_CLASSES,
    READONLY_FIELD_CLASSES,
    TRUE_WORDS,
    Checked,
    Filled,
    FilledWhen,
    MomentInZone,
    NotPast,
    StopWhenUnreadable,
    read_moment,
)

DATE_FORMAT = "%Y-%m-%d"
# ISO first (what FlowDesk shows and stores), then Camunda 7's default form date format, dd/MM/yyyy.
DATE_FORMATS = [DATE_FORMAT, "%d/%m/%Y"]
DATE_WORDS = "YYYY-MM-DD or DD/MM/YYYY"  # as written in the messages of a form people see, in any language
MOMENT_WORDS = "YYYY-MM-DDTHH:MM"  # a date and time of day; an offset (+08:00, Z) may follow
FORM_CLASS_CACHE_SIZE = 512
MULTILINE_ROWS = 5  # the height of a text area, in lines
INSTANCE_ATTRIBUTES = frozenset({"meta", "csrf_token"})  # set on form instances, not classes


def build_form_class(
    fields: Sequence[FieldSpec], base: type[wtforms.Form] = wtforms.Form
) -> type[wtforms.Form]:
    """Return a form class with one field per FieldSpec, built once per (fields, base).

    Raises ValueError when the fields cannot make a form (unknown type, bad default,
    duplicate id, or an id WTForms would hide or clash with), so a deploy check can
    refuse the diagram early.
    """
    return _build_form_class(tuple(fields), base)  # type: ignore[arg-type]  # classes are hashable


@lru_cache(maxsize=FORM_CLASS_CACHE_SIZE)
def _build_form_class(fields: tuple[FieldSpec, ...], base: type[wtforms.Form]) -> type[wtforms.Form]:
    """Build the form class for build_form_class; the cache keys on the hashable tuple."""
    attributes: dict[str, Any] = {}
    for spec in fields:
        check_field_id(spec, base, attributes)
        attributes[spec.id] = build_field(spec, fields)
    return type("TaskForm", (base,), attributes)


def check_field_id(spec: FieldSpec, base: type[wtforms.Form], taken: dict[str, Any]) -> None:
    """Refuse ids that repeat, that WTForms ignores, or that shadow the form's own attributes."""
    if spec.id in taken:
        raise ValueError(f"Field id '{spec.id}' appears twice in this form; give each field its own id.")
    if not spec.id or spec.id.startswith("_"):
        raise ValueError(f"Field id '{spec.id}' cannot be used; ids must not be empty or start with '_'.")
    if hasattr(base, spec.id) or spec.id in INSTANCE_ATTRIBUTES:
        raise ValueError(
            f"Field id '{spec.id}' clashes with the form's own '{spec.id}' attribute; "
            "rename the field in the diagram."
        )


def build_field(spec: FieldSpec, fields: Sequence[FieldSpec] = ()) -> Any:
    """Return the unbound WTForms field for one FieldSpec of a form with these fields."""
    if spec.type not in FIELD_CLASSES:
        raise ValueError(
            f"Field '{spec.id}' has type '{spec.type}', which forms cannot show; "
            "use string, long, boolean, date or enum."
        )
    label = field_label(spec)
    options: dict[str, Any] = {"label": label, "default": typed_default(spec)}
    if spec.readonly:
        field_class = READONLY_FIELD_CLASSES[spec.type]
        options["render_kw"] = {"disabled" if spec.type in ("boolean", "enum") else "readonly": True}
    else:
        field_class = FIELD_CLASSES[spec.type]
        options["validators"] = build_validators(spec, fields)
    if spec.type == "string" and spec.multiline:
        field_class = MULTILINE_CLASSES[spec.readonly]
        options["render_kw"] = {**options.get("render_kw", {}), "rows": MULTILINE_ROWS}
    if spec.type == "date" and spec.time:
        field_class = MOMENT_CLASSES[spec.readonly]
    options.update(type_options(spec))
    return field_class(**options)


def field_label(spec: FieldSpec) -> str:
    """Return the label people see: the diagram's label, or the id when it has none."""
    return spec.label or spec.id


def type_options(spec: FieldSpec) -> dict[str, Any]:
    """Return the constructor options specific to the field's type."""
    label = field_label(spec)
    if spec.type == "long":
        return {"invalid_value_message": _l("%(label)s must be a whole number.", label=label)}
    if spec.type == "date" and spec.time:
        return {"invalid_value_message": _l("%(label)s must be a date and time written %(formats)s, such as "
                                            "2027-01-15T22:00.", label=label, formats=MOMENT_WORDS)}
    if spec.type == "date":
        return {"format": DATE_FORMATS,
                "invalid_value_message": _l("%(label)s must be a date written %(formats)s.", label=label,
                                            formats=DATE_WORDS)}
    if spec.type == "boolean":
        return {"invalid_value_message": _l("%(label)s must be true or false.", label=label)}
    if spec.type == "enum":
        return {"choices": enum_choices(spec), "invalid_choice_message": enum_message(spec)}
    return {}


def enum_choices(spec: FieldSpec) -> list[SelectChoice]:
    """Return the select options with a blank first one: an optional enum may stay empty, and a required one
    without a drawn default starts empty, so nobody decides by leaving the first option selected."""
    choices = [SelectChoice(value, label) for value, label in spec.options]
    if not spec.required:
        choices.insert(0, SelectChoice("", ""))
    elif spec.default is None:
        choices.insert(0, SelectChoice("", _l("Choose one")))
    return choices


def enum_message(spec: FieldSpec) -> str:
    """Return the sentence listing the values an enum accepts."""
    values = ", ".join(value for value, _label in spec.options)  # what an API or CLI caller sends
    return _l("%(label)s must be one of: %(values)s.", label=field_label(spec), values=values)


def build_validators(spec: FieldSpec, fields: Sequence[FieldSpec] = ()) -> list[Any]:
    """Return the validator chain: presence first, then stop on unreadable input, then constraints."""
    label = field_label(spec)
    if spec.type == "boolean":
        return [StopWhenUnreadable(), Checked(_l("%(label)s must be checked.", label=label))] if spec.required else []
    presence = Filled(_l("%(label)s is required.", label=label)) if spec.required else optional_presence(spec, fields)
    zone = [MomentInZone()] if spec.type == "date" and spec.time else []
    return [presence, StopWhenUnreadable(), *zone, *constraint_validators(spec)]


def optional_presence(spec: FieldSpec, fields: Sequence[FieldSpec] = ()) -> Any:
    """Return Optional, or the conditional check of a required_if constraint ("other_field=value").

    The message names the other field and its values by their labels, as the form shows them.
    """
    if not spec.required_if:
        return Optional()
    other, _, value = spec.required_if.partition("=")
    other_spec = next((candidate for candidate in fields if candidate.id == other.strip()), None)
    labels = dict(other_spec.options) if other_spec else {}
    shown = " / ".join(f"“{labels.get(part, part)}”" for part in value.strip().split("|"))
    return FilledWhen(other.strip(), value.strip(), _l(
        "%(label)s is required when %(other)s is %(value)s.", label=field_label(spec),
        other=field_label(other_spec) if other_spec else other.strip(), value=shown))


def constraint_validators(spec: FieldSpec) -> list[Any]:
    """Return the length or range validators the diagram asks for."""
    if spec.type == "string" and (spec.minlength is not None or spec.maxlength is not None):
        return [Length(
            min=-1 if spec.minlength is None else spec.minlength,
            max=-1 if spec.maxlength is None else spec.maxlength,
            message=length_message(field_label(spec), spec.minlength, spec.maxlength),
        )]
    if spec.type == "date" and spec.future and spec.time:
        return [NotPast(_l("%(label)s is in the past; enter a date and time from now on.", label=field_label(spec)))]
    if spec.type == "date" and spec.future:
        return [NotPast(_l("%(label)s must be today or a later date.", label=field_label(spec)))]
    if spec.type == "long" and (spec.min is not None or spec.max is not None):
        return [NumberRange(
            min=spec.min, max=spec.max, message=range_message(field_label(spec), spec.min, spec.max)
        )]
    return []


def length_message(label: str, minlength: int | None, maxlength: int | None) -> str:
    """Return the sentence stating the allowed length of a text."""
    if minlength is not None and maxlength is not None:
        return _l("%(label)s must be between %(low)s and %(high)s characters.", label=label, low=minlength,
              high=maxlength)
    if minlength is not None:
        return lazy_ngettext("%(label)s must be at least %(num)s character.",
                             "%(label)s must be at least %(num)s characters.", minlength, label=label)
    return lazy_ngettext("%(label)s must be at most %(num)s character.",
                         "%(label)s must be at most %(num)s characters.", maxlength or 0, label=label)


def range_message(label: str, low: float | None, high: float | None) -> str:
    """Return the sentence stating the allowed range of a number."""
    if low is not None and high is not None:
        return _l("%(label)s must be between %(low)s and %(high)s.", label=label, low=number_text(low),
                  high=number_text(high))
    if low is not None:
        return _l("%(label)s must be at least %(low)s.", label=label, low=number_text(low))
    return _l("%(label)s must be at most %(high)s.", label=label, high=number_text(high or 0))


def number_text(number: float) -> str:
    """Write a bound without a needless '.0' (1.0 -> '1')."""
    return str(int(number)) if float(number).is_integer() else str(number)


def typed_default(spec: FieldSpec) -> Any:
    """Return the diagram's default converted to the field's type, or None (False for booleans)."""
    text = spec.default
    if text is None:
        return False if spec.type == "boolean" else None
    if spec.type == "boolean":
        return read_boolean_default(spec, text)
    if spec.type == "long":
        return read_long_default(spec, text)
    if spec.type == "date" and spec.time:
        return read_moment_default(spec, text)
    if spec.type == "date":
        return read_date_default(spec, text)
    if spec.type == "enum" and text not in [value for value, _ in spec.options]:
        raise ValueError(f"Field '{spec.id}' has default '{text}', which is not one of its options.")
    return text


def read_boolean_default(spec: FieldSpec, text: str) -> bool:
    """Read a boolean default such as 'true' or 'false'."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"Field '{spec.id}' has default '{text}', which is not true or false.")


def read_long_default(spec: FieldSpec, text: str) -> int:
    """Read a whole-number default."""
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"Field '{spec.id}' has default '{text}', which is not a whole number.") from None


def read_moment_default(spec: FieldSpec, text: str) -> datetime:
    """Read a date-time default written in ISO 8601."""
    moment = read_moment(text)
    if moment is None:
        raise ValueError(f"Field '{spec.id}' has default '{text}', which is not a date and time written "
                         f"{MOMENT_WORDS}.")
    return moment


def read_date_default(spec: FieldSpec, text: str) -> date:
    """Read a date default written YYYY-MM-DD or, as Camunda writes it, DD/MM/YYYY."""
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), date_format).date()
        except ValueError:
            continue
    raise ValueError(f"Field '{spec.id}' has default '{text}', which is not a date written {DATE_WORDS}.")
