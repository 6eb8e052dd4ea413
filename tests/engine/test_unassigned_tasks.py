"""A user task drawn for nobody (no assignee, no candidates) goes to the queue of the configured group
(UNASSIGNED_TASK_GROUP, service-desk by default), marked apart from a task drawn for that group: its members
and admins claim and complete it; admins also hand it to someone with `flowdesk reassign`."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.platform.errors import NotAllowed
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.instances.views import open_tasks
from app.workflow.models import UserTaskCandidate
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.details import show_task
from app.workflow.tasks.tasklist import TaskQuery, list_task_page, list_tasks


@pytest.fixture
def unoffered(deploy, demo, runtime):  # type: ignore[no-untyped-def]
    """Start an instance whose one task is drawn for nobody; return (instance id, task id)."""
    deploy("unoffered_task.bpmn")
    instance_id = start_instance(runtime, "unoffered", {})
    (task,) = list_tasks(instance_id=instance_id)
    return instance_id, task.id


def test_task_drawn_for_nobody_is_in_the_default_groups_queue(unoffered) -> None:
    _, task_id = unoffered
    (task,) = list_tasks(instance_id=unoffered[0])
    assert task.candidate_groups == ("service-desk",)
    queue = list_task_page(actor_for(require_user("sam")), TaskQuery(scope="queue"), limit=50).tasks
    assert [t.id for t in queue] == [task_id]


def test_member_of_the_default_group_claims_and_completes_a_task_drawn_for_nobody(unoffered, runtime) -> None:
    instance_id, task_id = unoffered
    claim_task(runtime, task_id, "sam")
    complete_task(runtime, task_id, "sam", {})
    assert show_instance(runtime, instance_id).summary.status == "completed"


def test_people_outside_the_default_group_may_not_claim_a_task_drawn_for_nobody(unoffered, runtime) -> None:
    with pytest.raises(NotAllowed):
        claim_task(runtime, unoffered[1], "lee")


def test_without_a_default_group_a_task_drawn_for_nobody_is_offered_to_nobody(deploy, demo, runtime) -> None:
    runtime.unassigned_task_group = None
    deploy("unoffered_task.bpmn")
    instance_id = start_instance(runtime, "unoffered", {})
    (task,) = list_tasks(instance_id=instance_id)
    assert task.candidate_groups == ()
    with pytest.raises(NotAllowed):
        claim_task(runtime, task.id, "sam")


def test_admin_reassigns_a_task_on_the_command_line_and_the_assignee_completes_it(unoffered, cli, runtime) -> None:
    instance_id, task_id = unoffered
    result = cli("reassign", task_id, "--to", "lee", "--as", "adam", "--reason", "second line knows it")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Task {task_id} is now assigned to lee."
    (task,) = list_tasks(instance_id=instance_id)
    assert task.assignee == "lee"
    assert cli("complete", task_id, "--as", "lee").exit_code == 0
    assert show_instance(runtime, instance_id).summary.status == "completed"


def test_command_line_reassign_goes_through_the_same_policy_as_the_inbox(unoffered, cli) -> None:
    result = cli("reassign", unoffered[1], "--to", "lee", "--as", "rita")
    assert result.exit_code != 0
    assert "rita may not reassign task" in result.stderr


def candidate_rows(task_id: str) -> list[tuple[str, str]]:
    return [(row.kind, row.name) for row in db.session.execute(
        select(UserTaskCandidate).where(UserTaskCandidate.task_id == task_id)).scalars()]


def drawn_for_service_desk(deploy, runtime) -> str:  # type: ignore[no-untyped-def]
    """Start a task drawn for the service desk (inbox_task.bpmn); return its id."""
    deploy("inbox_task.bpmn")
    instance_id = start_instance(runtime, "inbox_task", {"group": "service-desk", "person": "", "due": None,
                                                         "priority": 50})
    (task,) = list_tasks(instance_id=instance_id)
    return task.id


def test_a_queued_task_is_told_apart_from_one_drawn_for_the_service_desk(unoffered, deploy, runtime) -> None:
    drawn = drawn_for_service_desk(deploy, runtime)
    assert candidate_rows(unoffered[1]) == [("queue", "service-desk")]
    assert candidate_rows(drawn) == [("group", "service-desk")]
    marks = {task.id: (task.candidate_groups, task.unassigned_queue) for task in list_tasks()}
    assert marks == {unoffered[1]: (("service-desk",), True), drawn: (("service-desk",), False)}


def test_admin_claims_and_completes_a_queued_task_but_not_one_drawn_for_a_group(unoffered, deploy, runtime) -> None:
    drawn = drawn_for_service_desk(deploy, runtime)
    claim_task(runtime, unoffered[1], "adam")
    complete_task(runtime, unoffered[1], "adam", {})
    assert show_instance(runtime, unoffered[0]).summary.status == "completed"
    with pytest.raises(NotAllowed):
        claim_task(runtime, drawn, "adam")


def test_admin_finds_queued_tasks_in_the_queue_the_task_page_and_the_instance_page(unoffered, deploy,
                                                                                  runtime) -> None:
    drawn = drawn_for_service_desk(deploy, runtime)
    adam = actor_for(require_user("adam"))
    assert [t.id for t in list_task_page(adam, TaskQuery(scope="queue"), limit=50).tasks] == [unoffered[1]]
    assert [t.id for t in list_task_page(adam, TaskQuery(scope="workable"), limit=50).tasks] == [unoffered[1]]
    assert show_task(runtime, unoffered[1], adam).may_complete
    assert not show_task(runtime, drawn, adam).may_complete
    [shown] = open_tasks(unoffered[0], adam)
    assert shown.workable


def test_member_of_another_group_still_may_not_take_a_queued_task(unoffered, runtime) -> None:
    lee = actor_for(require_user("lee"))
    assert list_task_page(lee, TaskQuery(scope="queue"), limit=50).tasks == []
    with pytest.raises(NotAllowed):
        complete_task(runtime, unoffered[1], "lee", {})


def test_admin_claims_a_queued_task_through_the_api_and_engine_rest(unoffered, client, runtime) -> None:
    from app.organisation.policies import system_actor
    from app.organisation.tokens import create_token
    token = create_token(runtime, system_actor(), "adam", "tests", "write")
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/engine-rest/task?candidateGroup=service-desk", headers=headers).get_json()
    assert [task["id"] for task in listed] == [unoffered[1]]
    queue = client.get("/api/v1/tasks?scope=group", headers=headers).get_json()
    assert [(task["id"], task["unassigned_queue"]) for task in queue["tasks"]] == [(unoffered[1], True)]
    claimed = client.post(f"/engine-rest/task/{unoffered[1]}/claim", json={"userId": "adam"}, headers=headers)
    assert claimed.status_code == 204, claimed.get_data(as_text=True)
    assert list_tasks(instance_id=unoffered[0])[0].assignee == "adam"


def test_admin_claims_and_completes_a_queued_task_on_the_command_line(unoffered, cli, runtime) -> None:
    instance_id, task_id = unoffered
    claimed = cli("claim", task_id, "--as", "adam")
    assert claimed.exit_code == 0, claimed.output
    assert claimed.stdout.strip() == f"Task {task_id} is now assigned to adam."
    completed = cli("complete", task_id, "--as", "adam")
    assert completed.exit_code == 0, completed.output
    assert show_instance(runtime, instance_id).summary.status == "completed"


def test_member_of_another_group_is_refused_a_queued_task_on_the_command_line(unoffered, cli) -> None:
    result = cli("claim", unoffered[1], "--as", "lee")
    assert result.exit_code != 0
    assert unoffered[1] in result.stderr and list_tasks(instance_id=unoffered[0])[0].assignee is None
