"""Service levels as admin data: business calendars, SLA policies with targets per priority, settings,
and per ticket the SLA clock's pauses and the escalation levels already raised."""
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime


class CalendarRow(Model):
    """A named business calendar; `definition` is the JSON an admin wrote (see BusinessCalendar.from_dict)."""

    __tablename__ = "business_calendar"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    definition: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SlaPolicy(Model):
    """A named set of targets per priority on one calendar; categories name the policy they use."""

    __tablename__ = "sla_policy"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("business_calendar.id", name="fk_sla_policy_calendar_id"))
    warning_share: Mapped[float] = mapped_column(Float, default=0.75)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SlaTargetRow(Model):
    """The working minutes a policy allows for the first response and the resolution of one priority."""

    __tablename__ = "sla_target"
    __table_args__ = (UniqueConstraint("policy_id", "priority", name="uq_sla_target_policy_priority"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(
        ForeignKey("sla_policy.id", name="fk_sla_target_policy_id", ondelete="CASCADE"))
    priority: Mapped[str] = mapped_column(String(10))
    response_minutes: Mapped[int] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)


class Setting(Model):
    """One admin setting as JSON text: the priority matrix, the reassignment limit, the auto-close delay."""

    __tablename__ = "flowdesk_setting"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TicketSlaEvent(Model):
    """The SLA clock of a ticket was paused (waiting for the requester) or resumed."""

    __tablename__ = "ticket_sla_event"
    __table_args__ = (Index("ix_ticket_sla_event_ticket", "ticket_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_ticket_sla_event_ticket_id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # paused, resumed
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class TicketEscalation(Model):
    """An escalation level raised for a ticket; each level is raised once per ticket."""

    __tablename__ = "ticket_escalation"
    __table_args__ = (UniqueConstraint("ticket_id", "level", name="uq_ticket_escalation_ticket_level"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_ticket_escalation_ticket_id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(40))
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime())
    recipients: Mapped[str] = mapped_column(Text)
