"""Refused requests in the API's words: a request model's validation errors as InvalidValues naming each member."""
import functools
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from app.api.schemas.common import Hint, QueryParameters
from app.platform.errors import InvalidValues

KINDS = {"string": "a string", "int": "a whole number", "float": "a number", "bool": "true or false",
         "dict": "a JSON object", "list": "a list", "model": "a JSON object"}
RANGE_ERRORS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal"})
MODELS: dict[str, type[BaseModel]] = {}


def register_model(model: type[BaseModel]) -> None:
    """Remember a request model by name, so that its errors can be explained with its fields."""
    MODELS[model.__name__] = model


def refuse_invalid_request(request: Any, response: Any, error: Exception | None, instance: Any,
                           adapter: Any) -> None:
    """Turn a request model's validation error into InvalidValues, before the endpoint runs (spectree's hook)."""
    if not isinstance(error, ValidationError):
        return
    model = MODELS.get(error.title)
    messages: dict[str, list[str]] = {}
    for detail in error.errors(include_url=False):
        name = str(detail["loc"][0]) if detail["loc"] else "body"
        sentence = refusal_sentence(detail, name, model)
        if sentence not in messages.setdefault(name, []):
            messages[name].append(sentence)
    details = " ".join(sentence for sentences in messages.values() for sentence in sentences)
    raise InvalidValues(f"The request has errors: {details}", messages)


def refusal_sentence(detail: ErrorDetails, name: str, model: type[BaseModel] | None) -> str:
    """Say what was wrong with one member and what to send instead."""
    kind = detail["type"]
    query = model is not None and issubclass(model, QueryParameters)
    if kind == "missing":
        return f"Send '{name}'."
    if kind == "extra_forbidden":
        return unknown_member_sentence(name, model, query)
    hint = field_hint(model, name)
    if hint is not None:
        return hint
    schema = field_schema(model, name)
    if kind == "literal_error":
        return f"Unknown {name} '{detail['input']}'; use one of {', '.join(map(str, choices_of(schema)))}."
    if kind in ("string_too_short", "string_too_long"):
        return length_sentence(name, schema)
    expected = kind.split("_")[0]
    if kind in RANGE_ERRORS or (expected in ("int", "float") and ("minimum" in schema or "maximum" in schema)):
        return range_sentence(name, schema)
    if expected in KINDS and kind.endswith(("_type", "_parsing", "_from_float")):
        nullable = " or null" if allows_null(model, name) and not query else ""
        return f"Send '{name}' as {KINDS[expected]}{nullable}."
    message = detail["msg"]
    return message if message.endswith(".") else f"'{name}': {message}."  # our own validators speak in sentences


def unknown_member_sentence(name: str, model: type[BaseModel] | None, query: bool) -> str:
    """Name the members or parameters there are, for one that is not."""
    known = ", ".join(model.model_fields) if model is not None else ""
    if query:
        return f"There is no parameter {name} here; use {known}."
    return f"'{name}' is not a member of this request; send only {known}."


def field_hint(model: type[BaseModel] | None, name: str) -> str | None:
    """Return the Hint a member declares, if any."""
    field = model.model_fields.get(name) if model is not None else None
    if field is None:
        return None
    return next((item.sentence for item in field.metadata if isinstance(item, Hint)), None)


@functools.cache
def properties_of(model: type[BaseModel]) -> dict[str, Any]:
    """Return the JSON Schema properties of a request model (computed once)."""
    properties: dict[str, Any] = model.model_json_schema().get("properties", {})
    return properties


def field_schema(model: type[BaseModel] | None, name: str) -> dict[str, Any]:
    """Return the JSON Schema of one member, with a nullable member's non-null branch merged in."""
    schema: dict[str, Any] = properties_of(model).get(name, {}) if model is not None else {}
    for branch in schema.get("anyOf", []):
        if branch.get("type") != "null":
            schema = {**branch, **{key: value for key, value in schema.items() if key != "anyOf"}}
    return schema


def choices_of(schema: dict[str, Any]) -> list[Any]:
    """Return the values an enumerated member takes."""
    if "enum" in schema:
        return list(schema["enum"])
    return list(schema.get("items", {}).get("enum", []))


def allows_null(model: type[BaseModel] | None, name: str) -> bool:
    """Say whether a member may be sent as null."""
    schema = properties_of(model).get(name, {}) if model is not None else {}
    return any(branch.get("type") == "null" for branch in schema.get("anyOf", []))


def range_sentence(name: str, schema: dict[str, Any]) -> str:
    """Say which numbers a member takes."""
    low, high = schema.get("minimum"), schema.get("maximum")
    kind = "a whole number" if schema.get("type") == "integer" else "a number"
    if low is not None and high is not None:
        return f"Send '{name}' as {kind} from {low} to {high}."
    if low is not None:
        return f"Send '{name}' as {kind} of at least {low}."
    return f"Send '{name}' as {kind} of at most {high}."


def length_sentence(name: str, schema: dict[str, Any]) -> str:
    """Say how long a member's text may be."""
    low, high = schema.get("minLength"), schema.get("maxLength")
    if high is None:
        return f"Send '{name}' with at least {low} characters."
    return f"Send '{name}' with {low or 0} to {high} characters."
