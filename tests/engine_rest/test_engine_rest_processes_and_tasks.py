"""/engine-rest process definitions (list, by key, start by key or by id) and user tasks (list, claim, unclaim,
complete, form variables), each through FlowDesk's own use cases and rules."""
import base64

from app.workflow.instances.lifecycle import show_instance


def basic(login: str) -> dict[str, str]:
    """Return the basic Authorization header of a demo person."""
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:flowdesk-demo".encode()).decode()}


def test_definitions_are_listed_filtered_and_read_by_key(client, demo, deploy) -> None:
    deploy("message_order.bpmn")
    deploy("message_start.bpmn")
    listed = client.get("/engine-rest/process-definition", headers=basic("olga")).get_json()
    assert [(d["id"], d["key"], d["version"], d["suspended"]) for d in listed] == [
        ("mail_order:1", "mail_order", 1, False), ("order:1", "order", 1, False)]
    one = client.get("/engine-rest/process-definition?key=order&latestVersion=true", headers=basic("rita"))
    assert [d["id"] for d in one.get_json()] == ["order:1"]
    by_key = client.get("/engine-rest/process-definition/key/order", headers=basic("olga")).get_json()
    assert (by_key["name"], by_key["resource"]) == ("Order", "message_order.bpmn")
    missing = client.get("/engine-rest/process-definition/key/nothing", headers=basic("olga"))
    assert missing.status_code == 404 and missing.get_json()["type"] == "InvalidRequestException"
    odd = client.get("/engine-rest/process-definition?sortBy=name", headers=basic("olga"))
    assert odd.status_code == 400 and "sortBy" in odd.get_json()["message"]


def test_start_by_key_with_typed_variables_and_a_business_key(client, demo, deploy, runtime) -> None:
    deploy("message_order.bpmn")
    response = client.post("/engine-rest/process-definition/key/order/start", headers=basic("rita"), json={
        "businessKey": "ORD-7", "variables": {"customer": {"value": "rita", "type": "String"},
                                              "items": {"value": "[1, 2]", "type": "Json"}}})
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert (answer["definitionId"], answer["businessKey"], answer["ended"]) == ("order:1", "ORD-7", False)
    details = show_instance(runtime, int(answer["id"]))
    assert (details.summary.started_by, details.variables["items"]) == ("rita", [1, 2])


def test_start_by_id_is_what_the_modeler_calls_after_deploying(client, demo, deploy) -> None:
    deploy("message_order.bpmn")
    started = client.post("/engine-rest/process-definition/order:1/start", headers=basic("olga"), json={})
    assert started.status_code == 200 and started.get_json()["definitionId"] == "order:1"
    unknown = client.post("/engine-rest/process-definition/order:9/start", headers=basic("olga"), json={})
    assert unknown.status_code == 404


def test_starting_needs_the_right_to_start_processes(client, demo, deploy) -> None:
    deploy("message_order.bpmn")
    refused = client.post("/engine-rest/process-definition/key/order/start", headers=basic("audrey"), json={})
    assert refused.status_code == 403 and refused.get_json()["type"] == "AuthorizationException"


def start_incident(client) -> str:  # type: ignore[no-untyped-def]
    """Start an incident as rita; return its instance id."""
    response = client.post("/engine-rest/process-definition/key/incident/start", headers=basic("rita"), json={
        "businessKey": "INC-000001", "variables": {"title": {"value": "Printer on fire", "type": "String"}}})
    assert response.status_code == 200, response.get_json()
    return str(response.get_json()["id"])


def test_a_task_is_listed_claimed_unclaimed_and_completed(client, demo, deploy, runtime) -> None:
    deploy("incident.bpmn")
    instance_id = start_incident(client)
    queue = client.get(f"/engine-rest/task?candidateGroup=service-desk&processInstanceId={instance_id}",
                       headers=basic("sam")).get_json()
    (task,) = queue
    assert (task["name"], task["taskDefinitionKey"], task["assignee"]) == ("Classify and prioritise", "triage", None)
    assert (task["processDefinitionId"], task["processInstanceId"], task["priority"]) == (
        "incident:1", instance_id, 50)
    assert client.get("/engine-rest/task?candidateGroup=service-desk", headers=basic("lee")).get_json() == []
    task_id = task["id"]
    form = client.get(f"/engine-rest/task/{task_id}/form-variables", headers=basic("sam")).get_json()
    assert form["title"]["value"] == "Printer on fire" and form["priority"]["type"] == "String"

    claimed = client.post(f"/engine-rest/task/{task_id}/claim", headers=basic("sam"), json={"userId": "sam"})
    assert claimed.status_code == 204
    mine = client.get("/engine-rest/task?assignee=sam", headers=basic("sam")).get_json()
    assert [t["id"] for t in mine] == [task_id] and mine[0]["assignee"] == "sam"
    assert client.post(f"/engine-rest/task/{task_id}/unclaim", headers=basic("sam")).status_code == 204
    assert client.get("/engine-rest/task?assignee=sam", headers=basic("sam")).get_json() == []

    done = client.post(f"/engine-rest/task/{task_id}/complete", headers=basic("sam"),
                       json={"variables": {"priority": {"value": "P2", "type": "String"}}})
    assert done.status_code == 204, done.get_json()
    assert [t["element_id"] for t in show_instance(runtime, int(instance_id)).open_tasks] == ["resolve"]


def test_task_refusals_come_from_flowdesks_own_rules(client, demo, deploy) -> None:
    deploy("incident.bpmn")
    instance_id = start_incident(client)
    (task,) = client.get(f"/engine-rest/task?processInstanceId={instance_id}", headers=basic("sam")).get_json()
    for_someone = client.post(f"/engine-rest/task/{task['id']}/claim", headers=basic("sam"), json={"userId": "lee"})
    assert for_someone.status_code == 403
    not_offered = client.post(f"/engine-rest/task/{task['id']}/claim", headers=basic("lee"), json={"userId": "lee"})
    assert not_offered.status_code == 403 and not_offered.get_json()["type"] == "AuthorizationException"
    bad_value = client.post(f"/engine-rest/task/{task['id']}/complete", headers=basic("sam"),
                            json={"variables": {"priority": {"value": "P9", "type": "String"}}})
    assert bad_value.status_code == 400 and "Priority" in bad_value.get_json()["message"]
    others = client.get("/engine-rest/task?assignee=lee", headers=basic("sam"))
    assert others.status_code == 403
    gone = client.post("/engine-rest/task/no-such-task/unclaim", headers=basic("sam"))
    assert gone.status_code == 404


def test_tasks_carry_their_follow_up_date_and_are_filtered_by_it(client, demo, deploy, runtime) -> None:
    from app.workflow.instances.lifecycle import start_instance

    deploy("follow_up.bpmn")
    start_instance(runtime, "follow_up", {}, context={"checkAgain": "2030-01-20T09:00:00+00:00"})
    listed = client.get("/engine-rest/task?candidateGroup=service-desk", headers=basic("sam")).get_json()
    assert sorted((t["taskDefinitionKey"], t["followUp"]) for t in listed) == [
        ("call_back", "2030-01-05T09:00:00.000+0000"), ("check_again", "2030-01-20T09:00:00.000+0000"),
        ("plain", None)]
    before = client.get("/engine-rest/task?candidateGroup=service-desk&followUpBefore=2030-01-10T00:00:00.000%2B0000",
                        headers=basic("sam")).get_json()
    assert [t["taskDefinitionKey"] for t in before] == ["call_back"]
    after = client.get("/engine-rest/task?followUpAfter=2030-01-10T00:00:00.000+0000", headers=basic("sam"))
    assert [t["taskDefinitionKey"] for t in after.get_json()] == ["check_again"]
    both = client.get("/engine-rest/task?followUpAfter=2030-01-01T00:00:00.000%2B0000"
                      "&followUpBefore=2030-01-30T00:00:00.000%2B0000", headers=basic("sam")).get_json()
    assert sorted(t["taskDefinitionKey"] for t in both) == ["call_back", "check_again"]
    bad = client.get("/engine-rest/task?followUpBefore=tomorrow", headers=basic("sam"))
    assert bad.status_code == 400 and "'followUpBefore' must be a moment with its offset" in bad.get_json()["message"]
