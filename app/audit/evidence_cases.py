"""What a bundle holds of one case: its events as exported, the server's check of its chain, its ticket, its PDF."""
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.bundle_format import event_digest, plain_json
from app.audit.diagram_layout import DiagramLayout
from app.audit.evidence_pdf import CaseSummary
from app.extensions import db
from app.organisation.people import display_names
from app.organisation.policies import Actor
from app.servicedesk.desk.ticket_page import SLA_STATE_WORDS, category_path
from app.servicedesk.search.filters import zone_of
from app.servicedesk.tickets.deadlines import ticket_sla_status
from app.servicedesk.tickets.models import Ticket
from app.workflow.diagram_text import DiagramText
from app.workflow.instances.history import (
    HISTORY_TABLE,
    Anchors,
    HistoryEntry,
    instance_stream,
    verify_stream,
)
from app.workflow.instances.views import KIND_WORDS, STATUS_WORDS, mark_path, open_tasks, waiting_timers
from app.workflow.models import ProcessInstance

DATA_CHARS_SHOWN = 160  # the steps table shows the start of each event's data; history.jsonl holds all of it


@dataclass(frozen=True)
class CaseRecord:
    """One case as read for a bundle: the instance, its history rows, the server's verdict, its ticket."""

    instance: ProcessInstance
    rows: Sequence[Any]  # history_event rows, in order
    verdict: dict[str, Any]
    ticket: Ticket | None

    @property
    def stream(self) -> str:
        """Return the case's history stream."""
        return instance_stream(self.instance.id)

    def head(self) -> list[Any]:
        """Return the chain's head: [last sequence number, its hash]."""
        if not self.rows:
            return [0, "0" * 64]
        return [self.rows[-1].seq, self.rows[-1].hash]


def read_case(instance: ProcessInstance, anchors: Anchors) -> CaseRecord:
    """Read a case's history rows and ticket, and check its chain with the history key."""
    stream = instance_stream(instance.id)
    rows = db.session.execute(select(HISTORY_TABLE).where(HISTORY_TABLE.c.stream == stream)
                              .order_by(HISTORY_TABLE.c.seq)).all()
    ticket = db.session.execute(select(Ticket).where(Ticket.instance_id == instance.id)).scalar_one_or_none()
    return CaseRecord(instance, rows, stream_verdict(stream, rows, anchors), ticket)


def stream_verdict(stream: str, rows: Sequence[Any], anchors: Anchors) -> dict[str, Any]:
    """Walk one stream's chain as verify-history does; return {"holds": True} or where and why it first breaks."""
    breaks = verify_stream(stream, rows, anchors).breaks
    if breaks:
        return {"holds": False, "seq": breaks[0].seq, "reason": breaks[0].reason}
    return {"holds": True}


def history_lines(rows: Sequence[Any]) -> bytes:
    """Return the events as JSON lines: every field their hash covers, as stored, and a plain digest of them."""
    lines = []
    for row in rows:
        event = {"stream": row.stream, "seq": row.seq, "kind": row.kind, "element_id": row.element_id,
                 "task_id": row.task_id, "actor": row.actor, "at": row.at.astimezone(UTC).isoformat(),
                 "data": row.data, "prev_hash": row.prev_hash, "hash": row.hash}
        event["digest"] = event_digest(event)
        lines.append(plain_json(event))
    return ("\n".join(lines) + "\n").encode() if lines else b""


def ticket_facts(ticket: Ticket, now: datetime) -> dict[str, Any]:
    """Return a ticket's facts and SLA outcome as exported (ticket.json)."""
    status = ticket_sla_status(ticket, now)
    moments = {name: getattr(ticket, name) for name in ("created_at", "response_due_at", "resolution_due_at",
                                                        "responded_at", "resolved_at", "closed_at")}
    return {"number": ticket.number, "kind": ticket.kind, "title": ticket.title, "status": ticket.status,
            "priority": ticket.priority, "category": category_path(ticket.category_id),
            "requester": ticket.requester, "assigned_group": ticket.assigned_group,
            "reassignment_count": ticket.reassignment_count, "sla_policy": ticket.sla_policy,
            "sla_state": status.state.value, "sla_due_at": iso(status.due_at),
            **{name: iso(value) for name, value in moments.items()}}


def iso(moment: datetime | None) -> str | None:
    """Return a moment in ISO 8601 UTC, or None."""
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def case_summary(case: CaseRecord, text: DiagramText, layout: DiagramLayout, actor: Actor,
                 now: datetime) -> CaseSummary:
    """Return the PDF summary of a case in the actor's language and time zone."""
    events = [HistoryEntry(row.seq, row.kind, row.element_id, row.actor, row.at, json.loads(row.data))
              for row in case.rows]
    instance = case.instance
    waiting = [task.element_id for task in open_tasks(instance.id, actor)]
    waiting += [timer.element_id for timer in waiting_timers(instance.id)]
    markers = mark_path(text, events, waiting)
    people = display_names({event.actor for event in events} | {instance.started_by})
    zone = zone_of(actor.timezone)
    ticket = ticket_facts(case.ticket, now) if case.ticket is not None else None
    names = names_in_language(text)
    return CaseSummary(
        title=_("Evidence summary: %(case)s", case=ticket["number"] if ticket else _("instance %(id)s",
                                                                                       id=instance.id)),
        facts=case_facts(case, text, ticket, people, zone), layout=layout,
        names=names, done=frozenset(markers.done),
        active=frozenset(markers.active), taken=frozenset(markers.taken),
        legend=(_("Passed"), _("Waiting now")), steps_title=_("Steps"),
        steps_header=("#", _("When"), _("What"), _("Step"), _("Who"), _("Data")),
        steps=[step_row(event, names, people, zone) for event in events],
        sla_title=_("Service level"), sla=sla_pairs(ticket, zone),
        chain_title=_("Hash chain"), chain=chain_pairs(case))


def case_facts(case: CaseRecord, text: DiagramText, ticket: dict[str, Any] | None, people: dict[str, str],
               zone: ZoneInfo) -> list[tuple[str, str]]:
    """Return the facts under the title: process and version, status, who started it and when, the ticket."""
    instance = case.instance
    process_name = text.translations.name(text.process_id, reader_locale(), text.name)
    facts = [(_("Process"), f"{process_name} ({instance.process_id})"),
             (_("Instance"), str(instance.id)),
             (_("Status"), str(STATUS_WORDS.get(instance.status, instance.status))),
             (_("Started"), f"{moment_text(instance.started_at, zone)} "
                            f"{people.get(instance.started_by or '', instance.started_by or '')}".strip())]
    if ticket is not None:
        facts += [(_("Ticket"), f"{ticket['number']} {ticket['title']}"), (_("Priority"), ticket["priority"]),
                  (_("Category"), ticket["category"] or "-")]
    return facts


def reader_locale() -> str:
    """Return the language gettext speaks now as FlowDesk names it (en, zh_CN), which diagram translations use."""
    locale = get_locale()
    if locale is None:
        return "en"
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def names_in_language(text: DiagramText) -> dict[str, str]:
    """Return every named element's name in the reader's language, as the diagram translates it."""
    locale = reader_locale()
    return {element: text.translations.name(element, locale, drawn) for element, drawn in text.names.items()}


def step_row(event: HistoryEntry, names: dict[str, str], people: dict[str, str], zone: ZoneInfo) -> tuple[str, ...]:
    """Return one row of the steps table."""
    data = plain_json(event.data) if event.data else ""
    if len(data) > DATA_CHARS_SHOWN:
        data = data[:DATA_CHARS_SHOWN] + "…"
    return (str(event.seq), moment_text(event.at, zone), str(KIND_WORDS.get(event.kind, event.kind)),
            names.get(event.element_id or "", event.element_id or ""), people.get(event.actor or "", event.actor or ""),
            data)


def sla_pairs(ticket: dict[str, Any] | None, zone: ZoneInfo) -> list[tuple[str, str]]:
    """Return the SLA outcome lines, or one saying the case has no ticket."""
    if ticket is None:
        return [(_("Outcome"), _("This case has no ticket, so no service level applies."))]
    pairs = [(_("Outcome"), str(SLA_STATE_WORDS.get(ticket["sla_state"], ticket["sla_state"]))),
             (_("Policy"), ticket["sla_policy"] or "-")]
    for label, name in ((_("Response due"), "response_due_at"), (_("Responded"), "responded_at"),
                        (_("Resolution due"), "resolution_due_at"), (_("Resolved"), "resolved_at")):
        value = ticket[name]
        pairs.append((label, moment_text(datetime.fromisoformat(value), zone) if value else "-"))
    return pairs


def chain_pairs(case: CaseRecord) -> list[tuple[str, str]]:
    """Return the chain's head and the server's verdict at export."""
    seq, digest = case.head()
    verdict = case.verdict
    found = (_("Every event verifies with the history key.") if verdict["holds"] else
             _("Broken at event %(seq)s: %(reason)s", seq=verdict.get("seq"), reason=verdict.get("reason")))
    return [(_("Events"), str(seq)), (_("Head hash"), str(digest)), (_("Checked at export"), found)]


def moment_text(moment: datetime, zone: ZoneInfo) -> str:
    """Return a moment as local date and time with its zone."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")

