"""Outside workers through /engine-rest/external-task: fetch and lock, complete, fail, BPMN errors, lock expiry."""

import json
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.wiring import current_runtime
from app.workflow.instances.lifecycle import retry_instance, show_instance, start_instance
from app.workflow.models import ExternalTask, HistoryEvent, ProcessInstance, UserTask
from tests.engine_rest.conftest import basic

CORPUS = "/work/shared/camunda-corpus"


def fetch(client, worker: str = "w1", topic: str = "charge-card", lock: int = 60_000, **more):  # type: ignore[no-untyped-def]
    body = {"workerId": worker, "maxTasks": 5, "topics": [{"topicName": topic, "lockDuration": lock}], **more}
    response = client.post("/engine-rest/external-task/fetchAndLock", json=body, headers=basic("bot"))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def post(client, task_id: str, action: str, body: dict):  # type: ignore[no-untyped-def]
    return client.post(f"/engine-rest/external-task/{task_id}/{action}", json=body, headers=basic("bot"))


def status_of(instance_id: int) -> str:
    db.session.expire_all()
    return db.session.get(ProcessInstance, instance_id).status


def kinds(instance_id: int) -> list[str]:
    return list(db.session.execute(select(HistoryEvent.kind).where(HistoryEvent.instance_id == instance_id)
                                   .order_by(HistoryEvent.seq)).scalars())


def test_an_unknown_topic_deploys_and_waits_for_an_outside_worker(client, charge) -> None:
    [task] = fetch(client)
    assert task["topicName"] == "charge-card" and task["workerId"] == "w1"
    assert task["businessKey"] == "order-7" and task["priority"] == 250
    assert task["processInstanceId"] == str(charge) and task["activityId"] == "charge"
    assert task["variables"]["amount"] == {"value": 250, "type": "Integer", "valueInfo": {}}
    assert task["variables"]["currency"] == {"value": "EUR", "type": "String", "valueInfo": {}}
    assert fetch(client, "w2") == []  # locked: nobody else gets it
    (waiting,) = show_instance(current_runtime(), charge).waiting  # what the instance page and the API show
    assert (waiting["kind"], waiting["name"], waiting["worker_id"]) == ("external_task", "charge-card", "w1")
    assert waiting["locked_until"] is not None


def test_complete_with_variables_runs_the_instance_on_exactly_once(client, charge) -> None:
    [task] = fetch(client)
    done = post(client, task["id"], "complete", {"workerId": "w1", "variables": {
        "receipt": {"value": "R-1", "type": "String"}, "charged": {"value": True, "type": "Boolean"},
        "details": {"value": '{"bank": "ACME"}', "type": "Json"}}})
    assert done.status_code == 204, done.get_data(as_text=True)
    assert status_of(charge) == "completed"
    again = post(client, task["id"], "complete", {"workerId": "w1"})
    assert again.status_code == 404 and again.get_json()["type"] == "InvalidRequestException"
    assert "external_task_completed" in kinds(charge)
    assert db.session.execute(select(ExternalTask)).first() is None


def test_only_the_lock_holder_completes_and_an_expired_lock_frees_the_task(client, charge, clock) -> None:
    [task] = fetch(client, lock=1000)
    stranger = post(client, task["id"], "complete", {"workerId": "w2"})
    assert stranger.status_code == 400 and stranger.get_json()["type"] == "BadUserRequestException"
    assert "locked by worker 'w1'" in stranger.get_json()["message"]
    clock.advance(seconds=2)
    late = post(client, task["id"], "complete", {"workerId": "w1"})
    assert late.status_code == 400 and "lock expired" in late.get_json()["message"]
    [again] = fetch(client, "w2")
    assert again["id"] == task["id"] and again["workerId"] == "w2"
    assert post(client, task["id"], "complete", {"workerId": "w1"}).status_code == 400
    assert post(client, task["id"], "complete", {"workerId": "w2"}).status_code == 204
    assert status_of(charge) == "completed"


def test_extend_lock_and_unlock(client, charge, clock) -> None:
    [task] = fetch(client, lock=1000)
    assert post(client, task["id"], "extendLock", {"workerId": "w1", "newDuration": 60_000}).status_code == 204
    clock.advance(seconds=30)
    assert fetch(client, "w2") == []
    assert post(client, task["id"], "unlock", {}).status_code == 204
    assert [t["id"] for t in fetch(client, "w2")] == [task["id"]]


def test_a_bpmn_error_routes_to_the_matching_boundary_event(client, charge) -> None:
    [task] = fetch(client)
    raised = post(client, task["id"], "bpmnError", {"workerId": "w1", "errorCode": "card-declined",
                                                    "errorMessage": "Insufficient funds",
                                                    "variables": {"reason": {"value": "funds", "type": "String"}}})
    assert raised.status_code == 204, raised.get_data(as_text=True)
    assert db.session.execute(select(UserTask.element_id)).scalars().all() == ["call_customer"]
    assert status_of(charge) == "running"
    assert "external_task_bpmn_error" in kinds(charge)


def test_a_bpmn_error_nothing_catches_ends_the_path_as_camunda_does(client, charge) -> None:
    [task] = fetch(client)
    assert post(client, task["id"], "bpmnError", {"workerId": "w1", "errorCode": "other"}).status_code == 204
    assert status_of(charge) == "completed"
    assert db.session.execute(select(UserTask)).first() is None


def test_failures_retry_after_the_timeout_then_raise_an_incident_until_an_operator_retries(
        runtime, client, charge, clock) -> None:
    [task] = fetch(client)
    failed = post(client, task["id"], "failure", {"workerId": "w1", "errorMessage": "bank down",
                                                  "errorDetails": "timeout after 30 s", "retries": 1,
                                                  "retryTimeout": 5000})
    assert failed.status_code == 204, failed.get_data(as_text=True)
    assert fetch(client) == []  # waits for its retry timeout
    clock.advance(seconds=6)
    [again] = fetch(client)
    assert again["retries"] == 1 and again["errorMessage"] == "bank down"
    assert post(client, task["id"], "failure", {"workerId": "w1", "errorMessage": "still down",
                                                "retries": 0}).status_code == 204
    assert status_of(charge) == "running"  # the incident is the task's; the instance is not parked
    [incident] = show_instance(current_runtime(), charge).incidents
    assert (incident["task_id"], incident["error_message"]) == (task["id"], "still down")
    assert fetch(client) == []
    assert retry_instance(runtime, charge, "adam") == "running"
    assert show_instance(current_runtime(), charge).incidents == []
    [third] = fetch(client)
    assert post(client, third["id"], "complete", {"workerId": "w1"}).status_code == 204
    assert status_of(charge) == "completed"
    assert kinds(charge).count("incident_raised") == kinds(charge).count("incident_resolved") == 1


def test_get_lists_and_shows_tasks(client, charge) -> None:
    [task] = fetch(client)
    listed = client.get("/engine-rest/external-task?topicName=charge-card&locked=true", headers=basic("bot"))
    assert [t["id"] for t in listed.get_json()] == [task["id"]]
    assert client.get("/engine-rest/external-task?notLocked=true", headers=basic("bot")).get_json() == []
    shown = client.get(f"/engine-rest/external-task/{task['id']}", headers=basic("bot")).get_json()
    assert shown["workerId"] == "w1" and "variables" not in shown
    unknown = client.get("/engine-rest/external-task?tenantIdIn=x", headers=basic("bot"))
    assert unknown.status_code == 400 and "tenantIdIn" in unknown.get_json()["message"]


def test_only_workers_work_external_tasks(client, charge) -> None:
    refused = client.post("/engine-rest/external-task/fetchAndLock", headers=basic("rita"), json={
        "workerId": "w", "maxTasks": 1, "topics": [{"topicName": "charge-card", "lockDuration": 1000}]})
    assert refused.status_code == 403 and refused.get_json()["type"] == "AuthorizationException"


def test_bad_requests_name_the_field(client, charge) -> None:
    response = client.post("/engine-rest/external-task/fetchAndLock", headers=basic("bot"), json={
        "workerId": "w", "maxTasks": 1, "topics": [{"topicName": "charge-card"}]})
    assert response.status_code == 400 and "'lockDuration'" in response.get_json()["message"]
    response = client.post("/engine-rest/external-task/fetchAndLock", headers=basic("bot"), json={
        "workerId": "w", "maxTasks": 1, "topics": [{"topicName": "t", "lockDuration": 1, "tenantIdIn": ["x"]}]})
    assert response.status_code == 400 and "'tenantIdIn'" in response.get_json()["message"]
    [task] = fetch(client)
    bad = post(client, task["id"], "complete", {"workerId": "w1", "variables": {"x": {"value": 1, "type": "Object"}}})
    assert bad.status_code == 400 and "Object" in bad.get_json()["message"]


def test_registered_topics_still_run_in_flowdesk(runtime, deploy, workers) -> None:
    deploy("incident.bpmn")  # its flowdesk.notify and log topics have handlers: nothing waits for a worker
    assert db.session.execute(select(ExternalTask)).first() is None


def test_the_get_started_payment_process_deploys_and_its_card_charge_waits_for_a_worker(runtime, client,
                                                                                         workers) -> None:
    from app.workflow.deployment import deploy_diagram
    with open(f"{CORPUS}/cgs-payment-step4-user-task.bpmn", "rb") as diagram:
        deploy_diagram(runtime, diagram.read(), "cgs-payment-step4-user-task.bpmn", "owner",  # its form: a stand-in
                       forms={"payment.form": (Path(__file__).parents[1] / "diagrams" / "payment.form").read_bytes()})
    instance = start_instance(runtime, "payment-retrieval", {"amount": 30.0, "item": "book"}, actor="rita")
    [task] = fetch(client, topic="charge-card")
    assert task["variables"]["amount"] == {"value": 30.0, "type": "Double", "valueInfo": {}}
    assert post(client, task["id"], "complete", {"workerId": "w1"}).status_code == 204
    assert status_of(instance) == "completed"


def test_a_workers_completion_records_the_values_it_set_and_what_they_replaced(client, charge) -> None:
    [task] = fetch(client)
    post(client, task["id"], "complete", {"workerId": "w1", "variables": {
        "receipt": {"value": "R-1", "type": "String"}, "amount": {"value": 240, "type": "Integer"}}})
    data = db.session.execute(select(HistoryEvent.data).where(
        HistoryEvent.instance_id == charge, HistoryEvent.kind == "external_task_completed")).scalar_one()
    recorded = json.loads(data)
    assert recorded["changed"] == {"receipt": "R-1", "amount": 240}
    assert recorded["previous"] == {"receipt": None, "amount": 250}  # so a replay shows the step, not a jump
