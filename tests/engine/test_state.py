"""Stored state: no spec, no default fields, and a reload gives back exactly the same instance."""
import json
from pathlib import Path

import pytest

from engine.clock import FixedClock
from engine.runtime import Engine
from engine.topics import default_topics

DIAGRAMS = Path(__file__).parents[1] / "diagrams"


@pytest.fixture
def engine() -> Engine:
    """An engine with the built-in topics."""
    return Engine(default_topics())


def reload(engine: Engine, run):  # type: ignore[no-untyped-def]
    """Store and rebuild a run, as a new worker would."""
    stored = json.loads(json.dumps(run.state()))
    return engine.resume(run.definition, stored, run.clock)


def test_reloaded_run_keeps_task_data_and_stores_identically(engine) -> None:
    definition = engine.definition("v1", (DIAGRAMS / "incident.bpmn").read_bytes(), "incident")
    run = engine.start(definition, {"title": "Disk full"}, FixedClock())
    run.advance()
    (triage,) = run.user_tasks(run.clock.now())
    run.complete_task(triage.id, {"priority": "P2"})
    before = run.state()
    again = reload(engine, run)
    (resolve,) = again.user_tasks(again.clock.now())
    assert again.task_data(resolve.id) == {"title": "Disk full", "priority": "P2"}
    assert again.state() == before
    assert "spec" not in before and "id" not in next(iter(before["tasks"].values()))


def test_sub_process_state_survives_a_reload_at_every_step(engine) -> None:
    definition = engine.definition("v1", (DIAGRAMS / "subprocess.bpmn").read_bytes(), "nested")
    run = engine.start(definition, {"ticket": "INC-1"}, FixedClock())
    run.advance()
    run = reload(engine, run)
    (collect,) = run.user_tasks(run.clock.now())
    assert run.task_data(collect.id)["ticket"] == "INC-1"
    run.complete_task(collect.id, {"logs": "disk errors"})
    run = reload(engine, run)
    (fix,) = run.user_tasks(run.clock.now())
    assert run.task_data(fix.id) == {"ticket": "INC-1", "logs": "disk errors"}
    run.complete_task(fix.id, {})
    assert reload(engine, run).status == "completed"
