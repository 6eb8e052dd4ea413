"""The portal's start page stays form-only, and camunda:initiator names whoever starts there."""
from pathlib import Path

from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.tasks.tasklist import list_tasks

DIAGRAM = Path(__file__).parents[1] / "diagrams" / "initiator_only.bpmn"


def test_portal_start_sets_the_initiator_and_ignores_anything_beyond_the_form(client, runtime, demo,
                                                                               sign_in) -> None:
    deploy_diagram(runtime, DIAGRAM.read_bytes(), DIAGRAM.name, "olga")
    sign_in("olga")  # a process owner too: the page still takes only the form's fields
    response = client.post("/portal/start/initiator_only", data={"title": "Mouse", "starter": "mallory",
                                                                 "requester": "mallory"})
    assert response.status_code == 302
    (task,) = list_tasks(user="olga")
    assert (task.name, task.assignee) == ("Confirm", "olga")
    (started,) = [e for e in list_history(instance_stream(task.instance_id)) if e.kind == "instance_started"]
    assert started.data["variables"] == {"starter": "olga", "title": "Mouse"}
