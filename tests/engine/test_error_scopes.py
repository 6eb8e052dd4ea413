"""Errors thrown by error end events are caught as Camunda 7 catches them: by the innermost scope's error event
sub-process or error boundary event whose errorCode matches (or that names none), else further out."""
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import complete_task, reassign_task
from app.workflow.tasks.tasklist import list_tasks


def open_tasks(instance_id: int) -> list[str]:
    """Return the element ids of an instance's open tasks."""
    return sorted(task.element_id for task in list_tasks(instance_id=instance_id))


def complete(runtime, admin_actor, instance_id: int, element_id: str, values: dict | None = None) -> None:  # type: ignore[no-untyped-def]
    """Complete the open task of an element, handing it to an agent first."""
    (task,) = [task for task in list_tasks(instance_id=instance_id) if task.element_id == element_id]
    reassign_task(runtime, task.id, admin_actor, "sam")
    complete_task(runtime, task.id, "sam", values or {})


def status(runtime, instance_id: int) -> str:  # type: ignore[no-untyped-def]
    """Return an instance's status."""
    return show_instance(runtime, instance_id).summary.status


def test_error_end_event_in_a_sub_process_is_caught_by_its_own_error_event_subprocess(runtime, deploy, demo,
                                                                                      admin_actor) -> None:
    deploy("error_in_embedded_subprocess.bpmn")
    instance_id = start_instance(runtime, "inner_refusal", {})
    complete(runtime, admin_actor, instance_id, "check", {"ok": False})
    assert open_tasks(instance_id) == ["explain"]
    complete(runtime, admin_actor, instance_id, "explain")
    assert open_tasks(instance_id) == ["follow_up"]
    complete(runtime, admin_actor, instance_id, "follow_up")
    assert status(runtime, instance_id) == "completed"


def test_error_event_subprocess_of_the_process_stays_put_when_the_sub_process_catches(runtime, deploy, demo,
                                                                                     admin_actor) -> None:
    deploy("error_in_embedded_subprocess.bpmn")
    instance_id = start_instance(runtime, "inner_refusal", {})
    complete(runtime, admin_actor, instance_id, "check", {"ok": False})
    assert "outer_explain" not in open_tasks(instance_id)


def test_sub_process_that_ends_normally_throws_nothing(runtime, deploy, demo, admin_actor) -> None:
    deploy("error_in_embedded_subprocess.bpmn")
    instance_id = start_instance(runtime, "inner_refusal", {})
    complete(runtime, admin_actor, instance_id, "check", {"ok": True})
    assert open_tasks(instance_id) == ["follow_up"]


def test_error_two_levels_deep_is_caught_by_the_outer_sub_process_event_subprocess(runtime, deploy, demo,
                                                                                   admin_actor) -> None:
    deploy("nested_error_scopes.bpmn")
    instance_id = start_instance(runtime, "nested_errors", {})
    complete(runtime, admin_actor, instance_id, "decide", {"code": "a"})
    assert open_tasks(instance_id) == ["handle_a"]
    complete(runtime, admin_actor, instance_id, "handle_a")
    assert open_tasks(instance_id) == ["after_outer"]


def test_error_boundary_event_on_the_sub_process_catches_its_code(runtime, deploy, demo, admin_actor) -> None:
    deploy("nested_error_scopes.bpmn")
    instance_id = start_instance(runtime, "nested_errors", {})
    complete(runtime, admin_actor, instance_id, "decide", {"code": "b"})
    assert open_tasks(instance_id) == ["handle_b"]
    complete(runtime, admin_actor, instance_id, "handle_b")
    assert open_tasks(instance_id) == ["after_outer"]


def test_error_no_sub_process_catches_reaches_the_process_catch_all(runtime, deploy, demo, admin_actor) -> None:
    deploy("nested_error_scopes.bpmn")
    instance_id = start_instance(runtime, "nested_errors", {})
    complete(runtime, admin_actor, instance_id, "decide", {"code": "c"})
    assert open_tasks(instance_id) == ["handle_any"]
    complete(runtime, admin_actor, instance_id, "handle_any")
    assert status(runtime, instance_id) == "completed"


def test_nested_sub_processes_without_an_error_run_through(runtime, deploy, demo, admin_actor) -> None:
    deploy("nested_error_scopes.bpmn")
    instance_id = start_instance(runtime, "nested_errors", {})
    complete(runtime, admin_actor, instance_id, "decide", {"code": "none"})
    assert open_tasks(instance_id) == ["after_outer"]
    complete(runtime, admin_actor, instance_id, "after_outer")
    assert status(runtime, instance_id) == "completed"
