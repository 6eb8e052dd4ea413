"""Admin overrides of the shipped mail templates, and each person's choice of how to hear of what."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime


class MailTemplateOverride(Model):
    """An admin's wording of one event's mail in one language; the shipped template serves where there is none.

    subject, text and html are Jinja templates rendered in a sandbox with the same variables as the shipped ones.
    """

    __tablename__ = "mail_template_override"
    __table_args__ = (UniqueConstraint("event", "language"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[str] = mapped_column(String(80))


class NotificationPreference(Model):
    """How one person wants to hear of one event (no row: the defaults, e-mail always and SMS when urgent).

    sms: never, urgent (a P1 incident, a missed target) or always.
    """

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "event"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(60))
    email: Mapped[bool] = mapped_column(Boolean)
    sms: Mapped[str] = mapped_column(String(10))


class MailBounce(Model):
    """One delivery failure of a mail FlowDesk sent: reported later by a DSN, or refused by the relay at once.

    outbox_message_id names the mail it was attributed to (None when no sent mail matched); attributed_by says
    how: by the original Message-ID the report returned, or by the address it failed for.
    """

    __tablename__ = "mail_bounce"
    __table_args__ = (Index("ix_mail_bounce_address", "address", "bounced_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(254))
    outbox_message_id: Mapped[int | None] = mapped_column(Integer, index=True)
    incoming_mail_id: Mapped[int | None] = mapped_column(Integer)
    permanent: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    diagnostic: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10))  # dsn, relay
    attributed_by: Mapped[str | None] = mapped_column(String(20))  # message_id, address
    bounced_at: Mapped[datetime] = mapped_column(UtcDateTime())


class UndeliverableAddress(Model):
    """An address mail cannot reach: marked by a permanent failure, cleared by an admin (then kept as history).

    While marked (cleared_at is None) no mail goes to it: the outbox holds it with the reason.
    """

    __tablename__ = "mail_undeliverable_address"
    __table_args__ = (UniqueConstraint("address"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    bounce_id: Mapped[int | None] = mapped_column(Integer)
    bounced_at: Mapped[datetime] = mapped_column(UtcDateTime())
    cleared_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cleared_by: Mapped[str | None] = mapped_column(String(80))


class ConversationMessageId(Model):
    """The Message-ID of a mail that came in on a ticket: FlowDesk's later mail on it names it in References, so the
    requester's client threads the conversation (FlowDesk's own Message-IDs are in the outbox)."""

    __tablename__ = "mail_conversation_id"
    __table_args__ = (UniqueConstraint("ticket_number", "message_id", name="uq_mail_conversation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_number: Mapped[str] = mapped_column(String(30))
    message_id: Mapped[str] = mapped_column(String(500))
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
