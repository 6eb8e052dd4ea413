"""Fire due timers exactly once, even with several scheduler processes; a pass ends even when timer rows are wrong."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.platform.errors import StepFailed
from app.platform.faults import crash_point
from app.platform.transactions import is_transient, use_case
from app.workflow.batch import WriteBatch
from app.workflow.instances.history import NewEvent
from app.workflow.models import ProcessInstance, Timer
from app.workflow.runtime import SCHEDULER_ACTOR, Runtime
from app.workflow.start_cycles import start_next_in_cycle
from app.workflow.step import append_to_instance, load_run, lock_instance, rebuild_projections, run_guarded, save_run
from engine.runtime import Run


@dataclass(frozen=True)
class FiredTimer:
    """A timer that fired in this pass."""

    instance_id: int
    element_id: str
    name: str
    fired_at: datetime

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {"instance_id": self.instance_id, "element_id": self.element_id, "name": self.name,
                "fired_at": self.fired_at.isoformat()}


@dataclass
class TimerPass:
    """What one pass did."""

    fired: list[FiredTimer]
    failed: list[StepFailed]
    repaired: list[int] = field(default_factory=list)  # instances whose task and timer rows were rebuilt
    postponed: list[int] = field(default_factory=list)  # a transient fault outlasted the retries: next pass


class TimerNotFired(Exception):
    """The engine holds a timer due by its own clock, yet firing it did nothing."""


def fire_due_timers(runtime: Runtime, batch_size: int = 100) -> TimerPass:
    """Fire every timer due now, visiting each instance at most once; each visit is one unit under a row lock.

    A pass never comes back to an instance it stepped, so it ends even when timer rows are wrong:
    rows that said a timer was due which the engine did not fire are rebuilt from the engine state.
    """
    now = runtime.clock.now()
    result = TimerPass([], [])
    visited: set[int] = set()
    busy: list[int] = []
    while instance_ids := due_instance_ids(now, batch_size, visited):
        for instance_id in instance_ids:
            visited.add(instance_id)
            if fire_instance_timers(runtime, instance_id, now, result) == BUSY:
                busy.append(instance_id)
    # Instances locked by a person's short step (a claim, a completion) get one more try, waiting
    # for the lock: the re-check under the lock still keeps a timer another scheduler fired from firing twice.
    for instance_id in busy:
        fire_instance_timers(runtime, instance_id, now, result, wait=True)
    return result


def due_instance_ids(now: datetime, limit: int, visited: set[int]) -> list[int]:
    """Return running instances not yet visited with a timer due by now, most overdue first."""
    query = (select(Timer.instance_id)
             .join(ProcessInstance, ProcessInstance.id == Timer.instance_id)
             .where(Timer.due_at <= now, ProcessInstance.status == "running")
             .group_by(Timer.instance_id).order_by(func.min(Timer.due_at)).limit(limit + len(visited)))
    ids = [i for i in db.session.execute(query).scalars() if i not in visited]
    return ids[:limit]


FIRED, BUSY, REPAIRED, NOTHING = "fired", "busy", "repaired", "nothing"


def fire_instance_timers(runtime: Runtime, instance_id: int, now: datetime, result: TimerPass,
                         wait: bool = False) -> str:
    """Fire the due timers of one instance; say whether it FIRED, was BUSY, was REPAIRED or had NOTHING due.

    A transient database fault that outlasts the unit's retries postpones the instance to the next
    pass, untouched and still running, so one instance in trouble does not stop every other timer.
    """
    try:
        outcome, fired = fire_timers_of(runtime, instance_id, now, wait)
    except StepFailed as failure:
        result.failed.append(failure)
        return NOTHING
    except Exception as error:  # only transient faults are postponed; anything else is a bug to see
        if not is_transient(error):
            raise
        result.postponed.append(instance_id)
        return NOTHING
    result.fired.extend(fired)
    if outcome == REPAIRED:
        result.repaired.append(instance_id)
    return outcome


@use_case
def fire_timers_of(runtime: Runtime, instance_id: int, now: datetime, wait: bool) -> tuple[str, list[FiredTimer]]:
    """Fire the due timers of one instance in one unit, re-checking under its lock that they are still due."""
    row = lock_instance(instance_id, skip_locked=not wait)
    if row is None:
        return BUSY, []
    if row.status != "running" or not has_due_timer(instance_id, now):
        return NOTHING, []
    run = load_run(runtime, row)

    def step() -> tuple[str, list[FiredTimer]]:
        engine_now = run.clock.now()  # read first: whatever the engine holds due by then, it was asked to fire
        run.fire_due_timers()
        crash_point("timers.after_firing")
        # The rows said a timer was due and the engine did nothing. A waiting script left behind by a
        # crash is listed as a long overdue timer: saving asks for it to run after the commit.
        if not run.events and not run.pending_scripts():
            return repair_projections(runtime, row, run, engine_now, now), []
        fired = [FiredTimer(instance_id, e.element_id or "", e.data.get("name", ""), now)
                 for e in run.events if e.kind == "timer_fired"]
        start_next_in_cycle(runtime, row.definition_id, run, instance_id, now)
        save_run(runtime, row, run, SCHEDULER_ACTOR, now)
        return FIRED, fired
    outcome: tuple[str, list[FiredTimer]] = run_guarded(runtime, run, instance_id, step, SCHEDULER_ACTOR, now)
    return outcome


def repair_projections(runtime: Runtime, row: Any, run: Run, engine_now: datetime, now: datetime) -> str:
    """Rebuild the task and timer rows of an instance whose rows were wrong, recording what was repaired.

    Return REPAIRED, or NOTHING when the rows were right (the clock stepped back since the pass
    read it). A timer the engine itself held due at engine_now but did not fire raises TimerNotFired:
    the step fails and the instance needs attention, instead of being visited in vain by every pass.
    """
    for timer in run.waiting_timers():
        if timer.due_at <= engine_now:
            raise TimerNotFired(f"the timer '{timer.element_id}' was due at {timer.due_at.isoformat()} "
                                f"but the engine did not fire it")
    batch = WriteBatch()
    repaired = rebuild_projections(runtime, row, now, batch)
    if not any(repaired.values()):
        return NOTHING
    append_to_instance(row, [NewEvent("projections_rebuilt", None, repaired)], SCHEDULER_ACTOR, now, batch)
    return REPAIRED


def has_due_timer(instance_id: int, now: datetime) -> bool:
    """Say whether a locked instance still has a due timer (another worker may have fired it)."""
    return db.session.execute(
        select(Timer.id).where(Timer.instance_id == instance_id, Timer.due_at <= now).limit(1)
    ).first() is not None
