"""Check the form fields a diagram draws (camunda:formField) before it is deployed."""
import re
from typing import Any

FIELD_TYPES = ("string", "long", "boolean", "date", "enum")
CONSTRAINTS = ("required", "readonly", "minlength", "maxlength", "min", "max", "required_if")
# FlowDesk data a form field may take its values from (camunda:property id="choices").
CHOICE_SOURCES = ("groups", "categories", "configuration_items")
# A date field that asks for a future date (camunda:property id="flowdesk:future" value="true"): today or later.
FUTURE_PROPERTY = "flowdesk:future"
# A text field people write prose in (camunda:property id="flowdesk:multiline" value="true"): a text area.
MULTILINE_PROPERTY = "flowdesk:multiline"
FLAG_WORDS = ("true", "false")


def field_problem(field: dict[str, Any]) -> str | None:
    """Return why a form field definition is unusable, or None."""
    if not field.get("id"):
        return "a form field has no id"
    if field["type"] not in FIELD_TYPES:
        return f"form field '{field['id']}' has type '{field['type']}'; use one of {', '.join(FIELD_TYPES)}"
    # Other properties are free-form metadata, which Camunda keeps for custom forms and so does FlowDesk.
    properties = field.get("properties", {})
    if "choices" in properties and properties["choices"] not in CHOICE_SOURCES:
        return (f"form field '{field['id']}' takes its choices from '{properties['choices']}', which FlowDesk does "
                f"not know; use one of {', '.join(CHOICE_SOURCES)}")
    if properties.get("choices") and field["type"] not in ("enum", "string"):
        return f"form field '{field['id']}' has choices, so its type must be enum or string"
    if FUTURE_PROPERTY in properties and (field["type"] != "date"
                                          or properties[FUTURE_PROPERTY].strip().lower() not in ("true", "false")):
        return f"form field '{field['id']}' property '{FUTURE_PROPERTY}' needs a date field and the value true or false"
    if MULTILINE_PROPERTY in properties and (field["type"] != "string" or properties.get("choices")
                                             or properties[MULTILINE_PROPERTY].strip().lower() not in FLAG_WORDS):
        return (f"form field '{field['id']}' property '{MULTILINE_PROPERTY}' needs a string field without choices "
                "and the value true or false")
    if field["type"] == "enum" and not field["options"] and not properties.get("choices"):
        return f"enum form field '{field['id']}' has no values"
    required_if = field["constraints"].get("required_if")
    if "required_if" in field["constraints"] and not re.fullmatch(r"[A-Za-z_][\w]*=.*", required_if or ""):
        return (f"form field '{field['id']}' constraint 'required_if' needs config 'other_field=value', "
                f"got {required_if!r}")
    for name, config in field["constraints"].items():
        if name not in CONSTRAINTS:
            return f"form field '{field['id']}' has unknown constraint '{name}'; use one of {', '.join(CONSTRAINTS)}"
        if name in ("minlength", "maxlength", "min", "max"):
            try:
                float(config)
            except (TypeError, ValueError):
                return f"form field '{field['id']}' constraint '{name}' needs a number, got {config!r}"
    return None
