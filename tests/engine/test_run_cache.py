"""A worker reuses the run it saved last only while nobody else stepped the instance."""
import pytest

from app import create_app
from app.extensions import db
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks


@pytest.fixture
def app(database_url, clock, topics):  # type: ignore[no-untyped-def]
    """The app with its production run cache (the suite's default app has none)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True}, clock=clock, topics=topics)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def open_task(instance_id: int) -> str:
    """Return the id of the instance's one open task."""
    (task,) = list_tasks(instance_id=instance_id)
    return task.id


def test_worker_reuses_its_own_last_saved_run(runtime, deploy, people) -> None:
    deploy("reopen_loop.bpmn")
    instance_id = start_instance(runtime, "ticket", {})
    cached_before = runtime.runs.take(instance_id, 2)
    assert cached_before is not None
    runtime.runs.keep(instance_id, 2, cached_before)
    complete_task(runtime, open_task(instance_id), "lee", {"note": "first"})
    assert runtime.runs.take(instance_id, 3) is cached_before


def test_worker_rebuilds_a_run_another_worker_stepped_since(app, runtime, deploy, people, database_url, clock) -> None:
    deploy("reopen_loop.bpmn")
    instance_id = start_instance(runtime, "ticket", {})
    complete_task(runtime, open_task(instance_id), "lee", {"note": "first"})
    db.session.commit()
    other = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True}, clock=clock)
    with other.app_context():
        other_runtime = other.extensions["flowdesk"]
        complete_task(other_runtime, open_task(instance_id), "rita", {"reopen": "true"})
        db.session.remove()
    # This worker's cached run still waits at 'confirm'; the database has moved on to 'resolve'.
    assert complete_task(runtime, open_task(instance_id), "lee", {"note": "second"}) == "running"
    assert [t.name for t in list_tasks(instance_id=instance_id)] == ["Confirm the fix"]
