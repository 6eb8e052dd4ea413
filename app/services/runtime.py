"""The engine and the clock the services work with, built once per app."""
from dataclasses import dataclass, field

from flask import current_app

from app.services.run_cache import RunCache
from engine.clock import Clock
from engine.runtime import Engine

SCHEDULER_ACTOR = "scheduler"  # the actor recorded for timer-driven steps


@dataclass
class Runtime:
    """What every step needs besides the database: the engine (with its spec cache) and the clock."""

    engine: Engine
    clock: Clock
    runs: RunCache = field(default_factory=RunCache)


def current_runtime() -> Runtime:
    """Return the Runtime of the current Flask app."""
    return current_app.extensions["flowdesk"]
