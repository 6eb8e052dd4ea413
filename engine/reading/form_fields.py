"""Check the form fields a diagram draws (camunda:formField) before it is deployed."""
import re
from typing import Any

from engine.errors import refusal

FIELD_TYPES = ("string", "long", "boolean", "date", "enum")
CONSTRAINTS = ("required", "readonly", "minlength", "maxlength", "min", "max", "required_if")
# FlowDesk data a form field may take its values from (camunda:property id="choices").
CHOICE_SOURCES = ("groups", "categories", "configuration_items")
# A date field that asks for a future date (camunda:property id="flowdesk:future" value="true"): today or later
# (now or later when the field also asks for a time).
FUTURE_PROPERTY = "flowdesk:future"
# A date field that asks for a time too (camunda:property id="flowdesk:time" value="true"): a date-time with its
# zone, as a timer's timeDate reads it. Camunda's own date type holds a moment, so the diagram runs there too.
TIME_PROPERTY = "flowdesk:time"
# A text field people write prose in (camunda:property id="flowdesk:multiline" value="true"): a text area.
MULTILINE_PROPERTY = "flowdesk:multiline"
FLAG_WORDS = ("true", "false")


def field_problem(field: dict[str, Any]) -> tuple[str, dict[str, object]] | None:
    """Return why a form field definition is unusable (a refusal template and its values), or None."""
    if not field.get("id"):
        return refusal("a form field has no id; give it one"), {}
    key, kind = field["id"], field["type"]
    if kind not in FIELD_TYPES:
        return (refusal("form field '%(key)s' has type '%(type)s'; use one of %(types)s"),
                {"key": key, "type": kind, "types": ", ".join(FIELD_TYPES)})
    # Other properties are free-form metadata, which Camunda keeps for custom forms and so does FlowDesk.
    return property_problem(key, kind, field) or constraint_problem(key, field)


def property_problem(key: str, kind: str, field: dict[str, Any]) -> tuple[str, dict[str, object]] | None:
    """Return why a form field's FlowDesk properties (choices, future, time, multiline) are unusable, or None."""
    properties = field.get("properties", {})
    if "choices" in properties and properties["choices"] not in CHOICE_SOURCES:
        return (refusal("form field '%(key)s' takes its choices from '%(choices)s', which FlowDesk does not know; "
                        "use one of %(sources)s"),
                {"key": key, "choices": properties["choices"], "sources": ", ".join(CHOICE_SOURCES)})
    if properties.get("choices") and kind not in ("enum", "string"):
        return refusal("form field '%(key)s' has choices, so its type must be enum or string"), {"key": key}
    for date_property in (FUTURE_PROPERTY, TIME_PROPERTY):
        if date_property in properties and (kind != "date"
                                            or properties[date_property].strip().lower() not in FLAG_WORDS):
            return (refusal("form field '%(key)s' property '%(property)s' needs a date field and the value true or "
                            "false"), {"key": key, "property": date_property})
    if MULTILINE_PROPERTY in properties and (kind != "string" or properties.get("choices")
                                             or properties[MULTILINE_PROPERTY].strip().lower() not in FLAG_WORDS):
        return (refusal("form field '%(key)s' property '%(property)s' needs a string field without choices and "
                        "the value true or false"), {"key": key, "property": MULTILINE_PROPERTY})
    if kind == "enum" and not field["options"] and not properties.get("choices"):
        return refusal("enum form field '%(key)s' has no values"), {"key": key}
    return None


def constraint_problem(key: str, field: dict[str, Any]) -> tuple[str, dict[str, object]] | None:
    """Return why a form field's validation constraints are unusable, or None."""
    required_if = field["constraints"].get("required_if")
    if "required_if" in field["constraints"] and not re.fullmatch(r"[A-Za-z_][\w]*=.*", required_if or ""):
        return (refusal("form field '%(key)s' constraint 'required_if' needs config 'other_field=value', got "
                        "%(config)r"), {"key": key, "config": required_if})
    for name, config in field["constraints"].items():
        if name not in CONSTRAINTS:
            return (refusal("form field '%(key)s' has unknown constraint '%(name)s'; use one of %(names)s"),
                    {"key": key, "name": name, "names": ", ".join(CONSTRAINTS)})
        if name in ("minlength", "maxlength", "min", "max"):
            try:
                float(config)
            except (TypeError, ValueError):
                return (refusal("form field '%(key)s' constraint '%(name)s' needs a number, got %(config)r"),
                        {"key": key, "name": name, "config": config})
    return None
