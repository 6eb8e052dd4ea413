"""The e-mail channel: outbox messages become MIME mail handed to an SMTP relay with smtplib.

FLOWDESK_SMTP_URL (or, where it is unset, the mail settings page: app/messaging/mail/relay_settings.py) names the
relay: smtp://user:pass@host:587?starttls=1 (STARTTLS, required once asked for),
smtp://host:25 (plain, for a relay on loopback), smtps://user:pass@host:465 (TLS from the first byte). User and
password are percent-decoded. Each message keeps its Message-ID on every attempt, so a retry after a lost answer
is the same mail to the receiving side. A 5xx refusal of the recipient or of the message itself is permanent
(PermanentFailure: the message is not retried, and a refused recipient is marked undeliverable); a refused sender or
login is retried, as an admin mends those in the settings.
"""
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import parse_qs, unquote, urlsplit

from app.messaging.outbox import DeliveryFailed, OutgoingMessage, PermanentFailure, own_words
from app.messaging.reasons import SMTP_MESSAGE_REFUSED, SMTP_RECIPIENT_REFUSED, SMTP_UNREACHABLE, Reason

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
ENHANCED_STATUS = re.compile(r"\b[245]\.\d{1,3}\.\d{1,3}\b")


class SmtpUrlRefused(ValueError):
    """FLOWDESK_SMTP_URL cannot be used: the message says what is wrong and how it should look."""


@dataclass(frozen=True)
class SmtpRelay:
    """Where and how to hand mail over."""

    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    user: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpRelay:
    """Read an smtp:// or smtps:// URL, or raise SmtpUrlRefused naming what is wrong."""
    parts = urlsplit(url)
    example = "smtp://user:pass@host:587?starttls=1 or smtps://user:pass@host:465"
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise SmtpUrlRefused(f"FLOWDESK_SMTP_URL must name a relay like {example}; '{parts.scheme}://' with host "
                             f"'{parts.hostname or ''}' is not one.")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise SmtpUrlRefused(f"The port in FLOWDESK_SMTP_URL is not a number; write it like {example}.") from None
    starttls = parse_qs(parts.query).get("starttls", ["0"])[-1].lower() in ("1", "true", "yes")
    if starttls and parts.scheme == "smtps":
        raise SmtpUrlRefused("FLOWDESK_SMTP_URL asks for STARTTLS on smtps://, which is TLS already; use one of them.")
    return SmtpRelay(parts.hostname, port, parts.scheme == "smtps", starttls,
                     unquote(parts.username) if parts.username else None,
                     unquote(parts.password) if parts.password else None)


def one_line(text: str) -> str:
    """Return a header's text on one line: a line break (from a title typed over two lines, or a diagram's text)
    becomes a space, so it can neither fail the mail nor start a header of its own."""
    return " ".join(text.splitlines()).strip()


def mime_of(message: OutgoingMessage, mail_from: str, domain: str) -> EmailMessage:
    """Build the mail: text and HTML parts, the Message-ID and threading, and the marks of automatic mail."""
    mail = EmailMessage()
    mail["From"] = mail_from
    mail["To"] = message.recipient
    mail["Subject"] = one_line(message.subject)
    mail["Date"] = format_datetime(message.created_at)
    mail["Message-ID"] = message.message_id or f"<fd.n.{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"
    references = (message.references or "").split()
    if references:
        mail["In-Reply-To"] = references[-1]
        mail["References"] = " ".join(references)
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no autoresponder should answer it
    mail["X-Auto-Response-Suppress"] = "All"  # Exchange / Outlook: no out-of-office or read receipts
    mail["X-FlowDesk-Outbox-Key"] = message.idempotency_key
    mail.set_content(message.body)
    if message.html:
        mail.add_alternative(message.html, subtype="html")
    return mail


@dataclass(frozen=True)
class SmtpSender:
    """Send one outbox message per connection to the relay; raise with the relay's answer when it is refused.

    The relay's answer is kept verbatim as a parameter of the reason (it is the server's words, not FlowDesk's).
    """

    relay: SmtpRelay
    mail_from: str
    domain: str
    timeout_seconds: float = 20.0

    def __call__(self, message: OutgoingMessage) -> None:
        """Hand one message to the relay."""
        mail = mime_of(message, self.mail_from, self.domain)
        where = f"{self.relay.host}:{self.relay.port}"
        try:
            with self.connect() as client:
                client.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:
            code, answer = next(iter(error.recipients.values()))
            raise refusal_of_recipient(where, message.recipient, code, text_of(answer)) from None
        except smtplib.SMTPResponseException as error:
            reason = Reason(SMTP_MESSAGE_REFUSED, {"server": where, "smtp_code": error.smtp_code,
                                                   "answer": own_words(text_of(error.smtp_error))})
            if isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500:  # this message, for good
                raise PermanentFailure(reason, None, str(error.smtp_code)) from None
            raise DeliveryFailed(reason) from None  # a refused sender or login: the settings are mended, then it goes
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryFailed(Reason(SMTP_UNREACHABLE, {"server": where, "detail": own_words(str(error))})) from None

    def connect(self) -> smtplib.SMTP:
        """Open a session with the relay: TLS as configured, signed in when a user is given."""
        relay = self.relay
        client: smtplib.SMTP
        if relay.implicit_tls:
            client = smtplib.SMTP_SSL(relay.host, relay.port, timeout=self.timeout_seconds,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(relay.host, relay.port, timeout=self.timeout_seconds)
        try:
            if relay.starttls:
                client.starttls(context=ssl.create_default_context())
            if relay.user:
                client.login(relay.user, relay.password or "")
        except BaseException:
            client.close()
            raise
        return client


def refusal_of_recipient(where: str, recipient: str, code: int, answer: str) -> Exception:
    """Return the error for a refused recipient: permanent for a 5xx (the address takes no mail), else retried."""
    reason = Reason(SMTP_RECIPIENT_REFUSED, {"server": where, "recipient": recipient, "smtp_code": code,
                                             "answer": own_words(answer)})
    if code >= 500:
        return PermanentFailure(reason, recipient, status_of(code, answer), f"{code} {answer}")
    return DeliveryFailed(reason)


def status_of(code: int, answer: str) -> str:
    """Return the enhanced status code an answer carries (5.1.1), else its reply code (550)."""
    found = ENHANCED_STATUS.search(answer)
    return found.group(0) if found else str(code)


def text_of(answer: bytes | str) -> str:
    """Return a relay's answer as text."""
    return answer.decode(errors="replace") if isinstance(answer, bytes) else answer

