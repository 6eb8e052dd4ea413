"""Process definitions: list them, read the latest by key, and start an instance (by key, or by a version's id)."""
from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response

from app.engine_rest.auth import require
from app.engine_rest.bodies import flag, json_object, query_values, text
from app.engine_rest.definitions import definition_dto, find_version, instance_dto, latest_version
from app.engine_rest.errors import bad_request
from app.engine_rest.variables import read_variables, write_variables
from app.organisation.policies import Actor, may_list_processes, may_set_process_variables, may_use_portal
from app.wiring import current_runtime
from app.workflow.catalog import VersionSummary, list_versions
from app.workflow.instances.lifecycle import show_visible_instance, start_instance

START_MEMBERS = ("variables", "businessKey", "withVariablesInReturn")
LISTERS = (may_list_processes, "read the deployed processes")
STARTERS = (may_use_portal, "start processes (it is for requesters)")


def list_definitions() -> Response:
    """Answer GET /process-definition: every version, or filtered by key and latestVersion."""
    require(*LISTERS)
    values = query_values(("key", "latestVersion"))
    latest = values.get("latestVersion", "false").lower()
    if latest not in ("true", "false"):
        raise bad_request("The query parameter 'latestVersion' must be true or false.")
    versions = list_versions(values.get("key") or None, latest_only=latest == "true")
    return jsonify([definition_dto(version) for version in versions])


def definition_by_key(key: str) -> Response:
    """Answer GET /process-definition/key/{key}: the latest version of a process."""
    require(*LISTERS)
    return jsonify(definition_dto(latest_version(key)))


def start_by_key(key: str) -> Response:
    """Answer POST /process-definition/key/{key}/start: start the latest version with typed variables."""
    actor = require(*STARTERS)
    return start(actor, latest_version(key))


def start_by_id(definition_id: str) -> Response:
    """Answer POST /process-definition/{id}/start (what the Modeler calls after deploying): start that version."""
    actor = require(*STARTERS)
    version = find_version(definition_id)
    if version.version != latest_version(version.process_id).version:
        by_key = f"/engine-rest/process-definition/key/{version.process_id}/start"
        raise bad_request(f"FlowDesk starts the latest version of a process only; '{definition_id}' is an older "
                          f"version. Start by key: POST {by_key}.")
    return start(actor, version)


def start(actor: Actor, version: VersionSummary) -> Response:
    """Start an instance of the latest version with the body's businessKey and variables; answer Camunda's instance."""
    body = json_object(START_MEMBERS)
    runtime = current_runtime()
    instance_id = start_instance(runtime, version.process_id, read_variables(body.get("variables")),
                                 text(body, "businessKey"), actor.login,
                                 more_variables=may_set_process_variables(actor))
    details = show_visible_instance(runtime, actor, instance_id)
    version = list_versions(version.process_id, version=details.summary.version)[0]  # the one that started
    answer: dict[str, Any] = instance_dto(instance_id, version, details.summary.business_key,
                                          details.summary.status in ("completed", "cancelled"))
    if flag(body, "withVariablesInReturn"):
        answer["variables"] = write_variables(details.variables)
    return jsonify(answer)
