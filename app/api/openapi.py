"""The OpenAPI 3.1 document of the API, written out by hand, and the endpoint that serves it."""
from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response

PROBLEM_JSON = "application/problem+json"
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_MOMENT = {"type": ["string", "null"], "format": "date-time"}
MOMENT = {"type": "string", "format": "date-time"}
INSTANCE_STATUSES = ["running", "completed", "cancelled", "needs_attention"]

DESCRIPTION = """\
FlowDesk's JSON API: work the task inbox, start processes and follow instances.

**Authentication.** Every endpoint but this document needs `Authorization: Bearer <token>`.
An administrator creates a token with `flowdesk tokens create LOGIN`. A session cookie from
the web pages does not authenticate the API. The token's user gets the same permissions as
on the pages: the inbox endpoints need the agent or approver role, starting a process the
requester role, and an instance is visible to whoever may see it on its page.

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
last page. Nothing counts the rows.
"""


def problem_response(description: str, schema: str = "Problem") -> dict[str, Any]:
    """Describe an error response that carries a problem document."""
    return {"description": description,
            "content": {PROBLEM_JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def json_response(description: str, schema: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    """Describe a JSON success response."""
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    response: dict[str, Any] = {"description": description, "content": content}
    if headers:
        response["headers"] = headers
    return response


def refusals(*statuses: str) -> dict[str, Any]:
    """Return references to the shared error responses, by status code."""
    return {status: {"$ref": f"#/components/responses/{ERROR_RESPONSES[status]}"} for status in statuses}


ERROR_RESPONSES = {"400": "BadRequest", "401": "Unauthorized", "403": "NotAllowed", "404": "NotFound",
                   "409": "Conflict", "422": "InvalidValues"}

TASK_ID = {"name": "task_id", "in": "path", "required": True, "description": "The task's id.",
           "schema": {"type": "string"}}
INSTANCE_ID = {"name": "instance_id", "in": "path", "required": True, "description": "The instance's id.",
               "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}}
PROCESS_ID = {"name": "process_id", "in": "path", "required": True,
              "description": "The id of the process as drawn in its diagram (e.g. `incident`).",
              "schema": {"type": "string"}}

TASK_PATHS: dict[str, Any] = {
    "/tasks": {"get": {
        "operationId": "list_tasks", "tags": ["tasks"], "summary": "List my tasks or my groups' queue",
        "description": "`mine`: open tasks assigned to me. `group`: unclaimed tasks offered to one of my groups "
                       "or to me by name. Soonest due first, then the tasks without a due time; agents and "
                       "approvers only.",
        "parameters": [
            {"name": "scope", "in": "query", "description": "Which list.",
             "schema": {"type": "string", "enum": ["mine", "group"], "default": "mine"}},
            {"name": "limit", "in": "query", "description": "How many tasks per page.",
             "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
            {"name": "after", "in": "query", "description": "The `next` cursor of the previous page.",
             "schema": {"type": "string"}},
        ],
        "responses": {"200": json_response("One page of tasks.", "TaskPage"), **refusals("400", "401", "403", "422")},
    }},
    "/tasks/{task_id}/claim": {"post": {
        "operationId": "claim_task", "tags": ["tasks"], "summary": "Claim a task offered to me",
        "description": "Claiming a task I already hold changes nothing.",
        "parameters": [TASK_ID],
        "responses": {"200": json_response("The task, now assigned to me.", "TaskEnvelope"),
                      **refusals("400", "401", "403", "404", "409")},
    }},
    "/tasks/{task_id}/release": {"post": {
        "operationId": "release_task", "tags": ["tasks"], "summary": "Give a task I claimed back to its candidates",
        "parameters": [TASK_ID],
        "responses": {"200": json_response("The task, now unassigned.", "TaskEnvelope"),
                      **refusals("400", "401", "403", "404", "409")},
    }},
    "/tasks/{task_id}/complete": {"post": {
        "operationId": "complete_task", "tags": ["tasks"], "summary": "Complete a task with its form values",
        "description": "The body maps form field ids (see the task's `form_fields`) to values. Fields left out "
                       "keep their current or default value; read-only fields cannot be set.",
        "parameters": [TASK_ID],
        "requestBody": {"required": False, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/FormValues"},
            "example": {"resolution": "Replaced the network cable."}}}},
        "responses": {"200": json_response("The task is completed; the instance's new status.", "TaskCompletion"),
                      **refusals("400", "401", "403", "404", "409", "422")},
    }},
}

INSTANCE_PATHS: dict[str, Any] = {
    "/processes/{process_id}/instances": {"post": {
        "operationId": "start_instance", "tags": ["instances"], "summary": "Start a process",
        "description": "Starts the latest deployed version. With a start form, `variables` are its field "
                       "values and are validated like a task form. Requesters only.",
        "parameters": [PROCESS_ID],
        "requestBody": {"required": False, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/StartRequest"},
            "example": {"variables": {"title": "Printer on fire"}, "business_key": "INC-1001"}}}},
        "responses": {
            "201": json_response("The new instance.", "Instance", {"Location": {
                "description": "The new instance's address.", "schema": {"type": "string"}}}),
            **refusals("400", "401", "403", "404", "409", "422"),
        },
    }},
    "/instances/{instance_id}": {"get": {
        "operationId": "show_instance", "tags": ["instances"], "summary": "Read an instance",
        "description": "Status, version, variables, open tasks and waiting timers. Process owners, auditors and "
                       "admins see every instance; requesters their own; agents those with a task of theirs or "
                       "of their groups.",
        "parameters": [INSTANCE_ID],
        "responses": {"200": json_response("The instance.", "Instance"), **refusals("400", "401", "403", "404")},
    }},
    "/instances/{instance_id}/history": {"get": {
        "operationId": "instance_history", "tags": ["instances"], "summary": "Read an instance's history",
        "description": "The audit trail, oldest event first; visible to whoever may see the instance.",
        "parameters": [INSTANCE_ID],
        "responses": {"200": json_response("The events.", "History"), **refusals("400", "401", "403", "404")},
    }},
    "/openapi.json": {"get": {
        "operationId": "openapi_document", "tags": ["meta"], "summary": "This document",
        "security": [],
        "responses": {"200": {"description": "The OpenAPI document.",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }},
}

FORM_FIELD = {
    "type": "object", "description": "A form field as drawn in the diagram.",
    "required": ["id", "label", "type", "required", "readonly"],
    "properties": {
        "id": {"type": "string"}, "label": {"type": "string"},
        "type": {"type": "string", "enum": ["string", "long", "boolean", "date", "enum"]},
        "default": NULLABLE_STRING, "required": {"type": "boolean"}, "readonly": {"type": "boolean"},
        "minlength": {"type": ["integer", "null"]}, "maxlength": {"type": ["integer", "null"]},
        "min": {"type": ["number", "null"]}, "max": {"type": ["number", "null"]},
        "options": {"type": "array", "description": "Enum values as [value, label] pairs.",
                    "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}],
                              "minItems": 2, "maxItems": 2}},
    },
}

TASK = {
    "type": "object", "description": "An open user task.",
    "required": ["id", "name", "element_id", "process_id", "instance_id", "business_key", "candidate_groups",
                 "candidate_users", "assignee", "priority", "due_at", "created_at", "form_fields"],
    "properties": {
        "id": {"type": "string"}, "name": {"type": "string", "description": "As drawn in the diagram."},
        "element_id": {"type": "string"}, "process_id": {"type": "string"}, "instance_id": {"type": "integer"},
        "business_key": NULLABLE_STRING,
        "candidate_groups": {"type": "array", "items": {"type": "string"}},
        "candidate_users": {"type": "array", "items": {"type": "string"}},
        "assignee": NULLABLE_STRING, "priority": {"type": ["integer", "null"]},
        "due_at": NULLABLE_MOMENT, "created_at": MOMENT,
        "form_fields": {"type": "array", "items": {"$ref": "#/components/schemas/FormField"}},
    },
}

INSTANCE = {
    "type": "object",
    "required": ["id", "process_id", "version", "business_key", "status", "started_by", "started_at",
                 "updated_at", "variables", "open_tasks", "timers", "last_error"],
    "properties": {
        "id": {"type": "integer"}, "process_id": {"type": "string"}, "version": {"type": "integer"},
        "business_key": NULLABLE_STRING, "status": {"type": "string", "enum": INSTANCE_STATUSES},
        "started_by": NULLABLE_STRING, "started_at": MOMENT, "updated_at": MOMENT,
        "variables": {"type": "object", "description": "The instance's data, by name."},
        "open_tasks": {"type": "array", "items": {
            "type": "object", "required": ["id", "element_id", "name", "assignee", "due_at"],
            "properties": {"id": {"type": "string"}, "element_id": {"type": "string"}, "name": {"type": "string"},
                           "assignee": NULLABLE_STRING, "due_at": NULLABLE_MOMENT}}},
        "timers": {"type": "array", "items": {
            "type": "object", "required": ["element_id", "name", "kind", "due_at"],
            "properties": {"element_id": {"type": "string"}, "name": {"type": "string"},
                           "kind": {"type": "string"}, "due_at": MOMENT}}},
        "last_error": {"type": ["string", "null"], "description": "Why the instance needs attention, if it does."},
    },
}

HISTORY_EVENT = {
    "type": "object", "required": ["seq", "kind", "element_id", "actor", "at", "data"],
    "properties": {
        "seq": {"type": "integer", "description": "1, 2, 3, ... within the instance."},
        "kind": {"type": "string", "description": "instance_started, task_ready, task_claimed, task_released, "
                                                  "task_reassigned, task_completed, task_cancelled, gateway_passed, "
                                                  "timer_fired, topic_called, script_ran, end_reached, "
                                                  "instance_completed, instance_cancelled, step_failed, "
                                                  "instance_retried, ..."},
        "element_id": NULLABLE_STRING, "actor": NULLABLE_STRING, "at": MOMENT,
        "data": {"type": "object", "description": "What the event is about; task_completed has task_id, name, "
                                                  "changed and previous."},
    },
}

PROBLEM = {
    "type": "object", "description": "An RFC 9457 problem document.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference",
                 "description": "urn:flowdesk:problem:<name> (e.g. task-already-finished), or about:blank."},
        "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What happened and what to do next, in English."},
        "errors": {"type": "object", "description": "422 only: messages by field or parameter.",
                   "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "instance_id": {"type": "integer", "description": "step-failed only: the instance that needs attention."},
    },
}

SCHEMAS: dict[str, Any] = {
    "Problem": PROBLEM,
    "InvalidValuesProblem": {"allOf": [{"$ref": "#/components/schemas/Problem"}, {"required": ["errors"]}]},
    "FormField": FORM_FIELD,
    "Task": TASK,
    "TaskPage": {"type": "object", "required": ["tasks", "next"], "properties": {
        "tasks": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}},
        "next": {"type": ["string", "null"], "description": "Pass as `after` for the next page; null at the end."}}},
    "TaskEnvelope": {"type": "object", "required": ["task"],
                     "properties": {"task": {"$ref": "#/components/schemas/Task"}}},
    "FormValues": {"type": "object", "description": "Form field id to value.",
                   "additionalProperties": {"type": ["string", "number", "boolean", "null"]}},
    "TaskCompletion": {"type": "object", "required": ["task_id", "status", "instance"], "properties": {
        "task_id": {"type": "string"}, "status": {"const": "completed"},
        "instance": {"type": "object", "required": ["id", "status"], "properties": {
            "id": {"type": "integer"}, "status": {"type": "string", "enum": INSTANCE_STATUSES}}}}},
    "StartRequest": {"type": "object", "additionalProperties": False, "properties": {
        "variables": {"type": "object", "description": "Start-form values, or any variables without a start form."},
        "business_key": {"type": ["string", "null"], "maxLength": 100, "description": "The ticket number."}}},
    "Instance": INSTANCE,
    "HistoryEvent": HISTORY_EVENT,
    "History": {"type": "object", "required": ["instance_id", "events"], "properties": {
        "instance_id": {"type": "integer"},
        "events": {"type": "array", "items": {"$ref": "#/components/schemas/HistoryEvent"}}}},
}

RESPONSES: dict[str, Any] = {
    "BadRequest": problem_response("The body is not a JSON object, or the address or body holds a NUL character."),
    "Unauthorized": {**problem_response("No token, or an unknown or revoked one."), "headers": {
        "WWW-Authenticate": {"description": "The Bearer challenge.", "schema": {"type": "string"}}}},
    "NotAllowed": problem_response("The token's user may not do this."),
    "NotFound": problem_response("Nothing has this id."),
    "Conflict": problem_response("The task already finished, the request does not fit the current state, "
                                 "or the engine step failed and the instance needs attention."),
    "InvalidValues": problem_response("Refused values, by field or parameter.", "InvalidValuesProblem"),
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "FlowDesk API", "version": "1.0.0", "description": DESCRIPTION,
             "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerAuth": []}],
    "tags": [{"name": "tasks", "description": "The task inbox."},
             {"name": "instances", "description": "Starting processes and following instances."},
             {"name": "meta", "description": "About the API itself."}],
    "paths": {**TASK_PATHS, **INSTANCE_PATHS},
    "components": {
        "securitySchemes": {"bearerAuth": {
            "type": "http", "scheme": "bearer",
            "description": "A token from `flowdesk tokens create LOGIN`."}},
        "schemas": SCHEMAS,
        "responses": RESPONSES,
    },
}


def openapi_document() -> Response:
    """Serve the OpenAPI document (no token needed)."""
    return jsonify(DOCUMENT)
