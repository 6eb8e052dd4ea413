"""The report tables: one fact row per ticket, the daily roll-up of counters, duration histograms, the watermark
and the subscriptions.

Dimension keys never hold NULL (a unique key treats NULLs as distinct): '' for a missing group, priority or
policy, 0 for a missing category or service.
"""
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime

DIMENSIONS = ("kind", "grp", "category_id", "priority", "service_id", "policy")
# The counters every fact contributes to on some day; their meaning is in app.reports.facts.
COUNTERS = ("opened", "out", "solved", "open_delta", "open_ordinal_delta", "reopened", "fcr", "response_done",
            "response_met", "resolution_done", "resolution_met", "escalations", "rated", "rating_sum",
            "change_done", "change_failed", "change_emergency", "surveyed", "survey_answered")


class ReportKeys:
    """The keys (DIMENSIONS) every roll-up row and every ticket's fact row carries."""

    kind: Mapped[str] = mapped_column(String(20))
    grp: Mapped[str] = mapped_column(String(80))
    category_id: Mapped[int] = mapped_column(Integer)
    priority: Mapped[str] = mapped_column(String(10))
    service_id: Mapped[int] = mapped_column(Integer)
    policy: Mapped[str] = mapped_column(String(100))


class DurationBuckets(ReportKeys):
    """The columns both duration tables share: a day, its keys, a measure and a bucket's count."""

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(String(20))  # response_wall, response_work, resolution_wall, resolution_work
    bucket: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer, default=0)


class ReportTicket(ReportKeys, Model):
    """What one ticket contributes to the roll-up, as last counted: its keys, its contributions (JSON) and the last
    day it counts on (9999-12-31 while open), so an agent's dashboard reads only her tickets that count in its
    period."""

    __tablename__ = "report_ticket"
    __table_args__ = (Index("ix_report_ticket_assignee_until", "assignee", "until_day"),)
    ticket_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    assignee: Mapped[str] = mapped_column(String(80))
    contributions: Mapped[str] = mapped_column(Text)
    until_day: Mapped[date] = mapped_column(Date)


class DayCounters(ReportKeys):
    """The columns the daily and the monthly roll-up share: a day, its keys (DIMENSIONS) and the COUNTERS."""

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    opened: Mapped[int] = mapped_column(Integer, default=0)
    out: Mapped[int] = mapped_column(Integer, default=0)
    solved: Mapped[int] = mapped_column(Integer, default=0)
    open_delta: Mapped[int] = mapped_column(Integer, default=0)
    open_ordinal_delta: Mapped[int] = mapped_column(BigInteger, default=0)
    reopened: Mapped[int] = mapped_column(Integer, default=0)
    fcr: Mapped[int] = mapped_column(Integer, default=0)
    response_done: Mapped[int] = mapped_column(Integer, default=0)
    response_met: Mapped[int] = mapped_column(Integer, default=0)
    resolution_done: Mapped[int] = mapped_column(Integer, default=0)
    resolution_met: Mapped[int] = mapped_column(Integer, default=0)
    escalations: Mapped[int] = mapped_column(Integer, default=0)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
    change_done: Mapped[int] = mapped_column(Integer, default=0)
    change_failed: Mapped[int] = mapped_column(Integer, default=0)
    change_emergency: Mapped[int] = mapped_column(Integer, default=0)
    surveyed: Mapped[int] = mapped_column(Integer, default=0)
    survey_answered: Mapped[int] = mapped_column(Integer, default=0)



class ReportDaily(DayCounters, Model):
    """The counters of one UTC day under one set of keys (see COUNTERS)."""

    __tablename__ = "report_daily"
    __table_args__ = (UniqueConstraint("day", *DIMENSIONS, name="uq_report_daily_key"),)


class ReportMonthly(DayCounters, Model):
    """The same counters summed over a calendar month (day: its first day), so long periods and the backlog (a
    running sum from the first day) read a few rows a month instead of one a day."""

    __tablename__ = "report_monthly"
    __table_args__ = (UniqueConstraint("day", *DIMENSIONS, name="uq_report_monthly_key"),)


class ReportDailyByGroup(DayCounters, Model):
    """The daily counters by kind, group, service and policy only (category_id 0, priority ''): what a dashboard
    not filtered by category or priority reads, some sixty rows a day instead of one per key combination."""

    __tablename__ = "report_daily_group"
    __table_args__ = (UniqueConstraint("day", *DIMENSIONS, name="uq_report_daily_group_key"),)


class ReportMonthlyByGroup(DayCounters, Model):
    """The monthly counters by kind, group, service and policy only (as ReportDailyByGroup)."""

    __tablename__ = "report_monthly_group"
    __table_args__ = (UniqueConstraint("day", *DIMENSIONS, name="uq_report_monthly_group_key"),)


class ReportDurationByGroup(DurationBuckets, Model):
    """The daily duration buckets by kind, group and service only (category_id 0, priority and policy ''): the
    coarse daily histograms a dashboard not filtered by category or priority reads."""

    __tablename__ = "report_duration_group"
    __table_args__ = (UniqueConstraint("day", *DIMENSIONS, "measure", "bucket",
                                       name="uq_report_duration_group_key"),)


class ReportMonthlyDuration(DurationBuckets, Model):
    """The duration buckets summed over a calendar month (day: its first day), by kind, group and service only
    (category_id 0, priority and policy ''): a filter on category or priority reads the daily buckets instead."""

    __tablename__ = "report_monthly_duration"
    __table_args__ = (UniqueConstraint("day", *DIMENSIONS, "measure", "bucket",
                                       name="uq_report_monthly_duration_key"),)


class ReportMonthlyDurationByCategory(DurationBuckets, Model):
    """The duration buckets summed over a calendar month by kind, group, category and service (priority and policy
    ''): what a period's whole months read under a category filter."""

    __tablename__ = "report_monthly_duration_category"
    __table_args__ = (UniqueConstraint("day", *DIMENSIONS, "measure", "bucket",
                                       name="uq_report_monthly_duration_category_key"),)


class ReportMonthlyDurationByPriority(DurationBuckets, Model):
    """The duration buckets summed over a calendar month by kind, group, priority and service (category_id 0,
    policy ''): what a period's whole months read under a priority filter."""

    __tablename__ = "report_monthly_duration_priority"
    __table_args__ = (UniqueConstraint("day", *DIMENSIONS, "measure", "bucket",
                                       name="uq_report_monthly_duration_priority_key"),)


class ReportDuration(DurationBuckets, Model):
    """How many tickets of one day and keys took a duration (measure) within one bucket (app.reports.histogram)."""

    __tablename__ = "report_duration"
    __table_args__ = (UniqueConstraint("day", *DIMENSIONS, "measure", "bucket", name="uq_report_duration_key"),)


class ReportWatermark(Model):
    """How far the roll-up has read: tickets updated since (after ticket_id, when a bounded pass stopped there;
    0 once a pass read to the end), and notes and escalations after these ids."""

    __tablename__ = "report_watermark"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    ticket_id: Mapped[int] = mapped_column(Integer, default=0)
    note_id: Mapped[int] = mapped_column(Integer, default=0)
    escalation_id: Mapped[int] = mapped_column(Integer, default=0)


class ReportSubscription(Model):
    """A report mailed to a person on a schedule (an RFC 5545 recurrence rule), rendered with their permissions."""

    __tablename__ = "report_subscription"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(80))
    report: Mapped[str] = mapped_column(String(40))  # kpis, service_month
    filters: Mapped[str] = mapped_column(Text)  # the dashboard's query string
    rule: Mapped[str] = mapped_column(String(200))  # e.g. FREQ=WEEKLY;BYDAY=MO;BYHOUR=8
    export_format: Mapped[str] = mapped_column(String(10))  # csv, xlsx, pdf
    next_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
