"""What the change calendar stores: each change's booked window and its CIs, the admins' freeze and maintenance
windows, the severity of each collision rule, and the secret tokens of the people's calendar feeds."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime


class ChangeBooking(Model):
    """The window a change is booked for (one per change: booking it again replaces it) and who implements it."""

    __tablename__ = "change_booking"
    __table_args__ = (
        UniqueConstraint("ticket_id", name="uq_change_booking_ticket_id"),
        # the same implementer booked twice: one range scan per check, bounded by the longest change
        Index("ix_change_booking_implementer", "implementer", "starts_at"),
        # the calendar's views: bookings by start within a range
        Index("ix_change_booking_starts", "starts_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_change_booking_ticket_id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    implementer: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20))  # booked, released
    booked_by: Mapped[str] = mapped_column(String(80))
    booked_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # set when a change manager booked over a hard block, with the reason they gave
    override_reason: Mapped[str | None] = mapped_column(Text)


class ChangeBookingCi(Model):
    """A CI a booked change works on, with the booking's window copied so one index answers "who is on this CI"."""

    __tablename__ = "change_booking_ci"
    __table_args__ = (
        UniqueConstraint("booking_id", "ci_id", name="uq_change_booking_ci"),
        # the collision check: the bookings of a few CIs whose start lies in [window start - longest change,
        # window end); ends_at rides along so the index alone answers
        Index("ix_change_booking_ci_window", "ci_id", "starts_at", "ends_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("change_booking.id", name="fk_change_booking_ci_booking_id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(Integer)
    ci_id: Mapped[int] = mapped_column(
        ForeignKey("configuration_item.id", name="fk_change_booking_ci_ci_id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChangeWindow(Model):
    """A freeze (no changes) or maintenance (changes go here) window, recurring by an RRULE in a time zone."""

    __tablename__ = "change_window"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # freeze, maintenance
    rrule: Mapped[str] = mapped_column(Text)  # RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=SU
    starts_local: Mapped[str] = mapped_column(String(20))  # the first occurrence, local wall time: 2027-01-03T02:00
    duration_minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(60))
    calendar_name: Mapped[str | None] = mapped_column(String(100))  # a business calendar, for its holidays
    holidays: Mapped[str] = mapped_column(String(10))  # any, only (holidays alone), skip (never on holidays)
    ci_ids: Mapped[str] = mapped_column(Text)  # JSON list of CI ids; [] means every CI
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChangeScheduleRule(Model):
    """How one collision rule counts (block, warning or off); the row 'related_ci' also holds the hops."""

    __tablename__ = "change_schedule_rule"
    rule: Mapped[str] = mapped_column(String(30), primary_key=True)
    severity: Mapped[str] = mapped_column(String(10))
    hops: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CalendarFeedToken(Model):
    """The secret in a person's ICS feed address; only its SHA-256 is kept, and revoking ends the feed."""

    __tablename__ = "calendar_feed_token"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_calendar_feed_token_hash"),
                      Index("ix_calendar_feed_token_user", "user_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", name="fk_calendar_feed_token_user_id",
                                                    ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
