"""Admin overrides of the shipped mail templates, and each person's choice of how to hear of what."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
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


class ConversationMessageId(Model):
    """The Message-ID of a mail that came in on a ticket: FlowDesk's later mail on it names it in References, so the
    requester's client threads the conversation (FlowDesk's own Message-IDs are in the outbox)."""

    __tablename__ = "mail_conversation_id"
    __table_args__ = (UniqueConstraint("ticket_number", "message_id", name="uq_mail_conversation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_number: Mapped[str] = mapped_column(String(30))
    message_id: Mapped[str] = mapped_column(String(500))
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
