"""Messages to send, written in the same transaction as the step that caused them."""
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.messaging.reasons import StoredReason
from app.platform.types import UtcDateTime

PENDING, SENT, DEAD = "pending", "sent", "dead"
OUTBOX_STATUSES = (PENDING, SENT, DEAD)


class OutboxMessage(Model):
    """One notification waiting for (or done with) delivery.

    status: pending (waiting, or leased to a delivery pass until claimed_until), sent, or dead (every
    attempt failed; an admin may resend it). attempts counts the deliveries started; error_code and error_params
    keep why the latest one failed, held_code and held_params why a gate holds it back (app/messaging/reasons.py:
    codes and parameters, never sentences, so each reader reads them in their language).
    """

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))  # email, sms, log
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    instance_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(10), default=PENDING, server_default=PENDING)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    resent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resent_by: Mapped[str | None] = mapped_column(String(80))
    # E-mail (app/messaging/mail): what the message tells of which ticket, its HTML part, its own Message-ID and the
    # Message-IDs of the ticket's earlier mail it threads under (space-separated, oldest first).
    event: Mapped[str | None] = mapped_column(String(60))
    ticket_number: Mapped[str | None] = mapped_column(String(30), index=True)
    html: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(250))
    thread_references: Mapped[str | None] = mapped_column(Text)
    # A gate held the message back (never dropped): why, and how often; it goes out when the gate allows.
    held_code: Mapped[str | None] = mapped_column(String(40))
    held_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    held_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    error = StoredReason("error")  # why the latest attempt failed (None: it did not)
    held = StoredReason("held")  # why a gate holds the message back (None: nothing does)
