"""The insight tables: counts per process version, element (or flow), day and ticket keys; task durations in
buckets; one row per case with its trail, path and departures from the plain run."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime

# In this order the unique key serves the insight's reads too: a version, its keys (or roll-ups), days, elements.
KEY_COLUMNS = ("definition_id", "category", "priority", "group_name", "day", "element_id")


class InsightCount(Model):
    """How many times cases passed one element (or sequence flow) of a version on one day, under one set of keys.

    category is the ticket category's id as text, priority and group_name the ticket's; '' where the case has
    none (an instance without a ticket); '*' in the roll-ups summed over that key (keys.rolled_up).
    """

    __tablename__ = "insight_count"
    __table_args__ = (UniqueConstraint(*KEY_COLUMNS, name="uq_insight_count_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id", name="fk_insight_count_definition"))
    element_id: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(10))
    group_name: Mapped[str] = mapped_column(String(80))
    passes: Mapped[int] = mapped_column(Integer)
    cases: Mapped[int] = mapped_column(Integer)
    repeats: Mapped[int] = mapped_column(Integer)
    reassignments: Mapped[int] = mapped_column(Integer)


class InsightDuration(Model):
    """How many completed user tasks of one element, day and keys took a duration in one bucket (see buckets)."""

    __tablename__ = "insight_duration"
    __table_args__ = (UniqueConstraint(*KEY_COLUMNS, "measure", "bucket", name="uq_insight_duration_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("process_definition.id", name="fk_insight_duration_definition"))
    element_id: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(10))
    group_name: Mapped[str] = mapped_column(String(80))
    measure: Mapped[str] = mapped_column(String(10))  # open (ready to completed), wait (ready to first claim)
    bucket: Mapped[int] = mapped_column(Integer)
    tasks: Mapped[int] = mapped_column(Integer)


class InsightCase(Model):
    """One case as the insight follows it: its keys, its trail between steps, its path and what set it apart."""

    __tablename__ = "insight_case"
    __table_args__ = (Index("ix_insight_case_version_started", "definition_id", "started_on"),)
    instance_id: Mapped[int] = mapped_column(
        ForeignKey("process_instance.id", name="fk_insight_case_instance", ondelete="CASCADE"), primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id", name="fk_insight_case_definition"))
    started_on: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(10))
    group_name: Mapped[str] = mapped_column(String(80))
    path: Mapped[str] = mapped_column(Text)  # the elements passed, in order, joined by PATH_JOINER
    status: Mapped[str] = mapped_column(String(20))
    duration_bucket: Mapped[int | None] = mapped_column(Integer)  # of an ended case, start to end (see buckets)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    repeats: Mapped[int] = mapped_column(Integer)
    rework_start: Mapped[str | None] = mapped_column(String(200))
    off_path: Mapped[str] = mapped_column(String(200))  # labels joined by ',' ('' for none)
    trail: Mapped[str] = mapped_column(Text)  # CaseTrail as JSON
    counted_seq: Mapped[int] = mapped_column(Integer, server_default="0")  # the last history event counted
