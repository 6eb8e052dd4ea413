"""Variables beyond the start form from trusted callers, and camunda:initiator, through the API."""
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks


def test_process_owner_passes_a_variable_the_diagram_reads_besides_the_form(api, deploy, demo) -> None:
    deploy("requested_for.bpmn")
    response = api.post("/processes/requested_for/instances", "olga",
                        {"variables": {"title": "New laptop", "requester": "rita", "budget": 1200.5,
                                       "tags": ["hardware"], "urgent": False}})
    assert response.status_code == 201, response.get_json()
    instance_id = response.get_json()["id"]
    (task,) = list_tasks(instance_id=instance_id)
    assert (task.name, task.assignee) == ("Do it", "rita")
    (started,) = [e for e in list_history(instance_stream(instance_id)) if e.kind == "instance_started"]
    assert started.data["variables"] == {"starter": "olga", "title": "New laptop", "requester": "rita",
                                         "budget": 1200.5, "tags": ["hardware"], "urgent": False}


def test_requester_may_only_fill_the_start_form(api, deploy, demo) -> None:
    deploy("requested_for.bpmn")
    response = api.post("/processes/requested_for/instances", "rita",
                        {"variables": {"title": "New laptop", "requester": "sam"}})
    assert response.status_code == 422
    assert response.get_json()["errors"]["requester"] == [
        "'requester' is not a field of the start form; only process owners and administrators may start a process "
        "with other variables (through the API or the command line)."]


def test_form_fields_keep_their_validation_for_a_process_owner(api, deploy, demo) -> None:
    deploy("requested_for.bpmn")
    response = api.post("/processes/requested_for/instances", "olga", {"variables": {"requester": "rita"}})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["title"]


def test_initiator_holds_the_login_of_whoever_starts_through_the_api(api, runtime, deploy, demo) -> None:
    deploy("requested_for.bpmn")
    response = api.post("/processes/requested_for/instances", "olga",
                        {"variables": {"title": "x", "requester": "sam"}})
    assert response.status_code == 201, response.get_json()
    instance_id = response.get_json()["id"]
    complete_task(runtime, list_tasks(instance_id=instance_id)[0].id, "sam", {})
    (task,) = list_tasks(instance_id=instance_id)
    assert (task.name, task.assignee) == ("Confirm", "olga")
