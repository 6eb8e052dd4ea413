"""/engine-rest/external-task: outside workers fetch and lock, complete, fail and raise BPMN errors, as in Camunda 7.

fetchAndLock long-polls without holding a transaction: between polls the request's thread sleeps on a
bounded wait that a commit offering new tasks in this process cuts short (app/workflow/wakeups.py).
asyncResponseTimeout is capped at ENGINE_REST_MAX_ASYNC_RESPONSE_MS (60 s by default); a longer
one is answered, empty, at the cap, which long polling allows.
"""
import time
from typing import Any

from flask import current_app, jsonify
from werkzeug.wrappers import Response

from app.engine_rest.auth import engine_rest_actor, require
from app.engine_rest.definitions import definition_id
from app.engine_rest.errors import bad_request
from app.engine_rest.requests import (
    camunda_date,
    flag,
    json_body,
    names,
    refuse_unsupported,
    text,
    whole_number,
)
from app.engine_rest.variables import read_variables, write_variables
from app.extensions import db
from app.organisation.policies import may_work_external_tasks
from app.wiring import current_runtime
from app.workflow.outside import external_tasks as service
from app.workflow.outside import incidents
from app.workflow.outside.external_tasks import ExternalTaskRecord, TopicRequest
from app.workflow.wakeups import tasks_available

MAX_TASKS = 100  # per fetch
POLL_SECONDS = 2.0  # the longest a long poll sleeps before it looks again (other processes, expired locks)
FETCH_FIELDS = frozenset({"workerId", "maxTasks", "usePriority", "asyncResponseTimeout", "topics"})
# deserializeValues only shapes serialised Java objects, which FlowDesk never returns.
TOPIC_FIELDS = frozenset({"topicName", "lockDuration", "variables", "localVariables", "businessKey",
                          "processDefinitionKey", "processDefinitionKeyIn", "includeExtensionProperties",
                          "deserializeValues"})
NO_CONTENT = ("", 204)


def fetch_and_lock() -> Response:
    """POST /external-task/fetchAndLock: lock tasks of the topics for a worker, waiting up to asyncResponseTimeout."""
    actor = require(may_work_external_tasks, "fetch and lock external tasks")
    body = json_body()
    refuse_unsupported(body, FETCH_FIELDS, "the fetchAndLock request")
    worker_id = str(text(body, "workerId", required=True))
    max_tasks = whole_number(body, "maxTasks", maximum=MAX_TASKS)
    use_priority = flag(body, "usePriority")
    cap = int(current_app.config["ENGINE_REST_MAX_ASYNC_RESPONSE_MS"])
    wait_ms = min(whole_number(body, "asyncResponseTimeout", default=0), cap)
    topics = topic_requests(body.get("topics"))
    runtime = current_runtime()
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        seen = tasks_available.generation
        locked = service.fetch_and_lock(runtime, worker_id, max_tasks, use_priority, topics, actor.login)
        remaining = deadline - time.monotonic()
        if locked or max_tasks == 0 or remaining <= 0:
            return jsonify([task_json(task) for task in locked])
        db.session.close()  # no connection or transaction is held while the thread waits
        tasks_available.wait(seen, min(remaining, POLL_SECONDS))


def topic_requests(raw: Any) -> list[TopicRequest]:
    """Read the topics of a fetchAndLock request."""
    if not isinstance(raw, list) or not raw or not all(isinstance(topic, dict) for topic in raw):
        raise bad_request("'topics' must be a non-empty list of objects, each with 'topicName' and 'lockDuration'.")
    topics = []
    for topic in raw:
        refuse_unsupported(topic, TOPIC_FIELDS, "a topic")
        key = text(topic, "processDefinitionKey")
        keys = names(topic, "processDefinitionKeyIn")
        process_ids = (keys or ()) + ((key,) if key else ()) if key or keys is not None else None
        topics.append(TopicRequest(str(text(topic, "topicName", required=True)),
                                   whole_number(topic, "lockDuration", minimum=1),
                                   names(topic, "variables"), flag(topic, "localVariables"),
                                   text(topic, "businessKey"), process_ids,
                                   flag(topic, "includeExtensionProperties")))
    return topics


def complete(task_id: str) -> tuple[str, int]:
    """POST /external-task/{id}/complete: finish a task the worker holds, with variables."""
    actor = require(may_work_external_tasks, "complete external tasks")
    body = json_body()
    service.complete_external_task(current_runtime(), task_id, str(text(body, "workerId", required=True)),
                                   read_variables(body.get("variables"), "variables"),
                                   read_variables(body.get("localVariables"), "localVariables"), actor.login)
    return NO_CONTENT


def failure(task_id: str) -> tuple[str, int]:
    """POST /external-task/{id}/failure: report a failure; at retries 0 the task has an incident."""
    actor = require(may_work_external_tasks, "report external task failures")
    body = json_body()
    service.report_failure(current_runtime(), task_id, str(text(body, "workerId", required=True)),
                           text(body, "errorMessage"), text(body, "errorDetails"), whole_number(body, "retries"),
                           whole_number(body, "retryTimeout", default=0), actor.login)
    return NO_CONTENT


def bpmn_error(task_id: str) -> tuple[str, int]:
    """POST /external-task/{id}/bpmnError: throw a BPMN error to the boundary event that catches its code."""
    actor = require(may_work_external_tasks, "report BPMN errors of external tasks")
    body = json_body()
    service.report_bpmn_error(current_runtime(), task_id, str(text(body, "workerId", required=True)),
                              str(text(body, "errorCode", required=True)), text(body, "errorMessage"),
                              read_variables(body.get("variables"), "variables"), actor.login)
    return NO_CONTENT


def extend_lock(task_id: str) -> tuple[str, int]:
    """POST /external-task/{id}/extendLock: give the worker's lock newDuration milliseconds from now."""
    actor = require(may_work_external_tasks, "extend locks of external tasks")
    body = json_body()
    service.extend_lock(current_runtime(), task_id, str(text(body, "workerId", required=True)),
                        whole_number(body, "newDuration", minimum=1), actor.login)
    return NO_CONTENT


def unlock(task_id: str) -> tuple[str, int]:
    """POST /external-task/{id}/unlock: release the task's lock so any worker may fetch it."""
    actor = require(may_work_external_tasks, "unlock external tasks")
    service.unlock(current_runtime(), task_id, actor.login)
    return NO_CONTENT


def set_retries(task_id: str) -> tuple[str, int]:
    """PUT /external-task/{id}/retries: set the task's retries; above 0 resolves its incident, 0 raises one."""
    body = json_body()
    refuse_unsupported(body, frozenset({"retries"}), "the retries request")
    incidents.set_external_task_retries(current_runtime(), task_id, whole_number(body, "retries"),
                                        engine_rest_actor())
    return NO_CONTENT


def set_priority(task_id: str) -> tuple[str, int]:
    """PUT /external-task/{id}/priority: set the priority workers fetching with usePriority take the task by."""
    body = json_body()
    refuse_unsupported(body, frozenset({"priority"}), "the priority request")
    incidents.set_external_task_priority(current_runtime(), task_id,
                                         whole_number(body, "priority", minimum=-2**63, maximum=2**63 - 1),
                                         engine_rest_actor())
    return NO_CONTENT


def task_json(task: ExternalTaskRecord) -> dict[str, Any]:
    """Return an external task as Camunda's (Locked)ExternalTaskDto; variables only when it was just locked."""
    answer: dict[str, Any] = {
        "id": task.id, "topicName": task.topic, "workerId": task.worker_id,
        "lockExpirationTime": camunda_date(task.lock_expires_at), "activityId": task.element_id,
        "activityInstanceId": f"{task.element_id}:{task.id}", "executionId": task.id,
        "processInstanceId": str(task.instance_id), "processDefinitionKey": task.process_id,
        "processDefinitionId": definition_id(task.process_id, task.definition_version),
        "processDefinitionVersionTag": None, "businessKey": task.business_key, "priority": task.priority,
        "retries": task.retries, "errorMessage": task.error_message, "errorDetails": task.error_details,
        "suspended": False, "tenantId": None, "createTime": camunda_date(task.created_at),
    }
    if task.variables is not None:
        answer["variables"] = write_variables(task.variables)
        answer["extensionProperties"] = task.extension_properties or {}
    return answer


# (rule, method, endpoint, view), mounted under /engine-rest by app/engine_rest/__init__.py
ROUTES = (
    ("/external-task/fetchAndLock", "POST", "fetch_and_lock", fetch_and_lock),
    ("/external-task/<task_id>/retries", "PUT", "set_external_task_retries", set_retries),
    ("/external-task/<task_id>/priority", "PUT", "set_external_task_priority", set_priority),
    ("/external-task/<task_id>/complete", "POST", "complete_external_task", complete),
    ("/external-task/<task_id>/failure", "POST", "external_task_failure", failure),
    ("/external-task/<task_id>/bpmnError", "POST", "external_task_bpmn_error", bpmn_error),
    ("/external-task/<task_id>/extendLock", "POST", "extend_external_task_lock", extend_lock),
    ("/external-task/<task_id>/unlock", "POST", "unlock_external_task", unlock),
)
