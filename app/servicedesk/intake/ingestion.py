"""Taking one message in: its raw bytes are stored first (one unit; a polled batch's in one unit together), then it
is processed (one unit per message); a message that cannot be processed goes to quarantine and never stops the others.

Idempotent: a message is one row per (mailbox, UIDVALIDITY, UID), so polling it again after a crash finds the row
and its outcome instead of acting twice; a second copy of a Message-ID already taken in (the same mail sent to two
mailboxes) is a duplicate and changes no ticket.
"""
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.parser import BytesHeaderParser
from email.utils import parseaddr

from sqlalchemy import func, literal, select

from app.extensions import db
from app.messaging.reasons import Reason
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.platform.faults import crash_point
from app.platform.transactions import use_case
from app.servicedesk.intake import reasons
from app.servicedesk.intake.mailboxes import require_mailbox
from app.servicedesk.intake.models import IncomingMail
from app.servicedesk.intake.outcomes import NoSender, decide_outcome
from app.servicedesk.intake.reading import UnreadableMail, read_mail
from app.servicedesk.intake.reading_pool import MailReading
from app.servicedesk.intake.settings import IntakeSettings
from app.servicedesk.tickets.models import Ticket
from app.workflow.runtime import Runtime

logger = logging.getLogger("flowdesk.mail")
ERROR_MAX_CHARS = 4000
TAKEN_IN = ("ticket", "reply", "answer", "reopened", "confirmed", "decided", "refused", "auto", "capped")
FINISHED = (*TAKEN_IN, "duplicate", "discarded")
BLANK_LINE = re.compile(rb"\r\n\r\n|\n\n")  # the end of a header block, CRLF or bare LF


class MailboxRemoved(LookupError):
    """The mailbox a stored message came from is gone, so its settings are unknown (it waits in quarantine)."""


@dataclass(frozen=True)
class Ingested:
    """A message's row and what became of it."""

    mail_id: int
    status: str
    ticket_number: str | None = None


def header_facts(raw: bytes) -> tuple[str | None, str | None, str | None]:
    """Return the Message-ID, sender address and subject as far as the headers can be read (never raises)."""
    try:
        headers = BytesHeaderParser(policy=policy.default).parsebytes(header_block(raw))
        message_id = (str(headers.get("Message-ID") or "").strip() or None)
        sender = parseaddr(str(headers.get("From") or ""))[1].strip().lower() or None
        subject = str(headers.get("Subject") or "").strip() or None
    except Exception:  # a damaged header block: the row keeps the bytes, processing decides what they are
        return None, None, None
    return (message_id[:500] if message_id else None, sender[:254] if sender else None,
            subject[:500] if subject else None)


def header_block(raw: bytes) -> bytes:
    """Return a message's bytes up to its first empty line: the parser would otherwise read every body line.

    One search for either kind of blank line stops at the first: looking for each kind on its own read all of a
    500 KB mail's bytes for the kind it does not use.
    """
    blank = BLANK_LINE.search(raw)
    return raw[:blank.end()] if blank else raw


@use_case
def store_raw(runtime: Runtime, mailbox_id: int | None, uid_validity: int | None, uid: int | None,
              raw: bytes) -> int:
    """Store a message's bytes before anything else; a message polled again returns the row it already has."""
    if uid is not None:
        existing = rows_of_uids(mailbox_id, uid_validity, [uid]).get(uid)
        if existing is not None:
            return existing
    row = new_row(runtime, mailbox_id, uid_validity, uid, raw)
    db.session.flush()
    return row.id


def rows_of_uids(mailbox_id: int | None, uid_validity: int | None, uids: list[int]) -> dict[int, int]:
    """Return the rows already stored for UIDs of a mailbox's folder (under one UIDVALIDITY), by UID."""
    found = db.session.execute(select(IncomingMail.uid, IncomingMail.id).where(
        IncomingMail.mailbox_id == mailbox_id, IncomingMail.uid_validity == uid_validity, IncomingMail.uid.in_(uids)))
    return {uid: row_id for uid, row_id in found if uid is not None}


def new_row(runtime: Runtime, mailbox_id: int | None, uid_validity: int | None, uid: int | None,
            raw: bytes) -> IncomingMail:
    """Add a message's row and its bytes to the unit (unflushed)."""
    message_id, sender, subject = header_facts(raw)
    row = IncomingMail(mailbox_id=mailbox_id, uid_validity=uid_validity, uid=uid, message_id=message_id,
                       sender=sender, subject=subject, raw=raw, size_bytes=len(raw),
                       received_at=runtime.clock.now(), status="received", attempts=0, moved=False)
    db.session.add(row)
    return row


@use_case
def store_raw_batch(runtime: Runtime, mailbox_id: int, uid_validity: int,
                    messages: list[tuple[int, bytes]]) -> list[int]:
    """Store a fetched batch's bytes in one unit, before any of them is processed; return their rows in order.

    The rows a batch already has (polled again after a crash) are found in one read, and the new ones written in
    one flush, not one of each a message.
    """
    existing = rows_of_uids(mailbox_id, uid_validity, [uid for uid, _raw in messages])
    added = {uid: new_row(runtime, mailbox_id, uid_validity, uid, raw) for uid, raw in messages if uid not in existing}
    db.session.flush()
    return [existing[uid] if uid in existing else added[uid].id for uid, _raw in messages]


@use_case
def process_mail(runtime: Runtime, settings: IntakeSettings, mail_id: int,
                 reading: MailReading | None = None) -> Ingested:
    """Decide and do what one stored message means: a ticket, a reply, a refusal, or only a record.

    A message already processed returns its outcome unchanged; a quarantined one is tried again. A reading of the
    same bytes, already under way in the reading pool, spares reading them (and loading them: their own table) here.
    """
    query = select(IncomingMail).where(IncomingMail.id == mail_id).with_for_update()
    row = db.session.execute(query.execution_options(populate_existing=True)).scalar_one()  # bytes: only if read
    if row.status in FINISHED:
        return Ingested(row.id, row.status, ticket_number_of(row))
    if row.mailbox_id is None:
        raise MailboxRemoved("The mailbox this message came from was removed; add it again to process the message.")
    mailbox = require_mailbox(row.mailbox_id)
    duplicate, sent_today = earlier_mail(row, runtime.clock.now())
    if duplicate:
        row.status, row.processed_at, row.attempts = "duplicate", runtime.clock.now(), row.attempts + 1
        return Ingested(row.id, row.status)
    mail = reading.mail() if reading is not None else read_mail(row.raw, settings.domain)
    outcome = decide_outcome(runtime, settings, mailbox, row, mail, sent_today)
    row.status, row.processed_at, row.error = outcome.status, runtime.clock.now(), outcome.reason
    row.attempts += 1  # counted with the outcome, in one write; a failed attempt is counted by quarantine_mail
    row.ticket_id, row.detector, row.auto_kind = outcome.ticket_id, outcome.detector, outcome.auto_kind
    crash_point("intake.before_commit")  # the fault tests die here: ticket and files written, nothing committed
    return Ingested(row.id, row.status, outcome.ticket_number)


def earlier_mail(row: IncomingMail, now: datetime) -> tuple[bool, int]:
    """Return, in one read, whether another copy of this Message-ID was taken in already, and how many other mails
    of this sender were taken in during the last 24 hours."""
    others = (IncomingMail.id != row.id, IncomingMail.status.in_(TAKEN_IN))
    copy = (select(IncomingMail.id).where(IncomingMail.message_id == row.message_id, *others).limit(1)
            .scalar_subquery() if row.message_id else literal(None))
    sent = (select(func.count(IncomingMail.id)).where(
        IncomingMail.sender == row.sender, IncomingMail.received_at >= now - timedelta(days=1), *others)
        .scalar_subquery() if row.sender else literal(0))
    found = db.session.execute(select(copy, sent)).one()
    return found[0] is not None, int(found[1] or 0)


def ticket_number_of(row: IncomingMail) -> str | None:
    """Return the number of the ticket a processed message touched."""
    return db.session.execute(select(Ticket.number).where(Ticket.id == row.ticket_id)).scalar() \
        if row.ticket_id else None


@use_case
def quarantine_mail(runtime: Runtime, mail_id: int, detail: str, code: str = reasons.UNEXPECTED) -> Ingested:
    """Put a message that could not be processed in quarantine, with the reason's code and what failed, for an
    admin to retry or discard."""
    row = db.session.get(IncomingMail, mail_id)
    assert row is not None
    row.status, row.processed_at = "quarantined", runtime.clock.now()
    row.error = Reason(code, {"detail": detail[:ERROR_MAX_CHARS]})
    row.attempts += 1  # the failed attempt's own count rolled back with it
    return Ingested(row.id, row.status)


def ingest(runtime: Runtime, settings: IntakeSettings, mailbox_id: int | None, uid_validity: int | None,
           uid: int | None, raw: bytes) -> Ingested:
    """Store a message, then process it; any failure puts it in quarantine instead of reaching the caller."""
    mail_id = store_raw(runtime, mailbox_id, uid_validity, uid, raw)
    return process_stored(runtime, settings, mail_id)


def process_stored(runtime: Runtime, settings: IntakeSettings, mail_id: int,
                   reading: MailReading | None = None) -> Ingested:
    """Process a stored message (read by the pool, when its reading is given); quarantine it when that fails."""
    try:
        return process_mail(runtime, settings, mail_id, reading)
    except Exception as error:  # one bad message must never stop the mailbox: it waits in quarantine instead
        logger.warning("mail %s quarantined: %s", mail_id, error)
        return quarantine_mail(runtime, mail_id, f"{type(error).__name__}: {error}", reason_of(error))


def reason_of(error: Exception) -> str:
    """Return why a message could not be processed, as one of the quarantine's reason codes."""
    if isinstance(error, UnreadableMail):
        return reasons.UNREADABLE
    if isinstance(error, NoSender):
        return reasons.NO_SENDER
    if isinstance(error, MailboxRemoved):
        return reasons.MAILBOX_REMOVED
    if isinstance(error, (NotFound, NotAllowed)):
        return reasons.NOT_ALLOWED
    if isinstance(error, InvalidValues):
        return reasons.SERVICE_REFUSED
    return reasons.UNEXPECTED
