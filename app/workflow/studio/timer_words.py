"""What a timer drawn in the modeller means, in the reader's words, as the engine's own parsers read it."""
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from flask_babel import format_datetime, gettext, ngettext

from app.organisation.policies import Actor, check_may_keep_drafts
from app.platform.errors import InvalidValues
from engine.evaluation.timer_reading import Span, TimerReading, read_timer

# The panel's names for the three kinds of timer (bpmn:timeDate, ...) and the engine's.
TIMER_KINDS = {"timeDate": "date", "timeDuration": "duration", "timeCycle": "cycle"}
MAX_TIMER_CHARS = 2000
SHOWN_MOMENTS = 3  # of a cron cycle's coming moments


@dataclass(frozen=True)
class TimerMeaning:
    """Whether the engine runs a timer text, and what it means (or why it does not run) in words."""

    valid: bool
    form: str
    meaning: str

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {"valid": self.valid, "form": self.form, "meaning": self.meaning}


def explain_timer(actor: Actor, text: str, kind: str, now: datetime) -> TimerMeaning:
    """Say what a timer text of a kind (timeDate, timeDuration, timeCycle) means, read as the engine reads it."""
    check_may_keep_drafts(actor, "ask what timers mean")
    if kind not in TIMER_KINDS:
        refusal("kind", gettext("Say which kind of timer this is: timeDate, timeDuration or timeCycle."))
    if not text.strip() or len(text) > MAX_TIMER_CHARS:
        refusal("text", gettext("Write the timer's value (at most %(count)s characters), for example PT4H, "
                                "R/PT2H or 0 0/5 * * * ?.", count=MAX_TIMER_CHARS))
    reading = read_timer(text, TIMER_KINDS[kind], now)
    return TimerMeaning(reading.form != "invalid", reading.form, meaning_of(reading))


def refusal(field: str, sentence: str) -> NoReturn:
    """Refuse a request, naming the value at fault."""
    raise InvalidValues(sentence, {field: [sentence]})


def meaning_of(reading: TimerReading) -> str:
    """Return a timer reading as a sentence."""
    if reading.form == "invalid":
        return gettext("The engine will refuse this timer: it %(reason)s.", reason=reading.reason)
    if reading.form == "duration":
        return gettext("In %(span)s, counted from when the process reaches the timer.",
                       span=span_words(reading.span))
    if reading.form == "date":
        return moment_words(reading.moment, reading.zone_given, gettext("On %(moment)s."))
    if reading.form == "cycle":
        return cycle_words(reading)
    if reading.form == "cron":
        return cron_words(reading.moments)
    names = ", ".join(reading.names) or gettext("no variables")
    return gettext("Computed from the expression when the process reaches the timer; it reads %(names)s.",
                   names=names)


def span_words(span: Span) -> str:
    """Return a duration's parts in words: '2 days 4 hours'."""
    return " ".join(unit_words(unit, amount) for unit, amount in span)


def unit_words(unit: str, amount: float) -> str:
    """Return an amount of one unit in words, plural as the language wants."""
    whole = int(amount) if amount == int(amount) else amount
    texts = {
        "years": ngettext("%(num)s year", "%(num)s years", whole),
        "months": ngettext("%(num)s month", "%(num)s months", whole),
        "weeks": ngettext("%(num)s week", "%(num)s weeks", whole),
        "days": ngettext("%(num)s day", "%(num)s days", whole),
        "hours": ngettext("%(num)s hour", "%(num)s hours", whole),
        "minutes": ngettext("%(num)s minute", "%(num)s minutes", whole),
        "seconds": ngettext("%(num)s second", "%(num)s seconds", whole),
    }
    return texts[unit]


def moment_words(moment: datetime | None, zone_given: bool, template: str) -> str:
    """Fill a sentence with a moment in UTC, saying when no zone was written (the server's zone is used)."""
    sentence = template % {"moment": format_datetime(moment, "yyyy-MM-dd HH:mm", rebase=False) + " UTC"}
    if not zone_given:
        sentence += " " + gettext("No time zone is written, so the server's zone is used; add Z or +08:00 "
                                  "to be sure.")
    return sentence


def cycle_words(reading: TimerReading) -> str:
    """Return an ISO 8601 repeating interval in words."""
    span = span_words(reading.span)
    if reading.repetitions == -1:
        sentence = gettext("Every %(span)s, without end.", span=span)
    else:
        sentence = ngettext("Every %(span)s, %(num)s time.", "Every %(span)s, %(num)s times.",
                            reading.repetitions or 0, span=span)
    if reading.moment is not None:
        sentence += " " + moment_words(reading.moment, reading.zone_given, gettext("Starting on %(moment)s."))
    if reading.until is not None:
        sentence += " " + moment_words(reading.until, reading.zone_given, gettext("Ending on %(moment)s."))
    return sentence


def cron_words(moments: tuple[datetime, ...]) -> str:
    """Return a cron cycle as its coming moments, and as 'every ...' when they are evenly spaced."""
    if not moments:
        return gettext("A cron expression that names no moment after now: the timer never fires.")
    shown = ", ".join(format_datetime(moment, "yyyy-MM-dd HH:mm", rebase=False) for moment in moments[:SHOWN_MOMENTS])
    sentence = gettext("Cron, in UTC: next at %(moments)s.", moments=shown)
    gaps = {later - earlier for earlier, later in zip(moments, moments[1:], strict=False)}
    if len(gaps) == 1:
        seconds = int(gaps.pop().total_seconds())
        sentence = gettext("Every %(span)s.", span=span_words(even_span(seconds))) + " " + sentence
    return sentence


def even_span(seconds: int) -> Span:
    """Return a whole number of seconds as the largest unit that divides it (300 -> 5 minutes)."""
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds % size == 0:
            return ((unit, float(seconds // size)),)
    return (("seconds", float(seconds)),)
