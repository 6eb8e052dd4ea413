"""Ticket endpoints that change things: log an incident, add a note, attach a file."""
import base64
import binascii

from flask import current_app, url_for

from app.api.auth import api_actor
from app.api.contract import Success, endpoint
from app.api.schemas.tickets import (
    API_CHANNELS,
    Attachment,
    AttachmentRequest,
    FileForm,
    IncidentRequest,
    NoteRequest,
    TicketNote,
    TicketWritten,
)
from app.platform.errors import InvalidValues
from app.service_levels import policies as service_levels
from app.servicedesk.tickets import attachments
from app.servicedesk.tickets import notes as ticket_notes
from app.servicedesk.tickets import records as tickets
from app.servicedesk.tickets.attachments import AttachmentSettings
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.wiring import current_runtime

NUMBER = {"number": "The ticket's number, e.g. `INC-000123` (any case)."}


@endpoint("log_incident", "tickets", Success(201, TicketWritten, "The incident, logged.", "The ticket's address."),
          body=IncidentRequest, refusals=(403, 404, 409))
def log_incident(body: IncidentRequest) -> tuple[TicketWritten, int, dict[str, str]]:
    """Log an incident.

    Logs an incident and starts its flow. Requesters log for themselves, without a `ci_id`, a `channel` or a
    `priority` (refused with 403, as the page gives them no such fields); staff may name a `requester`, a `ci_id`
    and a `channel` (`agent`, or `monitoring`, whose `priority` is kept as given). Auditors log nothing. Without a
    priority, impact x urgency decide it.
    """
    actor = api_actor()
    requester = body.requester or actor.login
    channel = body.channel or "api"
    if channel not in API_CHANNELS:
        raise InvalidValues(f"The channel '{channel}' cannot be used through the API; use one of "
                            f"{', '.join(API_CHANNELS)}.", {"channel": [f"Use one of {', '.join(API_CHANNELS)}."]})
    ticket = tickets.log_ticket(
        current_runtime(), "incident", body.title, body.description or "", requester, body.category_id, body.ci_id,
        body.impact or "medium", body.urgency or "medium", actor, channel=channel, given_priority=body.priority,
        matrix=service_levels.priority_matrix())
    return TicketWritten.model_validate(ticket), 201, {"Location": url_for("api.show_ticket", number=ticket.number)}


@endpoint("add_ticket_note", "tickets", Success(201, TicketNote, "The note."), body=NoteRequest,
          refusals=(403, 404), path=NUMBER)
def add_note(number: str, body: NoteRequest) -> tuple[TicketNote, int]:
    """Add a note to a ticket I may see.

    Staff notes are internal unless `visibility` is `public`; requesters' notes are public (an internal one is
    refused with 403, by the note service, as the page refuses it).
    """
    actor = api_actor()
    ticket = find_visible_ticket(actor, number)
    note = ticket_notes.add_note(current_runtime(), actor, ticket.number, body.body, body.visibility)
    return TicketNote.model_validate(note), 201


@endpoint("attach_ticket_file", "tickets", Success(201, Attachment, "The attachment's facts."),
          body=AttachmentRequest, form=FileForm, refusals=(403, 404), path=NUMBER)
def attach_file(number: str, body: AttachmentRequest | None, form: FileForm | None) -> tuple[Attachment, int]:
    """Attach a file to a ticket I may see.

    Send JSON with the bytes in base64, or multipart/form-data with the field `file`. The size and type are checked
    (the first bytes must match the type). Requesters' files are public: an internal one is refused with 403
    by the attachment service, as the page refuses it.
    """
    actor = api_actor()
    ticket = find_visible_ticket(actor, number)
    name, content_type, data, visibility = upload_of(form) if form is not None else sent_in_json(body)
    attachment = attachments.add_attachment(current_runtime(), AttachmentSettings.from_config(current_app.config),
                                            actor, ticket.number, name, content_type, data, visibility or None)
    return Attachment.model_validate(attachment), 201


def upload_of(form: FileForm) -> tuple[str, str, bytes, str | None]:
    """Return the name, type, bytes and visibility of a file sent as multipart/form-data."""
    return form.file.filename or "file", form.file.mimetype, form.file.read(), form.visibility


def sent_in_json(body: AttachmentRequest | None) -> tuple[str, str, bytes, str | None]:
    """Return the name, type, bytes and visibility of a file sent in base64; refuse text that is not base64."""
    if body is None:  # neither multipart nor JSON was read: spectree reads JSON unless the body is multipart
        raise InvalidValues("Send the file as JSON with 'content_base64', or as multipart/form-data.",
                            {"file": ["Send a file."]})
    try:
        data = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidValues("'content_base64' is not valid base64; encode the file's bytes with base64.",
                            {"content_base64": ["Not valid base64."]}) from None
    return body.file_name, body.content_type, data, body.visibility
