"""What a problem ticket holds beyond the ticket row: its stage, root cause and workaround, its known-error record
and the affected CIs, and the problems FlowDesk suggests from clusters of incidents."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime


class ProblemRecord(Model):
    """A problem's own fields: where its flow stands, the root cause, the workaround and its last publication."""

    __tablename__ = "problem_record"
    __table_args__ = (UniqueConstraint("ticket_id", name="uq_problem_record_ticket_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_problem_record_ticket_id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(20))  # new, assess, analysis, fix, resolved, closed
    root_cause: Mapped[str | None] = mapped_column(Text)
    workaround: Mapped[str | None] = mapped_column(Text)
    # the workaround's text as last published to the linked incidents (None: never published)
    published_workaround: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class KnownError(Model):
    """The known-error record of a problem: the symptom people report, its cause and the workaround that helps."""

    __tablename__ = "known_error"
    __table_args__ = (UniqueConstraint("ticket_id", name="uq_known_error_ticket_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_known_error_ticket_id", ondelete="CASCADE"))
    symptom: Mapped[str] = mapped_column(Text)
    cause: Mapped[str] = mapped_column(Text)
    workaround: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class KnownErrorCi(Model):
    """A configuration item a known error affects."""

    __tablename__ = "known_error_ci"
    __table_args__ = (
        UniqueConstraint("known_error_id", "ci_id", name="uq_known_error_ci"),
        Index("ix_known_error_ci_ci", "ci_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    known_error_id: Mapped[int] = mapped_column(
        ForeignKey("known_error.id", name="fk_known_error_ci_known_error_id", ondelete="CASCADE"))
    ci_id: Mapped[int] = mapped_column(
        ForeignKey("configuration_item.id", name="fk_known_error_ci_ci_id", ondelete="CASCADE"))


class ProblemSuggestion(Model):
    """A problem FlowDesk suggests because enough incidents hit one CI or one category within the period."""

    __tablename__ = "problem_suggestion"
    __table_args__ = (Index("ix_problem_suggestion_status", "status", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    basis: Mapped[str] = mapped_column(String(10))  # ci, category
    basis_id: Mapped[int] = mapped_column(Integer)  # the CI's or the category's id
    status: Mapped[str] = mapped_column(String(10))  # open, accepted, dismissed
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    problem_ticket_id: Mapped[int | None] = mapped_column(Integer)  # the PRB opened when accepted


class ProblemSuggestionIncident(Model):
    """An incident listed in a suggestion; an incident joins one suggestion per basis, so no cluster comes twice."""

    __tablename__ = "problem_suggestion_incident"
    __table_args__ = (UniqueConstraint("basis", "ticket_id", name="uq_problem_suggestion_incident_basis_ticket"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("problem_suggestion.id", name="fk_problem_suggestion_incident_suggestion_id", ondelete="CASCADE"))
    basis: Mapped[str] = mapped_column(String(10))
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_problem_suggestion_incident_ticket_id", ondelete="CASCADE"))
