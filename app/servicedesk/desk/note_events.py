"""System notes as events: what happened and its parameters, rendered in the reader's language.

A system note keeps an English sentence in its body (for exports, full-text search and readers of the raw
table) and its event and parameters beside it; pages render the event in the reader's language. Notes
written before events existed have no event and are shown by their body, as they are. Automatic steps
write as FlowDesk (SYSTEM_AUTHOR), not as whoever happened to trigger the step.
"""
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import gettext, lazy_gettext

from app.extensions import db
from app.servicedesk.models import Ticket, TicketNote

SYSTEM_AUTHOR = "flowdesk"


def N_(text: str) -> str:  # noqa: N802 - the name pybabel extracts by default
    """Mark a message for the catalogue without translating it here (it is translated when rendered)."""
    return text


# The sentence of each event, with its parameters by name. Translations are in messages.po.
NOTE_EVENTS: dict[str, str] = {
    "classified": N_("Classified: priority %(priority)s, group %(group)s."),
    "major_approved": N_("Major incident approved."),
    "major_approved_comment": N_("Major incident approved: %(comment)s"),
    "major_refused": N_("Major incident refused, back to classification."),
    "major_refused_comment": N_("Major incident refused, back to classification: %(comment)s"),
    "assigned_person": N_("Assigned to %(person)s (%(strategy)s)"),
    "assigned_queue": N_("Put in the %(group)s queue (%(strategy)s)"),
    "returned": N_("Returned to the service desk: %(reason)s"),
    "forwarded": N_("Forwarded to %(group)s: %(reason)s"),
    "escalated": N_("%(level)s; notified %(notified)s."),
    "cancelled": N_("Cancelled: %(reason)s"),
    "duplicate_of": N_("Closed as a duplicate of %(number)s."),
    "duplicate_merged": N_("%(number)s was closed as a duplicate of this ticket."),
}
# Parameters whose values are words of FlowDesk's own (not people's text): rendered in the reader's language.
PARAMETER_WORDS: dict[str, dict[str, Any]] = {
    "strategy": {"round_robin": lazy_gettext("round robin"), "least_loaded": lazy_gettext("least loaded"),
                 "queue": lazy_gettext("no member available")},
    "level": {"response_breach": lazy_gettext("Response target missed"),
              "resolution_warning": lazy_gettext("Resolution target close"),
              "resolution_breach": lazy_gettext("Resolution target missed: escalated to the duty managers"),
              "reassignments_exceeded": lazy_gettext("Reassigned too often")},
}


def add_event_note(ticket: Ticket, event: str, params: Mapping[str, str], at: datetime, author: str = SYSTEM_AUTHOR,
                   body: str | None = None, public: bool = False) -> TicketNote:
    """Record a system note of a known event; body is the English sentence stored beside it (default: rendered)."""
    if event not in NOTE_EVENTS:
        raise ValueError(f"Unknown note event '{event}'; add it to NOTE_EVENTS first.")
    note = TicketNote(ticket_id=ticket.id, author=author, at=at, visibility="public" if public else "internal",
                      body=body if body is not None else NOTE_EVENTS[event] % dict(params),
                      event=event, event_params=json.dumps(dict(params), ensure_ascii=False))
    db.session.add(note)
    return note


def note_text(note: TicketNote) -> str:
    """Return what a note says in the reader's language: an event rendered, or the body of any other note."""
    if note.event is None or note.event not in NOTE_EVENTS:
        return note.body
    try:
        params = json.loads(note.event_params or "{}")
    except ValueError:
        return note.body
    shown = {name: str(PARAMETER_WORDS.get(name, {}).get(value, value)) for name, value in params.items()}
    try:
        return gettext(NOTE_EVENTS[note.event], **shown)
    except (KeyError, ValueError, TypeError):
        return note.body


def author_name(login: str, names: Mapping[str, str]) -> str:
    """Return the name a note's author is shown by: FlowDesk for automatic steps, else the display name."""
    if login in (SYSTEM_AUTHOR, "scheduler", "system"):
        return "FlowDesk"
    return names.get(login, login)
