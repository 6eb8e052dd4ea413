"""The task page: the form drawn in the diagram, completing it, stale tasks, who may see it, reassigning."""
import re

import pytest

from app.organisation.policies import system_actor
from app.organisation.users import UserDetails, add_user
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import cancel_instance, show_instance, start_instance
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks
from engine.topics import TopicCall


def start_form_task(runtime, variables: dict | None = None) -> tuple[int, str]:
    """Start every_field.bpmn (offered to service-desk) and return (instance id, task id)."""
    instance_id = start_instance(runtime, "every_field", {"reference": "REF-1", **(variables or {})},
                                 business_key="REQ-7", actor="rita")
    (task,) = list_tasks(instance_id=instance_id)
    return instance_id, task.id


@pytest.fixture
def form_task(runtime, deploy, demo) -> tuple[int, str]:
    """An open 'Fill in every field' task offered to service-desk."""
    deploy("every_field.bpmn")
    return start_form_task(runtime)


def field_html(page: str, field_id: str) -> str:
    """Return the markup of one field's block on the task page."""
    found = re.search(rf'<div class="field[^"]*">\s*(?:(?!<div class="field).)*?id="{field_id}".*?</div>', page,
                      re.S)
    assert found, f"no field {field_id}"
    return found.group(0)


VALID = {"title": "New laptop", "count": "3", "needed_by": "2030-02-01", "category": "hardware"}


# --- the form -------------------------------------------------------------------------------------

def test_form_shows_every_field_type_as_its_input(client, form_task, sign_in) -> None:
    sign_in("sam")
    page = client.get(f"/tasks/{form_task[1]}").get_data(as_text=True)
    assert 'type="text"' in field_html(page, "title")
    assert 'type="number"' in field_html(page, "count")
    assert 'type="checkbox"' in field_html(page, "urgent")
    assert 'type="date"' in field_html(page, "needed_by")
    assert "<select" in field_html(page, "category")


def test_form_labels_are_bound_to_inputs_and_required_fields_are_marked(client, form_task, sign_in) -> None:
    sign_in("sam")
    page = client.get(f"/tasks/{form_task[1]}").get_data(as_text=True)
    assert '<label class="required" for="title">Title</label>' in page
    assert 'for="count">Count</label>' in field_html(page, "count")
    assert "required" not in field_html(page, "count")


def test_form_fills_defaults_and_shows_readonly_values_without_letting_them_change(client, form_task,
                                                                                   sign_in) -> None:
    sign_in("sam")
    page = client.get(f"/tasks/{form_task[1]}").get_data(as_text=True)
    assert 'value="1"' in field_html(page, "count")
    assert '<option selected value="software">Software</option>' in field_html(page, "category")
    assert re.search(r'<input[^>]*readonly[^>]*value="REF-1"', field_html(page, "reference"))


def test_form_starts_from_the_instances_current_values(client, runtime, deploy, demo, sign_in) -> None:
    deploy("every_field.bpmn")
    _, task_id = start_form_task(runtime, {"title": "Printer", "count": 4, "urgent": True, "needed_by": "2030-02-01",
                                           "category": "hardware"})
    sign_in("sam")
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert 'value="Printer"' in field_html(page, "title")
    assert 'value="4"' in field_html(page, "count")
    assert "checked" in field_html(page, "urgent")
    assert 'value="2030-02-01"' in field_html(page, "needed_by")
    assert '<option selected value="hardware">' in field_html(page, "category")


def test_form_puts_the_cursor_in_the_first_editable_field(client, form_task, sign_in) -> None:
    sign_in("sam")
    page = client.get(f"/tasks/{form_task[1]}").get_data(as_text=True)
    assert page.count("autofocus") == 1
    assert "autofocus" in field_html(page, "title")


def test_task_page_shows_the_documentation_and_the_instances_key_facts(client, form_task, sign_in) -> None:
    sign_in("sam")
    page = client.get(f"/tasks/{form_task[1]}").get_data(as_text=True)
    for fact in ("Check the request, then fill in every field.", "<dd>Every field</dd>", "<dd>REQ-7</dd>",
                 "<dd>Rita Requester</dd>", "<dd>40</dd>", "<dd>service-desk</dd>", "Not claimed yet"):
        assert fact in page


def test_task_page_names_who_claimed_it_not_their_login(client, runtime, form_task, sign_in) -> None:
    claim_task(runtime, form_task[1], "sam")
    sign_in("sam")
    page = client.get(f"/tasks/{form_task[1]}").get_data(as_text=True)
    assert '<dd data-testid="assignee">Sam Service-Desk</dd>' in page


# --- completing -----------------------------------------------------------------------------------

def test_valid_values_complete_the_task_and_lead_back_to_the_inbox(client, form_task, sign_in) -> None:
    sign_in("sam")
    response = client.post(f"/tasks/{form_task[1]}", data=VALID)
    assert response.headers["Location"] == "/inbox"
    assert "Task completed." in client.get("/inbox").get_data(as_text=True)


def test_submitted_values_reach_the_instance_typed(client, runtime, form_task, sign_in) -> None:
    sign_in("sam")
    client.post(f"/tasks/{form_task[1]}", data={**VALID, "reference": "changed"})
    variables = show_instance(runtime, form_task[0]).variables
    assert {name: variables[name] for name in ("title", "count", "needed_by", "category", "reference")} == {
        "title": "New laptop", "count": 3, "needed_by": "2030-02-01", "category": "hardware", "reference": "REF-1"}


def test_an_unchecked_checkbox_is_submitted_as_false(client, runtime, deploy, demo, sign_in) -> None:
    deploy("every_field.bpmn")
    instance_id, task_id = start_form_task(runtime, {"urgent": True})
    sign_in("sam")
    client.post(f"/tasks/{task_id}", data=VALID)
    assert show_instance(runtime, instance_id).variables["urgent"] is False


def test_refused_values_show_errors_next_to_their_fields_and_keep_what_was_entered(client, form_task,
                                                                                   sign_in) -> None:
    sign_in("sam")
    response = client.post(f"/tasks/{form_task[1]}", data={**VALID, "title": "x", "count": "11"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    title, count = field_html(page, "title"), field_html(page, "count")
    assert 'value="x"' in title and "Title must be between 3 and 20 characters." in title
    assert 'value="11"' in count and "Count must be between 1 and 10." in count
    assert 'value="2030-02-01"' in field_html(page, "needed_by")


def test_a_missing_required_value_is_refused_next_to_its_field(client, form_task, sign_in) -> None:
    sign_in("sam")
    page = client.post(f"/tasks/{form_task[1]}", data={**VALID, "title": ""}).get_data(as_text=True)
    assert 'aria-invalid="true"' in field_html(page, "title")
    assert "Title is required." in field_html(page, "title")


def test_a_failing_next_step_is_shown_as_an_error_and_keeps_the_form(client, runtime, deploy, demo, topics,
                                                                     sign_in) -> None:
    def ticket_system_down(call: TopicCall) -> None:
        raise ConnectionError("ticket system down")
    topics.register("flaky", ticket_system_down)
    deploy("failing_step.bpmn")
    (task,) = list_tasks(instance_id=start_instance(runtime, "fragile", {}))
    sign_in("sam")
    page = client.post(f"/tasks/{task.id}", data={"summary": "VPN down"}).get_data(as_text=True)
    assert re.search(r'class="flash error"[^>]*>[^<]*ticket system down', page)
    assert 'value="VPN down"' in field_html(page, "summary")


# --- stale tasks and refusals --------------------------------------------------------------------

def test_a_task_completed_elsewhere_meanwhile_gets_a_clear_message(client, runtime, form_task, sign_in) -> None:
    sign_in("sam")
    complete_task(runtime, form_task[1], "sam", VALID)
    response = client.post(f"/tasks/{form_task[1]}", data=VALID)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "This task was already completed by Sam Service-Desk at" in page
    assert '<a href="/inbox">Back to the inbox</a>' in page


def test_opening_a_cancelled_task_says_it_was_cancelled(client, runtime, form_task, sign_in) -> None:
    cancel_instance(runtime, form_task[0], "adam", "duplicate")
    sign_in("sam")
    response = client.get(f"/tasks/{form_task[1]}")
    assert response.status_code == 409
    assert "This task was cancelled at" in response.get_data(as_text=True)


def test_an_unknown_task_is_not_found(client, form_task, sign_in) -> None:
    sign_in("sam")
    assert client.get("/tasks/no-such-task").status_code == 404


def test_someone_neither_candidate_nor_assignee_may_not_open_the_form(client, form_task, sign_in) -> None:
    sign_in("lee")
    assert client.get(f"/tasks/{form_task[1]}").status_code == 403


def test_someone_neither_candidate_nor_assignee_may_not_submit_the_form(client, runtime, form_task,
                                                                        sign_in) -> None:
    sign_in("lee")
    assert client.post(f"/tasks/{form_task[1]}", data=VALID).status_code == 403
    assert list_tasks(instance_id=form_task[0])


def test_a_candidate_sees_who_holds_a_claimed_task_instead_of_the_form(client, runtime, form_task,
                                                                         sign_in) -> None:
    add_user(runtime, system_actor(), "sue", ["service-desk"])
    claim_task(runtime, form_task[1], "sue")
    sign_in("sam")
    page = client.get(f"/tasks/{form_task[1]}").get_data(as_text=True)
    assert "This task is assigned to sue; only they can complete it." in page
    assert "Complete task" not in page


# --- reassigning ----------------------------------------------------------------------------------

def test_group_lead_hands_a_task_to_a_named_person_with_a_reason(client, runtime, form_task, sign_in) -> None:
    sign_in("sam")  # lead of service-desk
    response = client.post(f"/tasks/{form_task[1]}/reassign", data={"other_login": "lee", "reason": "VPN expert"})
    assert response.headers["Location"] == f"/tasks/{form_task[1]}"
    (task,) = list_tasks(instance_id=form_task[0])
    reassigned = list_history(instance_stream(form_task[0]))[-1]
    assert (task.assignee, reassigned.kind, reassigned.data["reason"]) == ("lee", "task_reassigned", "VPN expert")


def test_group_lead_chooses_among_the_task_groups_members(client, runtime, form_task, sign_in) -> None:
    add_user(runtime, system_actor(), "sue", ["service-desk"],
             details=UserDetails(display_name="Sue Desk", roles=["agent"]))  # tasks go only to people who work tickets
    sign_in("sam")
    page = client.get(f"/tasks/{form_task[1]}").get_data(as_text=True)
    assert '<option value="sue">Sue Desk (sue)</option>' in page
    assert '<option value="lee">' not in page


def test_a_candidate_who_is_not_a_lead_sees_no_reassign_form(client, runtime, deploy, demo, sign_in) -> None:
    deploy("inbox_task.bpmn")
    instance_id = start_instance(runtime, "inbox_task", {"group": "second-line", "person": None, "due": None,
                                                         "priority": None})
    (task,) = list_tasks(instance_id=instance_id)
    sign_in("lee")  # lee reads Chinese: look for the forms, not their labels
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert f'action="/tasks/{task.id}"' in page and 'id="new_assignee"' not in page


def test_someone_who_is_not_a_lead_is_refused_when_reassigning(client, runtime, deploy, demo, sign_in) -> None:
    deploy("inbox_task.bpmn")
    instance_id = start_instance(runtime, "inbox_task", {"group": "second-line", "person": None, "due": None,
                                                         "priority": None})
    (task,) = list_tasks(instance_id=instance_id)
    sign_in("lee")
    assert client.post(f"/tasks/{task.id}/reassign", data={"other_login": "sam"}).status_code == 403
    assert list_tasks(instance_id=instance_id)[0].assignee is None


def test_reassigning_to_an_unknown_login_says_so(client, form_task, sign_in) -> None:
    sign_in("sam")
    page = client.post(f"/tasks/{form_task[1]}/reassign", data={"other_login": "nobody"},
                       follow_redirects=True).get_data(as_text=True)
    assert "There is no active user &#39;nobody&#39;." in page
