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
from app.engine_rest import auth, errors, external_tasks
from app.platform.errors import ServiceError
from app.web.shell.throttle import throttled

CAMUNDA_VERSION = "7.24.0"  # the Camunda 7 REST API whose subset this is


def version() -> Response:
    """Answer GET /version as Camunda does, naming the API version this subset follows."""
    return jsonify({"version": CAMUNDA_VERSION})


# (rule, method, endpoint, view); every route also needs its line in tests/security/route_matrix.py.
ROUTES: list[tuple[str, str, str, Callable[..., Any]]] = [
    ("/version", "GET", "version", version),
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
