"""Replay a case: its instance's steps on the diagram, with its ticket's SLA clock and the notes and mail that
arrived between steps, for whoever may replay it and with only what they may read."""
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.organisation.people import display_names
from app.organisation.policies import Actor, may_replay_case
from app.platform.errors import NotFound
from app.servicedesk.intake.models import IncomingMail
from app.servicedesk.tickets.deadlines import ClockAt, sla_clock_at
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.servicedesk.tickets.note_events import author_name, note_text
from app.servicedesk.tickets.visibility import sees_internal
from app.workflow.instances.history import StreamVerdict, instance_stream, stream_rows, verify_stream
from app.workflow.instances.lifecycle import instance_data_visible_to
from app.workflow.instances.replay import InstanceReplay, ReplayStep, replay_instance, version_diagram_ran_on
from app.workflow.instances.views import KIND_WORDS
from app.workflow.models import ProcessInstance
from app.workflow.runtime import Runtime


@dataclass(frozen=True)
class Arrival:
    """A note or a mail that arrived on the ticket since the step before."""

    kind: str  # note or mail
    at: datetime
    author: str
    text: str
    public: bool


@dataclass(frozen=True)
class CaseStep:
    """One step of a case: the instance's step, its ticket's SLA clock then, and what arrived since the last."""

    step: ReplayStep
    clock: ClockAt | None
    arrivals: tuple[Arrival, ...]


@dataclass(frozen=True)
class CaseReplay:
    """A case replayed for one reader."""

    replay: InstanceReplay
    ticket_number: str | None
    steps: list[CaseStep]
    staff_view: bool  # False: a requester's, with what her ticket shows her


def replay_case(runtime: Runtime, actor: Actor, instance_id: int) -> CaseReplay:
    """Return the replay of a case the actor may replay (NotFound otherwise, in the words of an unknown one)."""
    ticket = case_ticket(actor, instance_id)
    replay = replay_instance(instance_id, instance_data_visible_to(runtime, actor, instance_id))
    staff = sees_internal(actor)
    if ticket is None:
        return CaseReplay(replay, None, [CaseStep(step, None, ()) for step in replay.steps], staff)
    clocks = sla_clock_at(ticket, [step.at for step in replay.steps]) if staff else {}
    arrivals = ticket_arrivals(ticket, staff)
    moments = [item.at for item in arrivals]  # in order: what arrived after the step before and by this one is a slice
    steps, since = [], 0
    for step in replay.steps:
        until = bisect_right(moments, step.at)
        steps.append(CaseStep(step, clocks.get(step.at), tuple(arrivals[since:until])))
        since = until
    return CaseReplay(replay, ticket.number, steps, staff)


def verify_case(actor: Actor, instance_id: int) -> StreamVerdict:
    """Recompute a case's hash chain for someone who may replay it; return what fails (nothing: it verifies)."""
    case_ticket(actor, instance_id)
    stream = instance_stream(instance_id)
    return verify_stream(stream, stream_rows(stream))


def may_replay(actor: Actor, instance_id: int | None) -> bool:
    """Tell whether the actor may replay an instance's case (pages show the link to the replay only then)."""
    if instance_id is None:
        return False
    try:
        case_ticket(actor, instance_id)
    except NotFound:
        return False
    return True


def case_diagram(actor: Actor, instance_id: int, version: int) -> bytes:
    """Return the XML of a version a case the actor may replay ran on (NotFound otherwise)."""
    case_ticket(actor, instance_id)
    return version_diagram_ran_on(instance_id, version)


def case_ticket(actor: Actor, instance_id: int) -> Ticket | None:
    """Return the ticket of a case the actor may replay (None: the instance has no ticket), or raise NotFound."""
    started_by = db.session.execute(
        select(ProcessInstance.started_by).where(ProcessInstance.id == instance_id)).first()
    if started_by is None:
        raise NotFound(f"Instance {instance_id} does not exist.")
    ticket = db.session.execute(select(Ticket).where(Ticket.instance_id == instance_id)).scalars().first()
    if not may_replay_case(actor, started_by[0], ticket.requester if ticket else None):
        raise NotFound(f"Instance {instance_id} does not exist.")
    return ticket


def ticket_arrivals(ticket: Ticket, staff: bool) -> list[Arrival]:
    """Return the ticket's notes (public ones only for a requester) and, for staff, the mail it received."""
    query = select(TicketNote).where(TicketNote.ticket_id == ticket.id).order_by(TicketNote.at, TicketNote.id)
    if not staff:
        query = query.where(TicketNote.visibility == "public")
    notes = list(db.session.execute(query).scalars())
    names = display_names({note.author for note in notes})
    found = [Arrival("note", note.at, author_name(note.author, names), note_text(note), note.visibility == "public")
             for note in notes]
    if staff:
        found += mail_arrivals(ticket.id)
    return sorted(found, key=lambda item: item.at)


def mail_arrivals(ticket_id: int) -> list[Arrival]:
    """Return the mail a ticket received, by sender and subject."""
    rows = db.session.execute(select(IncomingMail.sender, IncomingMail.subject, IncomingMail.received_at)
                              .where(IncomingMail.ticket_id == ticket_id).order_by(IncomingMail.id)).all()
    return [Arrival("mail", row.received_at, row.sender or "", row.subject or "", False) for row in rows]


def case_replay_document(case: CaseReplay) -> dict[str, Any]:
    """Return a case's replay as JSON-able data: the API's answer and the page's script read the same."""
    replay = case.replay
    words = {kind: str(KIND_WORDS.get(kind, kind)) for kind in {step.step.kind for step in case.steps}}
    return {
        "instance_id": replay.instance_id, "process_id": replay.process_id, "process_name": replay.process_name,
        "business_key": replay.business_key, "ticket": case.ticket_number,
        "verified": replay.verdict.verified,
        "first_break": break_document(replay.verdict),
        "steps": [step_document(step, words) for step in case.steps],
    }


def break_document(verdict: StreamVerdict) -> dict[str, Any] | None:
    """Return the first break of a verdict as data, or None."""
    if not verdict.breaks:
        return None
    first = verdict.breaks[0]
    return {"seq": first.seq, "reason": first.reason}


def step_document(case_step: CaseStep, words: dict[str, str]) -> dict[str, Any]:
    """Return one step as data (words: each kind of event in the reader's words)."""
    step = case_step.step
    clock = case_step.clock
    return {
        "seq": step.seq, "kind": step.kind, "kind_words": words[step.kind], "element_id": step.element_id,
        "element_name": step.element_name, "actor": step.actor, "actor_name": step.actor_name,
        "at": step.at.isoformat(), "version": step.version, "intervention": step.intervention,
        "tokens": [{"element_id": token.element_id, "task_id": token.task_id} for token in step.tokens],
        "completed": list(step.markers.done), "active": list(step.markers.active), "taken": list(step.markers.taken),
        "changes": [{"name": change.name, "before": change.before, "after": change.after, "removed": change.removed}
                    for change in step.changes],
        "data": step.data,
        "timers": [{"element_id": timer.element_id, "name": timer.name, "attached_to": timer.attached_to,
                    "due_at": timer.due_at.isoformat() if timer.due_at else None} for timer in step.timers],
        "sla": None if clock is None else {
            "state": clock.status.state.value, "paused": clock.paused,
            "time_left_seconds": int(clock.status.time_left.total_seconds()),
            "due_at": clock.status.due_at.isoformat()},
        "arrivals": [{"kind": item.kind, "at": item.at.isoformat(), "author": item.author, "text": item.text,
                      "public": item.public} for item in case_step.arrivals],
        "verified": step.verified, "problem": step.problem,
    }

