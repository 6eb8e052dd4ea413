"""Change a waiting instance's variables from outside its steps: its open work sees the new values and the
date timers that read them move (a ticket's deadlines changed by hand, for example).

SpiffWorkflow computes a date timer's moment once, when the timer starts waiting; Run.set_variables
computes it again, the save rewrites the instance's timer rows, and the open tasks' due dates and
priorities are read again from the new values. Nothing fires here: a timer whose new moment has
already passed fires on the next timer pass. All of it happens in the caller's unit of work.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from app.extensions import db
from app.platform.errors import Conflict
from app.platform.transactions import use_case
from app.workflow.instances.history import NewEvent
from app.workflow.models import UserTask
from app.workflow.runtime import Runtime
from app.workflow.step import load_run, lock_instance, save_run
from engine.errors import EngineError
from engine.runtime import Run


@dataclass(frozen=True)
class MovedTimer:
    """A waiting timer whose moment moved."""

    element_id: str
    name: str
    before: datetime
    after: datetime

    def to_dict(self) -> dict[str, str]:
        """Return JSON-able data for the history."""
        return {"element_id": self.element_id, "name": self.name, "from": self.before.isoformat(),
                "to": self.after.isoformat()}


@use_case
def set_instance_variables(runtime: Runtime, instance_id: int, values: dict[str, Any], actor: str | None,
                           event: NewEvent) -> list[MovedTimer] | None:
    """Lock a running instance, give its open work new values, move its date timers and save it with an event.

    The event is appended to the instance's history with the moved timers added to its data. Return
    the moved timers, or None when the instance is not running (finished, or waiting for attention:
    its state stays as it was).
    """
    row = lock_instance(instance_id)
    if row is None or row.status != "running":
        return None
    now = runtime.clock.now()
    run = load_run(runtime, row)
    try:
        moved = [MovedTimer(after.element_id, after.name, before.due_at, after.due_at)
                 for before, after in run.set_variables(values)]
    except EngineError as error:
        raise Conflict(f"Instance {instance_id} cannot take the new values: {error} Nothing was changed.") from error
    data = {**(event.data or {}), "timers": [timer.to_dict() for timer in moved]}
    save_run(runtime, row, run, actor, now, [NewEvent(event.kind, event.element_id, data)])
    refresh_open_tasks(instance_id, run, now)
    return moved


def refresh_open_tasks(instance_id: int, run: Run, now: datetime) -> None:
    """Write the due and follow-up dates and priorities the open tasks have with their new data where they changed."""
    stored = {row.id: (row.due_at, row.follow_up_at, row.priority) for row in db.session.execute(
        select(UserTask.id, UserTask.due_at, UserTask.follow_up_at, UserTask.priority)
        .where(UserTask.instance_id == instance_id))}
    for view in run.user_tasks(now):
        if view.id in stored and stored[view.id] != (view.due_at, view.follow_up_at, view.priority):
            db.session.execute(update(UserTask).where(UserTask.id == view.id)
                               .values(due_at=view.due_at, follow_up_at=view.follow_up_at, priority=view.priority))
