"""/api/v1 tasks carry camunda:followUpDate as follow_up_at, as the OpenAPI document says."""
from app.api.openapi import document
from app.workflow.instances.lifecycle import start_instance


def test_a_task_answers_its_follow_up_date_beside_its_due_date(api, deploy, runtime) -> None:
    deploy("follow_up.bpmn")
    start_instance(runtime, "follow_up", {}, context={"checkAgain": "P1D"})
    response = api.get("/tasks?scope=group&process=follow_up", "sam")
    assert response.status_code == 200, response.get_json()
    tasks = {task["element_id"]: task for task in response.get_json()["tasks"]}
    assert tasks["call_back"]["follow_up_at"] == "2030-01-05T09:00:00+00:00"
    assert tasks["call_back"]["due_at"] == "2030-01-08T17:00:00+00:00"
    assert tasks["check_again"]["follow_up_at"] == "2030-01-02T00:00:00+00:00"
    assert tasks["plain"]["follow_up_at"] is None
    one = api.post(f"/tasks/{tasks['call_back']['id']}/claim", "sam").get_json()
    assert one["task"]["follow_up_at"] == "2030-01-05T09:00:00+00:00"
    assert "follow_up_at" in document()["components"]["schemas"]["Task"]["properties"]
