"""Script tasks run outside every transaction: read the waiting script, run it in the sandbox, then apply it.

A diagram's script may take seconds (the sandbox allows SCRIPT_WALL_SECONDS). Run inside a step it
would hold the instance's row lock, and on SQLite the database's write lock, for all that time. So
the engine leaves a script task waiting (Engine.defer_scripts); the step that reached it commits and
asks, through after_commit, for the instance's scripts to run. Each script then runs with no
transaction open, and its result is applied in a unit of its own: the instance is locked, the script
task checked to be still waiting (an interrupting event may have cancelled it meanwhile), completed
with the script's data, and the instance run on. A script that fails marks the instance
needs_attention with the error in its history, like any failed step; 'flowdesk retry' runs it again.
A process that died between the commit and the script leaves the script listed among the timers as
long overdue, so the next timer pass runs it.
"""
import contextvars
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.platform.transactions import after_commit, use_case
from app.workflow.models import ProcessInstance
from app.workflow.runtime import Runtime
from app.workflow.step import load_run, read_run, require_instance, run_guarded, save_run
from engine.errors import ScriptError, TaskNotOpen
from engine.views import PendingScript

MAX_SCRIPTS_PER_CALL = 100  # a loop of script tasks ends here; the timer pass picks the rest up
_DRAINING: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar("flowdesk_draining", default=frozenset())


def run_scripts_after_commit(runtime: Runtime, instance_id: int, actor: str | None) -> None:
    """Ask the current unit to run the instance's waiting scripts once it committed."""
    if instance_id in _DRAINING.get():
        return  # the loop that applied this result is already running the instance's scripts
    def run_them() -> None:
        run_pending_scripts(runtime, instance_id, actor)
    after_commit(run_them, key=("scripts", instance_id))


def run_pending_scripts(runtime: Runtime, instance_id: int, actor: str | None) -> int:
    """Run an instance's waiting scripts one by one, none of them inside a transaction; return how many ran."""
    token = _DRAINING.set(_DRAINING.get() | {instance_id})
    try:
        for ran in range(MAX_SCRIPTS_PER_CALL):
            pending = next_pending_script(runtime, instance_id)
            if pending is None:
                return ran
            try:
                result: dict[str, Any] | ScriptError = runtime.engine.compute_script(pending)
            except ScriptError as error:
                result = error
            apply_script(runtime, instance_id, pending, result, actor)
        return MAX_SCRIPTS_PER_CALL
    finally:
        _DRAINING.reset(token)


def next_pending_script(runtime: Runtime, instance_id: int) -> PendingScript | None:
    """Read the first script a running instance waits on (no lock; the apply step checks again)."""
    row = db.session.execute(
        select(ProcessInstance.id, ProcessInstance.definition_id, ProcessInstance.status,
               ProcessInstance.state_json).where(ProcessInstance.id == instance_id)).first()
    db.session.rollback()  # end the read: the script runs with no transaction open
    if row is None or row.status != "running":
        return None
    scripts = read_run(runtime, row).pending_scripts()
    return scripts[0] if scripts else None


@use_case
def apply_script(runtime: Runtime, instance_id: int, pending: PendingScript,
                 result: dict[str, Any] | ScriptError, actor: str | None) -> None:
    """Complete a waiting script task with its script's data (or fail the step with its error) and run on."""
    row = require_instance(instance_id)
    if row.status != "running":
        return
    run = load_run(runtime, row)
    now = runtime.clock.now()

    def step() -> None:
        if isinstance(result, ScriptError):
            result.element_id = pending.element_id  # type: ignore[attr-defined]  # named in the failure
            raise result
        try:
            run.finish_script(pending.task_id, result)
        except TaskNotOpen:
            return  # cancelled or already run meanwhile; its result no longer applies
        save_run(runtime, row, run, actor, now)
    run_guarded(runtime, run, instance_id, step, actor, now)

