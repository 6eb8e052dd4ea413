"""The rules of a CI's values: its fields, and the attributes its type defines (pure, no I/O)."""
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.platform.errors import InvalidValues
from app.platform.limits import CI_ATTRIBUTE_MAX, CI_NAME_MAX, length_sentence

ATTRIBUTE_TYPES = ("string", "integer", "boolean", "date", "enum")
CI_STATUSES = ("planned", "active", "maintenance", "retired")
CI_FIELDS = ("name", "owner_group", "location", "status")
TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0")


@dataclass(frozen=True)
class AttributeDefinition:
    """One attribute that the items of a CI type carry."""

    name: str
    label: str
    type: str = "string"
    required: bool = False
    options: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {"name": self.name, "label": self.label, "type": self.type, "required": self.required,
                "options": list(self.options)}


def parse_definitions(raw: list[Mapping[str, Any]]) -> list[AttributeDefinition]:
    """Check attribute definitions; raise InvalidValues naming each bad one."""
    errors: dict[str, list[str]] = {}
    definitions: list[AttributeDefinition] = []
    for index, item in enumerate(raw):
        name = str(item.get("name") or "").strip()
        key = f"attributes.{name or index}"
        kind = item.get("type", "string")
        options = tuple(str(option) for option in item.get("options") or ())
        if not name.isidentifier():
            errors.setdefault(key, []).append("An attribute name is letters, digits and underscores.")
        elif name in CI_FIELDS or any(d.name == name for d in definitions):
            errors.setdefault(key, []).append(f"The attribute name '{name}' is used twice or is a CI field.")
        if kind not in ATTRIBUTE_TYPES:
            errors.setdefault(key, []).append(f"The type '{kind}' is unknown; use one of {', '.join(ATTRIBUTE_TYPES)}.")
        if kind == "enum" and not options:
            errors.setdefault(key, []).append("An enum attribute needs at least one option.")
        definitions.append(AttributeDefinition(name, str(item.get("label") or name), kind,
                                               bool(item.get("required")), options))
    if errors:
        raise InvalidValues("The attribute definitions were refused; correct the marked ones.", errors)
    return definitions


def coerce_attribute(definition: AttributeDefinition, value: Any) -> Any:
    """Return a value in its stored form (None for empty); raise ValueError with a sentence if it does not fit."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = value.strip() if isinstance(value, str) else value
    if definition.type == "integer":
        if isinstance(text, bool) or not isinstance(text, int | str):
            raise ValueError(f"{definition.label} must be a whole number.")
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{definition.label} must be a whole number.") from None
    if definition.type == "boolean":
        if isinstance(text, bool):
            return text
        if str(text).lower() in TRUE_WORDS + FALSE_WORDS:
            return str(text).lower() in TRUE_WORDS
        raise ValueError(f"{definition.label} must be true or false.")
    if definition.type == "date":
        try:
            return (text if isinstance(text, date) else date.fromisoformat(str(text))).isoformat()
        except ValueError:
            raise ValueError(f"{definition.label} must be a date written YYYY-MM-DD.") from None
    if definition.type == "enum" and str(text) not in definition.options:
        raise ValueError(f"{definition.label} must be one of: {', '.join(definition.options)}.")
    if len(str(text)) > CI_ATTRIBUTE_MAX:
        raise ValueError(length_sentence(definition.label, CI_ATTRIBUTE_MAX, len(str(text))))
    return str(text)


def validate_attributes(definitions: list[AttributeDefinition], values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the attributes in stored form, without empty ones; raise InvalidValues naming each bad one."""
    errors: dict[str, list[str]] = {}
    known = {d.name: d for d in definitions}
    for name in values:
        if name not in known:
            errors[f"attributes.{name}"] = [f"This CI type has no attribute '{name}'."]
    result: dict[str, Any] = {}
    for definition in definitions:
        try:
            value = coerce_attribute(definition, values.get(definition.name))
        except ValueError as error:
            errors[f"attributes.{definition.name}"] = [str(error)]
            continue
        if value is None and definition.required:
            errors[f"attributes.{definition.name}"] = [f"{definition.label} is required."]
        elif value is not None:
            result[definition.name] = value
    if errors:
        raise InvalidValues("The configuration item was refused; correct the marked fields.", errors)
    return result


def validate_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return name, owner_group, location and status cleaned; raise InvalidValues naming each bad one."""
    cleaned = {field: (str(values.get(field) or "").strip() or None) for field in CI_FIELDS}
    errors: dict[str, list[str]] = {}
    if not cleaned["name"] or len(cleaned["name"]) > CI_NAME_MAX:
        errors["name"] = [f"A configuration item needs a name of 1 to {CI_NAME_MAX} characters."]
    if cleaned["owner_group"] and len(cleaned["owner_group"]) > 80:
        errors["owner_group"] = ["An owner group name has at most 80 characters."]
    if cleaned["location"] and len(cleaned["location"]) > CI_NAME_MAX:
        errors["location"] = [f"A location has at most {CI_NAME_MAX} characters."]
    if cleaned["status"] not in CI_STATUSES:
        errors["status"] = [f"The status must be one of: {', '.join(CI_STATUSES)}."]
    if errors:
        raise InvalidValues("The configuration item was refused; correct the marked fields.", errors)
    return cleaned
