"""The OpenAPI 3.1 document of the API, made from the endpoints' declarations, and the endpoint that serves it."""
import copy
import functools
from typing import Any

from pydantic import RootModel

from app.api.contract import OPERATIONS, Success, endpoint, spec

PREFIX = "/api/v1"
PROBLEM_JSON = "application/problem+json"
DESCRIPTION = """\
FlowDesk's JSON API: work the task inbox, start processes and follow instances.

**Authentication.** Every endpoint but this document needs `Authorization: Bearer <token>`.
An administrator creates a token with `flowdesk tokens create LOGIN`. A session cookie from
the web pages does not authenticate the API. The token's user gets the same permissions as
on the pages: the inbox endpoints need the agent or approver role, starting a process the
requester role, and an instance is visible to whoever may see it on its page. The CMDB is read
by agents, managers, auditors and process owners and changed by agents; everyone reads published
knowledge articles, and agents and managers write drafts.

**Errors** are problem documents (RFC 9457, `application/problem+json`) with `type`, `title`,
`status` and `detail`: 400 a body that is not a JSON object, or a NUL character in the address
or body; 401 missing or invalid token; 403 not allowed; 404 unknown id; 409 the task was
already completed or cancelled (`task-already-finished`), the request does not fit the current
state (`conflict`), or the engine step failed on the server (`step-failed`: nothing of the step
was saved and the instance needs attention until someone fixes the cause and retries it;
`instance_id` names it); 422 refused values, with `errors` mapping each field or parameter to
its messages.

**Pagination.** Task lists are ordered by due time, soonest first, then the tasks without a due
time; pass a page's `next` value as `after` to get the following page; `next` is null on the
last page. Nothing counts the rows. The same goes for CIs, the impact view and articles.
"""
INFO = {"title": "FlowDesk API", "version": "1.0.0", "description": DESCRIPTION,
        "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}}
SECURITY_SCHEMES = {"bearerAuth": {"type": "http", "scheme": "bearer",
                                   "description": "A token from `flowdesk tokens create LOGIN`."}}
STRING = {"schema": {"type": "string"}}


class OpenApiDocument(RootModel[dict[str, Any]]):
    """An OpenAPI 3.1 document."""


@functools.cache
def document() -> dict[str, Any]:
    """Return the API's OpenAPI document, made once from the declarations of the API's endpoints."""
    made = copy.deepcopy(spec.spec)
    made.update({"info": INFO, "servers": [{"url": PREFIX}], "security": [{"bearerAuth": []}]})
    made["components"]["securitySchemes"] = SECURITY_SCHEMES
    made["paths"] = {path.removeprefix(PREFIX): finished(methods) for path, methods in made["paths"].items()}
    return made


def finished(methods: dict[str, Any]) -> dict[str, Any]:
    """Say what spectree does not of each operation: problem documents, response headers, optional bodies."""
    for operation in methods.values():
        extras = OPERATIONS[operation["operationId"]]
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                response["content"] = {PROBLEM_JSON: response["content"]["application/json"]}
        if "401" in operation["responses"]:
            operation["responses"]["401"]["headers"] = {
                "WWW-Authenticate": {"description": "The Bearer challenge.", **STRING}}
        if extras.location is not None:
            operation["responses"][str(extras.status)]["headers"] = {
                "Location": {"description": extras.location, **STRING}}
        if extras.raw_answer is not None:
            operation["responses"][str(extras.status)]["content"] = extras.raw_answer
        if extras.raw_body is not None:
            operation["requestBody"] = {"content": extras.raw_body}
        if "requestBody" in operation:
            operation["requestBody"]["required"] = extras.body_required
    return methods


@endpoint("openapi_document", "meta", Success(200, OpenApiDocument, "The OpenAPI document."), public=True)
def openapi_document() -> OpenApiDocument:
    """This document."""
    return OpenApiDocument(document())
