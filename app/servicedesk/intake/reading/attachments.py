"""The files of a mail: attachments and inline images (each kept once), Outlook containers unpacked."""
import hashlib
from dataclasses import replace
from email.message import Message

from .containers import unpack_msg, unpack_tnef
from .headers import header_text, raw_header
from .mail import Attachment
from .parts import is_attachment, part_bytes, part_name

_SKIPPED = ("message/delivery-status",)
# A delivery report returns the failed message's headers: kept as a file, so the caller can find which of its
# messages failed (its Message-ID) without parsing the report again.
_RETURNED_HEADERS = ("text/rfc822-headers", "message/rfc822-headers")


def attachments_of(message: Message, problems: list[str]) -> tuple[tuple[Attachment, ...], str]:
    """Return the files of a mail, and any body text found only inside a winmail.dat."""
    found: list[Attachment] = []
    tnef_text = ""
    for attachment in _walk(message, problems):
        if _is_tnef(attachment):
            unpacked, text = unpack_tnef(attachment, problems)
            found.extend(unpacked)
            tnef_text = tnef_text or text
        elif attachment.name.lower().endswith(".msg") or attachment.content_type == "application/vnd.ms-outlook":
            found.extend(unpack_msg(attachment, problems))
        else:
            found.append(attachment)
    return _kept_once(found), tnef_text


def _walk(part: Message, problems: list[str]) -> list[Attachment]:
    kind = part.get_content_type()
    if kind in _SKIPPED:
        return []
    if kind == "message/rfc822":
        return [_forwarded(part, problems)]
    if kind in _RETURNED_HEADERS:
        return [Attachment("returned-headers.txt", kind, part_bytes(part, problems))]
    payload = part.get_payload()
    if part.is_multipart() and isinstance(payload, list):
        return [found for child in payload if isinstance(child, Message) for found in _walk(child, problems)]
    if not is_attachment(part):
        return []
    return [_attachment(part, problems)]


def _attachment(part: Message, problems: list[str]) -> Attachment:
    kind = part.get_content_type()
    content_id = raw_header(part, "Content-ID").strip().strip("<>") or None
    disposition = raw_header(part, "Content-Disposition").split(";")[0].strip().lower()
    name = part_name(part, problems) or _made_up_name(kind, content_id)
    inline = disposition == "inline" or (disposition == "" and content_id is not None)
    return Attachment(name, kind, part_bytes(part, problems), content_id, inline)


def _forwarded(part: Message, problems: list[str]) -> Attachment:
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    try:
        data = inner.as_bytes() if isinstance(inner, Message) else part_bytes(part, problems)
    except (ValueError, LookupError, UnicodeError):
        data = part_bytes(part, problems)
        problems.append("a forwarded message was damaged and is kept as it came")
    name = part_name(part, problems)
    if not name:
        subject = header_text(inner, "Subject", problems) if isinstance(inner, Message) else ""
        name = f"{subject or 'forwarded message'}.eml".replace("/", "_")
    return Attachment(name, "message/rfc822", data, None, False)


def _is_tnef(attachment: Attachment) -> bool:
    return attachment.content_type in ("application/ms-tnef", "application/vnd.ms-tnef") \
        or attachment.name.lower() == "winmail.dat"


def _kept_once(found: list[Attachment]) -> tuple[Attachment, ...]:
    # An inline image is often sent twice (inline and as attachment, or in two alternatives).
    seen_ids: set[str] = set()
    seen_files: set[tuple[str, str]] = set()
    kept: list[Attachment] = []
    for attachment in found:
        digest = hashlib.sha256(attachment.data).hexdigest()
        fingerprint = (attachment.name, digest)
        if (attachment.content_id and attachment.content_id in seen_ids) or fingerprint in seen_files:
            continue
        if attachment.content_id:
            seen_ids.add(attachment.content_id)
        seen_files.add(fingerprint)
        kept.append(replace(attachment, sha256=digest))
    return tuple(kept)


def _made_up_name(kind: str, content_id: str | None) -> str:
    stem = (content_id or "attachment").split("@")[0] or "attachment"
    extension = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "application/pdf": ".pdf",
                 "text/plain": ".txt", "text/calendar": ".ics"}.get(kind, ".bin")
    return stem if "." in stem else stem + extension
