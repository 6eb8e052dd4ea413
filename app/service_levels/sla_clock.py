"""The SLA clock of a ticket: its pauses, its deadlines and its state at a given moment."""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from app.service_levels.calendar import BusinessCalendar


class SlaState(StrEnum):
    """Where a ticket stands against its service level."""

    ON_TRACK = "on_track"
    WARNING = "warning"
    BREACHED = "breached"
    MET = "met"


class ClockEventKind(StrEnum):
    """What happened to the SLA clock."""

    PAUSED = "paused"
    RESUMED = "resumed"


class ClockEventsRefused(ValueError):
    """The pause and resume events or periods of a ticket are out of order or overlap."""


@dataclass(frozen=True)
class SlaTarget:
    """Working time allowed for the first response and for the resolution, and when to warn."""

    response: timedelta
    resolution: timedelta
    warning_share: float = 0.75

    def __post_init__(self) -> None:
        if self.response < timedelta(0) or self.resolution < timedelta(0):
            raise ValueError("SLA targets must not be negative; give the working time allowed.")
        if not 0 < self.warning_share < 1:
            raise ValueError(f"The warning share must lie between 0 and 1, such as 0.75; got {self.warning_share}.")


@dataclass(frozen=True)
class ClockEvent:
    """A ticket's SLA clock was paused (waiting for the requester) or resumed at a moment."""

    kind: ClockEventKind
    at: datetime


@dataclass(frozen=True)
class Pause:
    """A period during which the clock stood still; `ended_at` is None while it still stands."""

    started_at: datetime
    ended_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ClockEventsRefused(f"A pause cannot end ({self.ended_at}) before it starts ({self.started_at}).")


@dataclass(frozen=True)
class SlaDeadlines:
    """When the response and the resolution are due and when to warn, as aware UTC moments.

    A deadline is None when an open pause began before it: it is unknown until the clock resumes.
    """

    response_due_at: datetime | None
    resolution_due_at: datetime | None
    warning_at: datetime | None


@dataclass(frozen=True)
class SlaStatus:
    """A ticket's SLA state and the working time left until `due_at` (negative once it has passed)."""

    state: SlaState
    time_left: timedelta
    due_at: datetime


def pauses_from_events(events: Sequence[ClockEvent]) -> tuple[Pause, ...]:
    """Turn chronological pause and resume events into pause periods.

    A pause while paused and a resume while running change nothing, so repeated status changes are harmless.
    """
    pauses: list[Pause] = []
    paused_at: datetime | None = None
    for earlier, later in zip(events, events[1:], strict=False):
        if later.at < earlier.at:
            raise ClockEventsRefused(f"The clock event at {later.at} comes after one at {earlier.at}; sort them.")
    for event in events:
        if event.kind is ClockEventKind.PAUSED and paused_at is None:
            paused_at = event.at
        elif event.kind is ClockEventKind.RESUMED and paused_at is not None:
            pauses.append(Pause(paused_at, event.at))
            paused_at = None
    if paused_at is not None:
        pauses.append(Pause(paused_at))
    return tuple(pauses)


def compute_deadlines(
    start_at: datetime, target: SlaTarget, calendar: BusinessCalendar, pauses: Sequence[Pause] = ()
) -> SlaDeadlines:
    """Return the deadlines of a ticket logged at `start_at`, moved by the working time spent paused."""
    _check_pauses(pauses)
    warning = target.resolution * target.warning_share
    return SlaDeadlines(
        response_due_at=_due_after(start_at, target.response, calendar, pauses),
        resolution_due_at=_due_after(start_at, target.resolution, calendar, pauses),
        warning_at=_due_after(start_at, warning, calendar, pauses),
    )


def compute_status(
    now: datetime,
    start_at: datetime,
    target: SlaTarget,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause] = (),
    responded_at: datetime | None = None,
    resolved_at: datetime | None = None,
) -> SlaStatus:
    """Return the SLA state at `now` and the working time left to the deadline that counts next.

    A deadline is met by a response or resolution at or before it, and breached from that very moment
    when none came. A breach stays breached. A resolution counts as the response when none was recorded.
    While the ticket waits for the requester the time left stands still.
    """
    reference_at = resolved_at if resolved_at is not None else now
    deadlines = compute_deadlines(start_at, target, calendar, close_pauses(pauses, reference_at))
    return status_against(now, deadlines, calendar, responded_at, resolved_at)


def status_against(
    now: datetime,
    deadlines: SlaDeadlines,
    calendar: BusinessCalendar,
    responded_at: datetime | None = None,
    resolved_at: datetime | None = None,
) -> SlaStatus:
    """Return the SLA state at `now` against the deadlines as the pauses up to then (closed at `now`, or at the
    resolution) moved them (see compute_status; a replay works each set of deadlines out once for many moments)."""
    reference_at = resolved_at if resolved_at is not None else now
    response_due_at = _known(deadlines.response_due_at)
    resolution_due_at = _known(deadlines.resolution_due_at)
    answered_at = min((at for at in (responded_at, resolved_at) if at is not None), default=None)
    due_at = response_due_at if answered_at is None else resolution_due_at
    time_left = calendar.working_time_between(reference_at, due_at)
    if _is_late(answered_at, response_due_at, now) or _is_late(resolved_at, resolution_due_at, now):
        return SlaStatus(SlaState.BREACHED, time_left, due_at)
    if resolved_at is not None:
        return SlaStatus(SlaState.MET, time_left, due_at)
    if now >= _known(deadlines.warning_at):
        return SlaStatus(SlaState.WARNING, time_left, due_at)
    return SlaStatus(SlaState.ON_TRACK, time_left, due_at)


def close_pauses(pauses: Sequence[Pause], until_at: datetime) -> tuple[Pause, ...]:
    """Return the pauses as they stand at `until_at`: later ones dropped, an open one ended there."""
    closed = []
    for pause in pauses:
        if pause.started_at > until_at:
            continue
        ended_at = until_at if pause.ended_at is None else min(pause.ended_at, until_at)
        closed.append(Pause(pause.started_at, ended_at))
    return tuple(closed)


def _due_after(
    start_at: datetime, work: timedelta, calendar: BusinessCalendar, pauses: Sequence[Pause]
) -> datetime | None:
    """Return when `work` of unpaused working time has passed since `start_at`; None if an open pause comes first."""
    cursor_at, remaining = start_at, work
    for pause in pauses:
        if pause.ended_at is not None and pause.ended_at <= cursor_at:
            continue
        due_at = calendar.add_working_time(cursor_at, remaining)
        if due_at <= pause.started_at:
            return due_at
        remaining -= calendar.working_time_between(cursor_at, max(pause.started_at, cursor_at))
        if pause.ended_at is None:
            return None
        cursor_at = pause.ended_at
    return calendar.add_working_time(cursor_at, remaining)


def _check_pauses(pauses: Sequence[Pause]) -> None:
    """Refuse pauses that overlap, come out of order, or follow an open one."""
    for earlier, later in zip(pauses, pauses[1:], strict=False):
        if earlier.ended_at is None or later.started_at < earlier.ended_at:
            raise ClockEventsRefused(
                f"The pause from {later.started_at} overlaps or precedes the one from {earlier.started_at}; "
                "give pauses in order, each ended before the next."
            )


def _is_late(done_at: datetime | None, due_at: datetime, now: datetime) -> bool:
    """Return whether a deadline was missed: done after it, or not done and `now` has reached it."""
    return done_at > due_at if done_at is not None else now >= due_at


def _known(moment: datetime | None) -> datetime:
    """Return a deadline that closed pauses always determine."""
    if moment is None:
        raise ClockEventsRefused("A deadline stayed unknown although every pause was closed.")
    return moment
