"""Ticket attachments: size and type limits, bytes stored under random names, read back only by those who may.

The bytes live in an AttachmentStore (a folder, ATTACHMENT_DIR), named by a random storage key and
sharded by its first two hex characters; the upload's own name is sanitised and kept for display only.
A file is written to a temporary name in its shard folder and renamed into place, so readers never see
half a file. The file is written before the row; when the row cannot be stored the file is deleted again.
"""
import hashlib
import os
import re
import secrets
import tempfile
import unicodedata
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.transactions import one_transaction
from app.servicedesk.models import TicketAttachment
from app.servicedesk.tickets import require_ticket
from app.workflow.runtime import Runtime

VISIBILITIES = ("internal", "public")
MAX_NAME_LENGTH = 200
FALLBACK_NAME = "attachment"
KEY_PATTERN = re.compile(r"[0-9a-f]{64}")
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


class AttachmentStore:
    """A folder of attachment files, each named by its storage key under a folder of the key's first 2 chars."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path_for(self, key: str) -> Path:
        """Return where the file of a key lives; refuse anything that is not a storage key."""
        if not KEY_PATTERN.fullmatch(key):
            raise ValueError(f"'{key}' is not an attachment storage key.")
        return self.root / key[:2] / key

    def write(self, key: str, data: bytes) -> None:
        """Write the bytes to a temporary file beside their place, flush them to disk, then rename into place."""
        path = self.path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read(self, key: str) -> bytes:
        """Return the bytes of a key; raise FileNotFoundError when the file is gone."""
        return self.path_for(key).read_bytes()

    def delete(self, key: str) -> None:
        """Remove the file of a key; removing a missing file changes nothing."""
        self.path_for(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        """Say whether the file of a key is there."""
        return self.path_for(key).is_file()


def attachment_store() -> AttachmentStore:
    """Return the store of the current app (ATTACHMENT_DIR)."""
    return AttachmentStore(current_app.config["ATTACHMENT_DIR"])


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


def check_upload(content_type: str, data: bytes) -> None:
    """Refuse an empty file, a file over ATTACHMENT_MAX_BYTES, a type not allowed and bytes that are not the type."""
    max_bytes = int(current_app.config["ATTACHMENT_MAX_BYTES"])
    allowed = tuple(current_app.config["ATTACHMENT_TYPES"])
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


def add_attachment(runtime: Runtime, store: AttachmentStore, ticket_id: int, file_name: str, content_type: str,
                   data: bytes, uploaded_by: str, visibility: str = "internal") -> TicketAttachment:
    """Attach a file to a ticket: check it, write the bytes, then the row; a refusal leaves neither behind."""
    key = new_storage_key()
    written = False
    try:
        with one_transaction():
            require_ticket(ticket_id)
            if visibility not in VISIBILITIES:
                raise InvalidValues(f"An attachment is {' or '.join(VISIBILITIES)}, not '{visibility}'.",
                                    {"visibility": ["Choose internal or public."]})
            media_type = normalise_content_type(content_type)
            check_upload(media_type, data)
            store.write(key, data)
            written = True
            attachment = TicketAttachment(
                ticket_id=ticket_id, file_name=sanitise_file_name(file_name), content_type=media_type,
                size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), storage_key=key,
                uploaded_by=uploaded_by, uploaded_at=runtime.clock.now(), visibility=visibility)
            db.session.add(attachment)
    except BaseException:
        if written:
            store.delete(key)
        raise
    return attachment


def open_attachment(store: AttachmentStore, attachment_id: int, may_see_ticket: bool,
                    public_only: bool = False) -> tuple[TicketAttachment, bytes]:
    """Return an attachment and its bytes to someone who may see its ticket (public ones only when asked).

    The caller decides may_see_ticket (the permission rules live in the web layer). An internal attachment
    asked for with public_only is NotFound, so requesters do not learn it exists.
    """
    attachment = db.session.get(TicketAttachment, attachment_id)
    if attachment is None or (public_only and attachment.visibility != "public"):
        raise NotFound(f"There is no attachment {attachment_id}; check the link.")
    if not may_see_ticket:
        raise NotAllowed("You may not see this ticket, so you may not download its attachments.")
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
