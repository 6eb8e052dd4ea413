"""Use cases of the engine as single units: nothing half-written, transient faults survived, stale saves refused."""
import sqlite3
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.platform import transactions
from app.platform.errors import Conflict, NotAllowed, StaleInstance
from app.platform.transactions import use_case
from app.servicedesk.tickets.categories import create_category
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import log_ticket
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import ProcessInstance, UserTask
from app.workflow.step import INSTANCES, load_run, require_instance, save_run
from app.workflow.tasks import actions as tasks
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks
from engine.topics import TopicCall, TopicRegistry
from tests.conftest import actor_with


class LockedOnce:
    """A topic handler whose first call meets a locked database, as a busy SQLite would answer."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, call: TopicCall) -> dict[str, Any]:
        """Fail with 'database is locked' the first time, then succeed."""
        self.calls += 1
        if self.calls == 1:
            raise OperationalError("UPDATE ticket ...", {}, sqlite3.OperationalError("database is locked"))
        return {"ticket": "T-1"}


@pytest.fixture
def locked_once(topics: TopicRegistry, monkeypatch: pytest.MonkeyPatch) -> LockedOnce:
    """Register the 'flaky' topic as LockedOnce; backoff pauses are skipped."""
    handler = LockedOnce()
    topics.register("flaky", handler)
    monkeypatch.setattr(transactions, "pause", lambda seconds: None)
    return handler


@pytest.fixture
def down(topics: TopicRegistry) -> None:
    """Register the 'flaky' topic as a system that is down."""
    def refuse(call: TopicCall) -> dict[str, Any]:
        raise ConnectionError("ticket system down")
    topics.register("flaky", refuse)


def count(model: Any) -> int:
    """Return how many rows a table holds (a fresh read)."""
    total = db.session.execute(select(func.count()).select_from(model)).scalar_one()
    db.session.rollback()
    return total


def test_transient_fault_in_a_handler_is_retried_and_never_parks_the_instance(runtime, deploy, people,
                                                                               locked_once) -> None:
    deploy("flaky_start.bpmn")
    instance_id = start_instance(runtime, "fragile_start", {})
    kinds = [event.kind for event in list_history(instance_stream(instance_id))]
    status = db.session.get(ProcessInstance, instance_id).status
    assert (status, locked_once.calls) == ("running", 2)
    assert "step_failed" not in kinds
    assert [task.name for task in list_tasks(instance_id=instance_id)] == ["Check the result"]


def test_ticket_whose_process_fails_at_its_start_leaves_no_ticket_and_no_instance(runtime, deploy, people,
                                                                                  down) -> None:
    deploy("flaky_start.bpmn")
    category = create_category("Flaky things", process_id="fragile_start")
    with pytest.raises(Conflict, match="was not logged"):
        log_ticket(runtime, "incident", "Printer jams", "Every page jams.", "rita", category.id, None,
                   "medium", "medium", actor_with("sam", "agent"))
    assert (count(Ticket), count(ProcessInstance)) == (0, 0)


def test_step_saved_over_a_newer_state_is_refused(runtime, deploy, people) -> None:
    deploy("inbox_task.bpmn")
    instance_id = start_inbox_task(runtime)

    @use_case(attempts=1)
    def save_behind_someones_back() -> None:
        save_over_a_newer_state(runtime, instance_id)
    before = db.session.get(ProcessInstance, instance_id).lock_version
    db.session.rollback()
    with pytest.raises(StaleInstance, match="changed by another step"):
        save_behind_someones_back()
    assert db.session.get(ProcessInstance, instance_id).lock_version == before


def test_stale_step_runs_again_and_is_recorded_once(runtime, deploy, people, monkeypatch) -> None:
    deploy("inbox_task.bpmn")
    instance_id = start_inbox_task(runtime)
    task = list_tasks(instance_id=instance_id)[0]
    real_save = save_run
    moved: list[int] = []

    def save_after_someone_moved(runtime_, row, run, actor, now, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not moved:  # another worker saved this instance between our read and our save
            moved.append(1)
            db.session.execute(update(INSTANCES).where(INSTANCES.c.id == row.id)
                               .values(lock_version=INSTANCES.c.lock_version + 1))
        return real_save(runtime_, row, run, actor, now, *args, **kwargs)
    monkeypatch.setattr("app.workflow.tasks.actions.save_run", save_after_someone_moved)
    monkeypatch.setattr(transactions, "pause", lambda seconds: None)
    assert complete_task(runtime, task.id, "sam", {}) == "completed"
    completions = [e for e in list_history(instance_stream(instance_id)) if e.kind == "task_completed"]
    assert (len(moved), len(completions)) == (1, 1)


def save_over_a_newer_state(runtime, instance_id: int) -> None:  # type: ignore[no-untyped-def]
    """Save a step computed on a state that another worker has saved over meanwhile (inside a unit)."""
    row = require_instance(instance_id)
    run = load_run(runtime, row)
    db.session.execute(update(INSTANCES).where(INSTANCES.c.id == instance_id)
                       .values(lock_version=INSTANCES.c.lock_version + 1))
    save_run(runtime, row, run, "sam", runtime.clock.now())


def start_inbox_task(runtime) -> int:  # type: ignore[no-untyped-def]
    """Start inbox_task.bpmn offered to the service desk; return the instance id."""
    return start_instance(runtime, "inbox_task", {"group": "service-desk", "person": "", "due": None,
                                                  "priority": 50})


def test_statements_after_a_save_in_the_same_unit_see_what_it_wrote(runtime, deploy, people) -> None:
    # On PostgreSQL a save waits to leave with the COMMIT; a later statement of the unit sends it first.
    deploy("inbox_task.bpmn")

    @use_case
    def start_and_read_back() -> tuple[int, list[str], int]:
        instance_id = start_inbox_task(runtime)
        tasks = db.session.execute(select(UserTask.element_id).where(UserTask.instance_id == instance_id))
        version = db.session.execute(select(INSTANCES.c.lock_version)
                                     .where(INSTANCES.c.id == instance_id)).scalar_one()
        return instance_id, list(tasks.scalars()), version
    instance_id, tasks, version = start_and_read_back()
    assert tasks and version == 2
    assert [task.instance_id for task in list_tasks(instance_id=instance_id)] == [instance_id]


def test_a_stale_save_in_a_unit_that_goes_on_writing_keeps_nothing(runtime, deploy, people) -> None:
    deploy("inbox_task.bpmn")
    instance_id = start_inbox_task(runtime)
    histories = len(list_history(instance_stream(instance_id)))

    @use_case(attempts=1)
    def save_stale_then_write() -> None:
        save_over_a_newer_state(runtime, instance_id)
        db.session.execute(update(INSTANCES).where(INSTANCES.c.id == instance_id).values(last_error="written after"))
    with pytest.raises(StaleInstance, match="changed by another step"):
        save_stale_then_write()
    instance = db.session.get(ProcessInstance, instance_id)
    assert (instance.last_error, len(list_history(instance_stream(instance_id)))) == (None, histories)


def test_a_claim_taken_after_the_task_was_read_is_refused_and_keeps_nothing(runtime, deploy, people,
                                                                            monkeypatch) -> None:
    # On PostgreSQL the claim leaves with the COMMIT, so the database refuses it (SQLSTATE FD002) there.
    deploy("inbox_task.bpmn")
    instance_id = start_inbox_task(runtime)
    task_id = db.session.execute(select(UserTask.id).where(UserTask.instance_id == instance_id)).scalar_one()
    histories = len(list_history(instance_stream(instance_id)))
    read = tasks.task_for_actor

    def read_then_taken(task_id: str, user: str, writing: str | None = None) -> Any:
        row = read(task_id, user, writing)
        db.session.execute(update(UserTask).where(UserTask.id == task_id).values(assignee="lee"))
        return row
    monkeypatch.setattr(tasks, "task_for_actor", read_then_taken)
    with pytest.raises(NotAllowed, match=f"Task {task_id} was claimed by someone else a moment ago."):
        claim_task(runtime, task_id, "sam")
    assignee = db.session.execute(select(UserTask.assignee).where(UserTask.id == task_id)).scalar_one()
    assert (assignee, len(list_history(instance_stream(instance_id)))) == (None, histories)
