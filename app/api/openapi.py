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
time (or by priority, see `sort`); pass a page's `next` value as `after` to get the following
page; `next` is null on the last page. Nothing counts the rows. The same goes for CIs, the impact
view and articles.
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
                       "or to me by name. Soonest due first (then the tasks without a due time), or with "
                       "`sort=priority` highest priority first (then the tasks without one); the inbox pages "
                       "list the same tasks in the same order. Agents and approvers only.",
        "parameters": [
            {"name": "scope", "in": "query", "description": "Which list.",
             "schema": {"type": "string", "enum": ["mine", "group"], "default": "mine"}},
            {"name": "sort", "in": "query", "description": "The order: soonest due or highest priority first.",
             "schema": {"type": "string", "enum": ["due", "priority"], "default": "due"}},
            {"name": "process", "in": "query", "description": "Only tasks of this process (its id, e.g. `incident`).",
             "schema": {"type": "string"}},
            {"name": "min_priority", "in": "query", "description": "Only tasks of at least this priority.",
             "schema": {"type": "integer", "minimum": -2**31, "maximum": 2**31 - 1}},
            {"name": "group", "in": "query", "description": "Only tasks offered to this group.",
             "schema": {"type": "string"}},
            {"name": "overdue", "in": "query", "description": "Only tasks past their due time.",
             "schema": {"type": "boolean", "default": False}},
            {"name": "limit", "in": "query", "description": "How many tasks per page.",
             "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
            {"name": "after", "in": "query",
             "description": "The `next` cursor of the previous page, unchanged, with the same `sort`.",
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

CI_ID = {"name": "ci_id", "in": "path", "required": True, "description": "The configuration item's id.",
         "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}}
ARTICLE_ID = {"name": "article_id", "in": "path", "required": True, "description": "The article's id.",
              "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}}
CI_STATUSES = ["planned", "active", "maintenance", "retired"]
AFTER = {"name": "after", "in": "query", "description": "The `next` cursor of the previous page.",
         "schema": {"type": "string"}}


def limit_parameter(maximum: int, default: int) -> dict[str, Any]:
    """Describe the page-size query parameter of a list."""
    return {"name": "limit", "in": "query", "description": "How many items per page.",
            "schema": {"type": "integer", "minimum": 1, "maximum": maximum, "default": default}}


def text_parameter(name: str, description: str) -> dict[str, Any]:
    """Describe a free-text query parameter."""
    return {"name": name, "in": "query", "description": description, "schema": {"type": "string"}}


CMDB_PATHS: dict[str, Any] = {
    "/cis": {
        "get": {
            "operationId": "list_cis", "tags": ["cmdb"], "summary": "List configuration items",
            "description": "By name, then id. Agents, managers, auditors, process owners and admins.",
            "parameters": [
                text_parameter("q", "Part of the name, any case."),
                text_parameter("type", "The CI type's name, e.g. `server`."),
                {"name": "status", "in": "query", "description": "Only CIs in this status.",
                 "schema": {"type": "string", "enum": CI_STATUSES}},
                text_parameter("owner_group", "Only CIs this group owns."),
                text_parameter("location", "Part of the location, any case."),
                limit_parameter(500, 50), AFTER,
            ],
            "responses": {"200": json_response("One page of CIs.", "CiPage"), **refusals("400", "401", "403", "422")},
        },
        "post": {
            "operationId": "create_ci", "tags": ["cmdb"], "summary": "Create a configuration item",
            "description": "The attributes follow the definitions of the CI's type; the status is `planned` unless "
                           "given. Agents and admins.",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/CiCreateRequest"},
                "example": {"type": "server", "name": "db-01", "owner_group": "second-line",
                            "attributes": {"ram_gb": 64}}}}},
            "responses": {
                "201": json_response("The new CI.", "Ci", {"Location": {
                    "description": "The new CI's address.", "schema": {"type": "string"}}}),
                **refusals("400", "401", "403", "409", "422"),
            },
        },
    },
    "/cis/{ci_id}": {
        "get": {
            "operationId": "show_ci", "tags": ["cmdb"], "summary": "Read a configuration item",
            "parameters": [CI_ID],
            "responses": {"200": json_response("The CI.", "Ci"), **refusals("400", "401", "403", "404")},
        },
        "patch": {
            "operationId": "update_ci", "tags": ["cmdb"], "summary": "Change a configuration item",
            "description": "Members left out keep their value; `attributes` given replace those attributes (null "
                           "removes one). The change history records who changed what, and from which `ticket`. "
                           "Agents and admins.",
            "parameters": [CI_ID],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/CiChangeRequest"},
                "example": {"status": "maintenance", "attributes": {"ram_gb": 128}, "ticket": "CHG-000042"}}}},
            "responses": {"200": json_response("The CI as it is now, and what changed.", "CiChanged"),
                          **refusals("400", "401", "403", "404", "409", "422")},
        },
    },
    "/cis/{ci_id}/impact": {"get": {
        "operationId": "ci_impact", "tags": ["cmdb"], "summary": "What fails when a configuration item fails",
        "description": "Every CI that depends on or runs on this one, directly or through others, with its "
                       "shortest depth; nearest first, then by id.",
        "parameters": [CI_ID, limit_parameter(500, 50), AFTER],
        "responses": {"200": json_response("One page of the impact view.", "Impact"),
                      **refusals("400", "401", "403", "404", "422")},
    }},
}

KNOWLEDGE_PATHS: dict[str, Any] = {
    "/articles": {
        "get": {
            "operationId": "list_articles", "tags": ["knowledge"], "summary": "List or search knowledge articles",
            "description": "Without `q`: newest first. With `q`: the best matches first (title matches outrank text "
                           "ones), with a snippet. Everyone reads published articles; drafts (`status` draft or all) "
                           "are for agents, managers and admins.",
            "parameters": [
                text_parameter("q", "Words to search for."),
                {"name": "category_id", "in": "query", "description": "Only articles of this category.",
                 "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}},
                {"name": "status", "in": "query", "description": "Which articles.",
                 "schema": {"type": "string", "enum": ["published", "draft", "all"], "default": "published"}},
                limit_parameter(50, 20), AFTER,
            ],
            "responses": {"200": json_response("One page of articles.", "ArticlePage"),
                          **refusals("400", "401", "403", "422")},
        },
        "post": {
            "operationId": "create_article", "tags": ["knowledge"], "summary": "Write a draft article",
            "description": "Markdown; the HTML is rendered and sanitised on save. The draft is visible to writers "
                           "only until it is published on its page. Agents, managers and admins.",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/DraftRequest"},
                "example": {"title": "Printer offline", "body_markdown": "1. Restart the spooler.",
                            "category_id": None}}}},
            "responses": {
                "201": json_response("The new draft.", "Article", {"Location": {
                    "description": "The article's address.", "schema": {"type": "string"}}}),
                **refusals("400", "401", "403", "422"),
            },
        },
    },
    "/articles/{article_id}": {"get": {
        "operationId": "show_article", "tags": ["knowledge"], "summary": "Read a knowledge article",
        "description": "A draft answers 404 to those who may not see drafts.",
        "parameters": [ARTICLE_ID],
        "responses": {"200": json_response("The article.", "Article"), **refusals("400", "401", "404")},
    }},
}

CI = {
    "type": "object", "required": ["id", "type", "name", "owner_group", "location", "status", "attributes"],
    "properties": {
        "id": {"type": "integer"}, "type": {"type": "string", "description": "The CI type's name."},
        "name": {"type": "string"}, "owner_group": NULLABLE_STRING, "location": NULLABLE_STRING,
        "status": {"type": "string", "enum": CI_STATUSES},
        "attributes": {"type": "object", "description": "Attribute name to value (dates as YYYY-MM-DD).",
                       "additionalProperties": {"type": ["string", "integer", "boolean"]}},
    },
}
CI_VALUES = {
    "name": {"type": "string", "minLength": 1, "maxLength": 200},
    "owner_group": {"type": ["string", "null"], "maxLength": 80, "description": "The group incidents go to."},
    "location": {"type": ["string", "null"], "maxLength": 200},
    "status": {"type": "string", "enum": CI_STATUSES},
    "attributes": {"type": "object", "description": "Attribute name to value, as the CI type defines them.",
                   "additionalProperties": {"type": ["string", "number", "boolean", "null"]}},
}
ARTICLE_SUMMARY = {
    "type": "object", "required": ["id", "title", "status", "category_id", "snippet"],
    "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"},
        "status": {"type": "string", "enum": ["draft", "published"]}, "category_id": {"type": ["integer", "null"]},
        "snippet": {"type": ["string", "null"], "description": "Search only: plain text around the first match."},
    },
}
ARTICLE = {
    "type": "object",
    "required": ["id", "title", "status", "category_id", "author", "body_markdown", "body_html", "created_at",
                 "updated_at", "published_at", "source_ticket"],
    "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"},
        "status": {"type": "string", "enum": ["draft", "published"]}, "category_id": {"type": ["integer", "null"]},
        "author": {"type": "string"}, "body_markdown": {"type": "string"},
        "body_html": {"type": "string", "description": "Sanitised: no scripts, event handlers or javascript: links."},
        "created_at": MOMENT, "updated_at": MOMENT, "published_at": NULLABLE_MOMENT,
        "source_ticket": {"type": ["string", "null"], "description": "The ticket whose resolution it came from."},
    },
}
NEXT = {"type": ["string", "null"], "description": "Pass as `after` for the next page; null at the end."}

CMDB_SCHEMAS: dict[str, Any] = {
    "Ci": CI,
    "CiPage": {"type": "object", "required": ["cis", "next"], "properties": {
        "cis": {"type": "array", "items": {"$ref": "#/components/schemas/Ci"}}, "next": NEXT}},
    "CiCreateRequest": {"type": "object", "additionalProperties": False, "required": ["type", "name"],
                        "properties": {"type": {"type": "string", "description": "The CI type's name."},
                                       **CI_VALUES}},
    "CiChangeRequest": {"type": "object", "additionalProperties": False, "properties": {
        **CI_VALUES, "ticket": {"type": ["string", "null"], "description": "The ticket the change comes from."}}},
    "CiChanged": {"type": "object", "required": ["ci", "changes"], "properties": {
        "ci": {"$ref": "#/components/schemas/Ci"},
        "changes": {"type": "object", "description": "Field (or attributes.<name>) to [old, new]; empty when "
                                                     "nothing changed.",
                    "additionalProperties": {"type": "array", "minItems": 2, "maxItems": 2}}}},
    "Impact": {"type": "object", "required": ["ci_id", "impacted", "next"], "properties": {
        "ci_id": {"type": "integer"},
        "impacted": {"type": "array", "items": {
            "type": "object", "required": ["id", "name", "type", "status", "owner_group", "depth"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "type": {"type": "string"},
                           "status": {"type": "string", "enum": CI_STATUSES}, "owner_group": NULLABLE_STRING,
                           "depth": {"type": "integer", "minimum": 1,
                                     "description": "Relations between the two CIs on the shortest path."}}}},
        "next": NEXT}},
}

KNOWLEDGE_SCHEMAS: dict[str, Any] = {
    "ArticleSummary": ARTICLE_SUMMARY,
    "ArticlePage": {"type": "object", "required": ["articles", "next"], "properties": {
        "articles": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleSummary"}}, "next": NEXT}},
    "Article": ARTICLE,
    "DraftRequest": {"type": "object", "additionalProperties": False, "required": ["title", "body_markdown"],
                     "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 200},
                                    "body_markdown": {"type": "string", "minLength": 1},
                                    "category_id": {"type": ["integer", "null"]}}},
}

TICKET_NUMBER = {"name": "number", "in": "path", "required": True,
                 "description": "The ticket's number, e.g. `INC-000123` (any case).", "schema": {"type": "string"}}
TICKET_STATUSES = ["new", "assigned", "in_progress", "pending_requester", "resolved", "closed", "cancelled"]
TICKET_SORTS = ["newest", "oldest", "updated", "priority", "resolution_due"]


def choices_parameter(name: str, description: str, values: list[str] | None = None) -> dict[str, Any]:
    """Describe a query parameter taking one or several values (repeated, or separated by commas)."""
    items: dict[str, Any] = {"type": "string", "enum": values} if values else {"type": "string"}
    return {"name": name, "in": "query", "style": "form", "explode": True,
            "description": description + " Several values: repeat the parameter or separate them with commas.",
            "schema": {"type": "array", "items": items}}


def date_parameter(name: str, description: str) -> dict[str, Any]:
    """Describe a date-bound query parameter of the ticket list."""
    return {"name": name, "in": "query", "schema": {"type": "string"},
            "description": description + " A day (`2030-01-31`, in UTC, the whole day included) or a moment with "
                                         "its offset (`2030-01-31T09:00:00+08:00`)."}


TICKET_LIST_PARAMETERS = [
    text_parameter("q", "Words that must all occur in the title, the description or a note (any case; Chinese "
                        "too). A ticket number matches that ticket."),
    text_parameter("number", "Exactly this ticket number."),
    choices_parameter("kind", "Only these kinds.", ["incident", "request", "change"]),
    choices_parameter("status", "Only these statuses.", TICKET_STATUSES),
    choices_parameter("priority", "Only these priorities (the codes of the priority matrix, e.g. `P1`)."),
    choices_parameter("impact", "Only these impacts (levels of the priority matrix)."),
    choices_parameter("urgency", "Only these urgencies (levels of the priority matrix)."),
    choices_parameter("channel", "Only tickets logged through these channels.",
                      ["portal", "agent", "email", "api", "monitoring"]),
    {"name": "category", "in": "query", "description": "This category's id; its sub-categories are included.",
     "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}},
    text_parameter("ci", "The affected configuration item: its id, or its exact name."),
    text_parameter("group", "The assigned group's name."),
    text_parameter("assignee", "The assignee's login."),
    text_parameter("requester", "The requester's login."),
    {"name": "department", "in": "query", "description": "The requester's department id; departments below it "
                                                         "are included.",
     "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}},
    date_parameter("created_from", "Created at or after."),
    date_parameter("created_to", "Created at or before."),
    date_parameter("updated_from", "Last changed at or after."),
    date_parameter("updated_to", "Last changed at or before."),
    {"name": "reassigned", "in": "query", "description": "Reassigned at least this many times.",
     "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}},
    {"name": "overdue", "in": "query", "description": "`1`: only unfinished tickets whose response or resolution "
                                                      "deadline has passed without being met.",
     "schema": {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no"]}},
    {"name": "sort", "in": "query", "description": "The order: newest or oldest first, recently updated first, "
                                                   "priority (P1 first, then the longest waiting), or resolution "
                                                   "deadline (soonest first; tickets without one last).",
     "schema": {"type": "string", "enum": TICKET_SORTS, "default": "newest"}},
    AFTER,
    {"name": "before", "in": "query", "description": "The `previous` cursor of a page: the page before it.",
     "schema": {"type": "string"}},
]

TICKET_READ_PATHS: dict[str, Any] = {
    "/tickets": {"get": {
        "operationId": "list_tickets", "tags": ["tickets"], "summary": "List and search the tickets I may see",
        "description": "Requesters see the tickets they requested; agents and approvers also their groups' "
                       "tickets and those they worked on (assigned to them, or with a note of theirs); managers, "
                       "auditors and admins see every ticket. Every filter given must hold. Keyset pages: pass "
                       "`next` as `after` for the following page, `previous` as `before` for the one before. "
                       "Unknown parameters and values are refused (422) by name.",
        "parameters": [*TICKET_LIST_PARAMETERS, limit_parameter(200, 50)],
        "responses": {"200": json_response("One page of tickets.", "TicketPage"),
                      **refusals("400", "401", "422")},
    }},
    "/tickets/{number}": {"get": {
        "operationId": "show_ticket", "tags": ["tickets"], "summary": "Read a ticket I may see",
        "description": "Every field and the notes: staff read every note, requesters the public ones. An unknown "
                       "ticket and one I may not see both answer 404.",
        "parameters": [TICKET_NUMBER],
        "responses": {"200": json_response("The ticket.", "TicketDetail"), **refusals("400", "401", "404")},
    }},
}

TICKET_ROW_PROPERTIES: dict[str, Any] = {
    "number": {"type": "string"}, "kind": {"type": "string", "enum": ["incident", "request", "change"]},
    "title": {"type": "string"}, "status": {"type": "string", "enum": TICKET_STATUSES},
    "priority": {"type": "string"}, "impact": {"type": "string"}, "urgency": {"type": "string"},
    "channel": {"type": "string"}, "category_id": {"type": ["integer", "null"]}, "ci_id": {"type": ["integer", "null"]},
    "assigned_group": NULLABLE_STRING, "assignee": NULLABLE_STRING, "requester": {"type": "string"},
    "requester_department_id": {"type": ["integer", "null"]}, "reassignment_count": {"type": "integer"},
    "created_at": MOMENT, "updated_at": MOMENT, "response_due_at": NULLABLE_MOMENT,
    "resolution_due_at": NULLABLE_MOMENT, "responded_at": NULLABLE_MOMENT, "resolved_at": NULLABLE_MOMENT,
    "closed_at": NULLABLE_MOMENT,
    "overdue": {"type": "boolean", "description": "Unfinished, and a response or resolution deadline has passed "
                                                  "without being met."},
}
TICKET_DETAIL_PROPERTIES: dict[str, Any] = {
    **TICKET_ROW_PROPERTIES, "description": {"type": "string"}, "priority_source": {"type": "string"},
    "priority_reason": {"type": "string"}, "instance_id": {"type": ["integer", "null"]},
    "category": {"type": ["string", "null"], "description": "The category's name."},
    "notes": {"type": "array", "items": {"$ref": "#/components/schemas/TicketNote"}},
}

TICKET_READ_SCHEMAS: dict[str, Any] = {
    "TicketRow": {"type": "object", "description": "A ticket as a list row.", "required": list(TICKET_ROW_PROPERTIES),
                  "properties": TICKET_ROW_PROPERTIES},
    "TicketPage": {"type": "object", "required": ["tickets", "next", "previous"], "properties": {
        "tickets": {"type": "array", "items": {"$ref": "#/components/schemas/TicketRow"}}, "next": NEXT,
        "previous": {"type": ["string", "null"],
                     "description": "Pass as `before` for the page before; null on the first page."}}},
    "TicketDetail": {"type": "object", "required": list(TICKET_DETAIL_PROPERTIES),
                     "properties": TICKET_DETAIL_PROPERTIES},
    "TicketNote": {"type": "object", "required": ["id", "author", "at", "body", "visibility"], "properties": {
        "id": {"type": "integer"}, "author": {"type": "string"}, "at": MOMENT, "body": {"type": "string"},
        "visibility": {"type": "string", "enum": ["internal", "public"]}}},
}

TICKET_WRITE_PATHS: dict[str, Any] = {
    "/tickets": {"post": {
        "operationId": "log_incident", "tags": ["tickets"], "summary": "Log an incident",
        "description": "Logs an incident and starts its flow. Requesters log for themselves; staff may name a "
                       "`requester` and a `channel` (`agent`, or `monitoring`, whose `priority` is kept as given). "
                       "Without a priority, impact x urgency decide it.",
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/IncidentRequest"},
            "example": {"title": "VPN drops every hour", "description": "Since Monday.", "impact": "medium",
                        "urgency": "high"}}}},
        "responses": {"201": json_response("The incident, logged.", "TicketWritten", {
            "Location": {"description": "The ticket's address.", "schema": {"type": "string"}}}),
            **refusals("400", "401", "403", "404", "409", "422")},
    }},
    "/tickets/{number}/notes": {"post": {
        "operationId": "add_ticket_note", "tags": ["tickets"], "summary": "Add a note to a ticket I may see",
        "description": "Staff notes are internal unless `visibility` is `public`; requesters' notes are public.",
        "parameters": [TICKET_NUMBER],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/NoteRequest"}}}},
        "responses": {"201": json_response("The note.", "TicketNote"), **refusals("400", "401", "403", "404", "422")},
    }},
    "/tickets/{number}/attachments": {"post": {
        "operationId": "attach_ticket_file", "tags": ["tickets"], "summary": "Attach a file to a ticket I may see",
        "description": "Send JSON with the bytes in base64, or multipart/form-data with the field `file`. The size "
                       "and type are checked (the first bytes must match the type).",
        "parameters": [TICKET_NUMBER],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/AttachmentRequest"}},
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "contentMediaType": "application/octet-stream"},
                "visibility": {"type": "string", "enum": ["internal", "public"]}}}}}},
        "responses": {"201": json_response("The attachment's facts.", "Attachment"),
                      **refusals("400", "401", "403", "404", "422")},
    }},
}
TICKET_WRITE_SCHEMAS: dict[str, Any] = {
    "IncidentRequest": {"type": "object", "additionalProperties": False, "required": ["title"], "properties": {
        "title": {"type": "string", "maxLength": 200}, "description": {"type": "string"},
        "impact": {"type": "string", "description": "A level of the priority matrix (high, medium, low)."},
        "urgency": {"type": "string", "description": "A level of the priority matrix (high, medium, low)."},
        "category_id": {"type": "integer"}, "ci_id": {"type": "integer"},
        "requester": {"type": "string", "description": "Staff only: whom the incident is for."},
        "channel": {"type": "string", "enum": ["api", "agent", "monitoring"]},
        "priority": {"type": "string", "description": "Monitoring only: the priority the event carries."}}},
    "TicketWritten": {"type": "object", "required": ["number", "status", "priority"], "properties": {
        "number": {"type": "string"}, "kind": {"type": "string"}, "channel": {"type": "string"},
        "title": {"type": "string"}, "description": {"type": "string"}, "requester": {"type": "string"},
        "category_id": {"type": ["integer", "null"]}, "ci_id": {"type": ["integer", "null"]},
        "impact": {"type": "string"}, "urgency": {"type": "string"}, "priority": {"type": "string"},
        "priority_source": {"type": "string"}, "status": {"type": "string", "enum": TICKET_STATUSES},
        "assigned_group": NULLABLE_STRING, "assignee": NULLABLE_STRING, "instance_id": {"type": ["integer", "null"]},
        "response_due_at": NULLABLE_MOMENT, "resolution_due_at": NULLABLE_MOMENT, "created_at": NULLABLE_MOMENT,
        "updated_at": NULLABLE_MOMENT}},
    "NoteRequest": {"type": "object", "additionalProperties": False, "required": ["body"], "properties": {
        "body": {"type": "string"}, "visibility": {"type": "string", "enum": ["internal", "public"]}}},
    "AttachmentRequest": {"type": "object", "additionalProperties": False,
                          "required": ["file_name", "content_type", "content_base64"], "properties": {
                              "file_name": {"type": "string"}, "content_type": {"type": "string"},
                              "content_base64": {"type": "string", "contentEncoding": "base64"},
                              "visibility": {"type": "string", "enum": ["internal", "public"]}}},
    "Attachment": {"type": "object", "required": ["id", "file_name", "content_type", "size_bytes", "sha256",
                                                  "visibility", "uploaded_by", "uploaded_at"], "properties": {
        "id": {"type": "integer"}, "file_name": {"type": "string"}, "content_type": {"type": "string"},
        "size_bytes": {"type": "integer"}, "sha256": {"type": "string"},
        "visibility": {"type": "string", "enum": ["internal", "public"]}, "uploaded_by": {"type": "string"},
        "uploaded_at": MOMENT}},
}


def merged_paths(*groups: dict[str, Any]) -> dict[str, Any]:
    """Merge groups of path items, so that two groups may describe different methods of one path."""
    paths: dict[str, Any] = {}
    for group in groups:
        for path, methods in group.items():
            paths.setdefault(path, {}).update(methods)
    return paths


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
    **CMDB_SCHEMAS,
    **KNOWLEDGE_SCHEMAS,
    **TICKET_READ_SCHEMAS,
    **TICKET_WRITE_SCHEMAS,
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
             {"name": "cmdb", "description": "Configuration items and the impact view."},
             {"name": "knowledge", "description": "Knowledge articles: search, read, write drafts."},
             {"name": "tickets", "description": "Tickets: log incidents; list, search, read, note and attach to "
                                                 "those I may see."},
             {"name": "meta", "description": "About the API itself."}],
    "paths": merged_paths(TASK_PATHS, INSTANCE_PATHS, CMDB_PATHS, KNOWLEDGE_PATHS, TICKET_READ_PATHS,
                          TICKET_WRITE_PATHS),
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
