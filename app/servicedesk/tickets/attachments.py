"""Ticket attachments: size and type limits, bytes stored under random names, read back only by those who may.

The bytes live in an AttachmentStore (a folder, ATTACHMENT_DIR), named by a random storage key and
sharded by its first two hex characters; the upload's own name is sanitised and kept for display only.
The file is written before the row, inside the unit of work, and is on disk before the unit commits; when the
unit rolls back (a refusal, a failed commit, a retry) the file is deleted again
(app/servicedesk/tickets/attachment_store.py).
"""
import hashlib
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.organisation.accounts import Actor
from app.organisation.policies import check_may_write
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import use_case
from app.servicedesk.tickets.attachment_store import AttachmentStore, write_in_unit
from app.servicedesk.tickets.models import TicketAttachment
from app.servicedesk.tickets.visibility import find_visible_ticket, sees_internal, visibility_for
from app.workflow.runtime import Runtime

MAX_NAME_LENGTH = 200
FALLBACK_NAME = "attachment"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Content types whose leading bytes are checked; office formats of the zip family must be zip files.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "application/pdf": (b"%PDF-",),
    "application/zip": ZIP_SIGNATURES,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ZIP_SIGNATURES,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ZIP_SIGNATURES,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ZIP_SIGNATURES,
    "application/vnd.oasis.opendocument.text": ZIP_SIGNATURES,
    "application/vnd.oasis.opendocument.spreadsheet": ZIP_SIGNATURES,
}


@dataclass(frozen=True)
class AttachmentSettings:
    """Where attachment files live and which files are accepted: the app's ATTACHMENT_* settings."""

    store: AttachmentStore
    max_bytes: int
    types: tuple[str, ...]

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "AttachmentSettings":
        """Read ATTACHMENT_DIR, ATTACHMENT_MAX_BYTES and ATTACHMENT_TYPES from an app's configuration."""
        return cls(AttachmentStore(config["ATTACHMENT_DIR"]), int(config["ATTACHMENT_MAX_BYTES"]),
                   tuple(config["ATTACHMENT_TYPES"]))


def new_storage_key() -> str:
    """Return a random storage key: 64 hex characters, nothing taken from the upload."""
    return secrets.token_hex(32)


def sanitise_file_name(file_name: str) -> str:
    """Return a display name without path separators, control or format characters, leading dots or excess length.

    Unicode letters stay (报告.pdf stays 报告.pdf); a name that ends up empty becomes 'attachment'.
    """
    name = unicodedata.normalize("NFC", file_name)
    name = "".join("_" if char in "/\\" else char for char in name
                   if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))
    name = name.strip().lstrip(".").strip().rstrip(". ")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= 16:
            name = stem[:MAX_NAME_LENGTH - len(extension) - 1].rstrip(". ") + "." + extension
        else:
            name = name[:MAX_NAME_LENGTH]
    return name or FALLBACK_NAME


def normalise_content_type(content_type: str) -> str:
    """Return the media type without parameters, lower case: 'Text/Plain; charset=utf-8' -> 'text/plain'."""
    return content_type.split(";", 1)[0].strip().lower()


def check_upload(settings: AttachmentSettings, content_type: str, data: bytes) -> None:
    """Refuse an empty file, a file over the size limit, a type not allowed and bytes that are not the type."""
    max_bytes, allowed = settings.max_bytes, settings.types
    if not data:
        raise InvalidValues("The file is empty; choose a file with content.", {"file": ["The file is empty."]})
    if len(data) > max_bytes:
        raise InvalidValues(
            f"The file is {len(data):,} bytes; attachments may be at most {max_bytes:,} bytes.",
            {"file": [f"The file is larger than {max_bytes:,} bytes."]})
    if content_type not in allowed:
        raise InvalidValues(
            f"Files of type '{content_type or 'unknown'}' cannot be attached; attach images, PDF, text, CSV, "
            "office documents or zip files.",
            {"file": [f"The type '{content_type or 'unknown'}' is not allowed."]})
    signatures = SIGNATURES.get(content_type)
    if signatures is not None and not data.startswith(signatures):
        raise InvalidValues(
            f"The file says it is '{content_type}' but its content is not; attach the real file.",
            {"file": [f"The content does not match the type '{content_type}'."]})


@dataclass(frozen=True)
class NewFile:
    """A file to attach: the name and type it came with, and its bytes."""

    name: str
    content_type: str
    data: bytes
    sha256: str | None = None  # the bytes' SHA-256 in hex, when the caller has it already (else computed here)


@use_case
def add_attachment(runtime: Runtime, settings: AttachmentSettings, actor: Actor, number: str, file_name: str,
                   content_type: str, data: bytes, visibility: str | None = None) -> TicketAttachment:
    """Attach a file to a ticket the actor may see: check it, write the bytes, then the row.

    Requesters' files are public, staff choose (internal unless they say otherwise); a requester asking
    for an internal file is refused (NotAllowed), by the pages and the API alike. A refusal or a unit
    that does not commit leaves neither file nor row behind.
    """
    check_may_write(actor, "attach a file")
    ticket = find_visible_ticket(actor, number)
    attachment = keep_file(runtime, settings, actor, ticket.id, NewFile(file_name, content_type, data),
                           visibility_for(actor, visibility, "file"))
    db.session.flush()
    return attachment


@use_case
def add_attachments(runtime: Runtime, settings: AttachmentSettings, actor: Actor, number: str, files: list[NewFile],
                    visibility: str | None = None) -> list[TicketAttachment | InvalidValues]:
    """Attach several files to a ticket the actor may see, each checked as add_attachment checks one.

    The ticket and the actor's rights are looked up once. A file the checks refuse gets its refusal in its place
    in the list and leaves nothing behind; the other files are kept.
    """
    check_may_write(actor, "attach a file")
    ticket = find_visible_ticket(actor, number)
    visibility = visibility_for(actor, visibility, "file")
    kept: list[TicketAttachment | InvalidValues] = []
    for file in files:
        try:
            kept.append(keep_file(runtime, settings, actor, ticket.id, file, visibility))
        except InvalidValues as refusal:
            kept.append(refusal)
    db.session.flush()
    return kept


def keep_file(runtime: Runtime, settings: AttachmentSettings, actor: Actor, ticket_id: int, file: NewFile,
              visibility: str) -> TicketAttachment:
    """Check a file, write its bytes (on disk before the unit commits) and add its row."""
    media_type = normalise_content_type(file.content_type)
    check_upload(settings, media_type, file.data)
    key = new_storage_key()
    write_in_unit(settings.store, key, file.data)
    attachment = TicketAttachment(
        ticket_id=ticket_id, file_name=sanitise_file_name(file.name), content_type=media_type,
        size_bytes=len(file.data), sha256=file.sha256 or hashlib.sha256(file.data).hexdigest(), storage_key=key,
        uploaded_by=actor.login, uploaded_at=runtime.clock.now(), visibility=visibility)
    db.session.add(attachment)
    return attachment


def open_attachment(store: AttachmentStore, actor: Actor, number: str,
                    attachment_id: int) -> tuple[TicketAttachment, bytes]:
    """Return an attachment of a ticket the actor may see, and its bytes; requesters get public ones only.

    An attachment of another ticket, or an internal one asked for by a requester, is NotFound, so
    nobody learns that it exists.
    """
    ticket = find_visible_ticket(actor, number)
    attachment = db.session.get(TicketAttachment, attachment_id)
    if attachment is None or attachment.ticket_id != ticket.id or (
            attachment.visibility != "public" and not sees_internal(actor)):
        raise NotFound(f"There is no attachment {attachment_id} on {ticket.number}; check the link.")
    try:
        data = store.read(attachment.storage_key)
    except FileNotFoundError:
        raise NotFound(f"The file of attachment {attachment_id} ('{attachment.file_name}') is missing from "
                       "the attachment store; ask an administrator to restore it.") from None
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise Conflict(f"The file of attachment {attachment_id} ('{attachment.file_name}') is damaged; "
                       "ask an administrator to restore it.")
    return attachment, data


def list_attachments(ticket_id: int, public_only: bool = False) -> list[TicketAttachment]:
    """Return a ticket's attachments, oldest first; requesters get the public ones only."""
    query = select(TicketAttachment).where(TicketAttachment.ticket_id == ticket_id).order_by(TicketAttachment.id)
    if public_only:
        query = query.where(TicketAttachment.visibility == "public")
    return list(db.session.execute(query).scalars())
