"""A user task drawn for nobody (no assignee, no candidates) goes to the queue of the configured group
(UNASSIGNED_TASK_GROUP, service-desk by default), whose members claim and complete it as any group task;
admins hand it to someone with `flowdesk reassign`, the inbox's reassign on the command line."""
import pytest

from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.platform.errors import NotAllowed
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import claim_task, complete_task
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
