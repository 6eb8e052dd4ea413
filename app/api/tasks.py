"""Task endpoints: my tasks and my groups' queue, claim, release, complete."""
from typing import Any

from flask import request

from app.api.auth import api_actor, require
from app.api.paging import limit_argument, text_argument
from app.api.problems import json_object_body
from app.organisation.policies import may_use_inbox
from app.platform.errors import InvalidValues, NotFound
from app.workflow.runtime import current_runtime
from app.workflow.tasklist import MAX_PAGE_SIZE, TaskQuery, find_task, instance_of_task, list_task_page
from app.workflow.tasks import claim_task, complete_task, release_task

USE_INBOX = "use the task inbox (it is for agents and approvers)"
API_SCOPES = {"mine": "mine", "group": "queue"}  # the API's name of the unclaimed queue is "group"


def list_tasks() -> dict[str, Any]:
    """List my tasks (scope=mine) or my groups' unclaimed queue (scope=group), filtered, one keyset page at a time."""
    query = TaskQuery(scope=scope_argument(), process=text_argument("process"),
                      min_priority=integer_argument("min_priority"), group=text_argument("group"),
                      due_before=current_runtime().clock.now() if flag_argument("overdue") else None,
                      sort=request.args.get("sort", "due"))
    page = list_task_page(api_actor(), query, after=request.args.get("after") or None,
                          limit=limit_argument(MAX_PAGE_SIZE))
    return {"tasks": [task.to_dict() for task in page.tasks], "next": page.next_after}


def scope_argument() -> str:
    """Return the task list the scope argument names: mine, or group (the unclaimed queue)."""
    scope = request.args.get("scope", "mine")
    if scope not in API_SCOPES:
        raise InvalidValues(f"Unknown scope '{scope}'.", {"scope": ["Use one of: mine, group."]})
    return API_SCOPES[scope]


def integer_argument(name: str) -> int | None:
    """Return a whole-number query argument, or None when it is missing; refuse anything else."""
    raw = text_argument(name)
    if raw is None:
        return None
    digits = raw.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        raise InvalidValues(f"The {name} '{raw[:40]}' is not a whole number a task's priority can be.",
                            {name: ["Pass a whole number from -2147483648 to 2147483647."]})
    return int(raw)


def flag_argument(name: str) -> bool:
    """Return a true/false query argument (false when missing); refuse anything else."""
    raw = (request.args.get(name) or "false").lower()
    if raw not in ("true", "false", "1", "0"):
        raise InvalidValues(f"The {name} '{raw}' is neither true nor false.", {name: ["Pass true or false."]})
    return raw in ("true", "1")


def claim(task_id: str) -> dict[str, Any]:
    """Claim a task offered to me; answer with the task."""
    actor = require(may_use_inbox, USE_INBOX)
    claim_task(current_runtime(), task_id, actor.login)
    return {"task": open_task(task_id)}


def release(task_id: str) -> dict[str, Any]:
    """Give a task I claimed back to its candidates; answer with the task."""
    actor = require(may_use_inbox, USE_INBOX)
    release_task(current_runtime(), task_id, actor.login)
    return {"task": open_task(task_id)}


def complete(task_id: str) -> dict[str, Any]:
    """Complete a task with the form values in the body; answer with the instance's new status."""
    actor = require(may_use_inbox, USE_INBOX)
    values = json_object_body()
    instance_id = instance_of_task(task_id)
    status = complete_task(current_runtime(), task_id, actor.login, values)
    return {"task_id": task_id, "status": "completed", "instance": {"id": instance_id, "status": status}}


def open_task(task_id: str) -> dict[str, Any]:
    """Return an open task's JSON."""
    task = find_task(task_id)
    if task is None:
        raise NotFound(f"Task {task_id} is no longer open.")
    return task.to_dict()
