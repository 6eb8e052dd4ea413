"""Task endpoints: my tasks and my groups' queue, claim, release, complete."""
from typing import Any

from flask import request

from app.api.auth import require
from app.api.problems import json_object_body
from app.organisation.policies import may_use_inbox
from app.platform.errors import InvalidValues, NotFound
from app.workflow import tasklist as task_queries
from app.workflow.runtime import current_runtime
from app.workflow.tasks import claim_task, complete_task, release_task

USE_INBOX = "use the task inbox (it is for agents and approvers)"


def list_tasks() -> dict[str, Any]:
    """List my tasks (scope=mine) or my groups' unclaimed queue (scope=group), one keyset page at a time."""
    actor = require(may_use_inbox, USE_INBOX)
    page = task_queries.list_task_page(actor, request.args.get("scope", "mine"), limit_argument(),
                                       request.args.get("after") or None)
    return {"tasks": [task.to_dict() for task in page.tasks], "next": page.next_cursor}


def limit_argument() -> int:
    """Return the page size asked for (50 by default)."""
    raw = request.args.get("limit", "50")
    if not raw.isdigit():
        raise InvalidValues(f"The limit '{raw}' is not a number.",
                            {"limit": [f"Ask for between 1 and {task_queries.MAX_PAGE_SIZE} tasks."]})
    return int(raw)


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
    instance_id = task_queries.instance_of_task(task_id)
    status = complete_task(current_runtime(), task_id, actor.login, values)
    return {"task_id": task_id, "status": "completed", "instance": {"id": instance_id, "status": status}}


def open_task(task_id: str) -> dict[str, Any]:
    """Return an open task's JSON."""
    task = task_queries.find_task(task_id)
    if task is None:
        raise NotFound(f"Task {task_id} is no longer open.")
    return task.to_dict()
