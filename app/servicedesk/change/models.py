"""What a change ticket holds beyond the ticket row (its record, CIs and links), the catalogue of standard changes,
the risk questionnaire, and the success scores the post-implementation reviews feed."""
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime


class ChangeRecord(Model):
    """A change's own fields: its type and stage, owner, window, plans, risk with its reasons, and outcome."""

    __tablename__ = "change_record"
    __table_args__ = (UniqueConstraint("ticket_id", name="uq_change_record_ticket_id"),
                      Index("ix_change_record_window", "planned_start_at", "planned_end_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_change_record_ticket_id", ondelete="CASCADE"))
    change_type: Mapped[str] = mapped_column(String(20))  # standard, normal, emergency
    stage: Mapped[str] = mapped_column(String(20))  # see app.servicedesk.change.stages.STAGES
    reason: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(80))
    owner_group: Mapped[str] = mapped_column(String(80))
    implementer: Mapped[str | None] = mapped_column(String(80))
    planned_start_at: Mapped[datetime] = mapped_column(UtcDateTime())
    planned_end_at: Mapped[datetime] = mapped_column(UtcDateTime())
    time_zone: Mapped[str] = mapped_column(String(64))  # the requester's zone, in which the window was given
    implementation_plan: Mapped[str] = mapped_column(Text)
    backout_plan: Mapped[str] = mapped_column(Text)
    test_plan: Mapped[str | None] = mapped_column(Text)
    risk: Mapped[str] = mapped_column(String(10))  # low, medium, high
    risk_score: Mapped[float] = mapped_column(Float)
    risk_reasons: Mapped[str] = mapped_column(Text)  # JSON: the assessment's reasons (app.servicedesk.change.risk)
    answers: Mapped[str] = mapped_column(Text)  # JSON: question id -> yes/no of the risk questionnaire
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("change_template.id", name="fk_change_record_template_id"))
    outcome: Mapped[str | None] = mapped_column(String(30))  # the review's: see stages.OUTCOMES
    actual_start_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    actual_end_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ChangeCi(Model):
    """A configuration item a change affects."""

    __tablename__ = "change_ci"
    __table_args__ = (UniqueConstraint("change_record_id", "ci_id", name="uq_change_ci"),
                      Index("ix_change_ci_ci", "ci_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    change_record_id: Mapped[int] = mapped_column(
        ForeignKey("change_record.id", name="fk_change_ci_change_record_id", ondelete="CASCADE"))
    ci_id: Mapped[int] = mapped_column(
        ForeignKey("configuration_item.id", name="fk_change_ci_ci_id", ondelete="CASCADE"))


class ChangeLink(Model):
    """An incident or problem a change fixes; closing the change notes it, and moves it on when it waits."""

    __tablename__ = "change_link"
    __table_args__ = (UniqueConstraint("change_record_id", "ticket_id", name="uq_change_link"),
                      Index("ix_change_link_ticket", "ticket_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    change_record_id: Mapped[int] = mapped_column(
        ForeignKey("change_record.id", name="fk_change_link_change_record_id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_change_link_ticket_id", ondelete="CASCADE"))


class ChangeTemplate(Model):
    """One version of a standard change in the catalogue: proposed, approved (usable) or retired."""

    __tablename__ = "change_template"
    __table_args__ = (UniqueConstraint("key", "version", name="uq_change_template_key_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))  # the same across versions
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    owner_group: Mapped[str] = mapped_column(String(80))
    implementation_plan: Mapped[str] = mapped_column(Text)
    backout_plan: Mapped[str] = mapped_column(Text)
    test_plan: Mapped[str] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10))  # proposed, approved, retired
    proposed_by: Mapped[str] = mapped_column(String(80))
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    usage_count: Mapped[int] = mapped_column(Integer, default=0)


class RiskQuestion(Model):
    """A yes/no question of the risk questionnaire and its weight (admins edit them)."""

    __tablename__ = "change_risk_question"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(300))
    text_zh: Mapped[str] = mapped_column(String(300))
    weight: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ChangeSuccess(Model):
    """The reviews counted for a group or a template: how many, and the points their outcomes earned."""

    __tablename__ = "change_success"
    __table_args__ = (UniqueConstraint("subject_kind", "subject", name="uq_change_success_subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(10))  # group, template (by key)
    subject: Mapped[str] = mapped_column(String(80))
    reviews: Mapped[int] = mapped_column(Integer)
    points: Mapped[float] = mapped_column(Float)
