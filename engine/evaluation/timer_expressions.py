"""Timer texts: bare ISO 8601 literals, Quartz cron cycles, and expressions that compute either."""
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from engine import clock as engine_clock
from engine.errors import ExpressionError
from engine.evaluation.cron import check_cron, looks_like_cron
from engine.evaluation.expressions import check_expression, evaluate

_DURATION = (
    r"P(?:\d+W|(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?"
    r"(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:[.,]\d+)?S)?)?)"
)
_DATE_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
_TIMER_LITERAL = re.compile(
    rf"(?P<duration>{_DURATION})|(?P<date_time>{_DATE_TIME})"
    rf"|R\d*/(?:{_DURATION}|(?P<cycle_start>{_DATE_TIME})/{_DURATION}|{_DURATION}/(?P<cycle_end>{_DATE_TIME}))"
)
TIMER_KINDS = ("date", "duration", "cycle")


def timer_literal(expression: str) -> str | None:
    """Return the text if it is a bare ISO 8601 duration, date-time or cycle, else None."""
    text = expression.strip()
    match = _TIMER_LITERAL.fullmatch(text)
    if match is None:
        return None
    for group in ("date_time", "cycle_start", "cycle_end"):
        if match.group(group) and not _is_date_time(match.group(group)):
            return None
    return text


def _is_date_time(text: str) -> bool:
    """Tell whether the text is a real calendar date-time."""
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def evaluate_timer(expression: str, names: Mapping[str, Any], kind: str = "date") -> str:
    """Return the ISO 8601 text, or for a cycle the cron expression, that a timer of this kind stands for."""
    literal = timer_literal(expression)
    if literal is not None:
        return literal
    if kind == "cycle" and looks_like_cron(expression):
        check_cron(expression.strip())
        return expression.strip()
    return _timer_text(expression, evaluate(expression, names), kind)


def _timer_text(expression: str, value: Any, kind: str) -> str:
    """Turn what a timer expression gave into timer text: a date for a date or a duration, text as it is."""
    if isinstance(value, datetime) and kind == "date":
        return value.astimezone(UTC).isoformat()
    if isinstance(value, datetime) and kind == "duration":  # Camunda waits until that moment
        seconds = (value - engine_clock.current_time()).total_seconds()
        return f"PT{max(0, math.ceil(seconds))}S"
    if isinstance(value, str) and timer_literal(value) is not None:
        return value.strip()
    if isinstance(value, str) and kind == "cycle" and looks_like_cron(value):
        check_cron(value.strip())
        return value.strip()
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    if kind == "cycle":
        raise ExpressionError(expression, f"timer expression must produce an ISO 8601 repeating interval or a "
                                          f"cron expression, got {shown}")
    raise ExpressionError(expression, f"timer expression must produce an ISO 8601 date, duration or cycle, "
                                      f"got {shown}; a date such as dateTime().plusDays(1) works too")


def check_timer(expression: str, kind: str = "date") -> None:
    """Raise ExpressionError unless the text is an ISO literal, a cron cycle or an allowed expression."""
    if timer_literal(expression) is not None:
        return
    if looks_like_cron(expression):
        if kind != "cycle":
            raise ExpressionError(expression, f"is a cron expression, which only a timeCycle takes; this timer is a "
                                              f"time{kind.capitalize()}: write an ISO 8601 "
                                              f"{'date-time' if kind == 'date' else 'duration'} instead")
        check_cron(expression.strip())
        return
    check_expression(expression)
