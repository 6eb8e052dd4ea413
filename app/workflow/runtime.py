"""The engine and the clock the services work with, built once per app."""
import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app

from app.workflow.run_cache import RunCache
from engine.clock import Clock
from engine.runtime import Engine

SCHEDULER_ACTOR = "scheduler"  # the actor recorded for timer-driven steps


@dataclass
class Runtime:
    """What every step needs besides the database: the engine (with its spec cache) and the clock."""

    engine: Engine
    clock: Clock
    runs: RunCache = field(default_factory=RunCache)


@dataclass(frozen=True)
class StepContext:
    """What topic handlers learn about the step that calls them (TopicCall.context)."""

    runtime: Runtime
    actor: str | None
    instance_id: int | None

    def now(self) -> datetime:
        """Return the step's time."""
        return self.runtime.clock.now()


def current_runtime() -> Runtime:
    """Return the Runtime of the current Flask app."""
    return current_app.extensions["flowdesk"]


# Who the step being run acts for and on which instance, so external-task handlers can name the person
# in what they record and link what they create to the instance.
_STEP: contextvars.ContextVar[tuple[str | None, int | None]] = contextvars.ContextVar(
    "flowdesk_step", default=(None, None))


@contextmanager
def acting_as(actor: str | None, instance_id: int | None = None) -> Iterator[None]:
    """Run the steps inside the block on behalf of `actor`, on instance `instance_id`."""
    token = _STEP.set((actor, instance_id))
    try:
        yield
    finally:
        _STEP.reset(token)


def step_actor() -> str | None:
    """Return who the current step acts for (a person, 'scheduler', or None outside a step)."""
    return _STEP.get()[0]


def step_instance() -> int | None:
    """Return the id of the instance the current step runs on (None outside a step)."""
    return _STEP.get()[1]
