"""Approval by rule on a multi-instance user task (tests/diagrams/cab_by_rule.bpmn: 2 of M, veto, quorum 2,
requester and owner excluded, a reminder after a day and an escalation after three).

Every step goes through FlowDesk's save and a reload of the stored state (the test app keeps no run cache).
"""
import pytest

from app.platform.errors import NotAllowed
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers

CAB = ["sam", "lee", "mona", "carl"]


def start_cab(runtime, members=CAB, requested_by="rita", owner="olga") -> int:  # type: ignore[no-untyped-def]
    return start_instance(runtime, "cab_by_rule", {"cab_members": list(members), "requested_by": requested_by,
                                                   "change_owner": owner})


def open_tasks(instance_id: int) -> dict[str, str]:
    """Return the open CAB tasks by assignee."""
    return {task.assignee: task.id for task in list_tasks(instance_id=instance_id) if task.element_id == "cab"}


def decide_as(runtime, instance_id: int, user: str, decision: str, comment: str = "") -> None:  # type: ignore[no-untyped-def]
    complete_task(runtime, open_tasks(instance_id)[user], user, {"decision": decision, "comment": comment})


def history(instance_id: int) -> list:  # type: ignore[type-arg]
    return list_history(instance_stream(instance_id))


def variables(runtime, instance_id: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return show_instance(runtime, instance_id).variables


@pytest.fixture
def cab(deploy, demo) -> None:  # type: ignore[no-untyped-def]
    deploy("cab_by_rule.bpmn")


def test_two_of_four_approves_after_two_approvals_and_cancels_the_rest(runtime, cab) -> None:  # type: ignore[no-untyped-def]
    instance_id = start_cab(runtime)
    assert sorted(open_tasks(instance_id)) == sorted(CAB)
    decide_as(runtime, instance_id, "sam", "approve", "Plan is sound")
    assert sorted(open_tasks(instance_id)) == ["carl", "lee", "mona"]
    decide_as(runtime, instance_id, "lee", "approve")
    assert open_tasks(instance_id) == {}
    found = variables(runtime, instance_id)
    assert found["cab_outcome"] == "approved"
    assert [(d["member"], d["decided_by"], d["decision"], d["comment"]) for d in found["cab_decisions"]] == [
        ("sam", "sam", "approve", "Plan is sound"), ("lee", "lee", "approve", "")]
    concluded = [e for e in history(instance_id) if e.kind == "approval_concluded"]
    assert concluded[0].data["cancelled"] == ["mona", "carl"]
    assert sum(1 for e in history(instance_id) if e.kind == "task_cancelled") == 2
    assert show_instance(runtime, instance_id).summary.status == "completed"
