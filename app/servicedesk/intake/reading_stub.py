"""A stand-in for app/servicedesk/intake/reading (branch i12-read), written on the stdlib `email` package only so
that the intake can be built and tested before the real reader lands: the lead replaces it at merge.

It fills the same frozen IncomingMail the real reader returns, crudely: no quote or signature stripping beyond
cutting at a line 'On ... wrote:' / '-----Original Message-----', no charset repair, bounces not attributed.
"""
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

QUOTE_START = re.compile(r"^(On .+ wrote:|-{2,} ?Original Message ?-{2,}|在.+写道[:：]|>)", re.MULTILINE)


@dataclass(frozen=True)
class Attachment:
    """A file of a message."""

    name: str
    content_type: str
    data: bytes
    content_id: str | None = None
    inline: bool = False


@dataclass(frozen=True)
class IncomingMail:
    """A message read: headers, the new text, the parts, and whether a machine sent it."""

    message_id: str | None
    in_reply_to: str | None
    references: list[str]
    subject: str
    sender_address: str
    sender_name: str
    to: list[str]
    cc: list[str]
    date: datetime | None
    text: str
    full_text: str
    html: str | None
    attachments: list[Attachment] = field(default_factory=list)
    auto: str | None = None
    bounce: tuple[str, bool] | None = None
    problems: list[str] = field(default_factory=list)


def read_mail(raw: bytes) -> IncomingMail:
    """Read a raw RFC 5322 message."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    name, address = parseaddr(str(message.get("From", "")))
    body = message.get_body(preferencelist=("plain", "html"))
    full_text = body.get_content() if body is not None else ""
    html_part = message.get_body(preferencelist=("html",))
    attachments = [Attachment(part.get_filename() or "attachment", part.get_content_type(), part_bytes(part),
                              (part.get("Content-ID") or "").strip("<>") or None,
                              part.get_content_disposition() == "inline")
                   for part in message.iter_attachments()]
    date_header = message.get("Date")
    return IncomingMail(
        message_id=(str(message.get("Message-ID") or "").strip() or None),
        in_reply_to=(str(message.get("In-Reply-To") or "").strip() or None),
        references=str(message.get("References") or "").split(),
        subject=str(message.get("Subject") or ""), sender_address=address.lower(), sender_name=name,
        to=[a for _, a in getaddresses([str(v) for v in message.get_all("To", [])])],
        cc=[a for _, a in getaddresses([str(v) for v in message.get_all("Cc", [])])],
        date=parsedate_to_datetime(str(date_header)) if date_header else None,
        text=strip_quote(full_text), full_text=full_text,
        html=html_part.get_content() if html_part is not None else None, attachments=attachments,
        auto=auto_kind(message))


def part_bytes(part: EmailMessage) -> bytes:
    """Return a part's decoded bytes."""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def strip_quote(text: str) -> str:
    """Return the text before the first quote header."""
    found = QUOTE_START.search(text)
    return (text[:found.start()] if found else text).strip()


def auto_kind(message: EmailMessage) -> str | None:
    """Return what kind of machine sent the message, if one did."""
    if str(message.get("Auto-Submitted", "no")).strip().lower() != "no":
        return "auto_reply"
    if str(message.get("Precedence", "")).strip().lower() in ("bulk", "junk"):
        return "bulk"
    if message.get("List-Id") or str(message.get("Precedence", "")).strip().lower() == "list":
        return "list"
    if message.get_content_type() == "multipart/report":
        return "bounce"
    return None
