"""The tables of e-mail intake: the mailboxes admins configure and every message that came in, raw bytes first."""
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.messaging.reasons import StoredReason
from app.platform.types import UtcDateTime

# What became of a message: waiting to be processed, a new ticket, a note on one, an answer delivered to its
# process, a resolved ticket reopened or confirmed by it, an approval decided by it, refused (a polite reply went
# out), an automatic mail stored only, over the sender's daily cap, a copy of a message already taken in, in
# quarantine, or discarded.
MAIL_STATUSES = ("received", "ticket", "reply", "answer", "reopened", "confirmed", "decided", "refused", "auto",
                 "capped", "duplicate", "quarantined", "discarded")
# Where a message goes on the server once its outcome is committed (None: it stays in the polled folder until the
# next pass sees it again, which changes nothing).
FOLDER_OF_STATUS = {"ticket": "processed", "reply": "processed", "answer": "processed", "reopened": "processed",
                    "confirmed": "processed", "decided": "processed", "auto": "processed", "duplicate": "processed",
                    "capped": "refused", "refused": "refused", "quarantined": "quarantine", "discarded": "refused"}


class Mailbox(Model):
    """An IMAP mailbox FlowDesk polls, and what a new mail there becomes: its kind, category, process and group."""

    __tablename__ = "mail_mailbox"
    __table_args__ = (UniqueConstraint("name", name="uq_mail_mailbox_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    security: Mapped[str] = mapped_column(String(10))  # tls (implicit, imaps://) or starttls (imap://)
    username: Mapped[str] = mapped_column(String(255))
    auth_method: Mapped[str] = mapped_column(String(10))  # password, oauth2 (XOAUTH2 with an access token)
    secret: Mapped[str] = mapped_column(Text)  # password or OAuth2 token, sealed: app/platform/secret_box.py
    folder: Mapped[str] = mapped_column(String(255))
    processed_folder: Mapped[str] = mapped_column(String(255))
    refused_folder: Mapped[str] = mapped_column(String(255))
    quarantine_folder: Mapped[str] = mapped_column(String(255))
    ticket_kind: Mapped[str] = mapped_column(String(20))  # incident, request
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_category.id", name="fk_mail_mailbox_category_id"))
    process_id: Mapped[str | None] = mapped_column(String(200))  # None: the category's or the kind's process
    default_group: Mapped[str | None] = mapped_column(String(80))  # None: the category's or the service desk
    unknown_senders: Mapped[str] = mapped_column(String(10))  # create, refuse
    # Other systems' ticket ids, one regular expression a line with one group capturing the id, e.g.
    # \[Case #(\d+)\] for a supplier's cases (app/servicedesk/intake/foreign_ids.py).
    foreign_id_patterns: Mapped[str] = mapped_column(Text, default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_polled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    # OAuth2 (auth_method 'oauth2'): with these, an expired or refused access token (in secret) is refreshed
    # (app/servicedesk/intake/oauth_tokens.py); the client secret and the refresh token are sealed like secret.
    oauth_client_id: Mapped[str | None] = mapped_column(String(255))
    oauth_client_secret: Mapped[str | None] = mapped_column(Text)
    oauth_token_url: Mapped[str | None] = mapped_column(String(500))
    oauth_refresh_token: Mapped[str | None] = mapped_column(Text)
    oauth_scope: Mapped[str | None] = mapped_column(String(500))  # None: the scopes the owner consented to
    oauth_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class IncomingMailRaw(Model):
    """The raw bytes of an incoming message, in a row of their own: SQLite rewrites a whole row (a 500 KB mail's
    every overflow page) whenever one of its columns changes, and the message's row changes twice after it is stored
    (its outcome, then its move), while the bytes never change."""

    __tablename__ = "mail_incoming_raw"
    mail_id: Mapped[int] = mapped_column(
        ForeignKey("mail_incoming.id", name="fk_mail_incoming_raw_mail_id", ondelete="CASCADE"), primary_key=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)


class IncomingMail(Model):
    """A message as it came in (its raw bytes stored before anything else) and what became of it.

    One row per (mailbox, UIDVALIDITY, UID): polling the same message again finds its row. A message piped in by an
    MTA has no UID. Message-ID ties copies together: the second copy of a message is a duplicate, never a second
    ticket entry. The bytes live in mail_incoming_raw, loaded only when raw is read.
    """

    __tablename__ = "mail_incoming"
    __table_args__ = (
        UniqueConstraint("mailbox_id", "uid_validity", "uid", name="uq_mail_incoming_mailbox_uid"),
        Index("ix_mail_incoming_message_id", "message_id"),
        Index("ix_mail_incoming_sender", "sender", "received_at"),
        Index("ix_mail_incoming_status", "status", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("mail_mailbox.id", name="fk_mail_incoming_mailbox_id", ondelete="SET NULL"))
    uid_validity: Mapped[int | None] = mapped_column(BigInteger)
    uid: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[str | None] = mapped_column(String(500))
    sender: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(500))
    raw_part: Mapped[IncomingMailRaw] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    raw: AssociationProxy[bytes] = association_proxy("raw_part", "raw", creator=lambda raw: IncomingMailRaw(raw=raw))
    size_bytes: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(20))
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", name="fk_mail_incoming_ticket_id", ondelete="SET NULL"))
    detector: Mapped[str | None] = mapped_column(String(60))  # which threading detector found the ticket
    auto_kind: Mapped[str | None] = mapped_column(String(20))  # auto_reply, bulk, list, own_echo, bounce
    # Why it is in quarantine, was refused or capped, or what its bounce said: a code of
    # app/servicedesk/intake/reasons.py and its parameters (a quarantine's 'detail' keeps what failed, verbatim).
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error = StoredReason("error")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    moved: Mapped[bool] = mapped_column(Boolean, default=False)  # moved to its folder on the server


class ForeignReference(Model):
    """Another system's id for a ticket (a supplier's case number), found by a mailbox's pattern: their later mail
    naming only their id lands on this ticket."""

    __tablename__ = "mail_foreign_reference"
    __table_args__ = (UniqueConstraint("pattern", "foreign_id", name="uq_mail_foreign_reference"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_mail_foreign_reference_ticket_id", ondelete="CASCADE"))
    pattern: Mapped[str] = mapped_column(String(200))
    foreign_id: Mapped[str] = mapped_column(String(100))
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime())
