"""The requester portal: processes to start, start forms, 'my requests' and a request's timeline."""
from datetime import timedelta
from pathlib import Path

import pytest

from app.platform.errors import InvalidValues, StepFailed
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks
from engine.topics import TopicCall

PROCESSES = Path(__file__).parents[2] / "processes"
DIAGRAMS = Path(__file__).parents[1] / "diagrams"  # incident.bpmn there: a plain triage flow without tickets


@pytest.fixture
def shipped(runtime, demo) -> None:
    """Deploy a plain triage incident and the shipped request diagram (with the demo people)."""
    for folder, name in ((DIAGRAMS, "incident.bpmn"), (PROCESSES, "request.bpmn")):
        deploy_diagram(runtime, (folder / name).read_bytes(), name, "olga")


def triage(runtime, instance_id: int, priority: str = "P3") -> None:
    """Let sam claim and complete the triage task of an incident."""
    (task,) = list_tasks(user="sam", instance_id=instance_id)
    claim_task(runtime, task.id, "sam")
    complete_task(runtime, task.id, "sam", {"priority": priority})


def test_requester_sees_every_deployed_process_in_the_portal(client, shipped, sign_in) -> None:
    sign_in("rita")
    page = client.get("/portal").get_data(as_text=True)
    assert "Incident" in page and "Service request" in page
    assert 'href="/portal/start/request"' in page


def test_portal_incident_card_opens_the_full_incident_form(client, shipped, sign_in) -> None:
    sign_in("rita")
    page = client.get("/portal").get_data(as_text=True)
    assert 'href="/tickets/new"' in page and 'href="/portal/start/incident"' not in page


def test_incident_start_page_sends_the_requester_to_the_full_incident_form(client, shipped, sign_in) -> None:
    sign_in("rita")
    response = client.get("/portal/start/incident")
    assert response.status_code == 302 and response.headers["Location"] == "/tickets/new"
    assert client.post("/portal/start/incident", data={"title": "Printer"}).headers["Location"] == "/tickets/new"
    assert "You have not started anything yet." in client.get("/requests").get_data(as_text=True)


def test_auditor_cannot_use_the_portal(client, shipped, sign_in) -> None:
    sign_in("audrey")
    assert client.get("/portal").status_code == 403


def test_start_page_shows_the_start_form_fields_with_required_marks(client, shipped, sign_in) -> None:
    sign_in("rita")
    page = client.get("/portal/start/request").get_data(as_text=True)
    assert 'name="item"' in page and 'name="details"' in page
    assert 'class="required"' in page


def test_start_page_of_an_unknown_process_is_not_found(client, shipped, sign_in) -> None:
    sign_in("rita")
    assert client.get("/portal/start/nothing").status_code == 404


def test_start_form_errors_appear_next_to_their_fields_and_values_stay(client, shipped, sign_in) -> None:
    sign_in("rita")
    response = client.post("/portal/start/request", data={"item": "hardware", "details": "", "needed_by": "someday"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="details-error"' in page
    assert '<option selected value="hardware">' in page and 'value="someday"' in page
    assert 'id="needed_by-error"' in page


def test_refused_start_form_starts_nothing(client, shipped, sign_in) -> None:
    sign_in("rita")
    client.post("/portal/start/request", data={"item": "software", "details": ""})
    assert "You have not started anything yet." in client.get("/requests").get_data(as_text=True)


def test_requester_lands_on_the_new_request_ticket_after_starting(client, shipped, sign_in) -> None:
    sign_in("rita")
    response = client.post("/portal/start/request", data={"item": "software", "details": "Install Inkscape"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/tickets/REQ-")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Install Inkscape" in page and "Received – waiting to be looked at" in page


def test_requester_lands_on_the_request_page_of_a_process_without_a_ticket(client, runtime, demo, deploy,
                                                                           sign_in) -> None:
    deploy("wait_timer.bpmn")
    sign_in("rita")
    assert client.post("/portal/start/wait").headers["Location"].startswith("/requests/")


def test_process_without_a_start_form_starts_with_one_button(client, runtime, demo, deploy, sign_in) -> None:
    deploy("wait_timer.bpmn")
    sign_in("rita")
    page = client.get("/portal/start/wait").get_data(as_text=True)
    assert "Nothing to fill in" in page
    assert client.post("/portal/start/wait").status_code == 302


def test_my_requests_lists_only_what_i_started(client, runtime, shipped, sign_in) -> None:
    start_instance(runtime, "incident", {"title": "Rita's VPN"}, actor="rita")
    start_instance(runtime, "incident", {"title": "Sam's laptop"}, actor="sam")
    sign_in("rita")
    page = client.get("/requests").get_data(as_text=True)
    assert "Rita&#39;s VPN" in page
    assert "Sam&#39;s laptop" not in page


def test_my_requests_shows_the_current_step_and_the_group_that_has_it(client, runtime, shipped, sign_in) -> None:
    start_instance(runtime, "incident", {"title": "VPN down"}, actor="rita")
    sign_in("rita")
    page = client.get("/requests").get_data(as_text=True)
    assert "Classify and prioritise" in page
    assert "waiting for service-desk" in page


def test_my_requests_names_the_person_who_took_the_step(client, runtime, shipped, sign_in) -> None:
    instance_id = start_instance(runtime, "incident", {"title": "VPN down"}, actor="rita")
    (task,) = list_tasks(user="sam", instance_id=instance_id)
    claim_task(runtime, task.id, "sam")
    sign_in("rita")
    assert "with Sam Service-Desk" in client.get("/requests").get_data(as_text=True)


def test_my_requests_pages_after_fifty_newest_first(client, runtime, shipped, sign_in) -> None:
    ids = [start_instance(runtime, "request", {"item": "software", "details": f"Item {n}"}, actor="rita")
           for n in range(51)]
    sign_in("rita")
    first = client.get("/requests").get_data(as_text=True)
    assert f'data-instance="{ids[-1]}"' in first and f'data-instance="{ids[0]}"' not in first
    second = client.get(f"/requests?after={ids[1]}").get_data(as_text=True)
    assert f'data-instance="{ids[0]}"' in second and f'data-instance="{ids[1]}"' not in second


def test_request_waiting_for_a_timer_says_until_when(client, runtime, demo, deploy, sign_in) -> None:
    deploy("wait_timer.bpmn")
    start_instance(runtime, "wait", {}, actor="rita")
    sign_in("rita")
    page = client.get("/requests").get_data(as_text=True)
    assert "Wait one hour" in page and "waiting until" in page


def test_request_whose_step_failed_says_the_service_desk_was_told(client, runtime, demo, deploy, topics,
                                                                  sign_in) -> None:
    def unreachable(call: TopicCall) -> dict:
        raise ConnectionError("ticket system down")

    topics.register("flaky", unreachable)
    deploy("failing_step.bpmn")
    instance_id = start_instance(runtime, "fragile", {}, actor="rita")
    with pytest.raises(StepFailed):
        complete_task(runtime, list_tasks(instance_id=instance_id)[0].id, "sam", {"summary": "Printer"})
    sign_in("rita")
    page = client.get(f"/requests/{instance_id}").get_data(as_text=True)
    assert "Delayed – the service desk has been told" in page
    assert "Something went wrong; the service desk has been told" in page


def test_done_request_says_its_ticket_is_closed(client, runtime, shipped, sign_in) -> None:
    instance_id = start_instance(runtime, "request", {"item": "software", "details": "Inkscape"}, actor="rita")
    (task,) = list_tasks(user="sam", instance_id=instance_id)
    complete_task(runtime, task.id, "sam", {"cost": "0"})
    (task,) = list_tasks(user="sam", instance_id=instance_id)
    complete_task(runtime, task.id, "sam", {"fulfilment_note": "Installed"})
    sign_in("rita")
    assert '<span class="status completed" data-testid="status">Closed</span>' in client.get(
        f"/requests/{instance_id}").get_data(as_text=True)


def test_another_requester_gets_404_on_my_request(client, runtime, shipped, sign_in) -> None:
    instance_id = start_instance(runtime, "incident", {"title": "VPN down"}, actor="rita")
    sign_in("carl")
    assert client.get(f"/requests/{instance_id}").status_code == 404  # as if it did not exist


def test_unknown_request_is_not_found(client, shipped, sign_in) -> None:
    sign_in("rita")
    assert client.get("/requests/999").status_code == 404


def test_timeline_tells_the_requester_who_is_working_on_it_in_her_words(client, runtime, shipped,
                                                                        sign_in) -> None:
    instance_id = start_instance(runtime, "incident", {"title": "VPN down"}, actor="rita")
    triage(runtime, instance_id)
    sign_in("rita")
    page = client.get(f"/requests/{instance_id}").get_data(as_text=True)
    sentences = ["You sent it.", "Waiting for the team to pick it up.", "Sam Service-Desk is working on it.",
                 "Sam Service-Desk finished 'Classify and prioritise'."]
    positions = [page.index(sentence) for sentence in sentences]
    assert positions == sorted(positions)
    assert "automatically" not in page and "moved on" not in page


def test_timeline_escapes_names_from_people_and_diagrams(client, runtime, shipped, sign_in) -> None:
    from app.organisation.policies import system_actor
    from app.organisation.users import UserDetails, update_user

    update_user(system_actor(), "sam", UserDetails(display_name="<b>Sam</b>"))
    instance_id = start_instance(runtime, "incident", {"title": "VPN down"}, actor="rita")
    (task,) = list_tasks(user="sam", instance_id=instance_id)
    claim_task(runtime, task.id, "sam")
    sign_in("rita")
    page = client.get(f"/requests/{instance_id}").get_data(as_text=True)
    assert "&lt;b&gt;Sam&lt;/b&gt; is working on it." in page


def test_requester_is_told_in_chinese_that_needed_by_cannot_be_in_the_past(client, shipped, sign_in, clock) -> None:
    sign_in("rita")
    client.post("/language", data={"language": "zh_CN", "next": "/portal"})
    yesterday = (clock.now() - timedelta(days=1)).date().isoformat()
    response = client.post("/portal/start/request", data={"item": "hardware", "details": "A laptop",
                                                          "needed_by": yesterday})
    assert response.status_code == 422
    assert "“需要日期”必须是今天或以后的日期。" in response.get_data(as_text=True)


def test_start_of_a_request_needed_by_yesterday_is_refused_whatever_sends_it(runtime, shipped, clock) -> None:
    yesterday = (clock.now() - timedelta(days=1)).date().isoformat()
    with pytest.raises(InvalidValues) as refused:
        start_instance(runtime, "request", {"item": "hardware", "details": "A laptop", "needed_by": yesterday},
                       actor="rita")
    assert refused.value.errors == {"needed_by": ["Needed by must be today or a later date."]}
