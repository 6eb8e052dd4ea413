"""POST /engine-rest/signal: Camunda's body (name, typed variables, executionId), 204; Camunda's error shape."""
import base64

from app.workflow.instances.lifecycle import list_instances, show_instance, start_instance
from tests.engine.test_event_subprocesses import open_tasks


def basic(login: str) -> dict[str, str]:
    """Return the basic Authorization header of a demo person."""
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:flowdesk-demo".encode()).decode()}


def test_a_signal_reaches_every_waiting_instance_with_its_typed_variables(client, demo, deploy, runtime) -> None:
    deploy("signal_catchers.bpmn")
    watchers = [start_instance(runtime, "watch", {}) for _ in range(2)]
    response = client.post("/engine-rest/signal", headers=basic("olga"), json={
        "name": "outage", "variables": {"severity": {"value": 3, "type": "Integer"}, "note": {"value": "dc1"}}})
    assert response.status_code == 204, response.get_json()
    for watcher in watchers:
        assert open_tasks(watcher) == ["stop_work"]
        assert {"severity": 3, "note": "dc1"}.items() <= show_instance(runtime, watcher).variables.items()
    (responder,) = list_instances(process_id="responder")
    assert open_tasks(responder.id) == ["respond"]


def test_a_signal_nobody_waits_for_answers_204(client, demo) -> None:
    assert client.post("/engine-rest/signal", headers=basic("olga"), json={"name": "nobody"}).status_code == 204


def test_an_execution_id_sends_the_signal_to_that_instance_only(client, demo, deploy, runtime) -> None:
    deploy("signal_catchers.bpmn")
    first, second = (start_instance(runtime, "watch", {}) for _ in range(2))
    response = client.post("/engine-rest/signal", headers=basic("olga"),
                           json={"name": "outage", "executionId": str(second)})
    assert response.status_code == 204
    assert (open_tasks(first), open_tasks(second)) == (["work"], ["stop_work"])
    assert list_instances(process_id="responder") == []  # no process starts for one execution
    refused = client.post("/engine-rest/signal", headers=basic("olga"),
                          json={"name": "outage", "executionId": str(second)})
    assert refused.status_code == 500  # as Camunda answers an execution not subscribed to the signal
    assert refused.get_json()["type"] == "ProcessEngineException"
    assert f"Instance {second} does not wait for the signal 'outage'" in refused.get_json()["message"]


def test_bad_requests_and_people_who_may_not_broadcast_are_refused(client, demo) -> None:
    for body, words in (({}, "'name' is required"), ({"name": "x", "tenantId": "t1"}, "no tenants"),
                        ({"name": "x", "async": True}, "async"),
                        ({"name": "x", "executionId": "abc"}, "'executionId' must be a FlowDesk instance id")):
        response = client.post("/engine-rest/signal", headers=basic("olga"), json=body)
        assert response.status_code == 400, body
        assert words in response.get_json()["message"]
    refused = client.post("/engine-rest/signal", headers=basic("sam"), json={"name": "outage"})
    assert refused.status_code == 403 and refused.get_json()["type"] == "AuthorizationException"
