"""Camunda's error shape, {"type": "...Exception", "message": "..."}, with Camunda's status codes, for every refusal."""
from flask import jsonify
from flask_limiter import RateLimitExceeded
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from app.platform.errors import (
    Conflict,
    InvalidValues,
    NotAllowed,
    NotFound,
    QueryTimedOut,
    ServiceError,
    StepFailed,
    TaskAlreadyFinished,
)
from app.web.shell.throttle import seconds_to_wait
from app.workflow.outside.messages import MismatchingMessage
from app.workflow.outside.signal_broadcast import SignalNotAwaited, SignalNotDelivered

REALM = 'Basic realm="FlowDesk engine-rest", charset="UTF-8"'

# FlowDesk's domain errors -> (status, Camunda exception type), as Camunda answers the same situation.
SERVICE_ERRORS: tuple[tuple[type[ServiceError], int, str], ...] = (
    (MismatchingMessage, 400, "RestException"),  # Camunda's MismatchingMessageCorrelationException
    (SignalNotAwaited, 500, "ProcessEngineException"),  # Camunda: an executionId not subscribed to the signal
    (SignalNotDelivered, 500, "ProcessEngineException"),  # a receiver failed: the broadcast was rolled back
    (NotFound, 404, "InvalidRequestException"),
    (NotAllowed, 403, "AuthorizationException"),
    (InvalidValues, 400, "InvalidRequestException"),
    (TaskAlreadyFinished, 404, "InvalidRequestException"),
    (Conflict, 400, "BadUserRequestException"),
    # Camunda answers 500; FlowDesk keeps the failed step's instance in needs_attention for an operator, which is
    # the instance's state, not a fault of the server (docs/camunda-compatibility.md).
    (StepFailed, 409, "ProcessEngineException"),
    (QueryTimedOut, 500, "ProcessEngineException"),
)


class RestError(Exception):
    """A refusal in Camunda's terms: an HTTP status, a Camunda exception type and a message a person can act on."""

    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message


def bad_request(message: str) -> RestError:
    """Return Camunda's 400 for a request whose content is wrong (InvalidRequestException)."""
    return RestError(400, "InvalidRequestException", message)


def camunda_error(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """Return one error response in Camunda's shape."""
    response = jsonify({"type": kind, "message": message})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def rest_error(error: RestError) -> Response:
    """Answer a RestError."""
    return camunda_error(error.status, error.kind, error.message)


def service_error(error: ServiceError) -> Response:
    """Answer a FlowDesk domain error with the status and type Camunda gives the same situation."""
    for error_class, status, kind in SERVICE_ERRORS:
        if isinstance(error, error_class):
            return camunda_error(status, kind, str(error))
    return camunda_error(500, "ProcessEngineException", str(error))


def http_error(error: HTTPException) -> Response:
    """Answer Flask's own refusals (unknown address, wrong method, unreadable JSON) in Camunda's shape."""
    kind = "RestException" if error.code in (404, 405) else "InvalidRequestException"
    if (error.code or 500) >= 500:
        kind = "ProcessEngineException"
    return camunda_error(error.code or 500, kind, error.description or error.name)


def unauthorized(message: str) -> Response:
    """Return the 401 with a basic challenge (bearer tokens are accepted as well)."""
    return camunda_error(401, "AuthenticationException", message,
                         {"WWW-Authenticate": f'{REALM}, Bearer realm="FlowDesk engine-rest"'})


def too_many_failures(_error: RateLimitExceeded) -> Response:
    """Answer a client throttled for failed sign-ins with the wait and a Retry-After header."""
    seconds = seconds_to_wait()
    return camunda_error(429, "AuthenticationException",
                         f"Too many failed sign-ins from this address. Try again in {seconds} seconds.",
                         {"Retry-After": str(seconds)})
