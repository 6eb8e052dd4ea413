"""Deployed process versions, running instances and the projections rewritten after each step."""
import json
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime


class ProcessDefinition(Model):
    """One deployed version of a process; the XML is kept exactly as uploaded."""

    __tablename__ = "process_definition"
    __table_args__ = (
        UniqueConstraint("process_id", "version"),
        Index("ix_definition_hash", "process_id", "content_hash"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    file_name: Mapped[str] = mapped_column(String(300))
    bpmn_xml: Mapped[bytes] = mapped_column(LargeBinary)
    form_files: Mapped[str | None] = mapped_column(Text)  # JSON: Camunda Forms deployed with it, name -> text
    content_hash: Mapped[str] = mapped_column(String(64))
    deployed_by: Mapped[str] = mapped_column(String(80))
    deployed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    change_note: Mapped[str | None] = mapped_column(Text)  # what changed and why (migration 0038); None before

    def forms(self) -> dict[str, bytes]:
        """Return the Camunda Forms files deployed with this version, by file name."""
        stored = json.loads(self.form_files) if self.form_files else {}
        return {name: text.encode() for name, text in stored.items()}


class ProcessInstance(Model):
    """A running (or finished) copy of a process version with its engine state."""

    __tablename__ = "process_instance"
    __table_args__ = (
        Index("ix_instance_process_status", "process_id", "status"),
        Index("ix_instance_started_by", "started_by", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), index=True)
    process_id: Mapped[str] = mapped_column(String(200))
    business_key: Mapped[str | None] = mapped_column(String(100), index=True)
    status: Mapped[str] = mapped_column(String(20))  # running, completed, cancelled, needs_attention
    state_json: Mapped[str] = mapped_column(Text)
    serializer_version: Mapped[str] = mapped_column(String(10))
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    started_by: Mapped[str | None] = mapped_column(String(80))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    history_seq: Mapped[int] = mapped_column(Integer, server_default="0")  # head of the history chain
    history_hash: Mapped[str] = mapped_column(String(64), server_default="0" * 64)


class UserTask(Model):
    """Projection: an open user task, for inbox queries."""

    __tablename__ = "user_task"
    __table_args__ = (
        Index("ix_user_task_due", "due_at"),
        # The inbox (migration 0004): my tasks over the claimed rows, the group queue over the unclaimed ones.
        Index("ix_user_task_assigned", "assignee", "due_at", "id",
              sqlite_where=text("assignee IS NOT NULL"), postgresql_where=text("assignee IS NOT NULL")),
        Index("ix_user_task_queue_due", "due_at", "id",
              sqlite_where=text("assignee IS NULL"), postgresql_where=text("assignee IS NULL")),
        Index("ix_user_task_queue_priority", "priority", "id",
              sqlite_where=text("assignee IS NULL"), postgresql_where=text("assignee IS NULL")),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the engine's task id
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    documentation: Mapped[str | None] = mapped_column(Text)
    assignee: Mapped[str | None] = mapped_column(String(80))
    priority: Mapped[int | None] = mapped_column(Integer)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    follow_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # camunda:followUpDate (migration 0024)
    form_fields: Mapped[str] = mapped_column(Text)  # JSON list of field definitions
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class UserTaskCandidate(Model):
    """Projection: a group or user a task is offered to."""

    __tablename__ = "user_task_candidate"
    __table_args__ = (Index("ix_candidate_lookup", "kind", "name", "task_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("user_task.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(5))  # group or user
    name: Mapped[str] = mapped_column(String(80))


class Timer(Model):
    """Projection: a timer an instance waits for, with its due time."""

    __tablename__ = "timer"
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[str] = mapped_column(String(36))
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class MessageSubscription(Model):
    """Projection: a message or signal an instance waits for now, at a catch event, receive task, event-based gateway
    branch, boundary event or event sub-process start; correlation and broadcast look it up by kind and name."""

    __tablename__ = "message_subscription"
    __table_args__ = (Index("ix_message_subscription_name", "message_name", "instance_id"),
                      Index("ix_message_subscription_kind_name", "kind", "message_name", "instance_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[str] = mapped_column(String(36))  # the engine's waiting task
    element_id: Mapped[str] = mapped_column(String(200))
    message_name: Mapped[str] = mapped_column(String(300))  # the message's or the signal's (resolved) name
    kind: Mapped[str] = mapped_column(String(10), default="message", server_default="message")  # or "signal"


class ExternalTask(Model):
    """Projection and lock: an external task waiting for an outside worker, and who holds it until when.

    The row comes and goes with the engine's task (each step's save); the lock columns are the
    workers' (fetchAndLock, failure, extendLock, unlock). A lock whose moment has passed holds nothing.
    """

    __tablename__ = "external_task"
    __table_args__ = (Index("ix_external_task_fetch", "topic", "priority", "created_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the engine's task id
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    topic: Mapped[str] = mapped_column(String(200))
    priority: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    worker_id: Mapped[str | None] = mapped_column(String(255))  # the worker that locked it last
    lock_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    retries: Mapped[int | None] = mapped_column(Integer)  # None until a worker reports a failure
    error_message: Mapped[str | None] = mapped_column(Text)
    error_details: Mapped[str | None] = mapped_column(Text)


class HistoryEvent(Model):
    """One thing that happened; never updated or deleted (database triggers refuse it)."""

    __tablename__ = "history_event"
    __table_args__ = (UniqueConstraint("stream", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    stream: Mapped[str] = mapped_column(String(120))  # "instance:42" or "deployments"
    seq: Mapped[int] = mapped_column(Integer)
    instance_id: Mapped[int | None] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    element_id: Mapped[str | None] = mapped_column(String(200))
    task_id: Mapped[str | None] = mapped_column(String(36), index=True)  # user-task events only
    actor: Mapped[str | None] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    data: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class HistoryCheckpoint(Model):
    """The signed heads of the history streams at one moment; never updated or deleted.

    kind "legacy": every stream's head when the chains became keyed (migration 0015); events up to it
    are plain SHA-256. kind "heads": the heads of the streams that grew since the previous checkpoint.
    Each signature is an HMAC with the history key over the checkpoint and the previous signature.
    """

    __tablename__ = "history_checkpoint"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime())
    up_to_event_id: Mapped[int] = mapped_column(Integer)  # the last history_event id it looked at
    heads: Mapped[str] = mapped_column(Text)  # canonical JSON {stream: [seq, hash]}
    prev_signature: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(64))


class ProcessDraft(Model):
    """The draft diagram of a process, saved from the modeller: who saved it last and when, and its version,
    which every save raises by one (a save based on an older version is refused, never lost silently)."""

    __tablename__ = "process_draft"
    __table_args__ = (UniqueConstraint("process_id", name="uq_process_draft_process_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    bpmn_xml: Mapped[bytes] = mapped_column(LargeBinary)
    saved_by: Mapped[str] = mapped_column(String(80))
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # the deployed version of the process the first save started from; NULL for drafts saved before it was kept
    started_from_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
