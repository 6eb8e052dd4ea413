"""Ticket endpoints that change things: log an incident, add a note, attach a file."""
import base64
import binascii
from typing import Any

from flask import current_app, request, url_for

from app.api.auth import api_actor
from app.api.problems import Problem, json_object_body
from app.organisation.policies import is_staff
from app.platform.errors import InvalidValues
from app.service_levels import policies as service_levels
from app.servicedesk import attachments, tickets
from app.servicedesk import notes as ticket_notes
from app.servicedesk.attachments import AttachmentSettings
from app.servicedesk.models import Ticket, TicketAttachment, TicketNote
from app.servicedesk.search import find_visible_ticket
from app.workflow.runtime import current_runtime

# member -> (JSON types accepted, required)
LOG_MEMBERS: dict[str, tuple[tuple[type, ...], bool]] = {
    "title": ((str,), True), "description": ((str,), False), "impact": ((str,), False), "urgency": ((str,), False),
    "category_id": ((int,), False), "ci_id": ((int,), False), "requester": ((str,), False),
    "channel": ((str,), False), "priority": ((str,), False),
}
NOTE_MEMBERS: dict[str, tuple[tuple[type, ...], bool]] = {"body": ((str,), True), "visibility": ((str,), False)}
FILE_MEMBERS: dict[str, tuple[tuple[type, ...], bool]] = {
    "file_name": ((str,), True), "content_type": ((str,), True), "content_base64": ((str,), True),
    "visibility": ((str,), False),
}
API_CHANNELS = ("api", "monitoring", "agent")


def checked_body(members: dict[str, tuple[tuple[type, ...], bool]], what: str) -> dict[str, Any]:
    """Return the JSON body after checking its members' presence and types; refuse others by name."""
    body = json_object_body()
    errors: dict[str, list[str]] = {name: [f"'{name}' is not a member of {what}; send {', '.join(members)}."]
                                    for name in body if name not in members}
    for name, (types, required) in members.items():
        value = body.get(name)
        if value is None:
            if required:
                errors[name] = [f"Send '{name}'."]
            continue
        if not isinstance(value, types) or isinstance(value, bool):
            kind = "a whole number" if types == (int,) else "a string"
            errors[name] = [f"Send '{name}' as {kind}."]
    if errors:
        details = " ".join(message for messages in errors.values() for message in messages)
        raise InvalidValues(f"{what[0].upper()}{what[1:]} has errors: {details}", errors)
    return body


def ticket_json(ticket: Ticket) -> dict[str, Any]:
    """Return the fields of a just-written ticket."""
    moments = ("response_due_at", "resolution_due_at", "created_at", "updated_at")
    data = {name: getattr(ticket, name) for name in (
        "number", "kind", "channel", "title", "description", "requester", "category_id", "ci_id", "impact",
        "urgency", "priority", "priority_source", "status", "assigned_group", "assignee", "instance_id")}
    data.update({name: getattr(ticket, name).isoformat() if getattr(ticket, name) else None for name in moments})
    return data


def log_incident() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Log an incident; staff may log for a requester, and monitoring systems keep their priority."""
    actor = api_actor()
    body = checked_body(LOG_MEMBERS, "an incident")
    requester = body.get("requester") or actor.login
    channel = body.get("channel") or "api"
    if (requester != actor.login or channel != "api") and not is_staff(api_actor()):
        raise Problem(403, "not-allowed", "Not allowed",
                      f"{actor.login} may log incidents only for themselves through the API channel.")
    if channel not in API_CHANNELS:
        raise InvalidValues(f"The channel '{channel}' cannot be used through the API; use one of "
                            f"{', '.join(API_CHANNELS)}.", {"channel": [f"Use one of {', '.join(API_CHANNELS)}."]})
    ticket = tickets.log_ticket(
        current_runtime(), "incident", body["title"], body.get("description") or "", requester,
        body.get("category_id"), body.get("ci_id"), body.get("impact") or "medium", body.get("urgency") or "medium",
        actor.login, channel=channel, given_priority=body.get("priority"), matrix=service_levels.priority_matrix())
    return ticket_json(ticket), 201, {"Location": url_for("api.show_ticket", number=ticket.number)}


def note_json(note: TicketNote) -> dict[str, Any]:
    """Return a note as JSON."""
    return {"id": note.id, "author": note.author, "at": note.at.isoformat(), "body": note.body,
            "visibility": note.visibility}


def add_note(number: str) -> tuple[dict[str, Any], int]:
    """Add a note to a visible ticket; requesters' notes are public (an internal one is refused with 403)."""
    ticket = find_visible_ticket(api_actor(), number)
    body = checked_body(NOTE_MEMBERS, "a note")
    note = ticket_notes.add_note(current_runtime(), api_actor(), ticket.number, body["body"], body.get("visibility"))
    return note_json(note), 201


def attachment_json(attachment: TicketAttachment) -> dict[str, Any]:
    """Return an attachment's facts as JSON (not its bytes)."""
    return {"id": attachment.id, "file_name": attachment.file_name, "content_type": attachment.content_type,
            "size_bytes": attachment.size_bytes, "sha256": attachment.sha256, "visibility": attachment.visibility,
            "uploaded_by": attachment.uploaded_by, "uploaded_at": attachment.uploaded_at.isoformat()}


def attach_file(number: str) -> tuple[dict[str, Any], int]:
    """Attach a file sent as base64 in JSON, or as multipart/form-data (field 'file')."""
    ticket = find_visible_ticket(api_actor(), number)
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise InvalidValues("Send the file in the form field 'file'.", {"file": ["Send a file."]})
        name, content_type, data = upload.filename or "file", upload.mimetype, upload.read()
        visibility = request.form.get("visibility")
    else:
        body = checked_body(FILE_MEMBERS, "an attachment")
        try:
            data = base64.b64decode(body["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise InvalidValues("'content_base64' is not valid base64; encode the file's bytes with base64.",
                                {"content_base64": ["Not valid base64."]}) from None
        name, content_type, visibility = body["file_name"], body["content_type"], body.get("visibility")
    attachment = attachments.add_attachment(current_runtime(), AttachmentSettings.from_config(current_app.config),
                                            api_actor(), ticket.number, name, content_type, data, visibility or None)
    return attachment_json(attachment), 201
