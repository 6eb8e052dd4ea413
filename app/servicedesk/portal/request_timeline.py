"""A request's history told to its requester: who has it and what waits for her, never the engine's own steps.

The requester reads "Sam is working on it" and "Waiting for your answer"; automatic steps (service tasks,
gateways, timers, messages) are left out, because what they did reaches her as the ticket's status and
its public notes. Anyone else who may follow the ticket without being staff (a colleague watching it) reads
the same history with the requester named ("Waiting for Rita's answer"), never "you". Staff read the full
history on the instance page.
"""
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from app.extensions import db
from app.organisation.people import display_names
from app.workflow.diagram_text import DiagramText, text_of_definition
from app.workflow.instances.history import HistoryEntry, instance_stream, list_history
from app.workflow.models import UserTask

# what a step asks of the requester, told by the fields of its form
STEP_KINDS = (("rate", "rating"), ("confirm", "confirmation"), ("answer", "answer"), ("answer", "question"))
READY_FOR_REQUESTER = {
    "answer": _l("Waiting for your answer."),
    "confirm": _l("Waiting for you to confirm the fix."),
    "rate": _l("Waiting for your rating."),
    "other": _l("Waiting for you: '%(step)s'."),
}
DONE_BY_REQUESTER = {
    "answer": _l("You answered."),
    "confirm": _l("You confirmed the fix."),
    "reopen": _l("You said it is not fixed and reopened it."),
    "rate": _l("You rated the service."),
    "other": _l("You completed '%(step)s'."),
}
# the same, told to someone who follows the requester's ticket (a watcher)
READY_FOR_OTHER = {
    "answer": _l("Waiting for %(requester)s's answer."),
    "confirm": _l("Waiting for %(requester)s to confirm the fix."),
    "rate": _l("Waiting for %(requester)s's rating."),
    "other": _l("Waiting for %(requester)s: '%(step)s'."),
}
DONE_BY_OTHER = {
    "answer": _l("%(requester)s answered."),
    "confirm": _l("%(requester)s confirmed the fix."),
    "reopen": _l("%(requester)s said it is not fixed and reopened it."),
    "rate": _l("%(requester)s rated the service."),
    "other": _l("%(requester)s completed '%(step)s'."),
}
SENTENCES = {
    "sent": _l("You sent it."),
    "sent_by_requester": _l("%(requester)s sent it."),
    "logged_for_you": _l("%(who)s logged it for you."),
    "logged_for_requester": _l("%(who)s logged it for %(requester)s."),
    "received": _l("It was received."),
    "working": _l("%(who)s is working on it."),
    "queued": _l("Waiting for the team to pick it up."),
    "released": _l("%(who)s gave it back to the team."),
    "handed": _l("%(to)s is working on it now."),
    "finished_step": _l("%(who)s finished '%(step)s'."),
    "done": _l("It is finished."),
    "done_at": _l("It is finished: %(step)s."),
    "cancelled": _l("It was cancelled."),
    "failed": _l("Something went wrong; the service desk has been told and will pick it up."),
    "retried": _l("The service desk picked it up again."),
}


def step_kind(field_ids: Iterable[str]) -> str:
    """Say what a requester's step asks of her by its form's fields: answer, confirm, rate or other."""
    ids = set(field_ids)
    return next((kind for kind, field_id in STEP_KINDS if field_id in ids), "other")


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened, as a sentence in the requester's words."""

    at: datetime
    kind: str
    sentence: Any  # a lazily translated sentence with %(name)s placeholders
    values: dict[str, str]

    def text(self) -> Markup:
        """Return the sentence in the reader's language, its values (names from diagrams and people) escaped."""
        return Markup(str(self.sentence)) % self.values


@dataclass(frozen=True)
class TaskFacts:
    """What the history and the open tasks tell of one user task."""

    holder: str | None  # the open task's assignee, or who completed it
    claimed: bool  # it was unassigned when it became ready
    fields: frozenset[str]


def task_facts(instance_id: int, events: Sequence[HistoryEntry]) -> dict[str, TaskFacts]:
    """Return, per task id of an instance, who held it, whether it was claimed and its form's field ids."""
    open_rows = db.session.execute(select(UserTask.id, UserTask.assignee, UserTask.form_fields)
                                   .where(UserTask.instance_id == instance_id)).all()
    holders = {row.id: row.assignee for row in open_rows}
    fields = {row.id: frozenset(field["id"] for field in json.loads(row.form_fields)) for row in open_rows}
    claimed: set[str] = set()
    for event in events:
        task_id = str(event.data.get("task_id") or "")
        if event.kind == "task_claimed":
            claimed.add(task_id)
        elif event.kind == "task_completed":
            holders[task_id] = event.actor
            fields[task_id] = frozenset(event.data.get("changed") or {})
    ids = set(holders) | claimed
    return {task_id: TaskFacts(holders.get(task_id), task_id in claimed, fields.get(task_id, frozenset()))
            for task_id in ids}


def requester_timeline(instance_id: int, definition_id: int, requester: str,
                       events: Sequence[HistoryEntry] | None = None,
                       staff_steps: bool = True, reader: str | None = None,
                       locale: str = "en") -> list[TimelineEntry]:
    """Return an instance's timeline as its requester reads it (its history read here unless given).

    staff_steps=False leaves out the steps staff finished: on a ticket, what they did reaches the requester
    as their public notes (the question, the resolution, the decision), in their own words. A reader other
    than the requester (default: the requester reads) reads the requester named instead of "you". Step names
    come in the locale as the diagram translates them.
    """
    events = list_history(instance_stream(instance_id)) if events is None else events
    tasks = task_facts(instance_id, events)
    people = display_names({event.actor for event in events} | {str(event.data.get("to")) for event in events}
                           | {facts.holder for facts in tasks.values() if facts.holder} | {requester})
    audience = Audience(requester, reader in (None, requester), locale)
    timeline = build_timeline(events, text_of_definition(definition_id), people, audience, tasks)
    if staff_steps:
        return timeline
    return fold_repeats([entry for entry in timeline if entry.sentence is not SENTENCES["finished_step"]])


@dataclass(frozen=True)
class Audience:
    """Whose request it is, and whether she is the one reading it."""

    requester: str
    is_requester: bool
    locale: str = "en"  # the reader's language, for the diagram's names


def build_timeline(events: Sequence[HistoryEntry], text: DiagramText, people: Mapping[str, str], audience: Audience,
                   tasks: Mapping[str, TaskFacts]) -> list[TimelineEntry]:
    """Turn history events into the requester's sentences; engine steps left out, repeats folded."""
    timeline: list[TimelineEntry] = []
    last_end = ""
    for event in events:
        if event.kind == "end_reached":
            last_end = text.translations.name(event.element_id or "", audience.locale,
                                              text.names.get(event.element_id or "", ""))
        entry = describe_event(event, text, people, audience, tasks, last_end)
        if entry is not None:
            timeline.append(entry)
    return fold_repeats(timeline)


def fold_repeats(timeline: list[TimelineEntry]) -> list[TimelineEntry]:
    """Keep the first of sentences that repeat one after the other ("Sam is working on it." twice)."""
    folded: list[TimelineEntry] = []
    for entry in timeline:
        if not folded or folded[-1].text() != entry.text():
            folded.append(entry)
    return folded


def describe_event(event: HistoryEntry, text: DiagramText, people: Mapping[str, str], audience: Audience,
                   tasks: Mapping[str, TaskFacts], last_end: str) -> TimelineEntry | None:
    """Return the requester's sentence for one event, or None for what she need not read."""
    facts = tasks.get(str(event.data.get("task_id") or ""), TaskFacts(None, False, frozenset()))
    values = {
        "who": people.get(event.actor or "", event.actor or ""),
        "step": text.translations.name(event.element_id or "", audience.locale,
                                       str(event.data.get("name") or text.name_of(event.element_id))),
        "to": people.get(str(event.data.get("to")), str(event.data.get("to"))),
        "requester": people.get(audience.requester, audience.requester),
    }
    sentence = choose_sentence(event, facts, audience, last_end)
    if sentence is None:
        return None
    if event.kind == "task_ready" and facts.holder and not facts.claimed:
        values["who"] = people.get(facts.holder, facts.holder)
    if event.kind == "instance_completed":
        values["step"] = last_end
    return TimelineEntry(event.at, event.kind, sentence, values)


def choose_sentence(event: HistoryEntry, facts: TaskFacts, audience: Audience, last_end: str) -> Any:
    """Pick the sentence for an event, by who did it, for whom and who reads it; None for an engine step."""
    kind, requester, mine = event.kind, audience.requester, audience.is_requester
    if kind == "instance_started":
        if event.actor == requester:
            return SENTENCES["sent" if mine else "sent_by_requester"]
        return SENTENCES[("logged_for_you" if mine else "logged_for_requester") if event.actor else "received"]
    if kind == "task_ready":
        if facts.holder == requester:
            return (READY_FOR_REQUESTER if mine else READY_FOR_OTHER)[step_kind(facts.fields)]
        return SENTENCES["working" if facts.holder and not facts.claimed else "queued"]
    if kind == "task_completed":
        if event.actor != requester:
            return SENTENCES["finished_step"]
        step = step_kind(facts.fields)
        reopened = (event.data.get("changed") or {}).get("confirmation") == "reopen"
        return (DONE_BY_REQUESTER if mine else DONE_BY_OTHER)["reopen" if step == "confirm" and reopened else step]
    if kind == "instance_completed":
        return SENTENCES["done_at" if last_end else "done"]
    words = {"task_claimed": "working", "task_released": "released", "task_reassigned": "handed",
             "instance_cancelled": "cancelled", "step_failed": "failed", "instance_retried": "retried"}
    return SENTENCES[words[kind]] if kind in words else None
