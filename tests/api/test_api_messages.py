"""POST /api/v1/messages: the same correlation as the CLI, refusals as problem documents."""
from app.workflow.instances.lifecycle import show_instance, start_instance


def test_process_owner_resumes_the_waiting_instance(api, deploy, runtime, documented) -> None:
    deploy("message_order.bpmn")
    instance_id = start_instance(runtime, "order", {}, "ORD-1")
    response = api.post("/messages", "olga", {"message_name": "paymentReceived", "business_key": "ORD-1",
                                              "variables": {"paid": 130}})
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"instance_id": instance_id, "started": False, "element_id": "wait_pay"}
    documented(response, "send_message")
    assert show_instance(runtime, instance_id).variables["paid"] == 130


def test_a_message_start_event_starts_a_process(api, deploy, runtime, documented) -> None:
    deploy("message_start.bpmn")
    response = api.post("/messages", "adam", {"message_name": "orderByMail", "business_key": "MAIL-1"})
    assert response.status_code == 200
    assert response.get_json()["started"] is True
    assert show_instance(runtime, response.get_json()["instance_id"]).summary.business_key == "MAIL-1"


def test_no_match_and_several_matches_answer_400_mismatching_message(api, deploy, runtime, documented) -> None:
    deploy("message_order.bpmn")
    start_instance(runtime, "order", {})
    start_instance(runtime, "order", {})
    for body, matches in (({"message_name": "nobodyWaits"}, 0), ({"message_name": "paymentReceived"}, 2)):
        response = api.post("/messages", "olga", body)
        assert response.status_code == 400
        problem = response.get_json()
        assert response.mimetype == "application/problem+json"
        assert (problem["type"], problem["matches"]) == ("urn:flowdesk:problem:mismatching-message", matches)
        assert "Cannot correlate the message" in problem["detail"]
        documented(response, "send_message")


def test_only_process_owners_and_admins_send_messages(api, deploy, documented) -> None:
    deploy("message_start.bpmn")
    for login in ("sam", "rita", "audrey"):
        response = api.post("/messages", login, {"message_name": "orderByMail"})
        assert response.status_code == 403, login
    documented(response, "send_message")


def test_a_message_without_a_name_is_refused_by_field(api, demo, documented) -> None:
    response = api.post("/messages", "olga", {"variables": {"paid": 1}})
    assert response.status_code == 422
    documented(response, "send_message")


def open_elements(runtime, instance_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the element ids of an instance's open tasks."""
    return sorted(task["element_id"] for task in show_instance(runtime, instance_id).open_tasks)


def test_messages_reach_event_subprocesses_and_non_interrupting_boundary_events(api, deploy, runtime) -> None:
    deploy("message_event_subprocesses.bpmn")
    deploy("message_boundary_noninterrupting.bpmn")
    claim = start_instance(runtime, "claim", {}, "CLM-1")
    repair = start_instance(runtime, "repair", {}, "REP-1")
    for name, key in (("documentsAdded", "CLM-1"), ("customerCalled", "REP-1"), ("customerCalled", "REP-1")):
        response = api.post("/messages", "olga", {"message_name": name, "business_key": key})
        assert response.status_code == 200, response.get_json()
    assert open_elements(runtime, claim) == ["assess", "look"]
    assert open_elements(runtime, repair) == ["call_back", "call_back", "fix"]
    response = api.post("/messages", "olga", {"message_name": "claimWithdrawn", "business_key": "CLM-1"})
    assert response.get_json()["element_id"] == "withdrawn"
    assert open_elements(runtime, claim) == ["close"]
