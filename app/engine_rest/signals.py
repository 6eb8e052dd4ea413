"""POST /engine-rest/signal: Camunda's signal broadcast, through FlowDesk's one broadcast use case."""
from werkzeug.wrappers import Response

from app.engine_rest.auth import require
from app.engine_rest.bodies import flag, json_object, text
from app.engine_rest.definitions import instance_number
from app.engine_rest.errors import bad_request
from app.engine_rest.variables import read_variables
from app.organisation.policies import may_broadcast_signals
from app.wiring import current_runtime
from app.workflow.outside.signal_broadcast import Signal, broadcast_signal

MEMBERS = ("name", "executionId", "variables", "tenantId", "withoutTenantId")


def throw() -> Response:
    """Broadcast a signal to every instance waiting for it and start every process that starts by it (204).

    executionId (a FlowDesk instance id) sends it to that instance only, which must wait for it.
    """
    actor = require(may_broadcast_signals, "broadcast signals (it is for process owners)")
    body = json_object(MEMBERS)
    if body.get("tenantId") is not None:
        raise bad_request("FlowDesk has no tenants; leave 'tenantId' out.")
    flag(body, "withoutTenantId")  # every FlowDesk process belongs to no tenant: true changes nothing
    broadcast_signal(current_runtime(), actor, Signal(
        str(text(body, "name", required=True)), read_variables(body.get("variables"), "variables"),
        instance_number(body.get("executionId"), "executionId")))
    return Response(status=204)
