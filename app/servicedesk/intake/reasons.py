"""Why an incoming mail was refused, capped, quarantined or stored as a bounce: a code and its parameters, stored on
its row (error_code, error_params); the sentence is rendered when read.

Pages render the sentence in the reader's language, the CLI and JSON answers in English ({code, params, message}),
with the outbox's machinery (app/messaging/reasons.py). A quarantined mail's code says why in words an admin acts on;
its 'detail' parameter keeps what failed, verbatim (an exception's text is not FlowDesk's sentence to translate).
RECORDED_TEXT holds what rows written before reasons had codes said, where migration 0047 did not recognise it.
"""
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.messaging.reasons import Reason, reason_text

UNKNOWN_SENDER, CLOSED_TICKET, DAILY_CAP = "unknown_sender", "closed_ticket", "daily_cap"
BOUNCE_PERMANENT, BOUNCE_TEMPORARY = "bounce_permanent", "bounce_temporary"
UNREADABLE, NO_SENDER, MAILBOX_REMOVED = "unreadable", "no_sender", "mailbox_removed"
NOT_ALLOWED, SERVICE_REFUSED, UNEXPECTED = "not_allowed", "service_refused", "unexpected"
APPROVAL_NOT_YOURS, APPROVAL_STALE, APPROVAL_UNCLEAR = "approval_not_yours", "approval_stale", "approval_unclear"
RECORDED_TEXT = "recorded_text"

QUARANTINE_CODES = (UNREADABLE, NO_SENDER, MAILBOX_REMOVED, NOT_ALLOWED, SERVICE_REFUSED, UNEXPECTED)
REFUSAL_CODES = (UNKNOWN_SENDER, CLOSED_TICKET, DAILY_CAP, APPROVAL_NOT_YOURS, APPROVAL_STALE, APPROVAL_UNCLEAR)

# The sentence of each reason, with its parameters by name.
MAIL_REASONS: dict[str, Any] = {
    UNKNOWN_SENDER: _l("%(address)s is not the address of an active person and the mailbox “%(mailbox)s” refuses "
                       "unknown senders; a polite reply told the sender."),
    CLOSED_TICKET: _l("%(number)s is closed and its category refuses replies to closed tickets; a polite reply told "
                      "the sender."),
    DAILY_CAP: _l("%(address)s sent %(count)s mails in the last 24 hours; the limit is %(cap)s, so this one is "
                  "only stored."),
    APPROVAL_NOT_YOURS: _l("%(address)s replied to an approval mail of %(number)s that was sent to someone else (and "
                           "is not their delegate); a polite reply told the sender."),
    APPROVAL_STALE: _l("%(address)s replied to an approval of %(number)s that no longer waits for them (decided "
                       "already, or the level was settled); a polite reply said so."),
    APPROVAL_UNCLEAR: _l("%(address)s replied to an approval mail of %(number)s without approve or reject on the "
                         "first line; a polite reply said what to write."),
    BOUNCE_PERMANENT: _l("A permanent delivery failure (%(status)s) for %(address)s."),
    BOUNCE_TEMPORARY: _l("A temporary delivery failure (%(status)s) for %(address)s."),
    UNREADABLE: _l("The message is not a mail FlowDesk can read: it is empty, binary or has no headers. Discard it, "
                   "or ask the sender to send it again."),
    NO_SENDER: _l("The mail names no sender address, so nobody could be its requester. Discard it, or ask whoever "
                  "sent it to send it again from their address."),
    MAILBOX_REMOVED: _l("The mailbox it came from was removed. Add the mailbox again, then retry the mail."),
    NOT_ALLOWED: _l("The sender may not act on the ticket the mail names. Check who requests or watches the ticket, "
                    "then retry the mail, or discard it."),
    SERVICE_REFUSED: _l("FlowDesk refused part of the mail; the details say what. Correct the cause, then retry it."),
    UNEXPECTED: _l("FlowDesk could not process this mail for an unforeseen reason; the details say what failed. "
                   "Retry it once the cause is fixed."),
    RECORDED_TEXT: "%(text)s",  # the words a row held before reasons had codes: not FlowDesk's to translate now
}
# What the pages' filters call each reason.
MAIL_REASON_LABELS: dict[str, Any] = {
    UNKNOWN_SENDER: _l("Unknown sender"),
    CLOSED_TICKET: _l("Reply to a closed ticket"),
    DAILY_CAP: _l("Over the sender's daily limit"),
    APPROVAL_NOT_YOURS: _l("Approval reply from someone else"),
    APPROVAL_STALE: _l("Approval reply too late"),
    APPROVAL_UNCLEAR: _l("Approval reply unclear"),
    BOUNCE_PERMANENT: _l("Permanent delivery failure"),
    BOUNCE_TEMPORARY: _l("Temporary delivery failure"),
    UNREADABLE: _l("Not a readable mail"),
    NO_SENDER: _l("No sender address"),
    MAILBOX_REMOVED: _l("Mailbox removed"),
    NOT_ALLOWED: _l("Sender not allowed on the ticket"),
    SERVICE_REFUSED: _l("Part of the mail refused"),
    UNEXPECTED: _l("Unforeseen failure"),
    RECORDED_TEXT: _l("Other (recorded before reasons had codes)"),
}
# A bounce's second sentence: which mail of FlowDesk's it answers.
ATTRIBUTED = _l("%(reason)s It answers outbox message %(outbox_message_id)s.")
UNATTRIBUTED = _l("%(reason)s It names no mail FlowDesk sent, so no address was marked.")
DISCARDED = _l("%(reason)s Discarded by %(login)s.")


def mail_reason_text(reason: Reason) -> str:
    """Return why a mail was refused, capped or quarantined, in the current language."""
    text = reason_text(reason, sentences=MAIL_REASONS)
    return with_afterword(text, reason)


def with_afterword(text: str, reason: Reason) -> str:
    """Return the sentence followed by what a bounce answered, or by who discarded a quarantined mail."""
    params = reason.params
    if reason.code in (BOUNCE_PERMANENT, BOUNCE_TEMPORARY):
        if params.get("outbox_message_id"):
            return str(ATTRIBUTED) % {"reason": text, "outbox_message_id": params["outbox_message_id"]}
        return str(UNATTRIBUTED) % {"reason": text}
    if params.get("discarded_by"):
        return str(DISCARDED) % {"reason": text, "login": params["discarded_by"]}
    return text


def mail_reason_english(reason: Reason) -> str:
    """Return the sentence in English (the CLI, logs and JSON answers)."""
    with force_locale("en"):
        return mail_reason_text(reason)


def mail_reason_dict(reason: Reason | None) -> dict[str, Any] | None:
    """Return a reason as JSON-ready data: the code, its parameters and the sentence in English."""
    if reason is None:
        return None
    return {"code": reason.code, "params": dict(reason.params), "message": mail_reason_english(reason)}


def mail_reason_label(code: str) -> str:
    """Return what the filters call a reason, in the current language."""
    return str(MAIL_REASON_LABELS.get(code, code))
