"""Process definitions and instances in Camunda's shape; FlowDesk's ids written and read the way Camunda names them.

A process definition's id is "<process id>:<version>" (Camunda writes "<key>:<version>:<uuid>"; clients
treat it as opaque), its deployment id the SHA-256 of the file it came from, and a process instance's
id (and the id of its one execution) FlowDesk's instance number as text.
"""
from typing import Any

from app.engine_rest.errors import RestError
from app.workflow.catalog import VersionSummary, list_versions


def definition_id(process_id: str, version: int) -> str:
    """Return the Camunda id of a process version."""
    return f"{process_id}:{version}"


def definition_dto(version: VersionSummary) -> dict[str, Any]:
    """Return a process version as Camunda's ProcessDefinitionDto."""
    return {
        "id": definition_id(version.process_id, version.version), "key": version.process_id, "category": None,
        "description": None, "name": version.name, "version": version.version, "resource": version.file_name,
        "deploymentId": version.content_hash, "diagram": None, "suspended": False, "tenantId": None,
        "versionTag": None, "historyTimeToLive": None, "startableInTasklist": True,
    }


def find_version(camunda_id: str) -> VersionSummary:
    """Return the process version a Camunda definition id names; Camunda's 404 when it names none."""
    process_id, _, number = camunda_id.rpartition(":")
    found = list_versions(process_id, version=int(number)) if number.isdigit() and process_id else []
    if not found:
        raise RestError(404, "InvalidRequestException",
                        f"No process definition has the id '{camunda_id}'; FlowDesk's ids are '<key>:<version>' "
                        "(GET /engine-rest/process-definition lists them).")
    return found[0]


def latest_version(key: str) -> VersionSummary:
    """Return the latest version of a process by key; Camunda's 404 when none is deployed."""
    found = list_versions(key, latest_only=True)
    if not found:
        raise RestError(404, "InvalidRequestException",
                        f"No matching process definition with key: {key} (deploy it first).")
    return found[0]


def instance_dto(instance_id: int, version: VersionSummary, business_key: str | None, ended: bool) -> dict[str, Any]:
    """Return a process instance as Camunda's ProcessInstanceDto."""
    return {"links": [], "id": str(instance_id), "definitionId": definition_id(version.process_id, version.version),
            "businessKey": business_key, "caseInstanceId": None, "ended": ended, "suspended": False,
            "tenantId": None}


def instance_number(camunda_id: str | None, what: str = "processInstanceId") -> int | None:
    """Return the FlowDesk instance a Camunda process instance id names (None when none is given)."""
    if camunda_id is None:
        return None
    if not isinstance(camunda_id, str) or not camunda_id.isdigit() or int(camunda_id) >= 2**31:
        raise RestError(400, "InvalidRequestException",
                        f"'{what}' must be a FlowDesk instance id (a whole number as text), not {camunda_id!r}.")
    return int(camunda_id)
