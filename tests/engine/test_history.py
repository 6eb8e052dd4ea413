"""History: every step recorded with who and when, append-only, and tamper-evident."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.workflow.instances.history import instance_stream, list_history, verify_history
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import claim_task, complete_task, release_task
from app.workflow.tasks.tasklist import list_tasks


def run_incident(runtime, deploy) -> int:
    """Take an incident through triage (P1: gateway, external task) and resolution."""
    deploy("incident.bpmn")
    instance_id = start_instance(runtime, "incident", {"title": "Mail is down"}, "INC-000001", "rita")
    (triage,) = list_tasks(instance_id=instance_id)
    claim_task(runtime, triage.id, "sam")
    release_task(runtime, triage.id, "sam")
    complete_task(runtime, triage.id, "sam", {"priority": "P1"})
    (resolve,) = list_tasks(instance_id=instance_id)
    complete_task(runtime, resolve.id, "lee", {"resolution": "Restarted the mail relay"})
    return instance_id


def test_history_records_every_step_in_order(runtime, deploy, people) -> None:
    instance_id = run_incident(runtime, deploy)
    events = list_history(instance_stream(instance_id))
    assert [e.kind for e in events] == [
        "instance_started", "task_ready", "task_claimed", "task_released", "task_completed",
        "gateway_passed", "topic_called", "topic_logged", "task_ready", "task_completed",
        "end_reached", "instance_completed",
    ]
    assert [e.seq for e in events] == list(range(1, len(events) + 1))


def test_completed_event_names_who_and_the_data_changed(runtime, deploy, people) -> None:
    instance_id = run_incident(runtime, deploy)
    completed = [e for e in list_history(instance_stream(instance_id)) if e.kind == "task_completed"]
    assert completed[0].actor == "sam"
    assert completed[0].data["changed"] == {"priority": "P1"}
    assert completed[1].actor == "lee"
    assert completed[1].data["changed"] == {"resolution": "Restarted the mail relay"}


def test_gateway_event_names_the_path_taken(runtime, deploy, people) -> None:
    instance_id = run_incident(runtime, deploy)
    (gateway,) = [e for e in list_history(instance_stream(instance_id)) if e.kind == "gateway_passed"]
    assert gateway.element_id == "route"
    assert gateway.data == {"flows": ["critical_path"], "targets": ["page_on_call"]}


def test_verify_history_passes_on_untouched_chains(runtime, deploy, people) -> None:
    run_incident(runtime, deploy)
    checked, breaks = verify_history()
    assert checked > 10
    assert breaks == []


def test_database_refuses_to_update_or_delete_history(runtime, deploy, people) -> None:
    run_incident(runtime, deploy)
    for statement in ("UPDATE history_event SET actor = 'mallory'", "DELETE FROM history_event"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            db.session.execute(sa.text(statement))
        db.session.rollback()


def test_verify_history_names_the_first_altered_event(runtime, deploy, people, unguarded_history) -> None:
    instance_id = run_incident(runtime, deploy)
    db.session.execute(sa.text(
        "UPDATE history_event SET actor = 'mallory' WHERE stream = :s AND seq = 5"), {"s": instance_stream(instance_id)})
    db.session.commit()
    _, breaks = verify_history()
    assert [(b.stream, b.seq) for b in breaks] == [(instance_stream(instance_id), 5)]
    assert "altered" in breaks[0].reason


def test_verify_history_names_the_gap_left_by_a_deleted_event(runtime, deploy, people, unguarded_history) -> None:
    instance_id = run_incident(runtime, deploy)
    db.session.execute(sa.text(
        "DELETE FROM history_event WHERE stream = :s AND seq = 3"), {"s": instance_stream(instance_id)})
    db.session.commit()
    _, breaks = verify_history()
    assert [(b.stream, b.seq) for b in breaks] == [(instance_stream(instance_id), 4)]
    assert "missing" in breaks[0].reason


def test_verify_history_names_the_first_event_when_that_one_was_altered(runtime, deploy, people, unguarded_history) -> None:
    instance_id = run_incident(runtime, deploy)
    db.session.execute(sa.text(
        "UPDATE history_event SET data = '{}' WHERE stream = :s AND seq = 1"), {"s": instance_stream(instance_id)})
    db.session.commit()
    _, breaks = verify_history()
    assert breaks[0].seq == 1


def test_gateway_event_names_a_target_that_has_boundary_events(runtime, deploy, people) -> None:
    deploy("incident.bpmn")
    instance_id = start_instance(runtime, "incident", {"title": "Printer jam"})
    (triage,) = list_tasks(instance_id=instance_id)
    complete_task(runtime, triage.id, "sam", {"priority": "P3"})
    (gateway,) = [e for e in list_history(instance_stream(instance_id)) if e.kind == "gateway_passed"]
    assert gateway.data == {"flows": ["normal_path"], "targets": ["resolve"]}
