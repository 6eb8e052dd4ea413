"""A worker's BPMN error caught by an error event sub-process, and one nothing catches, as Camunda 7 runs them."""
from sqlalchemy import select

from app.extensions import db
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import ExternalTask, UserTask
from tests.engine_rest.test_external_tasks import fetch, post, status_of


def open_tasks() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.execute(select(UserTask.element_id)).scalars())


def history(instance_id: int) -> list[tuple[str, dict]]:
    return [(event.kind, event.data) for event in list_history(instance_stream(instance_id))]


def start_charge_and_pack(runtime, deploy) -> int:  # type: ignore[no-untyped-def]
    deploy("outside_worker_error_subprocess.bpmn")
    return start_instance(runtime, "charge_and_pack", {}, actor="rita")


def test_an_error_event_subprocess_waits_for_its_error_when_the_instance_starts(runtime, deploy, workers) -> None:
    start_charge_and_pack(runtime, deploy)
    assert open_tasks() == ["pack"]
    assert db.session.execute(select(ExternalTask.element_id)).scalars().all() == ["charge"]


def test_worker_bpmn_error_without_boundary_event_starts_the_matching_error_event_subprocess(
        runtime, deploy, client, workers) -> None:
    instance_id = start_charge_and_pack(runtime, deploy)
    [task] = fetch(client)
    raised = post(client, task["id"], "bpmnError", {"workerId": "w1", "errorCode": "card-declined",
                                                    "errorMessage": "Insufficient funds"})
    assert raised.status_code == 204, raised.get_data(as_text=True)
    assert open_tasks() == ["call_customer"]  # interrupting: the packing task of the main flow is cancelled
    assert db.session.execute(select(ExternalTask)).first() is None
    assert status_of(instance_id) == "running"
    [error] = [data for kind, data in history(instance_id) if kind == "external_task_bpmn_error"]
    assert error["caught_by"] == "declined"
    assert "bpmn_error_unhandled" not in [kind for kind, _ in history(instance_id)]


def test_worker_bpmn_error_nothing_catches_ends_only_its_path_and_says_so_in_the_history(
        runtime, deploy, client, workers) -> None:
    instance_id = start_charge_and_pack(runtime, deploy)
    [task] = fetch(client)
    assert post(client, task["id"], "bpmnError", {"workerId": "w1", "errorCode": "bank-offline"}).status_code == 204
    assert open_tasks() == ["pack"]  # the other branch runs on; the error event sub-process did not start
    assert db.session.execute(select(ExternalTask)).first() is None
    [unhandled] = [(data, event) for event in list_history(instance_stream(instance_id))
                   for data in [event.data] if event.kind == "bpmn_error_unhandled"]
    data, event = unhandled
    assert (event.element_id, data["error_code"], data["outcome"]) == ("charge", "bank-offline", "path_ended")


def test_worker_bpmn_error_is_caught_by_the_nearest_error_event_subprocess_first(runtime, deploy, client,
                                                                                 workers) -> None:
    deploy("outside_worker_nested_error_subprocess.bpmn")
    instance_id = start_instance(runtime, "nested_charge", {}, actor="rita")
    assert open_tasks() == []
    [task] = fetch(client)
    assert post(client, task["id"], "bpmnError", {"workerId": "w1", "errorCode": "card-declined"}).status_code == 204
    assert open_tasks() == ["ask_other_card"]  # the sub-process's own handler, not the process's
    [error] = [data for kind, data in history(instance_id) if kind == "external_task_bpmn_error"]
    assert error["caught_by"] == "inner_declined"
    assert db.session.execute(select(ExternalTask)).first() is None
