"""A ticket re-opened hundreds of times keeps running and its stored state stays small."""
import json

import pytest
from SpiffWorkflow.util.task import TaskState

from app.extensions import db
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import ProcessInstance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks

REOPENINGS = 500


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only: the point is the engine's state, not the database."""
    return sqlite_url


def complete_only_task(runtime, instance_id: int, user: str, values: dict) -> str:
    """Complete the single open task of an instance."""
    (task,) = list_tasks(instance_id=instance_id)
    return complete_task(runtime, task.id, user, values)


def state_size(instance_id: int) -> int:
    """Return the stored state size of an instance in bytes."""
    return len(db.session.get(ProcessInstance, instance_id).state_json)


def test_ticket_reopened_500_times_still_runs_and_stays_small(runtime, deploy, people) -> None:
    deploy("reopen_loop.bpmn")
    instance_id = start_instance(runtime, "ticket", {})
    sizes = []
    for n in range(REOPENINGS):
        complete_only_task(runtime, instance_id, "lee", {"note": f"attempt {n}"})
        complete_only_task(runtime, instance_id, "rita", {"reopen": "true"})
        sizes.append(state_size(instance_id))
    complete_only_task(runtime, instance_id, "lee", {"note": "fixed for good"})
    assert complete_only_task(runtime, instance_id, "rita", {"reopen": "false"}) == "completed"
    assert max(sizes) < 8000
    assert sizes[-1] <= sizes[10] + 200  # flat, not growing with each pass


def test_stored_state_of_a_reopened_ticket_holds_no_finished_history(runtime, deploy, people) -> None:
    deploy("reopen_loop.bpmn")
    instance_id = start_instance(runtime, "ticket", {})
    for n in range(5):
        complete_only_task(runtime, instance_id, "lee", {"note": f"attempt {n}"})
        complete_only_task(runtime, instance_id, "rita", {"reopen": "true"})
    state = json.loads(db.session.get(ProcessInstance, instance_id).state_json)
    completed = [t for t in state["tasks"].values() if t["state"] == TaskState.COMPLETED]
    assert "spec" not in state
    assert len(completed) <= 4
