"""Why an outbox message is held or failed: a code and its parameters, stored; the sentence, rendered when read.

The outbox row keeps the code (pages and the CLI filter by it) and the parameters as JSON, never a sentence. Pages
render the sentence in the reader's language, the CLI and JSON answers in English. A parameter that carries what a
mail server, an SMS gateway or the network said (answer, diagnostic, detail, text) is shown verbatim: those are
their words, not FlowDesk's. RECORDED_TEXT holds what rows written before reasons had codes said, where migration
0041 did not recognise the English.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, overload

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

ReasonValue = str | int | bool


@dataclass(frozen=True)
class Reason:
    """Why a message waits or failed: a code of REASONS and the parameters its sentence names."""

    code: str
    params: Mapping[str, ReasonValue] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the reason as JSON-ready data: the code, its parameters and the sentence in English."""
        return {"code": self.code, "params": dict(self.params), "message": english_text(self)}


class StoredReason:
    """A Reason kept on a row in two columns, <name>_code and <name>_params; reads None when the code is empty."""

    def __init__(self, name: str) -> None:
        self.code_column, self.params_column = f"{name}_code", f"{name}_params"

    @overload
    def __get__(self, row: None, owner: type) -> "StoredReason": ...

    @overload
    def __get__(self, row: object, owner: type) -> Reason | None: ...

    def __get__(self, row: object, owner: type) -> "Reason | None | StoredReason":
        """Return the row's reason (the descriptor itself when read on the class)."""
        if row is None:
            return self
        code = getattr(row, self.code_column)
        return Reason(code, getattr(row, self.params_column) or {}) if code else None

    def __set__(self, row: object, reason: Reason | None) -> None:
        """Store a reason's code and parameters on the row (None clears both)."""
        setattr(row, self.code_column, reason.code if reason else None)
        setattr(row, self.params_column, dict(reason.params) if reason else None)


INTERRUPTED, SENDER_FAILED, RECORDED_TEXT = "interrupted", "sender_failed", "recorded_text"
SMTP_RECIPIENT_REFUSED, SMTP_MESSAGE_REFUSED, SMTP_UNREACHABLE = (
    "smtp_recipient_refused", "smtp_message_refused", "smtp_unreachable")
SMS_REFUSED, SMS_UNREACHABLE = "sms_refused", "sms_unreachable"
BOUNCED, UNDELIVERABLE = "bounced", "undeliverable"
CAP_PER_ADDRESS, CAP_PER_TICKET = "cap_per_address", "cap_per_ticket"

# The sentence of each reason, with its parameters by name.
REASONS: dict[str, Any] = {
    INTERRUPTED: _l("The last attempt was interrupted before its outcome was recorded (the sending process "
                    "stopped). The message may have arrived; resending it uses the same idempotency key."),
    SENDER_FAILED: _l("Sending failed: %(detail)s"),
    SMTP_RECIPIENT_REFUSED: _l("The mail server at %(server)s refused the recipient %(recipient)s with "
                               "%(smtp_code)s: %(answer)s"),
    SMTP_MESSAGE_REFUSED: _l("The mail server at %(server)s refused the message with %(smtp_code)s: %(answer)s"),
    SMTP_UNREACHABLE: _l("The mail server at %(server)s could not be reached: %(detail)s"),
    SMS_REFUSED: _l("The SMS gateway refused the message with HTTP %(http_status)s: %(answer)s"),
    SMS_UNREACHABLE: _l("The SMS gateway at %(gateway)s could not be reached: %(detail)s"),
    BOUNCED: _l("The mail to %(address)s came back from the receiving server: %(diagnostic)s. The address is "
                "marked undeliverable; check it and clear the mark, then resend."),
    CAP_PER_ADDRESS: _l("Held by the cap of %(cap)s mails per address per hour; it goes out from %(until)s."),
    CAP_PER_TICKET: _l("Held by the cap of %(cap)s mails per address and ticket per hour; it goes out from "
                       "%(until)s."),
    UNDELIVERABLE: _l("Held: mail to %(address)s bounced on %(bounced_at)s (%(diagnostic)s). An administrator "
                      "checks the address and clears the mark to send it."),
    RECORDED_TEXT: "%(text)s",  # the words a row held before reasons had codes: not FlowDesk's to translate now
}
# What the outbox page's filter calls each reason.
REASON_LABELS: dict[str, Any] = {
    INTERRUPTED: _l("Attempt interrupted"),
    SENDER_FAILED: _l("Sending failed"),
    SMTP_RECIPIENT_REFUSED: _l("Recipient refused by the mail server"),
    SMTP_MESSAGE_REFUSED: _l("Message refused by the mail server"),
    SMTP_UNREACHABLE: _l("Mail server unreachable"),
    SMS_REFUSED: _l("Refused by the SMS gateway"),
    SMS_UNREACHABLE: _l("SMS gateway unreachable"),
    BOUNCED: _l("Came back (bounced)"),
    CAP_PER_ADDRESS: _l("Held by the cap per address"),
    CAP_PER_TICKET: _l("Held by the cap per address and ticket"),
    UNDELIVERABLE: _l("Held: address undeliverable"),
    RECORDED_TEXT: _l("Other (recorded before reasons had codes)"),
}
PERMANENT = _l("%(reason)s This is a permanent refusal, so the message is not retried.")  # after the sentence
MOMENT_PARAMETERS = ("until", "bounced_at")  # ISO 8601 in the row, shown in the reader's time zone


def utc_moment(moment: datetime) -> str:
    """Return a moment as the CLI and JSON answers write it."""
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def reason_text(reason: Reason, moment: Callable[[datetime], str] = utc_moment,
                sentences: Mapping[str, Any] | None = None) -> str:
    """Return a reason's sentence in the current language; moment writes its times (the page: the reader's zone).

    sentences is the catalogue of codes (the outbox's REASONS unless another domain's is given). A code this version
    does not know (a newer one's, say) is shown as the code and its parameters, never hidden.
    """
    sentence = (REASONS if sentences is None else sentences).get(reason.code)
    if sentence is None:
        return f"{reason.code} {dict(reason.params)}"
    try:
        text = str(sentence) % shown_parameters(reason.params, moment)
    except (KeyError, ValueError, TypeError):
        return f"{reason.code} {dict(reason.params)}"
    return str(PERMANENT) % {"reason": text} if reason.params.get("permanent") else text


def english_text(reason: Reason, sentences: Mapping[str, Any] | None = None) -> str:
    """Return a reason's sentence in English (the CLI, logs and JSON answers), from a catalogue of codes."""
    with force_locale("en"):
        return reason_text(reason, sentences=sentences)


def reason_label(code: str) -> str:
    """Return what the outbox filter calls a reason, in the current language."""
    return str(REASON_LABELS.get(code, code))


def shown_parameters(params: Mapping[str, ReasonValue], moment: Callable[[datetime], str]) -> dict[str, Any]:
    """Return the parameters as a reader sees them: times in their zone, a missing diagnostic said in words."""
    shown: dict[str, Any] = dict(params)
    for name in MOMENT_PARAMETERS:
        if isinstance(params.get(name), str):
            shown[name] = moment(datetime.fromisoformat(str(params[name])))
    if "diagnostic" in params:
        shown["diagnostic"] = diagnostic_words(str(params["diagnostic"]), str(params.get("status", "")))
    return shown


def diagnostic_words(diagnostic: str, status: str) -> str:
    """Return what a receiving server said of a failure, or, when it said nothing, its delivery status in words."""
    return diagnostic or str(_l("delivery status %(status)s", status=status))
