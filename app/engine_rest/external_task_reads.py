"""/engine-rest/external-task reads: the list (filtered, sorted, paged), its count, and one task, as in Camunda 7."""
from flask import jsonify, request
from werkzeug.wrappers import Response

from app.engine_rest.auth import require
from app.engine_rest.errors import bad_request
from app.engine_rest.external_tasks import task_json
from app.engine_rest.requests import query_flag, query_number
from app.organisation.policies import may_see_external_tasks
from app.wiring import current_runtime
from app.workflow.outside.external_task_list import (
    ExternalTaskFilter,
    count_external_tasks,
    find_external_tasks,
    get_external_task,
)

FILTERS = frozenset({"topicName", "workerId", "locked", "notLocked", "processInstanceId", "withRetriesLeft",
                     "noRetriesLeft"})
PAGING = frozenset({"firstResult", "maxResults"})
SORTING = frozenset({"sortBy", "sortOrder"})
# Camunda's sortBy values -> FlowDesk's (app/workflow/external_task_list.SORT_COLUMNS)
SORT_BY = {"id": "id", "createTime": "created_at", "lockExpirationTime": "lock_expires_at",
           "processInstanceId": "instance_id", "processDefinitionKey": "process_id", "taskPriority": "priority"}


def list_tasks() -> Response:
    """GET /external-task: tasks by the FILTERS, sorted by sortBy/sortOrder, paged by firstResult/maxResults."""
    require(may_see_external_tasks, "see external tasks")
    refuse_unknown(FILTERS | PAGING | SORTING)
    tasks = find_external_tasks(criteria(), sorting(), query_number("maxResults", 1000, 1000),
                                query_number("firstResult", 0, 10**9))
    return jsonify([task_json(task) for task in tasks])


def count_tasks() -> Response:
    """GET /external-task/count: how many tasks the FILTERS match, as {"count": n}."""
    require(may_see_external_tasks, "see external tasks")
    refuse_unknown(FILTERS)
    return jsonify({"count": count_external_tasks(criteria())})


def show_task(task_id: str) -> Response:
    """GET /external-task/{id}: one task, without its variables."""
    require(may_see_external_tasks, "see external tasks")
    return jsonify(task_json(get_external_task(task_id)))


def refuse_unknown(known: frozenset[str]) -> None:
    """Refuse a query parameter FlowDesk does not read, rather than ignore it."""
    unknown = sorted(set(request.args) - known)
    if unknown:
        raise bad_request(f"The parameter(s) {', '.join(unknown)} are not supported by FlowDesk here; use only "
                          f"{', '.join(sorted(known))} (docs/camunda-compatibility.md).")


def criteria() -> ExternalTaskFilter:
    """Read the list's filters from the query."""
    locked, not_locked = query_flag("locked"), query_flag("notLocked")
    if locked and not_locked:
        raise bad_request("Give 'locked=true' or 'notLocked=true', not both.")
    left, none_left = query_flag("withRetriesLeft"), query_flag("noRetriesLeft")
    if left and none_left:
        raise bad_request("Give 'withRetriesLeft=true' or 'noRetriesLeft=true', not both.")
    instance = request.args.get("processInstanceId")
    if instance is not None and not instance.isdigit():
        raise bad_request(f"'processInstanceId' must be a FlowDesk instance number, not '{instance}'.")
    return ExternalTaskFilter(
        request.args.get("topicName"), request.args.get("workerId"),
        True if locked else (False if not_locked else None), int(instance) if instance else None,
        True if left else (False if none_left else None), current_runtime().clock.now())


def sorting() -> list[tuple[str, bool]]:
    """Read sortBy and sortOrder (both or neither, as Camunda asks) as one (column, ascending) pair."""
    sort_by, sort_order = request.args.get("sortBy"), request.args.get("sortOrder")
    if sort_by is None and sort_order is None:
        return []
    if sort_by is None or sort_order is None:
        raise bad_request("Give 'sortBy' and 'sortOrder' together, or neither.")
    if sort_by not in SORT_BY:
        raise bad_request(f"'sortBy' must be one of {', '.join(SORT_BY)}, not '{sort_by}'.")
    if sort_order not in ("asc", "desc"):
        raise bad_request(f"'sortOrder' must be asc or desc, not '{sort_order}'.")
    return [(SORT_BY[sort_by], sort_order == "asc")]


# (rule, method, endpoint, view), mounted under /engine-rest by app/engine_rest/__init__.py; count before
# the task id, which would take the word 'count' for an id.
ROUTES = (
    ("/external-task", "GET", "list_external_tasks", list_tasks),
    ("/external-task/count", "GET", "count_external_tasks", count_tasks),
    ("/external-task/<task_id>", "GET", "show_external_task", show_task),
)
