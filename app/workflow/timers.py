"""Fire due timers exactly once, even with several scheduler processes."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.platform.errors import StepFailed
from app.platform.faults import crash_point
from app.platform.transactions import use_case
from app.workflow.models import ProcessInstance, Timer
from app.workflow.runtime import SCHEDULER_ACTOR, Runtime
from app.workflow.step import load_run, lock_instance, run_guarded, save_run


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


def fire_due_timers(runtime: Runtime, batch_size: int = 100) -> TimerPass:
    """Fire every timer due now; each instance is stepped in its own transaction under a row lock."""
    now = runtime.clock.now()
    result = TimerPass([], [])
    skipped: set[int] = set()
    busy: list[int] = []
    while True:
        instance_ids = due_instance_ids(now, batch_size, skipped)
        if not instance_ids:
            break
        for instance_id in instance_ids:
            outcome = fire_instance_timers(runtime, instance_id, now, result)
            if outcome != FIRED:
                skipped.add(instance_id)
            if outcome == BUSY:
                busy.append(instance_id)
    # Instances locked by a person's short step (a claim, a completion) get one more try, waiting
    # for the lock: the re-check under the lock still keeps a timer another scheduler fired from firing twice.
    for instance_id in busy:
        fire_instance_timers(runtime, instance_id, now, result, wait=True)
    return result


def due_instance_ids(now: datetime, limit: int, skipped: set[int]) -> list[int]:
    """Return running instances with a timer due by now, most overdue first."""
    query = (select(Timer.instance_id)
             .join(ProcessInstance, ProcessInstance.id == Timer.instance_id)
             .where(Timer.due_at <= now, ProcessInstance.status == "running")
             .group_by(Timer.instance_id).order_by(func.min(Timer.due_at)).limit(limit + len(skipped)))
    ids = [i for i in db.session.execute(query).scalars() if i not in skipped]
    db.session.rollback()  # end the read before the units of this pass
    return ids[:limit]


FIRED, BUSY, NOTHING = "fired", "busy", "nothing"


def fire_instance_timers(runtime: Runtime, instance_id: int, now: datetime, result: TimerPass,
                         wait: bool = False) -> str:
    """Fire the due timers of one instance; say whether it FIRED, was BUSY (locked elsewhere) or had NOTHING due."""
    try:
        outcome, fired = fire_timers_of(runtime, instance_id, now, wait)
    except StepFailed as failure:
        result.failed.append(failure)
        return NOTHING
    result.fired.extend(fired)
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

    def step() -> list[FiredTimer]:
        run.fire_due_timers()
        crash_point("timers.after_firing")
        fired = [FiredTimer(instance_id, e.element_id or "", e.data.get("name", ""), now)
                 for e in run.events if e.kind == "timer_fired"]
        save_run(runtime, row, run, SCHEDULER_ACTOR, now)
        return fired
    return FIRED, run_guarded(runtime, run, instance_id, step, SCHEDULER_ACTOR, now)


def has_due_timer(instance_id: int, now: datetime) -> bool:
    """Say whether a locked instance still has a due timer (another worker may have fired it)."""
    return db.session.execute(
        select(Timer.id).where(Timer.instance_id == instance_id, Timer.due_at <= now).limit(1)
    ).first() is not None
