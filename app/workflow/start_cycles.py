"""Timer cycles on a process's start event: each firing starts one instance, as Camunda 7 does.

The instance waiting on the start timer (started at deployment) runs when the timer fires; in the same
unit a new instance of the same version is started to wait for the next firing, carrying the repetitions
left and the next moment. R3/PT1H thus gives three instances; R/PT1H and a cron expression go on until a
new version is deployed, which cancels the waiting instance as it does for any timer start.
"""
from datetime import datetime

from app.workflow.instances.history import NewEvent
from app.workflow.runtime import SCHEDULER_ACTOR, Runtime
from app.workflow.step import NewInstance, initiator_variable, insert_instance, save_run
from engine.runtime import Run


def start_next_in_cycle(runtime: Runtime, definition_id: int, run: Run, fired_in: int, now: datetime) -> int | None:
    """Start the instance that waits for the next firing of a start cycle that fired in `run` (inside the
    caller's unit); return its id, or None when no start cycle fired or it has no repetition left.

    Call it after the firing step, before saving `run`: what is left of the cycle is taken out of it.
    """
    cycle = run.take_start_cycle()
    if cycle is None:
        return None
    definition = run.definition
    data = initiator_variable(definition, SCHEDULER_ACTOR)
    successor = runtime.engine.start(definition, data, runtime.clock)
    successor.continue_start_cycle(cycle)
    instance_id = insert_instance(definition_id, definition.process_id, None, SCHEDULER_ACTOR, now)
    started = NewEvent("instance_started", None, {
        "process_id": definition.process_id, "version": definition.version, "business_key": None,
        "variables": data, "start_cycle_of": fired_in, "next_firing_at": cycle.due_at.isoformat()})
    save_run(runtime, NewInstance(instance_id), successor, SCHEDULER_ACTOR, now, [started])
    return instance_id
