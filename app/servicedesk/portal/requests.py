"""The requester's side: what one may start, start forms, 'my requests' and a timeline in plain words."""
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.organisation.people import display_names, group_names
from app.organisation.policies import Actor
from app.platform.errors import NotFound
from app.servicedesk.portal.catalogue import check_may_start
from app.servicedesk.portal.request_timeline import TimelineEntry, requester_timeline
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.servicedesk.tickets.note_events import note_text
from app.servicedesk.tickets.status_words import REQUESTER_STATUS_WORDS
from app.workflow.catalog import StartableProcess, latest_definition, startable
from app.workflow.diagram_text import DiagramText, text_of_definition
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.models import HistoryEvent, ProcessDefinition, ProcessInstance, Timer, UserTask
from app.workflow.runtime import Runtime
from app.workflow.step import definition_for
from app.workflow.tasks.tasklist import candidates_of
from engine.views import FieldSpec
from forms.fields import read_moment

PAGE_SIZE = 50
SUBJECT_CHARS = 120
STATUS_WORDS = {
    "running": _l("In progress"),
    "completed": _l("Done"),
    "cancelled": _l("Cancelled"),
    "needs_attention": _l("Delayed – the service desk has been told"),
}


@dataclass(frozen=True)
class StartForm:
    """What the start page of a process shows: the process and its start-form fields."""

    process: StartableProcess
    fields: tuple[FieldSpec, ...]


def start_form_of(runtime: Runtime, process_id: str, actor: Actor, locale: str = "en") -> StartForm:
    """Return the start form of a process's latest version in a locale; NotFound, or NotAllowed for one the actor
    may not start."""
    check_may_start(actor, process_id)
    row = latest_definition(process_id)
    return StartForm(startable(row, locale), start_fields_in(runtime, row.id, locale))


def start_fields_in(runtime: Runtime, definition_id: int, locale: str) -> tuple[FieldSpec, ...]:
    """Return a process version's start-form fields, labels and options in a locale as its diagram translates them."""
    text = text_of_definition(definition_id)
    fields = definition_for(runtime, definition_id).start_fields
    for start_event in sorted(text.start_events):
        fields = text.translations.fields(start_event, fields, locale)
    return fields


@dataclass(frozen=True)
class CurrentStep:
    """An open task of a request and who has it."""

    name: str
    assignee: str | None  # display name
    groups: tuple[str, ...]  # the groups it is offered to while unclaimed
    due_at: datetime | None


@dataclass(frozen=True)
class RequestSummary:
    """One line of 'my requests'."""

    id: int
    process_id: str
    process_name: str
    definition_id: int
    business_key: str | None
    subject: str | None
    status: str
    started_by: str | None
    started_at: datetime
    updated_at: datetime
    steps: tuple[CurrentStep, ...]
    waits: tuple[tuple[str, datetime], ...] = ()  # (timer name as drawn, due at), soonest first
    ticket_number: str | None = None  # the ticket the request is followed on, if it has one
    ticket_status: str | None = None  # that ticket's status (new, pending_requester, ...)

    @property
    def status_words(self) -> Any:
        """Return the status in plain words, in the user's language: its ticket's when it has one."""
        if self.ticket_status is not None:
            return REQUESTER_STATUS_WORDS.get(self.ticket_status, self.ticket_status)
        return STATUS_WORDS.get(self.status, self.status)


def list_my_requests(runtime: Runtime, login: str, after_id: int | None = None, page_size: int = PAGE_SIZE,
                     locale: str = "en") -> tuple[list[RequestSummary], int | None]:
    """Return a page of the instances a person started, newest first, and the id to continue after; process and
    step names in the locale as their diagrams translate them."""
    query = (select(ProcessInstance, ProcessDefinition.name)
             .join(ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id)
             .where(ProcessInstance.started_by == login)
             .order_by(ProcessInstance.id.desc()).limit(page_size + 1))
    if after_id:
        query = query.where(ProcessInstance.id < after_id)
    rows = db.session.execute(query).all()
    more = len(rows) > page_size
    summaries = summarise(runtime, rows[:page_size], locale)
    return summaries, (summaries[-1].id if more else None)


def summarise(runtime: Runtime, rows: Sequence[Any], locale: str = "en") -> list[RequestSummary]:
    """Build request summaries, with subjects and current steps, for instance rows (ProcessInstance, name)."""
    ids = [instance.id for instance, _name in rows]
    steps = current_steps(ids, locale)
    waits = waiting_timers(ids)
    started = start_values(ids)
    subjects = {instance.id: subject_of(runtime, instance.definition_id, started.get(instance.id, {}))
                for instance, _name in rows}
    tickets = ticket_numbers(ids)
    texts = texts_of({instance.definition_id for instance, _name in rows})
    return [
        RequestSummary(instance.id, instance.process_id, texts[instance.definition_id].translations.name(
                           instance.process_id, locale, name or instance.process_id), instance.definition_id,
                       instance.business_key, subjects[instance.id], instance.status, instance.started_by,
                       instance.started_at, instance.updated_at, tuple(steps.get(instance.id, ())),
                       tuple(waits.get(instance.id, ())), *tickets.get(instance.id, (None, None)))
        for instance, name in rows
    ]


def texts_of(definition_ids: Collection[int]) -> dict[int, DiagramText]:
    """Return the readable parts of each process version named, each read once however many rows share it."""
    return {definition_id: text_of_definition(definition_id) for definition_id in definition_ids}


def ticket_numbers(instance_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Return the number and status of the ticket each instance is the process of (by the ticket's link)."""
    if not instance_ids:
        return {}
    rows = db.session.execute(select(Ticket.instance_id, Ticket.number, Ticket.status)
                              .where(Ticket.instance_id.in_(instance_ids)))
    return {row.instance_id: (row.number, row.status) for row in rows}


def current_steps(instance_ids: Sequence[int], locale: str = "en") -> dict[int, list[CurrentStep]]:
    """Return the open tasks of each instance, named in the locale as the diagram translates them, with who has
    them."""
    if not instance_ids:
        return {}
    tasks = db.session.execute(
        select(UserTask.id, UserTask.instance_id, UserTask.element_id, UserTask.name, UserTask.assignee,
               UserTask.due_at, ProcessInstance.definition_id)
        .join(ProcessInstance, ProcessInstance.id == UserTask.instance_id)
        .where(UserTask.instance_id.in_(instance_ids)).order_by(UserTask.created_at, UserTask.id)).all()
    candidates = candidates_of([task.id for task in tasks])
    people = display_names([task.assignee for task in tasks])
    groups = group_names({group for offered, _users in candidates.values() for group in offered})
    texts = texts_of({task.definition_id for task in tasks})
    steps: dict[int, list[CurrentStep]] = {}
    for task in tasks:
        offered = candidates.get(task.id, ([], []))[0]
        holder = people.get(task.assignee, task.assignee) if task.assignee else None
        name = texts[task.definition_id].translations.name(task.element_id, locale, task.name)
        steps.setdefault(task.instance_id, []).append(CurrentStep(
            name, holder, () if holder else tuple(groups.get(group, group) for group in offered), task.due_at))
    return steps


def waiting_timers(instance_ids: Sequence[int]) -> dict[int, list[tuple[str, datetime]]]:
    """Return the timers each instance waits for: (name, due at), soonest first."""
    if not instance_ids:
        return {}
    rows = db.session.execute(
        select(Timer.instance_id, Timer.name, Timer.due_at)
        .where(Timer.instance_id.in_(instance_ids)).order_by(Timer.due_at, Timer.id)).all()
    waits: dict[int, list[tuple[str, datetime]]] = {}
    for row in rows:
        waits.setdefault(row.instance_id, []).append((row.name, row.due_at))
    return waits


def start_values(instance_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Return the start-form values each instance was started with (from its first history event)."""
    if not instance_ids:
        return {}
    rows = db.session.execute(
        select(HistoryEvent.instance_id, HistoryEvent.data)
        .where(HistoryEvent.instance_id.in_(instance_ids), HistoryEvent.kind == "instance_started")).all()
    return {row.instance_id: json.loads(row.data).get("variables") or {} for row in rows}


def subject_of(runtime: Runtime, definition_id: int, values: Mapping[str, Any]) -> str | None:
    """Return the first text the requester typed into the start form (e.g. the title), shortened."""
    for spec in definition_for(runtime, definition_id).start_fields:
        value = values.get(spec.id)
        if spec.type == "string" and isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= SUBJECT_CHARS else text[:SUBJECT_CHARS - 1] + "…"
    return None


@dataclass(frozen=True)
class RequestDetails:
    """The page of one request: its summary, what was submitted, and its timeline."""

    summary: RequestSummary
    submitted: list[tuple[str, Any]]  # (field label as drawn, value)
    timeline: list[TimelineEntry]


def show_my_request(runtime: Runtime, login: str, instance_id: int, locale: str = "en") -> RequestDetails:
    """Return a request the person started, its words in the locale as the diagram translates them; NotFound for an
    unknown id and, in the same words, for someone else's."""
    row = db.session.execute(
        select(ProcessInstance, ProcessDefinition.name)
        .join(ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id)
        .where(ProcessInstance.id == instance_id)).first()
    if row is None:
        raise NotFound(f"Request {instance_id} does not exist.")
    if row[0].started_by != login:
        raise NotFound(f"Request {instance_id} does not exist.")
    (summary,) = summarise(runtime, [row], locale)
    events = list_history(instance_stream(instance_id))
    started = next((event.data.get("variables") or {} for event in events if event.kind == "instance_started"), {})
    fields = start_fields_in(runtime, summary.definition_id, locale)
    timeline = requester_timeline(instance_id, summary.definition_id, login, events, locale=locale)
    timeline += ticket_events(summary.ticket_number)
    return RequestDetails(summary, submitted_values(fields, started), sorted(timeline, key=lambda entry: entry.at))


def ticket_events(number: str | None) -> list[TimelineEntry]:
    """Return what the request's ticket tells its requester happened (its public system notes: the decision and
    its comment, what was done), each in the reader's language."""
    if number is None:
        return []
    notes = db.session.execute(select(TicketNote).join(Ticket, Ticket.id == TicketNote.ticket_id).where(
        Ticket.number == number, TicketNote.visibility == "public", TicketNote.event.is_not(None))
        .order_by(TicketNote.id)).scalars()
    return [TimelineEntry(note.at, "note", "%(text)s", {"text": note_text(note)}) for note in notes]


def submitted_values(fields: Sequence[FieldSpec], values: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Return (label, value) for each start-form field that was filled in; enum values as their labels, dates as
    dates and date-times as moments (pages write them as every other date and moment)."""
    shown = []
    for spec in fields:
        value = values.get(spec.id)
        if value is None or value == "":
            continue
        if spec.type == "enum":
            value = dict(spec.options).get(value, value)
        elif spec.type == "date" and spec.time:
            value = read_moment(str(value)) or value
        elif spec.type == "date":
            value = as_date(value)
        shown.append((spec.label or spec.id, value))
    return shown


def as_date(value: Any) -> Any:
    """Return a stored date value ('2026-12-14') as a date; what is not one stays as stored."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return value
