"""POST /engine-rest/message: Camunda's body (typed variables), 204 or the correlation result, 400 on a mismatch."""
import base64

from app.workflow.instances.lifecycle import show_instance, start_instance


def basic(login: str) -> dict[str, str]:
    """Return the basic Authorization header of a demo person."""
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:flowdesk-demo".encode()).decode()}


def test_a_message_resumes_the_instance_its_business_key_and_correlation_keys_name(client, demo, deploy,
                                                                                   runtime) -> None:
    deploy("message_order.bpmn")
    start_instance(runtime, "order", {"customer": "ann"}, "ORD-1")
    wanted = start_instance(runtime, "order", {"customer": "bob"}, "ORD-1")
    response = client.post("/engine-rest/message", headers=basic("olga"), json={
        "messageName": "paymentReceived", "businessKey": "ORD-1",
        "correlationKeys": {"customer": {"value": "bob", "type": "String"}},
        "processVariables": {"paid": {"value": 150, "type": "Integer"}, "note": {"value": "thanks"}}})
    assert response.status_code == 204, response.get_json()
    variables = show_instance(runtime, wanted).variables
    assert (variables["paid"], variables["note"]) == (150, "thanks")


def test_result_enabled_answers_where_the_message_went(client, demo, deploy, runtime) -> None:
    deploy("message_order.bpmn")
    deploy("message_start.bpmn")
    instance_id = start_instance(runtime, "order", {}, "ORD-2")
    # variables come back as the sender may read them: every one for staff (adam); process owners see fewer
    resumed = client.post("/engine-rest/message", headers=basic("adam"), json={
        "messageName": "paymentReceived", "processInstanceId": str(instance_id), "resultEnabled": True,
        "variablesInResultEnabled": True, "processVariables": {"paid": {"value": 5, "type": "Long"}}})
    assert resumed.status_code == 200
    (result,) = resumed.get_json()
    assert result["resultType"] == "Execution" and result["processInstance"] is None
    assert result["execution"] == {"id": str(instance_id), "processInstanceId": str(instance_id), "ended": True,
                                   "tenantId": None}  # paid too little: the instance ended
    assert result["variables"]["paid"] == {"value": 5, "type": "Integer", "valueInfo": {}}
    started = client.post("/engine-rest/message", headers=basic("adam"), json={
        "messageName": "orderByMail", "businessKey": "MAIL-1", "resultEnabled": True})
    (result,) = started.get_json()
    assert result["resultType"] == "ProcessDefinition" and result["execution"] is None
    assert (result["processInstance"]["definitionId"], result["processInstance"]["businessKey"]) == (
        "mail_order:1", "MAIL-1")


def test_no_match_or_several_answer_400_in_camundas_shape(client, demo, deploy, runtime) -> None:
    deploy("message_order.bpmn")
    start_instance(runtime, "order", {})
    start_instance(runtime, "order", {})
    for body, words in (({"messageName": "nobodyWaits"}, "no running instance waits for it"),
                        ({"messageName": "paymentReceived"}, "2 instances")):
        response = client.post("/engine-rest/message", headers=basic("olga"), json=body)
        assert response.status_code == 400
        assert response.get_json()["type"] == "RestException" and words in response.get_json()["message"]


def test_bad_requests_are_refused_naming_what_is_wrong(client, demo) -> None:
    for body, words in (({}, "'messageName' is required"),
                        ({"messageName": "m", "all": True}, "'all': true is not supported"),
                        ({"messageName": "m", "localCorrelationKeys": {}}, "localCorrelationKeys"),
                        ({"messageName": "m", "processVariables": {"x": {"value": "AA==", "type": "Bytes"}}},
                         "type 'Bytes'")):
        response = client.post("/engine-rest/message", headers=basic("olga"), json=body)
        assert response.status_code == 400, body
        assert words in response.get_json()["message"]


def test_only_process_owners_and_admins_send_messages(client, demo) -> None:
    response = client.post("/engine-rest/message", headers=basic("sam"), json={"messageName": "m"})
    assert response.status_code == 403 and response.get_json()["type"] == "AuthorizationException"


def test_a_message_starts_a_non_interrupting_event_subprocess_again_each_time(client, demo, deploy, runtime) -> None:
    deploy("message_event_subprocesses.bpmn")
    instance_id = start_instance(runtime, "claim", {}, "CLM-1")
    for pages in (3, 4):
        response = client.post("/engine-rest/message", headers=basic("olga"), json={
            "messageName": "documentsAdded", "businessKey": "CLM-1",
            "processVariables": {"pages": {"value": pages, "type": "Integer"}}})
        assert response.status_code == 204, response.get_json()
    details = show_instance(runtime, instance_id)
    assert sorted(task["element_id"] for task in details.open_tasks) == ["assess", "look", "look"]
    assert details.variables["pages"] == 4
