"""Admins take a task drawn for nobody from the unassigned-task queue in the web inbox, as Camunda lets any
authorised user claim it; a task drawn for a group they are not in stays out of their reach (issue 10)."""
import pytest

from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.tasklist import list_tasks
from tests.web.test_inbox import listed


@pytest.fixture
def queued(deploy, demo, runtime) -> tuple[int, str]:
    """Start an instance whose one task is drawn for nobody; return (instance id, task id)."""
    deploy("unoffered_task.bpmn")
    instance_id = start_instance(runtime, "unoffered", {})
    (task,) = list_tasks(instance_id=instance_id)
    return instance_id, task.id


def test_admin_finds_a_queued_task_in_the_inbox_queue_with_a_claim_button(client, queued, sign_in) -> None:
    sign_in("adam")
    assert listed(client.get("/inbox/queue")) == [queued[1]]
    page = client.get(f"/tasks/{queued[1]}").get_data(as_text=True)
    assert f'action="/tasks/{queued[1]}/claim"' in page


def test_admin_claims_a_queued_task_in_the_inbox_and_completes_it(client, runtime, queued, sign_in) -> None:
    sign_in("adam")
    claimed = client.post(f"/tasks/{queued[1]}/claim", follow_redirects=True).get_data(as_text=True)
    assert "Task claimed." in claimed
    assert listed(client.get("/inbox")) == [queued[1]]
    response = client.post(f"/tasks/{queued[1]}", data={})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert show_instance(runtime, queued[0]).summary.status == "completed"


def test_admin_claiming_a_task_drawn_for_the_service_desk_is_refused_with_a_message(client, runtime, deploy,
                                                                                   demo, sign_in) -> None:
    deploy("inbox_task.bpmn")
    instance_id = start_instance(runtime, "inbox_task", {"group": "service-desk", "person": None, "due": None,
                                                         "priority": None})
    (task,) = list_tasks(instance_id=instance_id)
    sign_in("adam")
    page = client.post(f"/tasks/{task.id}/claim", follow_redirects=True).get_data(as_text=True)
    assert "You cannot claim this task" in page
    assert list_tasks(instance_id=instance_id)[0].assignee is None
