"""Script tasks run with no transaction open: no instance row lock and no SQLite write lock while a script runs."""
import sqlite3
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from app.extensions import db
from app.platform.transactions import in_unit
from app.workflow import scripts
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import retry_instance, start_instance
from app.workflow.models import ProcessInstance, Timer
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers

NAMESPACES = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
              'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="https://t.example"')


def scripted(script: str) -> bytes:
    """Return start -> script 'compute' -> user task 'check' -> end."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions {NAMESPACES}>\n'
            '<bpmn:process id="scripted" name="Scripted" isExecutable="true">\n'
            '<bpmn:startEvent id="start"/><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="compute"/>\n'
            f'<bpmn:scriptTask id="compute" name="Compute" scriptFormat="python"><bpmn:script>{script}'
            '</bpmn:script></bpmn:scriptTask>\n'
            '<bpmn:sequenceFlow id="f2" sourceRef="compute" targetRef="check"/>\n'
            '<bpmn:userTask id="check" name="Check the total" camunda:candidateGroups="service-desk"/>\n'
            '<bpmn:sequenceFlow id="f3" sourceRef="check" targetRef="end"/><bpmn:endEvent id="end"/>\n'
            '</bpmn:process>\n</bpmn:definitions>\n').encode()


def lock_is_free(database_url: str, instance_id: int) -> bool:
    """Say whether another connection can take the locks a step takes: SQLite's write lock, the instance row."""
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(url.database, timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            connection.close()
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SET lock_timeout = '100ms'"))
            connection.execute(sa.text("SELECT id FROM process_instance WHERE id = :id FOR UPDATE"), {"id": instance_id})
            return True
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()


@pytest.fixture
def watched(runtime, database_url, monkeypatch) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Record, for every script run, whether a transaction or a lock was held meanwhile."""
    seen: list[dict[str, Any]] = []
    real = runtime.engine.compute_script

    def compute(pending):  # type: ignore[no-untyped-def]
        instance_id = db.session.execute(select(ProcessInstance.id)).scalars().all()[-1]
        db.session.rollback()
        seen.append({"in_unit": in_unit(), "lock_free": lock_is_free(database_url, instance_id),
                     "element": pending.element_id})
        return real(pending)
    monkeypatch.setattr(runtime.engine, "compute_script", compute)
    return seen


def test_script_runs_with_no_lock_held_and_its_result_moves_the_instance_on(runtime, watched) -> None:
    deploy_diagram(runtime, scripted("total = a + 1"), "scripted.bpmn", "owner")
    instance_id = start_instance(runtime, "scripted", {"a": 41})
    assert watched == [{"in_unit": False, "lock_free": True, "element": "compute"}]
    [task] = list_tasks(instance_id=instance_id)
    assert task.name == "Check the total"
    kinds = [event.kind for event in list_history(instance_stream(instance_id))]
    assert kinds.index("script_ran") < kinds.index("task_ready")


def test_failing_script_marks_the_instance_and_retry_runs_it_again(runtime, watched) -> None:
    deploy_diagram(runtime, scripted("total = missing + 1"), "scripted.bpmn", "owner")
    with pytest.raises(Exception, match="step 'compute' failed with ScriptError") as failed:
        start_instance(runtime, "scripted", {})
    instance_id = failed.value.instance_id  # type: ignore[attr-defined]
    instance = db.session.get(ProcessInstance, instance_id)
    assert instance.status == "needs_attention"
    assert "NameError" in instance.last_error
    db.session.rollback()
    with pytest.raises(Exception, match="failed with ScriptError"):
        retry_instance(runtime, instance_id, "owner")
    assert len(watched) == 2  # the script ran again, outside any lock


def test_script_left_behind_by_a_crash_runs_on_the_next_timer_pass(runtime, watched, monkeypatch) -> None:
    deploy_diagram(runtime, scripted("total = a + 1"), "scripted.bpmn", "owner")
    monkeypatch.setattr(scripts, "run_pending_scripts", lambda *args: 0)  # the process dies after the commit
    instance_id = start_instance(runtime, "scripted", {"a": 1})
    waiting = db.session.execute(select(Timer.kind).where(Timer.instance_id == instance_id)).scalars().all()
    db.session.rollback()
    assert (waiting, list_tasks(instance_id=instance_id)) == (["script"], [])
    monkeypatch.undo()
    fire_due_timers(runtime)
    assert [task.name for task in list_tasks(instance_id=instance_id)] == ["Check the total"]


def test_script_that_no_longer_waits_is_not_applied(runtime) -> None:
    deploy_diagram(runtime, scripted("total = a + 1"), "scripted.bpmn", "owner")
    instance_id = start_instance(runtime, "scripted", {"a": 1})
    assert scripts.run_pending_scripts(runtime, instance_id, "owner") == 0  # nothing waits any more


