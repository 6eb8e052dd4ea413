"""/engine-rest/external-task: outside workers fetch and lock, complete, fail and raise BPMN errors, as in Camunda 7.

fetchAndLock long-polls without holding a transaction: between polls the request's thread sleeps on a
bounded wait that a commit offering new tasks in this process cuts short (app/workflow/signals.py).
asyncResponseTimeout is capped at ENGINE_REST_MAX_ASYNC_RESPONSE_MS (60 s by default); a longer
one is answered, empty, at the cap, which long polling allows.
"""
import time
from typing import Any

from flask import current_app, jsonify, request
from werkzeug.wrappers import Response

from app.engine_rest.auth import require
from app.engine_rest.definitions import definition_id
from app.engine_rest.errors import bad_request
from app.engine_rest.requests import (
    camunda_date,
    flag,
    json_body,
    names,
    query_flag,
    query_number,
    refuse_unsupported,
    text,
    whole_number,
)
from app.engine_rest.variables import read_variables, write_variables
from app.extensions import db
from app.organisation.policies import may_see_external_tasks, may_work_external_tasks
from app.wiring import current_runtime
from app.workflow.outside import external_tasks as service
from app.workflow.outside.external_tasks import ExternalTaskRecord, TopicRequest
from app.workflow.signals import tasks_available

MAX_TASKS = 100  # per fetch
POLL_SECONDS = 2.0  # the longest a long poll sleeps before it looks again (other processes, expired locks)
FETCH_FIELDS = frozenset({"workerId", "maxTasks", "usePriority", "asyncResponseTimeout", "topics"})
# deserializeValues only shapes serialised Java objects, which FlowDesk never returns.
TOPIC_FIELDS = frozenset({"topicName", "lockDuration", "variables", "localVariables", "businessKey",
                          "processDefinitionKey", "processDefinitionKeyIn", "includeExtensionProperties",
                          "deserializeValues"})
LIST_FILTERS = frozenset({"topicName", "workerId", "locked", "notLocked", "processInstanceId", "firstResult",
                          "maxResults"})
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
    """POST /external-task/{id}/failure: report a failure; retries 0 makes the instance need attention."""
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


def list_tasks() -> Response:
    """GET /external-task: tasks by topicName, workerId, locked/notLocked, processInstanceId, paged."""
    require(may_see_external_tasks, "see external tasks")
    unknown = sorted(set(request.args) - LIST_FILTERS)
    if unknown:
        raise bad_request(f"The filter(s) {', '.join(unknown)} are not supported by FlowDesk; use only "
                          f"{', '.join(sorted(LIST_FILTERS))} (docs/camunda-compatibility.md).")
    locked, not_locked = query_flag("locked"), query_flag("notLocked")
    if locked and not_locked:
        raise bad_request("Give 'locked=true' or 'notLocked=true', not both.")
    instance = request.args.get("processInstanceId")
    if instance is not None and not instance.isdigit():
        raise bad_request(f"'processInstanceId' must be a FlowDesk instance number, not '{instance}'.")
    tasks = service.find_external_tasks(
        request.args.get("topicName"), request.args.get("workerId"),
        True if locked else (False if not_locked else None), int(instance) if instance else None,
        current_runtime().clock.now(), query_number("maxResults", 1000, 1000), query_number("firstResult", 0, 10**9))
    return jsonify([task_json(task) for task in tasks])


def show_task(task_id: str) -> Response:
    """GET /external-task/{id}: one task, without its variables."""
    require(may_see_external_tasks, "see external tasks")
    return jsonify(task_json(service.get_external_task(task_id)))


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
    ("/external-task", "GET", "list_external_tasks", list_tasks),
    ("/external-task/<task_id>", "GET", "show_external_task", show_task),
    ("/external-task/<task_id>/complete", "POST", "complete_external_task", complete),
    ("/external-task/<task_id>/failure", "POST", "external_task_failure", failure),
    ("/external-task/<task_id>/bpmnError", "POST", "external_task_bpmn_error", bpmn_error),
    ("/external-task/<task_id>/extendLock", "POST", "extend_external_task_lock", extend_lock),
    ("/external-task/<task_id>/unlock", "POST", "unlock_external_task", unlock),
)
