"""Approval by rule on a multi-instance user task (tests/diagrams/cab_by_rule.bpmn: 2 of M, veto, quorum 2,
requester and owner excluded, a reminder after a day and an escalation after three).

Every step goes through FlowDesk's save and a reload of the stored state (the test app keeps no run cache).
"""
from datetime import timedelta

import pytest

from app.organisation.accounts import actor_for
from app.organisation.delegations import set_delegation
from app.organisation.users import require_user
from app.platform.errors import NotAllowed
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.run_cache import RunCache
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


def test_one_rejection_vetoes_at_once(runtime, cab) -> None:  # type: ignore[no-untyped-def]
    instance_id = start_cab(runtime)
    decide_as(runtime, instance_id, "sam", "approve")
    decide_as(runtime, instance_id, "mona", "reject", "No backout plan")
    assert open_tasks(instance_id) == {}
    assert variables(runtime, instance_id)["cab_outcome"] == "rejected"


def test_the_deadline_ends_the_approval_without_quorum(runtime, clock, cab) -> None:  # type: ignore[no-untyped-def]
    instance_id = start_cab(runtime)
    decide_as(runtime, instance_id, "sam", "approve")
    clock.advance(days=3, minutes=1)
    fire_due_timers(runtime)
    assert open_tasks(instance_id) == {}
    escalation = [task for task in list_tasks(instance_id=instance_id) if task.element_id == "escalate"]
    assert len(escalation) == 1
    found = variables(runtime, instance_id)
    assert found["cab_outcome"] == "no_quorum"
    assert [d["member"] for d in found["cab_decisions"]] == ["sam"]
    concluded = [e for e in history(instance_id) if e.kind == "approval_concluded"]
    assert concluded[0].data["outcome"] == "no_quorum"


def test_a_reminder_reminds_and_approves_nothing(runtime, clock, cab) -> None:  # type: ignore[no-untyped-def]
    instance_id = start_cab(runtime)
    decide_as(runtime, instance_id, "sam", "approve")
    clock.advance(days=1, minutes=1)
    fire_due_timers(runtime)
    kinds = [e.kind for e in history(instance_id)]
    assert "topic_logged" in kinds
    assert sorted(open_tasks(instance_id)) == ["carl", "lee", "mona"]
    assert "cab_outcome" not in variables(runtime, instance_id)
    assert show_instance(runtime, instance_id).summary.status == "running"


def test_the_requester_is_no_member_and_is_refused_when_handed_the_task(runtime, cab, admin_actor) -> None:  # type: ignore[no-untyped-def]
    from app.workflow.tasks.actions import reassign_task

    instance_id = start_cab(runtime, members=["sam", "lee", "mona"], requested_by="lee")
    assert sorted(open_tasks(instance_id)) == ["mona", "sam"]
    excluded = [e for e in history(instance_id) if e.kind == "approval_member_excluded"]
    assert [(e.data["member"], e.data["variables"]) for e in excluded] == [("lee", ["requested_by"])]
    reassign_task(runtime, open_tasks(instance_id)["sam"], admin_actor, "lee", "sam is away")
    with pytest.raises(NotAllowed, match="excludes the people who requested"):
        decide_as(runtime, instance_id, "lee", "approve")
    refused = [e for e in history(instance_id) if e.kind == "approval_decision_refused"]
    assert [(e.actor, e.data["member"]) for e in refused] == [("lee", "sam")]
    assert variables(runtime, instance_id)["cab_decisions"] == []


def test_a_delegate_decides_and_both_are_recorded(runtime, clock, cab) -> None:  # type: ignore[no-untyped-def]
    now = clock.now()
    set_delegation(actor_for(require_user("mona")), "mona", "adam", now, now + timedelta(days=7),
                   "On leave", now)
    instance_id = start_cab(runtime, members=["sam", "mona", "lee"])
    assert sorted(open_tasks(instance_id)) == ["adam", "lee", "sam"]
    delegated = [e for e in history(instance_id) if e.kind == "approval_delegated"]
    assert [(e.data["member"], e.data["delegate"]) for e in delegated] == [("mona", "adam")]
    decide_as(runtime, instance_id, "adam", "approve", "For mona")
    decide_as(runtime, instance_id, "sam", "approve")
    found = variables(runtime, instance_id)
    assert found["cab_outcome"] == "approved"
    assert (found["cab_decisions"][0]["member"], found["cab_decisions"][0]["decided_by"]) == ("mona", "adam")


def test_an_excluded_delegate_leaves_the_task_with_the_member(runtime, clock, cab) -> None:  # type: ignore[no-untyped-def]
    now = clock.now()
    set_delegation(actor_for(require_user("mona")), "mona", "carl", now, now + timedelta(days=7),
                   "On leave", now)
    instance_id = start_cab(runtime, members=["sam", "mona", "lee"], owner="carl")
    assert sorted(open_tasks(instance_id)) == ["lee", "mona", "sam"]
    refused = [e for e in history(instance_id) if e.kind == "approval_delegation_refused"]
    assert [(e.data["member"], e.data["delegate"], e.data["variables"]) for e in refused] == [
        ("mona", "carl", ["change_owner"])]


def test_a_delegate_who_is_a_member_already_leaves_the_task_with_the_member(runtime, clock, cab) -> None:  # type: ignore[no-untyped-def]
    now = clock.now()
    set_delegation(actor_for(require_user("mona")), "mona", "sam", now, now + timedelta(days=7), "On leave", now)
    instance_id = start_cab(runtime, members=["sam", "mona", "lee"])
    assert sorted(open_tasks(instance_id)) == ["lee", "mona", "sam"]
    refused = [e for e in history(instance_id) if e.kind == "approval_delegation_refused"]
    assert [(e.data["member"], e.data["delegate"], e.data["reason"]) for e in refused] == [("mona", "sam", "member")]


def test_a_cached_run_settles_the_rule_as_a_reloaded_one_does(runtime, cab) -> None:  # type: ignore[no-untyped-def]
    runtime.runs = RunCache(2000)
    instance_id = start_cab(runtime)
    decide_as(runtime, instance_id, "carl", "approve")
    decide_as(runtime, instance_id, "mona", "approve")
    assert open_tasks(instance_id) == {}
    assert variables(runtime, instance_id)["cab_outcome"] == "approved"
