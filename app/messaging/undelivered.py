"""Undelivered messages as admins see them (dead first, then waiting, any or one reason), and resending a dead one."""
import logging
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from app.extensions import db
from app.messaging.models import DEAD, PENDING, SENT, OutboxMessage
from app.messaging.reasons import REASONS, Reason
from app.organisation.policies import Actor, may_administer
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case
from app.workflow.runtime import Runtime

logger = logging.getLogger("flowdesk.outbox")
LIST_LIMIT = 200


@dataclass(frozen=True)
class UndeliveredMessage:
    """One dead or waiting message, with what an admin needs to judge it."""

    id: int
    status: str
    channel: str
    recipient: str
    subject: str
    attempts: int
    last_error: Reason | None
    created_at: datetime
    next_attempt_at: datetime
    claimed_until: datetime | None
    resent_at: datetime | None
    resent_by: str | None
    held_reason: Reason | None = None  # why a gate holds it back: a rate cap, or an undeliverable address

    def is_sending(self, now: datetime) -> bool:
        """Say whether a delivery pass holds the message right now."""
        return self.claimed_until is not None and self.claimed_until > now

    @property
    def shown_reason(self) -> Reason | None:
        """Return the reason the lists show: why it is held while it waits on a gate, else its last error."""
        return (self.held_reason if self.status == PENDING else None) or self.last_error

    def to_dict(self) -> dict[str, Any]:
        """Return the message as JSON-ready data (times in ISO 8601; reasons as code, parameters and English)."""
        data = {field.name: getattr(self, field.name) for field in fields(self)}
        return {key: json_ready(value) for key, value in data.items()}


def json_ready(value: object) -> object:
    """Return a field's value as JSON carries it."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Reason):
        return value.to_dict()
    return value


def undelivered_view(row: OutboxMessage) -> UndeliveredMessage:
    """Copy what the admin views show of a message row."""
    return UndeliveredMessage(row.id, row.status, row.channel, row.recipient, row.subject, row.attempts, row.error,
                              row.created_at, row.next_attempt_at, row.claimed_until, row.resent_at, row.resent_by,
                              row.held)


def list_undelivered(dead_only: bool = False, limit: int = LIST_LIMIT, reason: str | None = None
                     ) -> list[UndeliveredMessage]:
    """List dead messages (newest first), then, unless dead_only, waiting ones in the order they will be tried.

    reason keeps the messages held or last failed for that reason code (app/messaging/reasons.py).
    """
    of_reason = with_reason(reason)
    dead = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.status == DEAD, of_reason).order_by(OutboxMessage.id.desc())
        .limit(limit)).scalars().all()
    rows = list(dead)
    if not dead_only and len(rows) < limit:
        rows += db.session.execute(
            select(OutboxMessage).where(OutboxMessage.status == PENDING, of_reason)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit - len(rows))
        ).scalars().all()
    return [undelivered_view(row) for row in rows]


def with_reason(reason: str | None) -> ColumnElement[bool]:
    """Return the condition of messages held or last failed for a reason (any message when None).

    An unknown code is refused with the codes there are, rather than listing nothing as if none matched.
    """
    if reason is None:
        return OutboxMessage.id.isnot(None)
    if reason not in REASONS:
        raise InvalidValues(f"There is no outbox reason '{reason}'; use one of {', '.join(REASONS)}.",
                            {"reason": [f"Choose one of {', '.join(REASONS)}."]})
    return or_(OutboxMessage.held_code == reason, OutboxMessage.error_code == reason)


def count_undelivered() -> dict[str, int]:
    """Count the dead and the waiting messages."""
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).where(OutboxMessage.status.in_((DEAD, PENDING)))
        .group_by(OutboxMessage.status)).all()
    counts = {status: count for status, count in rows}
    return {DEAD: counts.get(DEAD, 0), PENDING: counts.get(PENDING, 0)}


def count_by_reason(dead_only: bool = False) -> dict[str, int]:
    """Count the undelivered (or only the dead) messages held or last failed for each reason code there is."""
    statuses = (DEAD,) if dead_only else (DEAD, PENDING)
    held, failed = OutboxMessage.held_code, OutboxMessage.error_code
    counts: dict[str, int] = {}
    for column, condition in ((held, held.isnot(None)),
                              (failed, failed.isnot(None) & or_(held.is_(None), held != failed))):  # each row once
        for code, count in db.session.execute(select(column, func.count()).where(
                OutboxMessage.status.in_(statuses), condition).group_by(column)).all():
            counts[str(code)] = counts.get(str(code), 0) + count
    return counts


@use_case
def resend_message(runtime: Runtime, actor: Actor, message_id: int) -> UndeliveredMessage:
    """Put a dead message back in the queue with its attempts reset, recording who did it and when (admins only)."""
    if not may_administer(actor):
        raise NotAllowed("Only administrators may resend outbox messages.")
    row = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.id == message_id).with_for_update()).scalar_one_or_none()
    if row is None:
        raise NotFound(f"There is no outbox message {message_id}. List them with 'flowdesk outbox list'.")
    if row.status != DEAD:
        raise Conflict(not_dead_reason(row))
    now = runtime.clock.now()
    row.status, row.attempts, row.next_attempt_at, row.claimed_until = PENDING, 0, now, None
    row.resent_at, row.resent_by = now, actor.login
    logger.info("message %s to %s resent by %s", row.id, row.recipient, actor.login)
    return undelivered_view(row)


def not_dead_reason(row: OutboxMessage) -> str:
    """Explain why a message that is not dead cannot be resent."""
    if row.status == SENT:
        return f"Message {row.id} was already delivered; only dead messages can be resent."
    return f"Message {row.id} is still waiting to be delivered; only dead messages can be resent."


def find_message(message_id: int) -> UndeliveredMessage:
    """Return one outbox message (any status) or raise NotFound."""
    row = db.session.get(OutboxMessage, message_id)
    if row is None:
        raise NotFound(f"There is no outbox message {message_id}. List them with 'flowdesk outbox list'.")
    return undelivered_view(row)
