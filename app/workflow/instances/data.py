"""What of an instance's variables and history a reader gets, once the rule of who reads which is known.

The rule itself (which variables a reader may read) belongs to the domain whose records the instance
serves; the app factory hands it to the Runtime (instance_data_rule). Here it is only applied.
"""
from collections.abc import Callable, Mapping
from typing import Any

from app.organisation.policies import Actor

# The rule: given the reader and the fields of the forms drawn for the requester (computed on demand),
# return the names of the variables the reader reads, or None when they read every one.
InstanceDataRule = Callable[[Actor, Callable[[], frozenset[str]]], frozenset[str] | None]

# History data that says only what happened to which step, never what someone wrote.
PLAIN_EVENT_KEYS = frozenset({"task_id", "name", "process_id", "version", "business_key", "from", "to", "flows",
                              "targets", "action"})
# An intervention's before and after: a status or a number of retries, or the value of the variable it names.
INTERVENTION_KEYS = frozenset({"variable", "before", "after"})
# History data holding variables by name: only the visible ones are kept.
VARIABLE_EVENT_KEYS = frozenset({"variables", "changed", "previous", "deadlines"})


def instance_data_not_wired(actor: Actor, requester_fields: Callable[[], frozenset[str]]) -> frozenset[str] | None:
    """Refuse to show instance data through a Runtime built without the rule of who reads what."""
    raise RuntimeError("This Runtime was built without the rule of who reads an instance's data; build it as "
                       "create_app does (instance_data_rule=visible_instance_variables).")


def visible_variables(variables: Mapping[str, Any], visible: frozenset[str] | None) -> dict[str, Any]:
    """Return the variables the reader reads (visible as the rule returned it; None for all)."""
    if visible is None:
        return dict(variables)
    return {name: value for name, value in variables.items() if name in visible}


def visible_event_data(data: Mapping[str, Any], visible: frozenset[str] | None) -> dict[str, Any]:
    """Return the part of a history event's data the reader reads: which step, and the visible variables only.

    Free text (a reassignment's reason, a handler's message, a failure) is staff data.
    """
    if visible is None:
        return dict(data)
    shown: dict[str, Any] = {}
    for key, value in data.items():
        if key in PLAIN_EVENT_KEYS:
            shown[key] = value
        elif key in VARIABLE_EVENT_KEYS and isinstance(value, Mapping):
            shown[key] = visible_variables(value, visible)
        elif key in INTERVENTION_KEYS and intervention_readable(data, visible):
            shown[key] = value
    return shown


def intervention_readable(data: Mapping[str, Any], visible: frozenset[str]) -> bool:
    """Say whether an intervention's before and after are readable: always, unless they are a hidden variable's."""
    return "variable" not in data or data["variable"] in visible
