"""Service-desk tickets (incidents, requests, changes), their categories, notes, watchers and links."""
import re
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime

NUMBER_PREFIXES = {"incident": "INC", "request": "REQ", "change": "CHG", "problem": "PRB"}
# What a ticket number looks like, in any case (a process's business key of this shape may name a ticket).
TICKET_NUMBER_SHAPE = re.compile(rf"^\s*({'|'.join(NUMBER_PREFIXES.values())})-\d+\s*$", re.IGNORECASE)


class Category(Model):
    """A node of the admin-defined category tree: the process it starts, its default group and SLA policy."""

    __tablename__ = "ticket_category"
    __table_args__ = (
        UniqueConstraint("parent_id", "name", name="uq_ticket_category_parent_name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_category.id", name="fk_ticket_category_parent_id"))
    process_id: Mapped[str | None] = mapped_column(String(200))  # None: the ticket kind's default process
    default_group: Mapped[str | None] = mapped_column(String(80))
    sla_policy: Mapped[str | None] = mapped_column(String(100))
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    # What a mail replying to a closed ticket of this category does: new (a new ticket linked to the closed one),
    # refuse (a polite reply says so); None: new. (A closed ticket's flow has ended, so it cannot reopen.)
    closed_reply_policy: Mapped[str | None] = mapped_column(String(10))


class Ticket(Model):
    """An incident, request or change as people see it; its process instance carries the number as business key.

    The number is derived from the id after insert (INC-000123), so concurrent inserts never collide.
    """

    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("number", name="uq_ticket_number"),
        Index("ix_ticket_group_status", "assigned_group", "status", "id"),
        Index("ix_ticket_requester", "requester", "id"),
        Index("ix_ticket_status", "status", "id"),
        Index("ix_ticket_category", "category_id"),
        # The ticket list (app/servicedesk/search/lookup.py under tickets/visibility.py): visibility, filters, orders.
        Index("ix_ticket_assignee", "assignee", "id"),
        Index("ix_ticket_ci", "ci_id", "id"),
        Index("ix_ticket_department", "requester_department_id", "id"),
        Index("ix_ticket_created", "created_at", "id"),
        Index("ix_ticket_updated", "updated_at", "id"),
        Index("ix_ticket_priority", "priority", "id"),
        Index("ix_ticket_resolution_due", "resolution_due_at", "id"),
        Index("ix_ticket_instance", "instance_id"),  # the insight joins its cases to their tickets (migration 0044)
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))  # incident, request, change, problem
    channel: Mapped[str] = mapped_column(String(20))  # portal, agent, email, api, monitoring
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    requester: Mapped[str] = mapped_column(String(80))
    requester_department_id: Mapped[int | None] = mapped_column(Integer)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_category.id", name="fk_ticket_category_id"))
    ci_id: Mapped[int | None] = mapped_column(ForeignKey("configuration_item.id", name="fk_ticket_ci_id"))
    impact: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(10))
    priority_source: Mapped[str] = mapped_column(String(20))  # matrix, override, monitoring
    priority_reason: Mapped[str] = mapped_column(Text)
    # new, assigned, in_progress, pending_requester, resolved, closed, cancelled
    status: Mapped[str] = mapped_column(String(20))
    assigned_group: Mapped[str | None] = mapped_column(String(80))
    assignee: Mapped[str | None] = mapped_column(String(80))
    response_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolution_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolution_warning_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sla_policy: Mapped[str | None] = mapped_column(String(100))
    # working minutes to resolve that the ticket brings with it (a catalogue item's SLA target), instead of its
    # policy's resolution target; None: the policy's (migration 0054)
    resolution_target_minutes: Mapped[int | None] = mapped_column(Integer)
    auto_close_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reassignment_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    instance_id: Mapped[int | None] = mapped_column(
        ForeignKey("process_instance.id", name="fk_ticket_instance_id"))


class TicketNote(Model):
    """A progress note; public ones are shown to the requester, internal ones only to agents."""

    __tablename__ = "ticket_note"
    __table_args__ = (
        Index("ix_ticket_note_ticket", "ticket_id", "id"),
        Index("ix_ticket_note_author", "author", "ticket_id"),  # the tickets an agent worked on
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_ticket_note_ticket_id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    # what a person wrote (a system note's text too: a resolution, a reason); FlowDesk's English sentence for a
    # system note without a person's text, for full-text search and readers of the raw table
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10))  # internal, public
    minutes_spent: Mapped[int | None] = mapped_column(Integer)  # the work the note reports, when the author says
    # A system note: what happened (app.servicedesk.tickets.note_events) and its parameters as JSON; None for
    # people's notes and for system notes written before events (shown by their body).
    event: Mapped[str | None] = mapped_column(String(40))
    event_params: Mapped[str | None] = mapped_column(Text)


class ReplyTemplate(Model):
    """A canned response agents insert into a note: admin-managed, one title per language."""

    __tablename__ = "reply_template"
    __table_args__ = (UniqueConstraint("language", "title", name="uq_reply_template_language_title"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(10))  # en, zh_CN
    body: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TicketWatcher(Model):
    """A person notified about a ticket's changes."""

    __tablename__ = "ticket_watcher"
    __table_args__ = (UniqueConstraint("ticket_id", "login", name="uq_ticket_watcher_ticket_login"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_ticket_watcher_ticket_id", ondelete="CASCADE"))
    login: Mapped[str] = mapped_column(String(80))


class TicketLink(Model):
    """A link from a ticket to another ticket (related, caused_by), a CI or a knowledge article."""

    __tablename__ = "ticket_link"
    __table_args__ = (
        UniqueConstraint("ticket_id", "kind", "target_ticket_id", name="uq_ticket_link_ticket"),
        UniqueConstraint("ticket_id", "kind", "target_ci_id", name="uq_ticket_link_ci"),
        UniqueConstraint("ticket_id", "kind", "target_article_id", name="uq_ticket_link_article"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_ticket_link_ticket_id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # related, caused_by, ci, article
    target_ticket_id: Mapped[int | None] = mapped_column(Integer)
    target_ci_id: Mapped[int | None] = mapped_column(Integer)
    target_article_id: Mapped[int | None] = mapped_column(Integer)


class SavedTicketFilter(Model):
    """A ticket-list filter a person saved under a name: the list's query string, without a page cursor."""

    __tablename__ = "saved_ticket_filter"
    __table_args__ = (UniqueConstraint("owner", "name", name="uq_saved_ticket_filter_owner_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# Search objects that live outside the ORM metadata (made by migration 0011): the SQLite FTS5 tables with
# their shadow tables (<name>_data, _idx, _docsize, _config) and the PostgreSQL trigram indexes.
TICKET_FTS = "ticket_fts"
TICKET_NOTE_FTS = "ticket_note_fts"
TICKET_FTS_TABLES = (TICKET_FTS, TICKET_NOTE_FTS)
TICKET_TRGM_INDEXES = frozenset({"ix_ticket_title_trgm", "ix_ticket_description_trgm", "ix_ticket_note_body_trgm"})



class TicketAttachment(Model):
    """An uploaded file; file_name is for display only, the store finds the bytes by the random storage_key."""

    __tablename__ = "ticket_attachment"
    __table_args__ = (
        UniqueConstraint("storage_key", name="uq_ticket_attachment_storage_key"),
        Index("ix_ticket_attachment_ticket", "ticket_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_ticket_attachment_ticket_id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(255))  # as uploaded, sanitised; never used as a path
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    visibility: Mapped[str] = mapped_column(String(10))  # internal, public
