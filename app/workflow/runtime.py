"""The engine and the clock the services work with, built once per app."""
from dataclasses import dataclass, field
from datetime import datetime

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
