"""Moving a waiting instance's date timers by giving it new variable values (app/workflow/variables.py)."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.platform.errors import Conflict
from app.workflow.instances.history import NewEvent, instance_stream, list_history
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.models import ProcessInstance, Timer
from app.workflow.timers import fire_due_timers
from app.workflow.variables import set_instance_variables

MOVED = NewEvent("deadlines_moved", None, {"reason": "test"})


def due_times(instance_id: int) -> dict[str, str]:
    rows = db.session.execute(select(Timer.element_id, Timer.due_at).where(Timer.instance_id == instance_id)).all()
    return {element_id: due_at.isoformat() for element_id, due_at in rows}


def test_date_timer_moves_to_the_moment_its_new_value_names(runtime, deploy, clock) -> None:
    deploy("date_timer.bpmn")
    instance_id = start_instance(runtime, "dated", {"when": "2030-01-05T00:00:00Z"})
    moved = set_instance_variables(runtime, instance_id, {"when": "2030-01-02T00:00:00Z"}, "sam", MOVED)
    assert [(timer.element_id, timer.before.isoformat(), timer.after.isoformat()) for timer in moved or []] == [
        ("until", "2030-01-05T00:00:00+00:00", "2030-01-02T00:00:00+00:00")]
    assert due_times(instance_id) == {"until": "2030-01-02T00:00:00+00:00"}
    assert show_instance(runtime, instance_id).variables["when"] == "2030-01-02T00:00:00Z"
    event = list_history(instance_stream(instance_id))[-1]
    assert (event.kind, event.actor, event.data["timers"][0]["to"]) == (
        "deadlines_moved", "sam", "2030-01-02T00:00:00+00:00")
    clock.set(moved[0].after)
    assert [timer.element_id for timer in fire_due_timers(runtime).fired] == ["until"]


def test_duration_and_cycle_timers_keep_their_moments(runtime, deploy, clock) -> None:
    deploy("approval_timers.bpmn")
    instance_id = start_instance(runtime, "approval", {})
    before = due_times(instance_id)
    clock.advance(hours=1)
    assert set_instance_variables(runtime, instance_id, {"note": "moved"}, "sam", MOVED) == []
    assert due_times(instance_id) == before


def test_a_value_that_is_no_moment_is_refused_and_changes_nothing(runtime, deploy) -> None:
    deploy("date_timer.bpmn")
    instance_id = start_instance(runtime, "dated", {"when": "2030-01-05T00:00:00Z"})
    state = db.session.get(ProcessInstance, instance_id).state_json
    with pytest.raises(Conflict) as refused:
        set_instance_variables(runtime, instance_id, {"when": "next Tuesday"}, "sam", MOVED)
    assert "'until'" in str(refused.value) and "Nothing was changed" in str(refused.value)
    db.session.expire_all()
    assert db.session.get(ProcessInstance, instance_id).state_json == state
    assert due_times(instance_id) == {"until": "2030-01-05T00:00:00+00:00"}


def test_finished_instance_is_left_alone(runtime, deploy, clock) -> None:
    deploy("date_timer.bpmn")
    instance_id = start_instance(runtime, "dated", {"when": "2030-01-01T00:00:00Z"})
    from app.workflow.instances.lifecycle import cancel_instance
    cancel_instance(runtime, instance_id, "owner", "not needed")
    assert set_instance_variables(runtime, instance_id, {"when": "2030-01-02T00:00:00Z"}, "sam", MOVED) is None
