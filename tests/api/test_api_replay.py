"""GET /api/v1/instances/{id}/replay: the steps of a case as its page shows them, under the same rule of who may."""
from app.workflow.instances.history import instance_stream, list_history


def started_incident(api, deploy) -> int:  # type: ignore[no-untyped-def]
    deploy("incident.bpmn")
    response = api.post("/processes/incident/instances", "rita", {"variables": {"title": "Mail is down"}})
    return int(response.get_json()["id"])


def test_auditor_reads_every_step_with_tokens_data_and_verdict(api, deploy, documented) -> None:
    instance_id = started_incident(api, deploy)
    response = api.get(f"/instances/{instance_id}/replay", "audrey")
    assert response.status_code == 200
    body = response.get_json()
    events = list_history(instance_stream(instance_id))
    assert [step["seq"] for step in body["steps"]] == [event.seq for event in events]
    assert body["verified"] is True and body["first_break"] is None
    first, last = body["steps"][0], body["steps"][-1]
    assert first["kind"] == "instance_started" and first["data"]["title"] == "Mail is down"
    assert {"name": "title", "before": None, "after": "Mail is down", "removed": False} in first["changes"]
    assert [token["element_id"] for token in last["tokens"]] == [last["element_id"]]
    assert all(step["verified"] for step in body["steps"])
    documented(response, "replay_instance")


def test_the_starting_requester_replays_her_case_but_an_agent_of_no_task_does_not(api, deploy) -> None:
    instance_id = started_incident(api, deploy)
    assert api.get(f"/instances/{instance_id}/replay", "rita").status_code == 200
    assert api.get(f"/instances/{instance_id}/replay", "carl").status_code == 404


def test_replay_is_in_the_openapi_document(api) -> None:
    paths = api.client.get("/api/v1/openapi.json").get_json()["paths"]
    assert paths["/instances/{instance_id}/replay"]["get"]["operationId"] == "replay_instance"
