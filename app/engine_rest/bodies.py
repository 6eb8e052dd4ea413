"""Reading Camunda request bodies and query strings: a JSON object, with every member known (none ignored)."""
from collections.abc import Collection
from typing import Any

from flask import request

from app.engine_rest.errors import bad_request


def json_object(known: Collection[str]) -> dict[str, Any]:
    """Return the request's JSON object; a 400 naming what is wrong when it is not one or has unknown members."""
    body = request.get_json(silent=True) if request.content_length else {}
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object (Content-Type: application/json).")
    refuse_unknown(body, known, "member")
    return body


def query_values(known: Collection[str]) -> dict[str, str]:
    """Return the query string's parameters; a 400 naming any FlowDesk does not support."""
    values = request.args.to_dict()
    refuse_unknown(values, known, "query parameter")
    return values


def refuse_unknown(given: Collection[str], known: Collection[str], what: str) -> None:
    """Refuse members FlowDesk does not support, naming them and the supported ones."""
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise bad_request(f"FlowDesk does not support the {what}(s) {', '.join(unknown)} here; supported: "
                          f"{', '.join(sorted(known))} (see docs/camunda-compatibility.md).")


def flag(body: dict[str, Any], name: str) -> bool:
    """Return a boolean member (absent: false); a 400 when it is not true or false."""
    value = body.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise bad_request(f"'{name}' must be true or false.")
    return value


def text(body: dict[str, Any], name: str, required: bool = False) -> str | None:
    """Return a text member; a 400 when it is not a text, or is missing and required."""
    value = body.get(name)
    if value is None:
        if required:
            raise bad_request(f"'{name}' is required.")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise bad_request(f"'{name}' must be a non-empty text.")
    return value


def whole_number(value: str | None, name: str, default: int) -> int:
    """Return a query parameter as a whole number of at least 0; a 400 otherwise."""
    if value is None or value == "":
        return default
    if not value.isdigit():
        raise bad_request(f"The query parameter '{name}' must be a whole number of 0 or more.")
    return int(value)
