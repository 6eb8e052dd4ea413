"""The marks FlowDesk puts on the mail it sends, so that a reply finds its ticket again.

Three marks, each read back by the intake's threading (app/servicedesk/intake/) in this order:

- a Message-ID of FlowDesk's own domain naming the ticket, which replies quote in In-Reply-To / References;
- the ticket number as a subject tag, `[INC-000123]`, which survives `Re:` / `回复:` and forwarding;
- a signed reference in the body's footer, `FlowDesk ref INC-000123.1f2e3d4c`, for clients that send no reply
  headers and rewrite the subject (QQ Mail among them). The signature (HMAC with the installation's secret key)
  stops a stranger from steering mail onto a ticket by typing a number.

An approval mail carries a fourth mark, the approval tag `[approval 1f2e3d4c5b]` at the end of its subject: an HMAC
of the ticket number and the login the mail was sent to, so that a reply saying "approve" or "reject" decides that
person's approval (app/servicedesk/intake/approval_replies.py) and a typed tag decides nothing.

Pure functions: the domain and the key are handed in by the caller.
"""
import hashlib
import hmac
import re
import secrets

# A ticket number's shape (INC-000123, REQ-..., CHG-...): messaging sits below the service desk and does not
# import its prefixes; the intake checks that a number found is a ticket's.
_NUMBER = r"[A-Z]{2,5}-\d+"
SUBJECT_TAG = re.compile(rf"\[\s*({_NUMBER})\s*\]", re.IGNORECASE)
MESSAGE_ID = re.compile(rf"<fd\.({_NUMBER}|n)\.([0-9a-z]+)\.[0-9a-f]+@([^>\s]+)>", re.IGNORECASE)
FOOTER_TOKEN = re.compile(rf"FlowDesk ref ({_NUMBER})\.([0-9a-f]{{8}})", re.IGNORECASE)
APPROVAL_TAG = re.compile(r"\[\s*approval\s+([0-9a-f]{10})\s*\]", re.IGNORECASE)


def subject_tag(number: str) -> str:
    """Return the subject tag of a ticket, e.g. [INC-000123]."""
    return f"[{number}]"


def tagged_subject(number: str, subject: str) -> str:
    """Return a subject carrying the ticket's tag once, in front."""
    if any(found.upper() == number.upper() for found in SUBJECT_TAG.findall(subject)):
        return subject
    return f"{subject_tag(number)} {subject}"


def message_id(number: str | None, serial: int | str, domain: str) -> str:
    """Return a new Message-ID of FlowDesk's domain naming the ticket (or none) and the outbox serial."""
    return f"<fd.{number or 'n'}.{serial}.{secrets.token_hex(4)}@{domain}>"


def ticket_of_message_id(value: str, domain: str) -> str | None:
    """Return the ticket number a FlowDesk Message-ID names, or None (another domain's, or no ticket)."""
    found = MESSAGE_ID.search(value)
    if found is None or found.group(3).lower() != domain.lower() or found.group(1).lower() == "n":
        return None
    return found.group(1).upper()


def footer_token(number: str, key: bytes) -> str:
    """Return the signed reference to put in a mail's footer."""
    return f"FlowDesk ref {number.upper()}.{_signature(number, key)}"


def tickets_in_footer(text: str, key: bytes) -> list[str]:
    """Return the ticket numbers of the correctly signed references in a text, in order of appearance."""
    return [number.upper() for number, signature in FOOTER_TOKEN.findall(text)
            if hmac.compare_digest(signature.lower(), _signature(number, key))]


def _signature(number: str, key: bytes) -> str:
    return hmac.new(key, f"mail-ref:{number.upper()}".encode(), hashlib.sha256).hexdigest()[:8]


def approval_tag(number: str, login: str, key: bytes) -> str:
    """Return the subject tag that lets a reply decide the approval of one person on one ticket."""
    return f"[approval {_approval_signature(number, login, key)}]"


def approval_signature_in(subject: str) -> str | None:
    """Return the signature of the last approval tag in a subject, or None."""
    found = APPROVAL_TAG.findall(subject)
    return found[-1].lower() if found else None


def approval_tag_names(signature: str, number: str, login: str, key: bytes) -> bool:
    """Say whether an approval tag's signature was made for this ticket and this person."""
    return hmac.compare_digest(signature.lower(), _approval_signature(number, login, key))


def _approval_signature(number: str, login: str, key: bytes) -> str:
    return hmac.new(key, f"approval:{number.upper()}:{login}".encode(), hashlib.sha256).hexdigest()[:10]
