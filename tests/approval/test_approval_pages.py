"""The pages of an approval by rule, on SQLite and PostgreSQL: the approver's form with the decisions so far (English
and Chinese), deciding from it, and delegations while away set on one's own page and by an admin."""
from datetime import timedelta

import pytest

from app.organisation.accounts import actor_for
from app.organisation.delegations import delegations_of, set_delegation
from app.organisation.users import require_user
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks


@pytest.fixture
def cab_with_two_decisions(runtime, deploy, demo) -> int:  # type: ignore[no-untyped-def]
    """A CAB of four deciding 3 of 4 without veto, where sam approved and carl rejected."""
    from app.workflow.deployment import deploy_diagram
    from tests.conftest import DIAGRAMS

    xml = (DIAGRAMS / "cab_by_rule.bpmn").read_text().replace('value="n-of-m:2"', 'value="n-of-m:3"') \
        .replace('name="flowdesk:veto" value="true"', 'name="flowdesk:veto" value="false"')
    deploy_diagram(runtime, xml.encode(), "cab_by_rule.bpmn", "owner")
    instance_id = start_instance(runtime, "cab_by_rule", {"cab_members": ["sam", "lee", "mona", "carl"],
                                                          "requested_by": "rita", "change_owner": "olga"})
    complete_task(runtime, task_of(instance_id, "sam"), "sam", {"decision": "approve", "comment": "Backout tested"})
    complete_task(runtime, task_of(instance_id, "carl"), "carl", {"decision": "reject",
                                                                   "comment": "Clashes with month-end"})
    return instance_id


def task_of(instance_id: int, assignee: str) -> str:
    return next(task.id for task in list_tasks(instance_id=instance_id) if task.assignee == assignee)


def test_approvers_form_shows_the_decisions_so_far(client, sign_in, cab_with_two_decisions) -> None:  # type: ignore[no-untyped-def]
    sign_in("mona")
    page = client.get(f"/tasks/{task_of(cab_with_two_decisions, 'mona')}").get_data(as_text=True)
    table = page[page.index('data-testid="approval-decisions"'):page.index('id="form-heading"') + 2000]
    assert "Decided when 3 of the 4 members approve." in table
    assert "Backout tested" in table and "Clashes with month-end" in table
    assert table.count('data-testid="approval-decision"') == 2
    assert table.index("Decisions so far") < table.index('name="decision"')


def test_approvers_form_speaks_chinese(client, sign_in, cab_with_two_decisions) -> None:  # type: ignore[no-untyped-def]
    sign_in("lee")  # lee prefers Simplified Chinese
    page = client.get(f"/tasks/{task_of(cab_with_two_decisions, 'lee')}").get_data(as_text=True)
    assert "目前的决定" in page and "已批准" in page and "已拒绝" in page


def test_approver_decides_from_the_form_and_the_rule_settles(client, sign_in, runtime,
                                                              cab_with_two_decisions) -> None:  # type: ignore[no-untyped-def]
    instance_id = cab_with_two_decisions
    complete_task(runtime, task_of(instance_id, "lee"), "lee", {"decision": "approve", "comment": ""})
    sign_in("mona")
    response = client.post(f"/tasks/{task_of(instance_id, 'mona')}", data={"decision": "approve", "comment": "OK"})
    assert response.status_code in (200, 302)
    found = show_instance(runtime, instance_id).variables
    assert found["cab_outcome"] == "approved"
    assert [d["decided_by"] for d in found["cab_decisions"]] == ["sam", "carl", "lee", "mona"]


def test_person_sets_a_delegation_on_their_own_page(client, sign_in, demo, clock) -> None:  # type: ignore[no-untyped-def]
    sign_in("mona")
    response = client.post("/profile/delegations", data={"to_login": "adam", "starts_at": "2030-01-07T09:00",
                                                          "ends_at": "2030-01-14T18:00", "reason": "On leave"})
    assert response.status_code == 302
    [saved] = delegations_of("mona")
    assert (saved.to_login, saved.reason, saved.created_by) == ("adam", "On leave", "mona")
    assert "On leave" in client.get("/profile/delegations").get_data(as_text=True)


def test_a_delegation_ending_before_it_starts_is_refused_with_the_field(client, sign_in, demo) -> None:  # type: ignore[no-untyped-def]
    sign_in("mona")
    response = client.post("/profile/delegations", data={"to_login": "mona", "starts_at": "2030-01-07T09:00",
                                                          "ends_at": "2030-01-06T09:00", "reason": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "A person cannot stand in for themself" in page and "The end must come after the start." in page
    assert delegations_of("mona") == []


def test_only_the_person_and_admins_manage_their_delegations(client, sign_in, demo, clock) -> None:  # type: ignore[no-untyped-def]
    now = clock.now()
    set_delegation(actor_for(require_user("mona")), "mona", "adam", now, now + timedelta(days=2), "Trip", now)
    sign_in("sam")
    assert client.get("/admin/users/mona/delegations").status_code == 403
    [delegation] = delegations_of("mona")
    assert client.post(f"/profile/delegations/{delegation.id}/withdraw").status_code == 403
    sign_in("adam")
    assert "Trip" in client.get("/admin/users/mona/delegations").get_data(as_text=True)
    assert client.post(f"/admin/users/mona/delegations/{delegation.id}/withdraw").status_code == 302
    assert delegations_of("mona")[0].withdrawn_at is not None


def test_an_excluded_person_handed_the_task_is_told_and_refused_on_record(client, sign_in, runtime, deploy, demo,
                                                                          admin_actor) -> None:  # type: ignore[no-untyped-def]
    from app.workflow.instances.history import instance_stream, list_history
    from app.workflow.tasks.actions import reassign_task

    deploy("cab_by_rule.bpmn")
    instance_id = start_instance(runtime, "cab_by_rule", {"cab_members": ["sam", "mona", "carl"],
                                                          "requested_by": "lee", "change_owner": "olga"})
    reassign_task(runtime, task_of(instance_id, "sam"), admin_actor, "lee", "sam is ill")
    sign_in("lee")
    task_id = task_of(instance_id, "lee")
    assert 'data-testid="approval-excluded"' in client.get(f"/tasks/{task_id}").get_data(as_text=True)
    response = client.post(f"/tasks/{task_id}", data={"decision": "approve", "comment": ""})
    assert response.status_code == 403
    assert "不能参与" in response.get_data(as_text=True)  # lee reads Chinese
    assert [e.actor for e in list_history(instance_stream(instance_id)) if e.kind == "approval_decision_refused"] == [
        "lee"]
