"""The API and the inbox pages read one queue: the same tasks, in the same order, page after page."""
import re
from datetime import timedelta
from urllib.parse import quote

import pytest

from app.web.desk import inbox as inbox_pages
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import claim_task
from app.workflow.tasks.tasklist import list_tasks

PAGE = 3
ROW = re.compile(r'<tr class="[^"]*" data-task-id="([^"]+)">')
NEXT = re.compile(r'<a href="([^"]+)" rel="next">')
# (inbox query string, the same filters as API query arguments)
FILTERS = [
    ("", ""),
    ("sort=priority", "sort=priority"),
    ("overdue=1", "overdue=true"),
    ("group=service-desk", "group=service-desk"),
    ("process=inbox_task&sort=priority", "process=inbox_task&sort=priority"),
    ("priority=30&sort=priority", "min_priority=30&sort=priority"),
    ("priority=30", "min_priority=30"),
]


@pytest.fixture
def queue(deploy, demo, runtime, clock) -> None:
    """Offer tasks to sam's group, to sam by name and to others, with many ties on due time and priority."""
    deploy("inbox_task.bpmn")
    deploy("every_field.bpmn")
    start_instance(runtime, "every_field", {"reference": "REF-1"})  # a task of another process, for service-desk
    now = clock.now()
    for n in range(30):
        due = None if n % 5 == 0 else (now + timedelta(hours=n % 3)).isoformat()  # three due times, many ties
        variables = {"group": ("service-desk", "second-line", "cab")[n % 4 % 3], "person": "sam" if n % 7 == 3 else None,
                     "due": due, "priority": None if n % 6 == 1 else (n % 5) * 20}
        instance_id = start_instance(runtime, "inbox_task", variables, business_key=f"INC-{n}")
        if n % 4 == 0:  # offered to service-desk: sam claims it
            (task,) = list_tasks(instance_id=instance_id)
            claim_task(runtime, task.id, "sam")
    clock.advance(minutes=90)  # the tasks due within the hour are overdue


def inbox_pages_of(client, path: str) -> list[list[str]]:
    """Follow an inbox list's "Next page" links; return the task ids of each page."""
    pages = []
    while path:
        response = client.get(path)
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        pages.append(ROW.findall(body))
        found = NEXT.search(body)
        path = found.group(1).replace("&amp;", "&") if found else None
    return pages


def api_pages_of(api, arguments: str) -> list[list[str]]:
    """Follow GET /api/v1/tasks's next cursors; return the task ids of each page."""
    pages, after = [], None
    while True:
        cursor = f"&after={quote(after)}" if after else ""
        response = api.get(f"/tasks?{arguments}&limit={PAGE}{cursor}", "sam")
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        pages.append([task["id"] for task in body["tasks"]])
        after = body["next"]
        if after is None:
            return pages


@pytest.mark.parametrize(("inbox_filters", "api_filters"), FILTERS)
@pytest.mark.parametrize(("inbox_path", "api_scope"), [("/inbox/queue", "group"), ("/inbox", "mine")])
def test_agent_gets_the_same_pages_from_the_api_and_the_inbox_for_the_same_filters(
        client, api, sign_in, queue, monkeypatch, inbox_filters, api_filters, inbox_path, api_scope) -> None:
    monkeypatch.setattr(inbox_pages, "PAGE_SIZE", PAGE)
    sign_in("sam")
    from_inbox = inbox_pages_of(client, f"{inbox_path}?{inbox_filters}")
    from_api = api_pages_of(api, f"scope={api_scope}&{api_filters}")
    assert from_inbox == from_api
    assert len(from_api) >= 2 and all(from_api)


def test_group_queue_comes_soonest_due_first_with_ties_broken_by_id(api, queue, clock) -> None:
    listed = [task_id for page in api_pages_of(api, "scope=group") for task_id in page]
    unclaimed = [task for task in list_tasks(user="sam") if task.assignee is None]
    expected = sorted(unclaimed, key=lambda task: (task.due_at is None, task.due_at or clock.now(), task.id))
    assert listed == [task.id for task in expected]
    assert len({task.due_at for task in unclaimed}) <= 4  # many ties on the sort key


def test_group_queue_by_priority_comes_highest_first_with_ties_broken_by_id_downwards(api, queue) -> None:
    listed = [task_id for page in api_pages_of(api, "scope=group&sort=priority") for task_id in page]
    unclaimed = [task for task in list_tasks(user="sam") if task.assignee is None]
    expected = sorted(unclaimed, key=lambda task: (task.priority is not None, task.priority or 0, task.id),
                      reverse=True)
    assert listed == [task.id for task in expected]
