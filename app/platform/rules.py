"""Pure service-desk rules (priority, assignment, escalation): data and `now` in, decisions out, no I/O."""
from datetime import datetime


class RuleError(ValueError):
    """Base class for data a rule refuses; str(error) is a full sentence a person can act on."""


def check_aware(name: str, moment: datetime | None) -> None:
    """Refuse a naive datetime, which cannot be compared with the aware UTC times the rules use."""
    if moment is not None and moment.tzinfo is None:
        raise RuleError(f"The time '{name}' has no time zone; pass an aware UTC datetime.")
