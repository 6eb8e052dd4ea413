"""Camunda's typed variables, {"name": {"value": ..., "type": "String", "valueInfo": {}}}, read and written.

Read: String, Integer, Short, Long, Double, Boolean, Json, Date and Null become plain values (a Json
value is parsed; a Date becomes an ISO 8601 text with its offset, as FlowDesk's date fields store
them). Object, Bytes, File and Xml are refused: they carry Java serialisations or binaries FlowDesk
does not keep. Written: each value gets the type Camunda would give it (a date stays a String).
"""
import json
import math
from datetime import datetime
from typing import Any

from app.engine_rest.errors import bad_request

INT_RANGE = (-(2**31), 2**31 - 1)
LONG_RANGE = (-(2**63), 2**63 - 1)
SUPPORTED = ("String", "Integer", "Short", "Long", "Double", "Boolean", "Json", "Date", "Null")


def read_variables(typed: Any, where: str = "variables") -> dict[str, Any]:
    """Return the plain values of a map of Camunda typed variables; raise a 400 RestError naming what is wrong."""
    if typed is None:
        return {}
    if not isinstance(typed, dict):
        raise bad_request(f"'{where}' must be an object of variables, each {{\"value\": ..., \"type\": ...}}.")
    return {name: read_variable(name, entry, where) for name, entry in typed.items()}


def read_variable(name: str, entry: Any, where: str) -> Any:
    """Return the plain value of one typed variable."""
    if not isinstance(entry, dict):
        raise bad_request(f"The variable '{name}' in '{where}' must be an object {{\"value\": ..., \"type\": ...}}.")
    kind = str(entry.get("type") or infer_type(entry.get("value")))
    kind = kind[:1].upper() + kind[1:]  # Camunda reads "string" as "String"
    value = entry.get("value")
    if kind not in SUPPORTED:
        raise bad_request(f"The variable '{name}' has the type '{kind}', which FlowDesk does not keep; use one of "
                          f"{', '.join(SUPPORTED)} (serialised Java objects, bytes and files are refused).")
    if value is None or kind == "Null":
        return None
    try:
        return READERS[kind](value)
    except (TypeError, ValueError) as error:
        raise bad_request(f"The variable '{name}' is not a valid {kind}: {error}") from error


def as_string(value: Any) -> str:
    """Read a String."""
    if not isinstance(value, str):
        raise TypeError(f"expected a text, got {json.dumps(value)}")
    return value


def as_integer(bounds: tuple[int, int]) -> Any:
    """Return a reader of whole numbers within bounds (a text of digits is accepted, as Camunda accepts it)."""
    def read(value: Any) -> int:
        if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
            raise TypeError(f"expected a whole number, got {json.dumps(value)}")
        number = int(value)
        if not bounds[0] <= number <= bounds[1]:
            raise ValueError(f"{number} is out of range ({bounds[0]} to {bounds[1]})")
        return number
    return read


def as_double(value: Any) -> float:
    """Read a Double (a finite number)."""
    if isinstance(value, bool):
        raise TypeError("expected a number, got a boolean")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("it must be a finite number")
    return number


def as_boolean(value: Any) -> bool:
    """Read a Boolean (true/false, or their texts)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise TypeError(f"expected true or false, got {json.dumps(value)}")


def as_json(value: Any) -> Any:
    """Read a Json value: Camunda sends it as a JSON text; an object or list given directly is taken as it is."""
    return json.loads(value) if isinstance(value, str) else value


def as_date(value: Any) -> str:
    """Read a Date (Camunda's yyyy-MM-dd'T'HH:mm:ss.SSSZ, or ISO 8601) into an ISO 8601 text."""
    moment = datetime.fromisoformat(as_string(value))
    return moment.isoformat()


READERS = {
    "String": as_string, "Integer": as_integer(INT_RANGE), "Short": as_integer((-(2**15), 2**15 - 1)),
    "Long": as_integer(LONG_RANGE), "Double": as_double, "Boolean": as_boolean, "Json": as_json, "Date": as_date,
}


def infer_type(value: Any) -> str:
    """Return the Camunda type of a plain value."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer" if INT_RANGE[0] <= value <= INT_RANGE[1] else "Long"
    if isinstance(value, float):
        return "Double"
    if isinstance(value, str):
        return "String"
    return "Json"


def write_variables(values: dict[str, Any], names: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Return plain values as Camunda typed variables (only `names`, those present, when given)."""
    chosen = values if names is None else {name: values[name] for name in names if name in values}
    return {name: write_variable(value) for name, value in chosen.items()}


def write_variable(value: Any) -> dict[str, Any]:
    """Return one plain value as a Camunda typed variable."""
    kind = infer_type(value)
    if kind == "Json":
        return {"value": json.dumps(value, default=str), "type": "Json", "valueInfo": {}}
    return {"value": value, "type": kind, "valueInfo": {}}
