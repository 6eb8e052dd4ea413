"""The agent's tools on the ticket page: reply templates for the note, time spent, cancel and duplicate.

The ticket page (app/web/desk/ticket.py) shows them to staff; the use cases decide who may use each.
"""
from dataclasses import dataclass
from typing import Any

from flask import request

from app.organisation.people import display_names
from app.organisation.policies import Actor
from app.servicedesk.desk.reply_templates import templates_for
from app.servicedesk.desk.ticket_actions import allowed_actions
from app.servicedesk.tickets.models import ReplyTemplate, Ticket, TicketNote
from app.servicedesk.tickets.note_events import author_name, is_system_note, note_text
from app.servicedesk.tickets.notes import total_minutes
from app.web.shell.session import select_locale


@dataclass(frozen=True)
class DeskTools:
    """What the ticket page offers an agent besides the flow's own steps."""

    templates: list[ReplyTemplate]
    chosen_template: ReplyTemplate | None
    minutes_spent: int
    actions: frozenset[str]  # cancel, duplicate: those the viewer may take on the ticket now


def desk_tools(actor: Actor, ticket: Ticket) -> DeskTools:
    """Gather the tools for a viewer; the template the query string names is the one to insert (without script)."""
    templates = templates_for(actor, str(select_locale()))
    wanted = request.args.get("template", "")
    chosen = next((item for item in templates if str(item.id) == wanted), None)
    return DeskTools(templates, chosen, total_minutes(ticket.id), allowed_actions(actor, ticket))


def note_data(tools: DeskTools) -> dict[str, Any] | None:
    """Return the note form's starting values: the chosen template's text, or None for an empty form."""
    return {"body": tools.chosen_template.body} if tools.chosen_template else None


@dataclass(frozen=True)
class NoteView:
    """A note as the reader sees it: its author's name (FlowDesk for automatic steps) and its text in their language."""

    author: str
    text: str
    system: bool  # FlowDesk's own words, not a person's


def note_views(notes: list[TicketNote]) -> dict[int, NoteView]:
    """Return how each note reads, by note id, with every author's name looked up in one query."""
    names = display_names([note.author for note in notes])
    return {note.id: NoteView(author_name(note.author, names), note_text(note), is_system_note(note)) for note in notes}


def hours_and_minutes(minutes: int) -> tuple[int, int]:
    """Split minutes into whole hours and the minutes left."""
    return divmod(minutes, 60)
