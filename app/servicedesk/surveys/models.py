"""What the surveys keep: the rules (per catalogue item, per category, or the default) and one survey per ticket."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime

DEFAULT_RULE = "default"
STATUSES = ("scheduled", "sent", "answered", "expired", "skipped")


class SurveyRule(Model):
    """When a resolved ticket is surveyed: key 'item:<id>', 'category:<id>' or 'default' (the most specific wins)."""

    __tablename__ = "survey_rule"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    sample_percent: Mapped[int] = mapped_column(Integer, default=100)  # 0-100: the share of tickets surveyed
    delay_working_days: Mapped[int] = mapped_column(Integer, default=1)  # after resolution, on its calendar
    min_days_between: Mapped[int] = mapped_column(Integer, default=0)  # per person: no survey more often
    remind_after_days: Mapped[int] = mapped_column(Integer, default=3)  # after sending
    expire_after_days: Mapped[int] = mapped_column(Integer, default=10)  # after sending
    low_score: Mapped[int] = mapped_column(Integer, default=2)  # a score at or below opens a recovery task
    comment_below: Mapped[int] = mapped_column(Integer, default=3)  # a score below asks for a comment
    recovery_hours: Mapped[int] = mapped_column(Integer, default=24)  # the recovery task's deadline
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Survey(Model):
    """The survey of one ticket (at most one, reopened or not): the decision and why, its moments and the answer."""

    __tablename__ = "survey"
    __table_args__ = (Index("ix_survey_requester", "requester", "decided_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_survey_ticket_id", ondelete="CASCADE"), unique=True)
    requester: Mapped[str] = mapped_column(String(80))
    rule_key: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))  # STATUSES
    reason: Mapped[str] = mapped_column(String(40))  # why: sampled_in, sampled_out, disabled, no_rule, ...
    instance_id: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime())
    send_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # answered or expired
    comment_below: Mapped[int] = mapped_column(Integer, default=3)
    score: Mapped[int | None] = mapped_column(Integer)
    effort: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
