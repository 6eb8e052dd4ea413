"""User tasks: list them (assignee, candidateGroup, processInstanceId, followUpBefore/After), claim, unclaim,
complete, read form variables.

Every action is FlowDesk's own task use case under its own rules: who may list which tasks
(app/workflow/task_queue.require_scope), claim, release and complete (app/workflow/tasks/actions.py).
"""
from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response

from app.engine_rest.auth import engine_rest_actor
from app.engine_rest.bodies import json_object, query_values, text, whole_number
from app.engine_rest.definitions import definition_id, instance_number
from app.engine_rest.errors import RestError
from app.engine_rest.moments import camunda_moment, read_camunda_moment
from app.engine_rest.variables import read_variables, write_variable, write_variables
from app.wiring import current_runtime
from app.workflow.catalog import versions_of_instances
from app.workflow.tasks.actions import claim_task, complete_task, release_task
from app.workflow.tasks.details import show_task
from app.workflow.tasks.tasklist import MAX_PAGE_SIZE, TaskQuery, TaskSummary, list_task_page

QUERY = ("assignee", "candidateGroup", "processInstanceId", "followUpBefore", "followUpAfter", "firstResult",
         "maxResults")
CAMUNDA_DEFAULT_PRIORITY = 50  # what Camunda gives a task drawn without a priority
MAX_RESULTS = 1000


def list_tasks() -> Response:
    """Answer GET /task: the open tasks the caller may list, filtered as asked."""
    actor = engine_rest_actor()
    values = query_values(QUERY)
    assignee, group = values.get("assignee"), values.get("candidateGroup")
    if assignee is not None and assignee != actor.login:
        raise RestError(403, "AuthorizationException",
                        f"{actor.login} may list only their own tasks by assignee (assignee={actor.login}).")
    scope = "mine" if assignee is not None else "queue" if group is not None else "workable"
    query = TaskQuery(scope=scope, group=group, instance_id=instance_number(values.get("processInstanceId")),
                      follow_up_before=read_camunda_moment(values.get("followUpBefore"), "followUpBefore"),
                      follow_up_after=read_camunda_moment(values.get("followUpAfter"), "followUpAfter"))
    first = whole_number(values.get("firstResult"), "firstResult", 0)
    wanted = first + min(whole_number(values.get("maxResults"), "maxResults", MAX_RESULTS), MAX_RESULTS)
    found: list[TaskSummary] = []
    after = None
    while len(found) < wanted:
        page = list_task_page(actor, query, after=after, limit=min(wanted - len(found), MAX_PAGE_SIZE))
        found += page.tasks
        after = page.next_after
        if after is None:
            break
    chosen = found[first:wanted]
    versions = versions_of_instances(sorted({task.instance_id for task in chosen}))
    return jsonify([task_dto(task, versions[task.instance_id]) for task in chosen])


def task_dto(task: TaskSummary, version: int) -> dict[str, Any]:
    """Return an open task as Camunda's TaskDto."""
    return {
        "id": task.id, "name": task.name, "assignee": task.assignee, "created": camunda_moment(task.created_at),
        "due": camunda_moment(task.due_at), "followUp": camunda_moment(task.follow_up_at), "lastUpdated": None,
        "delegationState": None, "description": None, "executionId": str(task.instance_id), "owner": None,
        "parentTaskId": None,
        "priority": task.priority if task.priority is not None else CAMUNDA_DEFAULT_PRIORITY,
        "processDefinitionId": definition_id(task.process_id, version), "processInstanceId": str(task.instance_id),
        "taskDefinitionKey": task.element_id, "caseExecutionId": None, "caseInstanceId": None,
        "caseDefinitionId": None, "suspended": False, "formKey": None, "camundaFormRef": None, "tenantId": None,
    }


def claim(task_id: str) -> Response:
    """Answer POST /task/{id}/claim: the caller claims the task for themselves (userId names the caller)."""
    actor = engine_rest_actor()
    user = text(json_object(("userId",)), "userId", required=True)
    if user != actor.login:
        raise RestError(403, "AuthorizationException",
                        f"{actor.login} may claim a task only for themselves (userId {actor.login}); handing a "
                        "task to someone else is a reassignment in FlowDesk.")
    claim_task(current_runtime(), task_id, actor.login)
    return Response(status=204)


def unclaim(task_id: str) -> Response:
    """Answer POST /task/{id}/unclaim: give a task the caller holds back to its candidates."""
    json_object(())
    release_task(current_runtime(), task_id, engine_rest_actor().login)
    return Response(status=204)


def complete(task_id: str) -> Response:
    """Answer POST /task/{id}/complete: the variables are the task form's values, checked as the form checks them."""
    actor = engine_rest_actor()
    body = json_object(("variables", "withVariablesInReturn"))
    runtime = current_runtime()
    values = read_variables(body.get("variables"))
    complete_task(runtime, task_id, actor.login, values)
    if body.get("withVariablesInReturn") is True:
        return jsonify(write_variables(values))
    return Response(status=204)


def form_variables(task_id: str) -> Response:
    """Answer GET /task/{id}/form-variables: the task form's fields with the instance's current values."""
    details = show_task(current_runtime(), task_id, engine_rest_actor())
    return jsonify({field.id: {**write_variable(details.values.get(field.id, field.default)),
                               "type": FIELD_TYPES.get(field.type, "String")}
                    for field in details.fields})


FIELD_TYPES = {"string": "String", "long": "Long", "boolean": "Boolean", "date": "Date", "enum": "String"}
