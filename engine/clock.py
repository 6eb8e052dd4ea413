"""The one seam through which the engine and FlowDesk read the time."""
import contextvars
from datetime import UTC, datetime, timedelta
from typing import Protocol

import SpiffWorkflow.bpmn.specs.event_definitions.timer as spiff_timer


class Clock(Protocol):
    """Anything that tells the current aware UTC time."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Return the current time in UTC."""
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to; for tests and benchmarks."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2030, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        """Return the clock's current time."""
        return self.current

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward by a timedelta given as keyword arguments."""
        self.current += timedelta(**delta)
        return self.current

    def set(self, moment: datetime) -> None:
        """Jump to a given aware moment."""
        self.current = moment


_ACTIVE: contextvars.ContextVar[Clock | None] = contextvars.ContextVar("flowdesk_clock", default=None)


class _ClockDatetime(datetime):
    """datetime whose now() asks the clock of the step being run (SpiffWorkflow reads timers through it)."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def,override]
        clock = _ACTIVE.get()
        if clock is None:
            return datetime.now(tz)
        moment = clock.now()
        return moment.astimezone(tz) if tz else moment.astimezone().replace(tzinfo=None)


spiff_timer.datetime = _ClockDatetime


def use_clock(clock: Clock) -> contextvars.Token:
    """Make SpiffWorkflow's timers read this clock until reset_clock is called."""
    return _ACTIVE.set(clock)


def reset_clock(token: contextvars.Token) -> None:
    """Undo use_clock."""
    _ACTIVE.reset(token)


def current_time() -> datetime:
    """Return the time of the clock the running step uses (the system clock outside a step)."""
    clock = _ACTIVE.get()
    return (clock or SystemClock()).now()
