"""The outbox: what steps wrote to send is delivered afterwards, each message once in effect.

A delivery pass works in short units and never holds a lock while a sender talks to the network:

1. claim (one unit): lease a batch of due messages (pending, next try due, no live lease) until
   now + lease_seconds, count the attempt, commit. PostgreSQL passes skip rows another pass is
   claiming (FOR UPDATE SKIP LOCKED); SQLite has one writer. A leased message is nobody else's.
2. send (no transaction): hand each message to its channel's sender with its idempotency key.
3. record (one unit per message): sent; or the failure, with the next try after an exponential
   backoff; after the last attempt the message is dead and waits for an admin to resend it.

A pass that dies between 1 and 3 leaves its leases behind. When a lease runs out the message is
claimed again and sent again with the same idempotency key, so a receiver that honours the key
(see app/messaging/sms.py) delivers it once.
"""
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, insert, or_, select, update

from app.extensions import db
from app.messaging.models import DEAD, PENDING, SENT, OutboxMessage
from app.messaging.reasons import INTERRUPTED, SENDER_FAILED, Reason, english_text
from app.platform.faults import crash_point
from app.platform.transactions import use_case
from app.workflow.runtime import Runtime

logger = logging.getLogger("flowdesk.outbox")
MAX_ATTEMPTS = 8  # with the backoff below: about two hours of trying before a message is dead
RETRY_BASE_SECONDS = 60.0
RETRY_CAP_SECONDS = 3600.0
LEASE_SECONDS = 300.0  # longer than a batch takes to send (BATCH_SIZE x a sender's timeout)
LEASE_MARGIN_SECONDS = 30.0  # a message whose lease ends sooner than this is left for a later pass
BATCH_SIZE = 10
MAX_MESSAGES_PER_PASS = 500
ERROR_MAX_CHARS = 2000  # of a failure's own words (a server's answer, an exception's text) kept with its reason


@dataclass(frozen=True)
class OutgoingMessage:
    """A claimed message as a sender sees it: plain data, read before the claim committed."""

    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    created_at: datetime
    attempt: int
    claimed_until: datetime  # the lease: a failure is recorded only while the lease is still this one
    html: str | None = None  # e-mail: the HTML part, the Message-ID, the ticket's earlier Message-IDs
    message_id: str | None = None
    references: str | None = None
    ticket_number: str | None = None

    @property
    def idempotency_key(self) -> str:
        """Return the key a receiver uses to recognise a resend: the message id and when it was written."""
        return f"flowdesk-outbox-{self.id}-{self.created_at:%Y%m%dT%H%M%SZ}"


Sender = Callable[[OutgoingMessage], None]


class DeliveryFailed(Exception):
    """A sender's failure it can name: the reason's code and parameters are stored, its text is English for logs."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(english_text(reason))
        self.reason = reason


class PermanentFailure(DeliveryFailed):
    """A sender's failure that trying again cannot mend: the message is dead at once, with the reason.

    address names the recipient refused for good (None when the message itself was refused); status and diagnostic
    are the receiving side's code and answer.
    """

    def __init__(self, reason: Reason, address: str | None = None, status: str = "", diagnostic: str = "") -> None:
        super().__init__(reason)
        self.address, self.status, self.diagnostic = address, status, diagnostic


# Told of a permanent failure inside the unit that records it (the mail channel marks the address undeliverable).
RefusalHook = Callable[[OutgoingMessage, PermanentFailure, datetime], None]


@dataclass(frozen=True)
class Hold:
    """A gate's answer that a message must wait (a rate cap): until when, and why."""

    until: datetime
    reason: Reason


# Asked before a channel's sender: None lets the message go, a Hold keeps it pending until then (never dropped).
Gate = Callable[[Runtime, OutgoingMessage], Hold | None]


def enqueue_message(channel: str, recipient: str, subject: str, body: str, instance_id: int | None,
                    now: datetime) -> None:
    """Add a message to the outbox inside the caller's transaction."""
    db.session.execute(insert(OutboxMessage).values(
        channel=channel, recipient=recipient, subject=subject, body=body, instance_id=instance_id,
        created_at=now, status=PENDING, next_attempt_at=now, attempts=0,
    ))


def log_sender(message: OutgoingMessage) -> None:
    """Deliver a message to the application log (the default channel until mail arrives)."""
    logger.info("to %s: %s", message.recipient, message.subject)


def deliver_outbox(runtime: Runtime, senders: Mapping[str, Sender], batch_size: int = BATCH_SIZE,
                   lease_seconds: float = LEASE_SECONDS,
                   max_messages: int = MAX_MESSAGES_PER_PASS,
                   gates: Mapping[str, Gate] | None = None,
                   on_outcome: Callable[[OutgoingMessage, str], None] | None = None,
                   on_refused: RefusalHook | None = None) -> dict[str, int]:
    """Deliver due messages of the channels that have a sender; count what was sent, failed, died, held or waits.

    Messages of a channel without a sender wait untouched until one is configured. A failure to record
    an outcome stops the pass with that error; the message's lease runs out and a later pass resends it.
    """
    counts = {"sent": 0, "failed": 0, "dead": 0, "deferred": 0, "held": 0}
    claimed = 0
    while senders and claimed < max_messages:
        batch = claim_due_messages(runtime, list(senders), min(batch_size, max_messages - claimed), lease_seconds)
        if not batch:
            break
        claimed += len(batch)
        margin_seconds = min(LEASE_MARGIN_SECONDS, lease_seconds / 4)
        for message in batch:
            gate = (gates or {}).get(message.channel)
            outcome = deliver_claimed(runtime, message, senders[message.channel], margin_seconds, gate, on_refused)
            counts[outcome] += 1
            if on_outcome is not None:
                on_outcome(message, outcome)
    return counts


def deliver_claimed(runtime: Runtime, message: OutgoingMessage, sender: Sender,
                    margin_seconds: float = LEASE_MARGIN_SECONDS, gate: Gate | None = None,
                    on_refused: RefusalHook | None = None) -> str:
    """Send one claimed message outside any transaction, then record the outcome in a unit of its own."""
    if runtime.clock.now() + timedelta(seconds=margin_seconds) >= message.claimed_until:
        logger.warning("message %s left for a later pass: its lease is nearly over", message.id)
        return "deferred"
    hold = gate(runtime, message) if gate is not None else None
    if hold is not None:
        record_held(runtime, message, hold)
        return "held"
    try:
        sender(message)
    except PermanentFailure as refusal:
        return record_failure(runtime, message, refusal.reason, refusal, on_refused)
    except Exception as error:  # any sender failure is recorded, and retried or buried
        return record_failure(runtime, message, failure_reason(error))
    crash_point("outbox.after_send")  # the fault suite dies here: sent, not yet recorded
    record_sent(runtime, message.id)
    return "sent"


def failure_reason(error: Exception) -> Reason:
    """Return why a sender failed: the reason it named, else its exception's own words."""
    if isinstance(error, DeliveryFailed):
        return error.reason
    return Reason(SENDER_FAILED, {"detail": own_words(str(error)) or type(error).__name__})


def own_words(text: str) -> str:
    """Return what a server, a gateway or an exception said, trimmed to what a reason keeps of it."""
    return text.strip()[:ERROR_MAX_CHARS]


@use_case
def claim_due_messages(runtime: Runtime, channels: Collection[str], batch_size: int = BATCH_SIZE,
                       lease_seconds: float = LEASE_SECONDS) -> list[OutgoingMessage]:
    """Lease a batch of due messages of these channels to the caller, count the attempt, and commit."""
    now = runtime.clock.now()
    lease_until = now + timedelta(seconds=lease_seconds)
    claimed = []
    for message in db.session.execute(select_due(now, channels, batch_size)).scalars():
        if message.attempts >= MAX_ATTEMPTS:  # its last attempt was interrupted: the lease ran out
            message.status, message.error, message.claimed_until = DEAD, Reason(INTERRUPTED), None
            continue
        message.attempts += 1
        message.claimed_until = lease_until
        claimed.append(OutgoingMessage(message.id, message.channel, message.recipient, message.subject,
                                       message.body, message.created_at, message.attempts, lease_until,
                                       html=message.html, message_id=message.message_id,
                                       references=message.thread_references, ticket_number=message.ticket_number))
    return claimed


def select_due(now: datetime, channels: Collection[str], limit: int) -> Select[OutboxMessage]:
    """Build the claim query: pending, due, not leased (or its lease ran out), oldest first, skipping locked rows."""
    return (select(OutboxMessage)
            .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now,
                   or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now),
                   OutboxMessage.channel.in_(sorted(channels)))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit).with_for_update(skip_locked=True))


@use_case
def record_sent(runtime: Runtime, message_id: int) -> None:
    """Record that a message was delivered (also when its lease passed to another pass meanwhile)."""
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status != SENT)
        .values(status=SENT, sent_at=runtime.clock.now(), claimed_until=None, error_code=None, error_params=None,
                held_code=None, held_params=None))


@use_case
def record_failure(runtime: Runtime, message: OutgoingMessage, error: Reason, refusal: PermanentFailure | None = None,
                   on_refused: RefusalHook | None = None) -> str:
    """Record a failed attempt and why: retry after a backoff, or make the message dead after the last attempt.

    A permanent failure (refusal) makes it dead at once and tells on_refused in the same unit. Return "failed" or
    "dead". When the lease is no longer this attempt's (another pass claimed the message after the lease ran out,
    or it was sent), the row is left alone and the answer is "failed".
    """
    row = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.id == message.id, OutboxMessage.status == PENDING,
                                    OutboxMessage.claimed_until == message.claimed_until).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        return "failed"
    row.error, row.held, row.claimed_until = error, None, None
    if refusal is not None:
        bury_refused(runtime, row, message, refusal, on_refused)
        return "dead"
    if row.attempts >= MAX_ATTEMPTS:
        row.status = DEAD
        logger.warning("message %s to %s is dead after %s attempts: %s %s", row.id, row.recipient, row.attempts,
                       error.code, dict(error.params))
        return "dead"
    row.next_attempt_at = runtime.clock.now() + retry_delay(row.attempts)
    return "failed"


def bury_refused(runtime: Runtime, row: OutboxMessage, message: OutgoingMessage, refusal: PermanentFailure,
                 on_refused: RefusalHook | None) -> None:
    """Make a permanently refused message dead with the reason, and tell the hook (inside the caller's unit)."""
    row.status = DEAD
    row.error = Reason(refusal.reason.code, {**refusal.reason.params, "permanent": True})
    logger.warning("message %s to %s refused for good: %s", row.id, row.recipient, refusal)
    if on_refused is not None:
        on_refused(message, refusal, runtime.clock.now())


@use_case
def record_held(runtime: Runtime, message: OutgoingMessage, hold: Hold) -> None:
    """Keep a message pending until the hold ends, its attempt uncounted, and write why on its row."""
    row = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.id == message.id, OutboxMessage.status == PENDING,
                                    OutboxMessage.claimed_until == message.claimed_until).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        return
    row.attempts = max(0, row.attempts - 1)
    row.claimed_until, row.next_attempt_at = None, hold.until
    row.held, row.held_count = hold.reason, (row.held_count or 0) + 1


def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait after the given number of failed attempts (doubling, capped)."""
    return timedelta(seconds=min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** (attempts - 1)))
