"""A ticket as its requester reads it: a conversation of the public notes between her and the desk, with what
happened told in her words between them (app.servicedesk.portal.request_timeline)."""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.organisation.people import display_names
from app.servicedesk.portal.request_timeline import requester_timeline
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import note_text
from app.servicedesk.tickets.notes import list_notes
from app.workflow.models import ProcessInstance

FLOWDESK = _l("FlowDesk")  # the author of notes written by automatic steps (no account)


@dataclass(frozen=True)
class ConversationItem:
    """One line of the conversation: a message (a public note) or an event in the requester's words."""

    at: datetime
    kind: str  # message or event
    author: Any  # display name of a message's writer; None for an event
    mine: bool  # written by the reader
    body: Any  # a message's text; an event's sentence (escaped Markup)


def ticket_conversation(ticket: Ticket, reader: str) -> list[ConversationItem]:
    """Return the requester's conversation on a ticket, oldest first (a message before the events of its step).

    The reader is the requester or someone else following the ticket (a watcher), who reads her named.
    """
    notes = list_notes(ticket.id, public_only=True)
    names = display_names({note.author for note in notes})
    items = [ConversationItem(note.at, "message", names.get(note.author) or FLOWDESK, note.author == reader,
                              note_text(note, conversation=True)) for note in notes]
    definition_id = db.session.execute(select(ProcessInstance.definition_id)
                                       .where(ProcessInstance.id == ticket.instance_id)).scalar()
    if definition_id is not None and ticket.instance_id is not None:
        for entry in requester_timeline(ticket.instance_id, definition_id, ticket.requester, staff_steps=False,
                                        reader=reader):
            items.append(ConversationItem(entry.at, "event", None, False, entry.text()))
    return sorted(items, key=order_of)


def order_of(item: ConversationItem) -> tuple[datetime, bool, datetime]:
    """Order by the second, a message first within it (a step writes its note a moment after its events), then
    by the exact moment."""
    return item.at.replace(microsecond=0), item.kind != "message", item.at
