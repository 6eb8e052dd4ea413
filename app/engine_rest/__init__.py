"""The Camunda 7-compatible subset of its REST API at /engine-rest, so Camunda's own clients work unchanged.

Bearer tokens or HTTP basic (app/engine_rest/auth.py), Camunda's error shape (errors.py) and typed
variables (variables.py) are shared by every endpoint; docs/camunda-compatibility.md lists what is
supported, field by field, and what is refused and why.
"""
from collections.abc import Callable
from typing import Any

from flask import Blueprint, jsonify
from flask_limiter import RateLimitExceeded
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from app.api import in_english
from app.engine_rest import (
    auth,
    deployments,
    errors,
    external_task_reads,
    external_tasks,
    messages,
    processes,
    signals,
    tasks,
)
from app.platform.errors import ServiceError
from app.web.shell.throttle import throttled

CAMUNDA_VERSION = "7.24.0"  # the Camunda 7 REST API whose subset this is


def version() -> Response:
    """Answer GET /version as Camunda does, naming the API version this subset follows."""
    return jsonify({"version": CAMUNDA_VERSION})


# (rule, method, endpoint, view); every route also needs its line in tests/security/route_matrix.py.
ROUTES: list[tuple[str, str, str, Callable[..., Any]]] = [
    ("/version", "GET", "version", version),
    ("/message", "POST", "message", messages.deliver),
    ("/signal", "POST", "signal", signals.throw),
    ("/deployment", "GET", "deployments", deployments.list_deployments),
    ("/deployment/create", "POST", "create_deployment", deployments.create),
    ("/process-definition", "GET", "process_definitions", processes.list_definitions),
    ("/process-definition/key/<key>", "GET", "process_definition_by_key", processes.definition_by_key),
    ("/process-definition/key/<key>/start", "POST", "start_by_key", processes.start_by_key),
    ("/process-definition/<definition_id>/start", "POST", "start_by_id", processes.start_by_id),
    ("/task", "GET", "tasks", tasks.list_tasks),
    ("/task/<task_id>/claim", "POST", "claim_task", tasks.claim),
    ("/task/<task_id>/unclaim", "POST", "unclaim_task", tasks.unclaim),
    ("/task/<task_id>/complete", "POST", "complete_task", tasks.complete),
    ("/task/<task_id>/form-variables", "GET", "task_form_variables", tasks.form_variables),
    *external_task_reads.ROUTES,
    *external_tasks.ROUTES,
]


def create_blueprint() -> Blueprint:
    """Build the /engine-rest blueprint: routes, credentials (throttled like the sign-in page), Camunda's errors."""
    blueprint = Blueprint("engine_rest", __name__, url_prefix="/engine-rest")
    for rule, method, endpoint, view in ROUTES:
        blueprint.add_url_rule(rule, endpoint, in_english(view), methods=[method])
    blueprint.before_request(auth.authenticate)
    blueprint.register_error_handler(errors.RestError, errors.rest_error)
    blueprint.register_error_handler(ServiceError, errors.service_error)
    blueprint.register_error_handler(RateLimitExceeded, errors.too_many_failures)
    blueprint.register_error_handler(HTTPException, errors.http_error)
    return throttled()(blueprint)


blueprint = create_blueprint()
