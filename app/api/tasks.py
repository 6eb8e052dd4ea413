"""Task endpoints: my tasks and my groups' queue, claim, release, complete."""
from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.tasks import (
    FormValues,
    InstanceStatus,
    Task,
    TaskCompletion,
    TaskEnvelope,
    TaskListQuery,
    TaskPage,
)
from app.organisation.policies import may_use_inbox
from app.platform.errors import NotFound
from app.wiring import current_runtime
from app.workflow.tasks import tasklist as task_queries
from app.workflow.tasks.actions import claim_task, complete_task, release_task
from app.workflow.tasks.tasklist import TaskQuery, list_task_page

API_SCOPES = {"mine": "mine", "group": "queue"}  # the API's name of the unclaimed queue is "group"
INBOX = Role(may_use_inbox, "use the task inbox (it is for agents and approvers)")
TASK_ID = {"task_id": "The task's id."}


@endpoint("list_tasks", "tasks", Success(200, TaskPage, "One page of tasks."), role=INBOX, query=TaskListQuery,
          refusals=(403,))
def list_tasks(query: TaskListQuery) -> TaskPage:
    """List my tasks or my groups' queue.

    `mine`: open tasks assigned to me. `group`: unclaimed tasks offered to one of my groups or to me by name.
    Filters: `process`, `min_priority`, `group`, `overdue`. Order: `sort=due` (soonest due first, then the tasks
    without a due time) or `sort=priority`. The same reader as the inbox pages, so both agree on what comes next.
    """
    now = current_runtime().clock.now()
    filters = TaskQuery(scope=API_SCOPES[query.scope], process=query.process, min_priority=query.min_priority,
                        group=query.group, due_before=now if query.overdue else None, sort=query.sort)
    page = list_task_page(api_actor(), filters, after=query.after, limit=query.limit)
    return TaskPage(tasks=[Task.model_validate(task) for task in page.tasks], next=page.next_after)


@endpoint("claim_task", "tasks", Success(200, TaskEnvelope, "The task, now assigned to me."), role=INBOX,
          refusals=(403, 404, 409), path=TASK_ID)
def claim(task_id: str) -> TaskEnvelope:
    """Claim a task offered to me.

    Claiming a task I already hold changes nothing.
    """
    actor = api_actor()
    claim_task(current_runtime(), task_id, actor.login)
    return TaskEnvelope(task=open_task(task_id))


@endpoint("release_task", "tasks", Success(200, TaskEnvelope, "The task, now unassigned."), role=INBOX,
          refusals=(403, 404, 409), path=TASK_ID)
def release(task_id: str) -> TaskEnvelope:
    """Give a task I claimed back to its candidates."""
    actor = api_actor()
    release_task(current_runtime(), task_id, actor.login)
    return TaskEnvelope(task=open_task(task_id))


@endpoint("complete_task", "tasks", Success(200, TaskCompletion, "The task is completed; the instance's new status."),
          role=INBOX, body=FormValues, body_required=False, refusals=(403, 404, 409), path=TASK_ID)
def complete(task_id: str, body: FormValues) -> TaskCompletion:
    """Complete a task with its form values.

    The body maps form field ids (see the task's `form_fields`) to values. Fields left out keep their current or
    default value; read-only fields cannot be set.
    """
    actor = api_actor()
    instance_id = task_queries.instance_of_task(task_id)
    status = complete_task(current_runtime(), task_id, actor.login, body.root)
    return TaskCompletion(task_id=task_id, status="completed", instance=InstanceStatus(id=instance_id, status=status))


def open_task(task_id: str) -> Task:
    """Return an open task's answer."""
    task = task_queries.find_task(task_id)
    if task is None:
        raise NotFound(f"Task {task_id} is no longer open.")
    return Task.model_validate(task)
