"""Instance endpoints: start a process, read an instance and its history."""
from typing import Any

from flask import url_for

from app.api.auth import api_actor, require
from app.api.problems import json_object_body
from app.organisation.policies import may_use_portal
from app.platform.errors import InvalidValues
from app.workflow.history import instance_stream, list_history
from app.workflow.instances import require_visible_instance, show_instance, start_instance
from app.workflow.runtime import current_runtime

START_MEMBERS = ("variables", "business_key")
MAX_BUSINESS_KEY_LENGTH = 100


def start(process_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Start the latest version of a process; answer 201 with the new instance and its address."""
    actor = require(may_use_portal, "start processes (it is for requesters)")
    variables, business_key = start_request(json_object_body())
    runtime = current_runtime()
    instance_id = start_instance(runtime, process_id, variables, business_key, actor.login)
    location = url_for("api.show_instance", instance_id=instance_id)
    return show_instance(runtime, instance_id).to_dict(), 201, {"Location": location}


def start_request(body: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Return the variables and business key of a start request; refuse other members and wrong types."""
    errors = {name: [f"'{name}' is not a member of a start request; send 'variables' and 'business_key'."]
              for name in body if name not in START_MEMBERS}
    variables = body.get("variables", {})
    if not isinstance(variables, dict):
        errors["variables"] = ["Send the variables as a JSON object of names and values."]
    business_key = body.get("business_key")
    if business_key is not None and not isinstance(business_key, str):
        errors["business_key"] = ["Send the business key as a string, or leave it out."]
    elif business_key is not None and len(business_key) > MAX_BUSINESS_KEY_LENGTH:
        errors["business_key"] = [f"The business key may be at most {MAX_BUSINESS_KEY_LENGTH} characters long."]
    if errors:
        details = " ".join(message for messages in errors.values() for message in messages)
        raise InvalidValues(f"The start request has errors: {details}", errors)
    return variables, business_key


def show(instance_id: int) -> dict[str, Any]:
    """Return an instance's status, version, variables, open tasks and waiting timers."""
    require_visible_instance(api_actor(), instance_id)
    return show_instance(current_runtime(), instance_id).to_dict()


def history(instance_id: int) -> dict[str, Any]:
    """Return an instance's history, oldest event first."""
    require_visible_instance(api_actor(), instance_id)
    events = [entry.to_dict() for entry in list_history(instance_stream(instance_id))]
    return {"instance_id": instance_id, "events": events}
