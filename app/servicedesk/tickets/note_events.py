"""System notes as events: what happened and its parameters, rendered in the reader's language.

A note's body is what a person wrote (a resolution, a question, a reason, a comment); the event says what
framed it ("Resolved: %(text)s") and its parameters carry FlowDesk's own words and names (a priority, a
group, a strategy). An event without a person's text keeps its English sentence as the body, for full-text
search and readers of the raw table. Pages render the event in the reader's language. Notes written before
events existed have no event and are shown by their body, as they are. Automatic steps write as FlowDesk
(SYSTEM_AUTHOR), not as whoever happened to trigger the step.
"""
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import force_locale, gettext, lazy_gettext

from app.extensions import db
from app.servicedesk.tickets.models import Ticket, TicketNote

SYSTEM_AUTHOR = "flowdesk"


def N_(text: str) -> str:  # noqa: N802 - the name pybabel extracts by default
    """Mark a message for the catalogue without translating it here (it is translated when rendered)."""
    return text


# The sentence of each event, with its parameters by name; %(text)s is the note's body, the words a person
# wrote. Translations are in messages.po.
NOTE_EVENTS: dict[str, str] = {
    "logged_for": N_("Logged by %(agent)s on behalf of %(requester)s (%(channel)s)."),
    "classified": N_("Classified: priority %(priority)s, group %(group)s."),
    "priority_set": N_("Priority set to %(priority)s: %(text)s"),
    "category_set": N_("Category set to %(category)s, configuration item %(ci)s: %(text)s"),
    "major_approved": N_("Major incident approved."),
    "major_approved_comment": N_("Major incident approved: %(text)s"),
    "major_refused": N_("Major incident refused, back to classification."),
    "major_refused_comment": N_("Major incident refused, back to classification: %(text)s"),
    "assigned_person": N_("Assigned to %(person)s (%(strategy)s)"),
    "assigned_queue": N_("Put in the %(group)s queue (%(strategy)s)"),
    "returned": N_("Returned to the service desk: %(text)s"),
    "forwarded": N_("Forwarded to %(group)s: %(text)s"),
    "escalated": N_("%(level)s; notified %(notified)s."),
    "asked": N_("Question: %(text)s"),
    "answered": N_("Answer: %(text)s"),
    "resolved": N_("Resolved: %(text)s"),
    "reopened": N_("Reopened: %(text)s"),
    "closed_confirmed": N_("Closed: the requester confirmed the fix."),
    "closed_automatically": N_("Closed automatically: no answer in time."),
    "request_approved": N_("Approved."),
    "request_approved_comment": N_("Approved: %(text)s"),
    "request_rejected": N_("Rejected."),
    "request_rejected_comment": N_("Rejected: %(text)s"),
    "request_done": N_("Done: %(text)s"),
    "cancelled": N_("Cancelled: %(text)s"),
    "duplicate_of": N_("Closed as a duplicate of %(number)s."),
    "duplicate_merged": N_("%(number)s was closed as a duplicate of this ticket."),
    "problem_stage": N_("Problem moved to: %(stage)s."),
    "problem_stage_text": N_("Problem moved to %(stage)s: %(text)s"),
    "workaround": N_("Workaround from problem %(number)s: %(text)s"),
    "workaround_published": N_("Workaround published to %(count)s open incidents: %(incidents)s."),
    "known_error_recorded": N_("Known error recorded."),
    "problem_opened_from": N_("Opened from a suggestion: %(count)s incidents on %(basis)s."),
    "change_stage": N_("Change moved to: %(stage)s."),
    "change_stage_text": N_("Change moved to %(stage)s: %(text)s"),
    "problem_waiting": N_("Waiting on problem %(number)s; the SLA clock stands still until it is resolved."),
    "problem_wait_refused": N_("No open problem is linked to this incident (caused by), so it cannot wait on one; "
                               "link the problem, then choose to wait again."),
    "problem_resolved_back": N_("Problem %(number)s was resolved; the SLA clock runs again: %(text)s"),
    "problem_resolved_back_plain": N_("Problem %(number)s was resolved; the SLA clock runs again."),
    "change_emergency": N_("Raised as an emergency change."),
    "change_failed": N_("The post-implementation review found the change failed."),
    "change_backed_out": N_("The post-implementation review found the change backed out."),
    "cab_reminded": N_("Reminded the CAB members who have not decided: %(approvers)s."),
    "cab_overdue": N_("The CAB did not decide in time (undecided: %(approvers)s); the change managers decide what "
                      "follows."),
    "change_closed_link": N_("Change %(number)s, which fixes this ticket, was closed: %(outcome)s."),
    "schedule_booked": N_("Window booked: %(start)s to %(end)s."),
    "schedule_overridden": N_("Window booked over a collision block, %(start)s to %(end)s: %(text)s"),
    "catalogue_approval_asked": N_("Waiting for approval by %(approvers)s."),
    # Notes of approved levels are no longer written (the approvals card says who approved); older tickets keep them.
    "catalogue_level_approved": N_("Approved by %(by)s."),
    "catalogue_level_approved_comment": N_("Approved by %(by)s: %(text)s"),
    "catalogue_rejected": N_("Rejected by %(by)s."),
    "catalogue_rejected_comment": N_("Rejected by %(by)s: %(text)s"),
    "catalogue_not_decided": N_("Closed without a decision: the approvers did not decide in time."),
    "catalogue_handed_over": N_("%(ci)s handed over to %(owner)s."),
}
# In the requester's conversation a question and its answer are chat messages: the bubble names who wrote it
# and the lines between say who asked and who answered, so they read as written.
CONVERSATION_SENTENCES: dict[str, str] = {"asked": "%(text)s", "answered": "%(text)s"}
# Rows written before the person's text moved to the body kept it in one of these parameters.
LEGACY_TEXT_PARAMETERS = ("reason", "comment")
# Parameters whose values are words of FlowDesk's own (not people's text): rendered in the reader's language.
PARAMETER_WORDS: dict[str, dict[str, Any]] = {
    "strategy": {"round_robin": lazy_gettext("round robin"), "least_loaded": lazy_gettext("least loaded"),
                 "queue": lazy_gettext("no member available")},
    "level": {"response_breach": lazy_gettext("Response target missed"),
              "resolution_warning": lazy_gettext("Resolution target close"),
              "resolution_breach": lazy_gettext("Resolution target missed: escalated to the duty managers"),
              "reassignments_exceeded": lazy_gettext("Reassigned too often")},
    "channel": {"portal": lazy_gettext("Portal"), "agent": lazy_gettext("Service desk"),
                "email": lazy_gettext("E-mail"), "api": lazy_gettext("API"),
                "monitoring": lazy_gettext("Monitoring")},
    "category": {"": lazy_gettext("none")},
    "ci": {"": lazy_gettext("none")},
    "notified": {"": lazy_gettext("nobody (no one found)")},
    "stage": {"assess": lazy_gettext("Assess"), "analysis": lazy_gettext("Root cause analysis"),
              "fix": lazy_gettext("Fix"), "resolved": lazy_gettext("Resolved"), "closed": lazy_gettext("Closed"),
              "cab": lazy_gettext("CAB approval"), "schedule": lazy_gettext("Scheduling"),
              "implement": lazy_gettext("Implementing"), "review": lazy_gettext("Post-implementation review"),
              "rejected": lazy_gettext("Rejected")},
    "outcome": {"successful": lazy_gettext("successful"),
                "successful_with_issues": lazy_gettext("successful with issues"),
                "failed": lazy_gettext("failed"), "backed_out": lazy_gettext("backed out")},
    "incidents": {"": lazy_gettext("none")},
}


def add_event_note(ticket: Ticket, event: str, params: Mapping[str, str], at: datetime, author: str = SYSTEM_AUTHOR,
                   text: str | None = None, public: bool = False) -> TicketNote:
    """Record a note of a known event; text is what a person wrote (its body), else the English sentence is.

    An event whose sentence shows %(text)s needs the text, and one whose sentence does not refuses it: a
    person's words are never stored where no page shows them.
    """
    if event not in NOTE_EVENTS:
        raise ValueError(f"Unknown note event '{event}'; add it to NOTE_EVENTS first.")
    takes_text = "%(text)s" in NOTE_EVENTS[event]
    if takes_text != (text is not None) or set(params) & {"text", *LEGACY_TEXT_PARAMETERS}:
        raise ValueError(f"The note event '{event}' takes {'a' if takes_text else 'no'} text, and its parameters "
                         f"never name text, reason or comment; pass the person's words as text.")
    body = text if text is not None else english_sentence(event, params)
    note = TicketNote(ticket_id=ticket.id, author=author, at=at, visibility="public" if public else "internal",
                      body=body, event=event, event_params=json.dumps(dict(params), ensure_ascii=False))
    db.session.add(note)
    return note


def english_sentence(event: str, params: Mapping[str, str]) -> str:
    """Return an event's sentence in English, FlowDesk's words among its parameters in English too."""
    with force_locale("en"):
        return NOTE_EVENTS[event] % shown_parameters(params)


def shown_parameters(params: Mapping[str, str]) -> dict[str, str]:
    """Return the parameters as a reader sees them: FlowDesk's words in the reader's language, the rest as is."""
    return {name: str(PARAMETER_WORDS.get(name, {}).get(value, value)) for name, value in params.items()}


def is_system_note(note: TicketNote) -> bool:
    """Say whether FlowDesk wrote the note's words (an event without a person's text), to show it as such."""
    return note.event in NOTE_EVENTS and "%(text)s" not in NOTE_EVENTS[str(note.event)]


def note_text(note: TicketNote, conversation: bool = False) -> str:
    """Return what a note says in the reader's language: an event rendered, or the body of any other note.

    conversation: the note is a message of the requester's conversation (CONVERSATION_SENTENCES).
    """
    if note.event is None or note.event not in NOTE_EVENTS:
        return note.body
    try:
        params = json.loads(note.event_params or "{}")
    except ValueError:
        return note.body
    shown = shown_parameters(params)
    legacy = [str(params[name]) for name in LEGACY_TEXT_PARAMETERS if name in params]
    shown["text"] = legacy[0] if legacy else note.body
    try:
        if conversation and note.event in CONVERSATION_SENTENCES:
            return CONVERSATION_SENTENCES[note.event] % shown
        return gettext(NOTE_EVENTS[note.event], **shown)
    except (KeyError, ValueError, TypeError):
        return note.body


def author_name(login: str, names: Mapping[str, str]) -> str:
    """Return the name a note's author is shown by: FlowDesk for automatic steps, else the display name."""
    if login in (SYSTEM_AUTHOR, "scheduler", "system"):
        return "FlowDesk"
    return names.get(login, login)
