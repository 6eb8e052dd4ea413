"""What-if runs: a replay of a period's cases through a draft, asked for in a request and run by the scheduler."""
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
RUN_STATUSES = (QUEUED, RUNNING, DONE, FAILED, CANCELLED)
FINISHED = (DONE, FAILED, CANCELLED)


class WhatIfRun(Model):
    """One what-if asked for: who asked, which draft (its XML as it was then), the period and the assumptions.

    status: queued (waiting for a scheduler), running (leased to one until claimed_until; a lease that runs out
    is a scheduler that stopped, and the run is started again), done (result holds the outcome), failed
    (failure_code and failure_detail say why) or cancelled (by its owner). replays_done counts the replays made
    of 2 x cases_total: every case through its own version (the calibration), then through the draft.
    """

    __tablename__ = "what_if_run"
    __table_args__ = (Index("ix_what_if_run_due", "status", "claimed_until"),
                      Index("ix_what_if_run_owner", "requested_by", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(200))
    draft_version: Mapped[int] = mapped_column(Integer)
    draft_xml: Mapped[bytes] = mapped_column(LargeBinary)
    requested_by: Mapped[str] = mapped_column(String(80))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    overrides: Mapped[dict[str, Any]] = mapped_column(JSON)  # durations (seconds), values, variables
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    cases_total: Mapped[int] = mapped_column(Integer, default=0)
    replays_done: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    failure_code: Mapped[str | None] = mapped_column(String(20))
    failure_detail: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)  # the outcome as JSON (app.servicedesk.whatif.stored)
