"""Mail no person wrote for the desk: auto-replies, bulk and list mail, our own echo, bounces."""
import re
from email.message import Message

from .headers import raw_header
from .mail import AutoKind, Bounce

_OUT_OF_OFFICE = re.compile(
    r"^\s*(automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|out of (the )?office|ooo\b|on vacation|"
    r"vacation reply|away from (the )?office|自动回复|自動回覆|自动答复|自動回復|休假|不在办公室|外出)",
    re.IGNORECASE,
)


def auto_kind(message: Message, subject: str, message_id: str | None, own_domain: str | None,
              bounce: Bounce | None) -> AutoKind | None:
    """Return what kind of automatic mail this is, or None for mail a person wrote."""
    if bounce is not None:
        return "bounce"
    if own_domain and message_id and _domain_of(message_id) == own_domain.strip().lower():
        return "own_echo"
    if _auto_submitted(message) or _header(message, "X-Autoreply") or _header(message, "X-Autorespond") \
            or _OUT_OF_OFFICE.match(subject) or _precedence(message) == "auto_reply":
        return "auto_reply"
    if _header(message, "List-Id") or _header(message, "List-Unsubscribe") or _precedence(message) == "list":
        return "list"
    if _precedence(message) in ("bulk", "junk"):
        return "bulk"
    return None


def _auto_submitted(message: Message) -> bool:
    value = _header(message, "Auto-Submitted").split(";")[0].strip().lower()
    return value not in ("", "no")


def _precedence(message: Message) -> str:
    return _header(message, "Precedence").strip().lower()


def _header(message: Message, name: str) -> str:
    return raw_header(message, name)


def _domain_of(message_id: str) -> str:
    return message_id.strip("<>").rsplit("@", 1)[-1].strip().lower() if "@" in message_id else ""
