"""Message throw and end events of camunda:type="external" are external tasks, as Camunda 7 runs them: outside
workers fetch them through /engine-rest/external-task/fetchAndLock and complete them; the flow waits until then."""
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import complete_task, reassign_task
from app.workflow.tasks.tasklist import list_tasks
from tests.engine_rest.test_external_tasks import fetch, post, status_of


def start(runtime, deploy) -> int:  # type: ignore[no-untyped-def]
    """Deploy the diagram and start one instance for order 42."""
    deploy("external_message_events.bpmn")
    return start_instance(runtime, "tell_partners", {"orderNumber": 42}, actor="rita")


def test_external_message_throw_event_waits_for_a_worker_with_its_input_parameters(client, runtime, deploy,
                                                                                    workers) -> None:
    instance_id = start(runtime, deploy)
    [task] = fetch(client, topic="announce-order")
    assert task["activityId"] == "announce" and task["processInstanceId"] == str(instance_id)
    assert task["variables"]["order"]["value"] == 42
    assert list_tasks(instance_id=instance_id) == []  # the flow waits at the event
    assert post(client, task["id"], "complete", {"workerId": "w1"}).status_code == 204
    assert [t.element_id for t in list_tasks(instance_id=instance_id)] == ["check"]


def test_external_message_end_event_ends_its_path_once_the_worker_completes_it(client, runtime, deploy, workers,
                                                                               admin_actor, demo) -> None:
    instance_id = start(runtime, deploy)
    [announce] = fetch(client, topic="announce-order")
    post(client, announce["id"], "complete", {"workerId": "w1"})
    (check,) = list_tasks(instance_id=instance_id)
    reassign_task(runtime, check.id, admin_actor, "sam")
    complete_task(runtime, check.id, "sam", {})
    assert status_of(instance_id) == "running"
    [thank] = fetch(client, topic="thank-partner")
    assert thank["activityId"] == "thank"
    assert post(client, thank["id"], "complete", {"workerId": "w1"}).status_code == 204
    assert status_of(instance_id) == "completed"
