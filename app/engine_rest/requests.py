"""Reading /engine-rest request bodies and queries: each field checked, each refusal a 400 naming the field."""
from datetime import UTC, datetime
from typing import Any

from flask import request

from app.engine_rest.errors import bad_request


def json_body() -> dict[str, Any]:
    """Return the request's JSON object (an empty body is an empty object); refuse anything else."""
    if not request.get_data(cache=True):
        return {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object, sent with 'Content-Type: application/json'.")
    if holds_nul(body):
        raise bad_request("The request contains a NUL character, which FlowDesk cannot store; remove it.")
    return body


def holds_nul(value: Any) -> bool:
    """Say whether a parsed JSON value holds a NUL character in any text, key or value (PostgreSQL cannot store one)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False


def text(body: dict[str, Any], name: str, required: bool = False) -> str | None:
    """Return a text field (None when absent and not required)."""
    value = body.get(name)
    if value is None:
        if required:
            raise bad_request(f"'{name}' is required: give it as a text.")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise bad_request(f"'{name}' must be a non-empty text, not {value!r}.")
    return value


def whole_number(body: dict[str, Any], name: str, default: int | None = None, minimum: int = 0,
                 maximum: int | None = None) -> int:
    """Return a whole-number field within bounds (the default when absent; required when there is none)."""
    value = body.get(name)
    if value is None:
        if default is None:
            raise bad_request(f"'{name}' is required: give it as a whole number.")
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"'{name}' must be a whole number, not {value!r}.")
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise bad_request(f"'{name}' must be at least {minimum}{upper}; it is {value}.")
    return value


def flag(body: dict[str, Any], name: str, default: bool = False) -> bool:
    """Return a true/false field."""
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise bad_request(f"'{name}' must be true or false, not {value!r}.")
    return value


def names(body: dict[str, Any], name: str) -> tuple[str, ...] | None:
    """Return a list-of-texts field (None when absent)."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise bad_request(f"'{name}' must be a list of texts, not {value!r}.")
    return tuple(value)


def refuse_unsupported(body: dict[str, Any], supported: frozenset[str], where: str) -> None:
    """Refuse a field FlowDesk does not support when it asks for something (null, false and [] ask for nothing)."""
    for name, value in body.items():
        if name not in supported and value not in (None, False, [], {}, ""):
            raise bad_request(f"'{name}' in {where} is not supported by FlowDesk (docs/camunda-compatibility.md "
                              f"lists what is); leave it out.")


def query_flag(name: str) -> bool | None:
    """Return a true/false query parameter (None when absent)."""
    value = request.args.get(name)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise bad_request(f"The query parameter '{name}' must be true or false, not '{value}'.")
    return value == "true"


def query_number(name: str, default: int, maximum: int) -> int:
    """Return a whole-number query parameter within 0..maximum."""
    value = request.args.get(name)
    if value is None:
        return default
    if not value.isdigit() or int(value) > maximum:
        raise bad_request(f"The query parameter '{name}' must be a whole number from 0 to {maximum}, not '{value}'.")
    return int(value)


def camunda_date(moment: datetime | None) -> str | None:
    """Return a moment in Camunda's date format, yyyy-MM-dd'T'HH:mm:ss.SSSZ, in UTC."""
    if moment is None:
        return None
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"
