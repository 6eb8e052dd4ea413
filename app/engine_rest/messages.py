"""POST /engine-rest/message: Camunda's message correlation, through FlowDesk's one correlation use case."""
from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response

from app.engine_rest.auth import require
from app.engine_rest.bodies import flag, json_object, text
from app.engine_rest.definitions import instance_dto, instance_number
from app.engine_rest.errors import bad_request
from app.engine_rest.variables import read_variables, write_variables
from app.organisation.policies import Actor, may_send_messages
from app.wiring import current_runtime
from app.workflow.catalog import list_versions
from app.workflow.instances.lifecycle import show_visible_instance
from app.workflow.outside.messages import Correlation, Message, correlate_message

MEMBERS = ("messageName", "businessKey", "correlationKeys", "processVariables", "processInstanceId", "resultEnabled",
           "variablesInResultEnabled", "all", "tenantId", "withoutTenantId")


def deliver() -> Response:
    """Correlate a message: resume the one instance waiting for it, or start a process by it (204, or the result)."""
    actor = require(may_send_messages, "send messages to processes (it is for process owners)")
    body = json_object(MEMBERS)
    if flag(body, "all"):
        raise bad_request("FlowDesk correlates a message to exactly one instance or process; 'all': true is not "
                          "supported. Send one message per instance (narrow it with businessKey or correlationKeys).")
    if body.get("tenantId") is not None:
        raise bad_request("FlowDesk has no tenants; leave 'tenantId' out.")
    correlation = correlate_message(current_runtime(), actor, Message(
        str(text(body, "messageName", required=True)), text(body, "businessKey"),
        read_variables(body.get("correlationKeys"), "correlationKeys"),
        read_variables(body.get("processVariables"), "processVariables"),
        instance_number(body.get("processInstanceId"))))
    if not flag(body, "resultEnabled"):
        return Response(status=204)
    return jsonify([correlation_result(actor, correlation, flag(body, "variablesInResultEnabled"))])


def correlation_result(actor: Actor, correlation: Correlation, with_variables: bool) -> dict[str, Any]:
    """Return Camunda's MessageCorrelationResultWithVariableDto for where a message went."""
    details = show_visible_instance(current_runtime(), actor, correlation.instance_id)
    ended = details.summary.status in ("completed", "cancelled")
    result: dict[str, Any] = {"resultType": "ProcessDefinition" if correlation.started else "Execution",
                              "execution": None, "processInstance": None}
    if correlation.started:
        version = list_versions(details.summary.process_id, version=details.summary.version)[0]
        result["processInstance"] = instance_dto(correlation.instance_id, version, details.summary.business_key, ended)
    else:
        result["execution"] = {"id": str(correlation.instance_id), "processInstanceId": str(correlation.instance_id),
                               "ended": ended, "tenantId": None}
    if with_variables:
        result["variables"] = write_variables(details.variables)
    return result
