"""Problem documents (RFC 9457) for the API: domain errors and refused requests as application/problem+json."""
import json
from typing import Any

from flask import jsonify, request
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
from app.workflow.outside.messages import MismatchingMessage
from app.workflow.studio.drafts import DraftChanged

PROBLEM_BASE = "urn:flowdesk:problem:"
# The most specific class wins: the lookup walks the error's class hierarchy.
SERVICE_PROBLEMS: dict[type[ServiceError], tuple[int, str, str]] = {
    NotFound: (404, "not-found", "Not found"),
    NotAllowed: (403, "not-allowed", "Not allowed"),
    TaskAlreadyFinished: (409, "task-already-finished", "Task already finished"),
    InvalidValues: (422, "invalid-values", "Invalid values"),
    Conflict: (409, "conflict", "Conflict"),
    # The request was sound, but the instance's engine step failed on the server: nothing of the step
    # was saved and the instance now waits in needs_attention until someone fixes the cause and retries.
    # 409, not 5xx: repeating the request cannot help until the instance's state changes.
    StepFailed: (409, "step-failed", "Step failed"),
    # A statement ran past the request's deadline (app.platform.deadlines): nothing was saved; a narrower
    # request, or the same one when the database is less busy, gets through.
    # Camunda's MismatchingMessageCorrelationException: no instance or process, or several, match a message.
    MismatchingMessage: (400, "mismatching-message", "Message not correlated"),
    QueryTimedOut: (503, "query-timed-out", "Query timed out"),
    ServiceError: (400, "refused", "Request refused"),  # any future domain error not mapped above
}
JSON_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}


class Problem(Exception):
    """A refusal the API answers with a problem document."""

    def __init__(self, status: int, slug: str, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.extra = extra


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response:
    """Return the application/problem+json response of a problem."""
    body = {"type": PROBLEM_BASE + problem.slug, "title": problem.title, "status": problem.status,
            "detail": problem.detail, **problem.extra}
    response = jsonify(body)
    response.status_code = problem.status
    response.mimetype = "application/problem+json"
    response.headers.update(headers or {})
    return response


def service_problem(error: ServiceError) -> Response:
    """Answer a domain error with its status code and the service's own sentence."""
    status, slug, title = next(SERVICE_PROBLEMS[cls] for cls in type(error).__mro__ if cls in SERVICE_PROBLEMS)
    extra: dict[str, Any] = {}
    if isinstance(error, InvalidValues):
        extra["errors"] = error.errors
    if isinstance(error, StepFailed):
        extra["instance_id"] = error.instance_id
    if isinstance(error, MismatchingMessage):
        extra["matches"] = error.matches
    if isinstance(error, DraftChanged):
        extra.update(saved_by=error.current.saved_by, saved_at=error.current.saved_at.isoformat(),
                     version=error.current.version)
    return problem_response(Problem(status, slug, title, str(error), **extra))


def refuse_nul_characters() -> None:
    """Refuse a path or query that holds a NUL character: PostgreSQL cannot store or compare one."""
    texts = [request.path, *request.args.keys(), *request.args.values()]
    if any("\x00" in text for text in texts):
        raise nul_problem("The address")


def nul_problem(where: str) -> Problem:
    """Return the 400 problem for text with a NUL character."""
    return Problem(400, "nul-character", "NUL character",
                   f"{where} contains a NUL character (\\u0000), which FlowDesk cannot store. Remove it.")


def contains_nul(value: Any) -> bool:
    """Say whether a JSON value holds a NUL character in any string or key."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


def json_object_body() -> dict[str, Any]:
    """Return the request body as a JSON object (an empty body is an empty object); refuse anything else."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deeply to parse
        raise Problem(400, "malformed-json", "Malformed JSON",
                      f"The request body is not valid JSON ({exc}). Send a JSON object.") from exc
    if not isinstance(body, dict):
        raise Problem(400, "malformed-json", "Malformed JSON",
                      f"The request body is a JSON {JSON_TYPES.get(type(body), 'value')}, not an object. "
                      "Send a JSON object.")
    if contains_nul(body):
        raise nul_problem("The request body")
    return body
