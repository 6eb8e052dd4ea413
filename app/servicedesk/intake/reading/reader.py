"""read_mail: raw bytes in, an IncomingMail out, or UnreadableMail for bytes that are no mail at all."""
import email
from email.message import Message

from .attachments import attachments_of
from .auto import auto_kind
from .bodies import body_of
from .bounces import bounce_of
from .headers import addresses, header_text, message_ids, sent_at
from .mail import Address, IncomingMail, UnreadableMail
from .quotes import new_text

_HEADER_LINE = b":"


def read_mail(raw: bytes, own_domain: str | None = None) -> IncomingMail:
    """Return what a raw message says; raise UnreadableMail only for bytes that are not a mail."""
    _refuse_non_mail(raw)
    try:
        return _read(email.message_from_bytes(raw), own_domain)
    except UnreadableMail:
        raise
    except Exception as error:  # noqa: BLE001 - the last guard: no mail may stop the collector
        raise UnreadableMail(f"the message could not be parsed: {type(error).__name__}: {error}") from error


def _refuse_non_mail(raw: bytes) -> None:
    if not isinstance(raw, (bytes, bytearray)):
        raise UnreadableMail(f"expected the raw bytes of a message, got {type(raw).__name__}")
    if not raw.strip():
        raise UnreadableMail("the message is empty")
    head = bytes(raw[:1024])
    # ESC (27) is text in ISO-2022-JP; other control bytes in bulk mean a binary file.
    if sum(byte < 9 or 13 < byte < 32 and byte != 27 for byte in head) > len(head) // 10:
        raise UnreadableMail("the message is binary data, not a mail")
    if _HEADER_LINE not in raw.split(b"\n", 1)[0] and b"\n\n" not in raw and b"\r\n\r\n" not in raw:
        raise UnreadableMail("the message has neither header lines nor a body")


def _read(message: Message, own_domain: str | None) -> IncomingMail:
    problems: list[str] = [f"damage found by the parser: {type(defect).__name__}" for defect in message.defects]
    subject = header_text(message, "Subject", problems)
    message_id = next(iter(message_ids(message, "Message-ID")), None)
    text, html = body_of(message, problems)
    attachments, tnef_text = attachments_of(message, problems)
    full_text = text if text.strip() else tnef_text
    bounce = bounce_of(message, problems)
    return IncomingMail(
        message_id=message_id,
        in_reply_to=next(iter(message_ids(message, "In-Reply-To")), None),
        references=message_ids(message, "References"),
        subject=subject,
        sender=_sender(message, problems),
        to=addresses(message, "To", problems),
        cc=addresses(message, "Cc", problems),
        date=sent_at(message, problems),
        text=new_text(full_text),
        full_text=full_text,
        html=html,
        attachments=attachments,
        auto=auto_kind(message, subject, message_id, own_domain, bounce),
        bounce=bounce,
        problems=tuple(dict.fromkeys(problems)),
    )


def _sender(message: Message, problems: list[str]) -> Address | None:
    for name in ("From", "Sender", "Reply-To"):
        found = addresses(message, name, problems)
        if found:
            if name != "From":
                problems.append(f"From: missing or unreadable; the sender is taken from {name}")
            return found[0]
    return None
