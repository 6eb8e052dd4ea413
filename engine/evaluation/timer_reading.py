"""What a timer text stands for, read by the same parsers the engine runs it with, for people to read back.

The modeller shows a process owner what a timer means ("every 5 minutes", "in 2 days") or why it will not run;
reading it here, through check_timer, SpiffWorkflow's ISO 8601 parser and the cron trigger, keeps the
explanation and the engine from disagreeing.
"""
from dataclasses import dataclass
from datetime import UTC, datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from engine.errors import ExpressionError
from engine.evaluation.cron import looks_like_cron, next_cron_time
from engine.evaluation.expressions import names_read
from engine.evaluation.timer_expressions import check_timer, timer_literal

CRON_MOMENTS = 12  # how many coming moments of a cron cycle are read (enough to see whether they are even)
Span = tuple[tuple[str, float], ...]  # (unit, amount) in ISO order: years, months, weeks, days, hours, ...
UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")


@dataclass(frozen=True)
class TimerReading:
    """A timer text as the engine reads it: its form and parts, or why it does not run.

    form: "duration", "date", "cycle" (ISO 8601 repeating interval), "cron", "expression" or "invalid".
    repetitions: -1 when an ISO cycle repeats without end. zone_given: False when a date-time names no zone
    (the engine reads it in the server's zone).
    """

    form: str
    span: Span = ()
    moment: datetime | None = None
    zone_given: bool = True
    repetitions: int | None = None
    until: datetime | None = None
    moments: tuple[datetime, ...] = ()
    names: tuple[str, ...] = ()
    reason: str = ""


def read_timer(text: str, kind: str, now: datetime) -> TimerReading:
    """Read a timer text of a kind (date, duration or cycle) as the engine will run it, at `now`."""
    try:
        check_timer(text, kind)
    except ExpressionError as error:
        return TimerReading("invalid", reason=error.reason)
    stripped = text.strip()
    if timer_literal(stripped) is not None:
        return read_literal(stripped)
    if looks_like_cron(stripped):
        return TimerReading("cron", moments=cron_moments(stripped, now))
    return TimerReading("expression", names=tuple(sorted(names_read(stripped))))


def read_literal(text: str) -> TimerReading:
    """Read a bare ISO 8601 duration, date-time or repeating interval."""
    if text.upper().startswith("R"):
        return read_cycle(text)
    if text.upper().startswith("P"):
        return TimerReading("duration", span=read_span(text))
    return TimerReading("date", moment=TimerEventDefinition.get_datetime(text), zone_given=has_zone(text))


def read_cycle(text: str) -> TimerReading:
    """Read an ISO 8601 repeating interval: R[n]/duration, R[n]/start/duration or R[n]/duration/end."""
    count, *parts = text.split("/")
    repetitions = int(count[1:]) if count[1:] else -1
    span = read_span(next(part for part in parts if part.upper().startswith("P")))
    dates = [part for part in parts if not part.upper().startswith("P")]
    if not dates:
        return TimerReading("cycle", span=span, repetitions=repetitions)
    moment = TimerEventDefinition.get_datetime(dates[0])
    if parts[0].upper().startswith("P"):
        return TimerReading("cycle", span=span, repetitions=repetitions, until=moment, zone_given=has_zone(dates[0]))
    return TimerReading("cycle", span=span, repetitions=repetitions, moment=moment, zone_given=has_zone(dates[0]))


def read_span(text: str) -> Span:
    """Return the parts of an ISO 8601 duration (P2DT4H -> days 2, hours 4), in ISO order."""
    parsed = TimerEventDefinition.parse_iso_duration(text)
    return tuple((unit, float(parsed[unit])) for unit in UNITS if parsed.get(unit))


def has_zone(text: str) -> bool:
    """Tell whether an ISO 8601 date-time names its zone (Z or an offset)."""
    return datetime.fromisoformat(text).tzinfo is not None


def cron_moments(text: str, now: datetime) -> tuple[datetime, ...]:
    """Return the next moments a cron cycle fires after `now` (UTC), as the engine computes them."""
    moments: list[datetime] = []
    after = now.astimezone(UTC)
    while len(moments) < CRON_MOMENTS:
        following = next_cron_time(text, after)
        if following is None:
            break
        moments.append(following)
        after = following
    return tuple(moments)
