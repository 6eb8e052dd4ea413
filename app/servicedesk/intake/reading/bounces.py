"""Delivery failures: which address failed and whether for good.

Standard reports (RFC 3464 multipart/report with message/delivery-status) are read here; the other formats
MTAs still send (qmail, Exim and Postfix texts, Exchange's older notices) are left to flufl.bounce.
"""
import re
from dataclasses import replace
from email.message import Message
from email.parser import HeaderParser

from flufl.bounce import all_failures

from .headers import raw_header
from .mail import Bounce

_MAIL_SYSTEM = re.compile(r"mailer-daemon|postmaster|mail delivery|mail-daemon|bounce", re.IGNORECASE)
_STATUS = re.compile(r"\b([245])\.\d{1,3}\.\d{1,3}\b")
_RETURNED_MESSAGE_ID = re.compile(r"^Message-ID:[ \t]*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
DIAGNOSTIC_MAX_CHARS = 500


def bounce_of(message: Message, problems: list[str]) -> Bounce | None:
    """Return the delivery failure a mail reports, or None when it reports none."""
    try:
        found = _from_report(message) or (_from_known_formats(message) if _from_mail_system(message) else None)
        return replace(found, original_message_id=returned_message_id(message)) if found else None
    except Exception as error:  # noqa: BLE001 - damaged reports must not stop the reading of the mail
        problems.append(f"delivery report: unreadable ({error}); not treated as a bounce")
        return None


def _from_report(message: Message) -> Bounce | None:
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for fields in _status_blocks(part):
            found = _failure(fields)
            if found is not None:
                return found
    return None


def _status_blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return [block for block in payload if isinstance(block, Message)]
    return []


def _failure(fields: Message) -> Bounce | None:
    action = (fields.get("Action") or "").strip().lower()
    status = _STATUS.search(fields.get("Status") or "")
    recipient = fields.get("Final-Recipient") or fields.get("Original-Recipient") or ""
    address = recipient.split(";", 1)[-1].strip().strip("<>")
    if not address or "@" not in address:
        return None
    if action not in ("failed", "delayed") and (status is None or status.group(1) == "2"):
        return None
    code = status.group(0) if status else ("4.0.0" if action == "delayed" else "5.0.0")
    return Bounce(address, code.startswith("5"), code, _diagnostic(fields))


def _diagnostic(fields: Message) -> str:
    # "smtp; 550 5.1.1 mailbox unavailable": the type before the semicolon says nothing to a person.
    value = re.sub(r"\s+", " ", str(fields.get("Diagnostic-Code") or "")).strip()
    return value.split(";", 1)[-1].strip()[:DIAGNOSTIC_MAX_CHARS]


def returned_message_id(message: Message) -> str | None:
    """Return the Message-ID of the mail a report returns (its headers or a copy of it), or None."""
    for part in message.walk():
        found = _message_id_in(part, part is message, message.is_multipart())
        if found and "<" in found:
            return found.strip()
    return None


def _message_id_in(part: Message, is_top: bool, multipart: bool) -> str | None:
    kind = part.get_content_type()
    if kind == "message/rfc822":
        copies = part.get_payload()
        copy = copies[0] if isinstance(copies, list) and copies else None
        return str(copy.get("Message-ID") or "") if isinstance(copy, Message) else None
    if kind == "text/rfc822-headers":
        return str(HeaderParser().parsestr(_text_of(part), headersonly=True).get("Message-ID") or "")
    if (not is_top and kind == "text/plain") or not multipart:  # a copy quoted in the text (qmail, Exim)
        matched = _RETURNED_MESSAGE_ID.search(_text_of(part))
        return matched.group(1) if matched else None
    return None


def _text_of(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload.decode(part.get_content_charset() or "utf-8", "replace")
    return str(part.get_payload())


def _from_mail_system(message: Message) -> bool:
    # Only mail from a mail system is scanned for the older formats: a person's mail quoting an error
    # message must not count as a bounce.
    sender = (raw_header(message, "From") + " " + raw_header(message, "Sender")).lower()
    return bool(_MAIL_SYSTEM.search(sender)) or bool(raw_header(message, "X-Failed-Recipients")) \
        or raw_header(message, "Return-Path").strip() == "<>"


def _from_known_formats(message: Message) -> Bounce | None:
    temporary, permanent = all_failures(message)
    for addresses, permanent_failure, code in ((permanent, True, "5.0.0"), (temporary, False, "4.0.0")):
        for address in sorted(addresses):
            text = address.decode("utf-8", "replace") if isinstance(address, bytes) else str(address)
            return Bounce(text.strip("<>"), permanent_failure, code)
    return None
