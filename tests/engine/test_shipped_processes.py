"""The diagrams shipped in processes/ deploy and run along each of their paths."""
from pathlib import Path

import pytest

from app.organisation.policies import system_actor
from app.organisation.users import add_user
from app.platform.errors import InvalidValues
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers

PROCESSES = Path(__file__).parents[2] / "processes"


@pytest.fixture
def shipped(runtime) -> None:
    """Deploy every shipped diagram and add the people their groups need."""
    for path in sorted(PROCESSES.glob("*.bpmn")):
        deploy_diagram(runtime, path.read_bytes(), path.name, "owner")
    for login, group in (("sam", "service-desk"), ("lee", "second-line"), ("mona", "managers"),
                         ("carl", "change-managers"), ("cora", "cab"), ("dora", "duty-managers")):
        add_user(runtime, system_actor(), login, [group])


def work(runtime, instance_id: int, user: str, values: dict | None = None) -> str:
    """Complete the one open task of an instance that the user may work on."""
    (task,) = list_tasks(user=user, instance_id=instance_id)
    return complete_task(runtime, task.id, user, values or {})


def test_every_shipped_diagram_deploys(runtime) -> None:
    for path in sorted(PROCESSES.glob("*.bpmn")):
        assert deploy_diagram(runtime, path.read_bytes(), path.name, "owner")


# The incident flow's paths are tested in tests/incident/.


def test_request_without_cost_goes_straight_to_fulfilment(runtime, shipped) -> None:
    instance_id = start_instance(runtime, "request", {"details": "Install Inkscape", "item": "software"})
    work(runtime, instance_id, "sam", {"cost": "0"})
    assert work(runtime, instance_id, "sam", {"fulfilment_note": "Installed"}) == "completed"


def test_request_review_refuses_a_negative_cost(runtime, shipped) -> None:
    instance_id = start_instance(runtime, "request", {"details": "Install Inkscape", "item": "software"})
    with pytest.raises(InvalidValues, match="must be between 0 and 1000000"):
        work(runtime, instance_id, "sam", {"cost": "-5"})


def test_request_with_cost_is_rejected_by_the_manager(runtime, shipped) -> None:
    instance_id = start_instance(runtime, "request", {"details": "New laptop", "item": "hardware"})
    work(runtime, instance_id, "sam", {"cost": "900"})
    assert work(runtime, instance_id, "mona", {"approved": "false", "approval_comment": "Next year"}) == "completed"
    ends = [e.element_id for e in list_history(instance_stream(instance_id)) if e.kind == "end_reached"]
    assert ends == ["rejected"]


def test_request_approver_is_reminded_every_four_hours(runtime, shipped, clock) -> None:
    instance_id = start_instance(runtime, "request", {"details": "New laptop", "item": "hardware"})
    work(runtime, instance_id, "sam", {"cost": "900"})
    clock.advance(hours=8, seconds=1)
    fire_due_timers(runtime)
    reminders = [e for e in list_history(instance_stream(instance_id))
                 if e.kind == "topic_logged" and e.element_id == "remind_approver"]
    assert len(reminders) == 2
    assert work(runtime, instance_id, "mona", {"approved": "true"}) == "running"
    assert work(runtime, instance_id, "sam", {"fulfilment_note": "Ordered"}) == "completed"


@pytest.fixture
def thin_change(runtime, shipped) -> None:
    """The thin change diagram of before the change records (tests/diagrams), which these two paths still follow."""
    path = Path(__file__).parents[1] / "diagrams" / "change_typed_window.bpmn"
    deploy_diagram(runtime, path.read_bytes(), "change.bpmn", "owner")


def test_high_risk_change_goes_through_cab_waits_for_its_window_and_runs_in_parallel(runtime, thin_change,
                                                                                     clock) -> None:
    instance_id = start_instance(runtime, "change", {
        "summary": "Upgrade the database", "risk": "high", "window_start": "2030-01-03T22:00:00+00:00"})
    work(runtime, instance_id, "carl", {"risk": "high", "plan": "Upgrade replica, fail over, upgrade primary"})
    work(runtime, instance_id, "cora", {"cab_approved": "true"})
    assert [t["element_id"] for t in show_instance(runtime, instance_id).timers] == ["wait_window"]
    clock.advance(days=3)
    fire_due_timers(runtime)
    work(runtime, instance_id, "lee", {"implemented": "true"})
    assert work(runtime, instance_id, "carl", {"successful": "true"}) == "completed"


def test_unanswered_cab_approval_expires_the_change(runtime, thin_change, clock) -> None:
    instance_id = start_instance(runtime, "change", {
        "summary": "Swap core switch", "risk": "high", "window_start": "2030-01-10T22:00:00+00:00"})
    work(runtime, instance_id, "carl", {"risk": "high", "plan": "Swap during the maintenance window"})
    clock.advance(days=3, seconds=1)
    fire_due_timers(runtime)
    assert show_instance(runtime, instance_id).summary.status == "completed"
