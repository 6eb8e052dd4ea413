"""Instance endpoints: start a process, read an instance and its history, with the pages' visibility rules."""
import pytest

from engine.topics import TopicCall, TopicRegistry


def test_requester_starts_a_process_and_gets_its_address(api, deploy, documented) -> None:
    deploy("incident.bpmn")
    response = api.post("/processes/incident/instances", "rita",
                        {"variables": {"title": "Mail is down"}, "business_key": "INC-7"})
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == f"/api/v1/instances/{body['id']}"
    assert (body["status"], body["business_key"], body["started_by"]) == ("running", "INC-7", "rita")
    assert [t["name"] for t in body["open_tasks"]] == ["Classify and prioritise"]
    documented(response, "start_instance")


def test_start_form_errors_answer_422_by_field(api, deploy, documented) -> None:
    deploy("incident.bpmn")
    response = api.post("/processes/incident/instances", "rita", {"variables": {"description": "no title"}})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["title"]
    documented(response, "start_instance")


def test_start_request_with_unknown_members_answers_422(api, deploy) -> None:
    deploy("incident.bpmn")
    response = api.post("/processes/incident/instances", "rita", {"title": "Mail is down"})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["title"]


def test_start_request_with_a_non_string_business_key_answers_422(api, deploy) -> None:
    deploy("incident.bpmn")
    response = api.post("/processes/incident/instances", "rita",
                        {"variables": {"title": "Mail is down"}, "business_key": 7})
    assert list(response.get_json()["errors"]) == ["business_key"]


def test_starting_an_unknown_process_answers_404(api, demo, documented) -> None:
    response = api.post("/processes/no-such-process/instances", "rita", {"variables": {}})
    assert response.status_code == 404
    documented(response, "start_instance")


def test_auditor_may_not_start_processes(api, deploy) -> None:
    deploy("incident.bpmn")
    response = api.post("/processes/incident/instances", "audrey", {"variables": {"title": "x"}})
    assert response.status_code == 403


def test_failed_first_step_answers_409_naming_the_instance(api, deploy, topics: TopicRegistry,
                                                           documented) -> None:
    def ticket_system_down(call: TopicCall) -> dict[str, str]:
        raise ConnectionError("ticket system down")
    topics.register("flaky", ticket_system_down)
    deploy("flaky_start.bpmn")
    response = api.post("/processes/fragile_start/instances", "rita")
    assert response.status_code == 409
    body = response.get_json()
    assert body["type"] == "urn:flowdesk:problem:step-failed"
    assert "ticket system down" in body["detail"]
    assert api.get(f"/instances/{body['instance_id']}", "rita").get_json()["status"] == "needs_attention"
    documented(response, "start_instance")


def test_requester_reads_their_own_instance(api, incident, documented) -> None:
    instance_id = incident()
    response = api.get(f"/instances/{instance_id}", "rita")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["id"], body["process_id"], body["version"]) == (instance_id, "incident", 1)
    assert body["variables"]["title"] == "Printer on fire"
    documented(response, "show_instance")


def test_agent_of_the_offered_group_reads_the_instance(api, incident) -> None:
    assert api.get(f"/instances/{incident()}", "sam").status_code == 200


def test_agent_may_not_read_someone_elses_instance_without_a_task_of_theirs(api, incident, documented) -> None:
    response = api.get(f"/instances/{incident()}", "lee")
    assert response.status_code == 404  # as for an instance that does not exist: ids cannot be probed
    documented(response, "show_instance")


def test_reading_an_unknown_instance_answers_404(api, demo, documented) -> None:
    response = api.get("/instances/999999", "audrey")
    assert response.status_code == 404
    documented(response, "show_instance")


def test_auditor_reads_the_history_of_any_instance(api, incident, task_of, documented) -> None:
    instance_id = incident()
    api.post(f"/tasks/{task_of(instance_id)}/complete", "sam", {"priority": "P2"})
    response = api.get(f"/instances/{instance_id}/history", "audrey")
    assert response.status_code == 200
    events = response.get_json()["events"]
    assert events[0]["kind"] == "instance_started"
    completed = next(e for e in events if e["kind"] == "task_completed")
    assert (completed["actor"], completed["data"]["changed"]) == ("sam", {"priority": "P2"})
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    documented(response, "instance_history")


@pytest.mark.parametrize("login", ["lee", "carl"])
def test_history_is_refused_to_those_who_may_not_see_the_instance(api, incident, login) -> None:
    assert api.get(f"/instances/{incident()}/history", login).status_code == 404


def test_history_of_an_unknown_instance_answers_404(api, demo) -> None:
    assert api.get("/instances/999999/history", "adam").status_code == 404


def test_an_instance_shows_the_incident_of_its_failed_external_task(api, runtime, deploy, documented) -> None:
    from tests.engine_rest.test_external_task_incidents import fail_one_charge_for_good
    instance_id, task_id = fail_one_charge_for_good(runtime, deploy, "bank down")
    response = api.get(f"/instances/{instance_id}", "adam")
    body = response.get_json()
    assert (response.status_code, body["status"]) == (200, "running")
    assert [(i["task_id"], i["topic"], i["error_message"]) for i in body["incidents"]] == [
        (task_id, "charge-card", "bank down")]
    documented(response, "show_instance")
