"""What-if runs as background jobs: a request asks for one and returns at once; a scheduler claims it and runs it.

1. ask (one unit, in the request): check who asks, that a draft is saved and the period holds no more cases than
   a what-if replays; record the run, queued, with the draft's XML as it is now (a later save changes nothing).
2. claim (one unit): lease the oldest queued run, or one whose lease ran out (its scheduler stopped), until now +
   lease_seconds. PostgreSQL schedulers skip a run another is claiming (FOR UPDATE SKIP LOCKED); SQLite has one
   writer. A leased run is nobody else's; a run claimed MAX_ATTEMPTS times without ending fails as interrupted.
3. run (no transaction held): replay the cases; every few replays a short unit writes the progress and renews the
   lease, only while the run is still this claim's (running, the same lease). When it is not (its owner cancelled
   it, or another scheduler took it over after the lease ran out) the run stops and writes nothing more.
4. record (one unit): the outcome, or the failure with why.

A replay writes nothing but its progress, so running one again from the start after a stop is always safe.
"""
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select, update

from app.extensions import db
from app.organisation.policies import (
    Actor,
    check_may_cancel_what_if_run,
    check_may_run_what_if,
    check_may_see_what_if_run,
    may_see_what_if_run,
)
from app.platform.errors import Conflict, NotFound, ServiceError
from app.platform.transactions import use_case
from app.servicedesk.whatif.assumptions import Overrides
from app.servicedesk.whatif.models import CANCELLED, DONE, FAILED, FINISHED, QUEUED, RUNNING, WhatIfRun
from app.servicedesk.whatif.outcome import WhatIfOutcome
from app.servicedesk.whatif.run import DEFAULT_MAX_CASES, Period, WhatIfAsked, count_cases, replay_what_if
from app.servicedesk.whatif.stored import outcome_from_json, outcome_json, overrides_from_json, overrides_json
from app.workflow.runtime import Runtime
from app.workflow.studio.drafts import stored_draft

logger = logging.getLogger("flowdesk.whatif")
LEASE_SECONDS = 120.0  # renewed at every progress write, a few seconds apart
MAX_ATTEMPTS = 3  # claims of one run: a run that stopped its scheduler this often is not tried again
PROGRESS_WRITES = 50  # about this many progress writes in a run (and at least one every PROGRESS_EVERY replays)
PROGRESS_EVERY = 25
RUNS_PER_PASS = 10
# failure codes (app.servicedesk.whatif.words says them in the reader's language)
REFUSED, INTERRUPTED, CRASHED = "refused", "interrupted", "crashed"
RUNS_SHOWN = 10


class RunStopped(Exception):
    """The run is no longer this claim's: its owner cancelled it, or another scheduler took it over."""


@dataclass(frozen=True)
class Claim:
    """A run leased to this scheduler: what to replay, and the lease that makes its writes its own."""

    run_id: int
    asked: WhatIfAsked
    claimed_until: datetime


@dataclass(frozen=True)
class WhatIfRunView:
    """A what-if run as its pages, the API and the command line show it."""

    id: int
    process_id: str
    draft_version: int
    requested_by: str
    requested_at: datetime
    first_day: date
    last_day: date
    overrides: Overrides
    status: str
    cases_total: int
    replays_done: int
    attempts: int
    started_at: datetime | None
    finished_at: datetime | None
    failure_code: str | None
    failure_detail: str | None
    outcome: WhatIfOutcome | None

    @property
    def finished(self) -> bool:
        """Say whether the run ended (done, failed or cancelled)."""
        return self.status in FINISHED

    @property
    def calibrated(self) -> int:
        """Return how many cases were replayed through their own version so far."""
        return min(self.replays_done, self.cases_total)

    @property
    def replayed(self) -> int:
        """Return how many cases were replayed through the draft so far."""
        return max(0, self.replays_done - self.cases_total)

    @property
    def share_done(self) -> float:
        """Return the share of the replays made (0 to 1)."""
        return 1.0 if self.status == DONE else self.replays_done / (2 * self.cases_total) if self.cases_total else 0.0


@use_case
def request_what_if(runtime: Runtime, actor: Actor, process_id: str, period: Period, overrides: Overrides,
                    max_cases: int = DEFAULT_MAX_CASES) -> int:
    """Record a what-if of the process's saved draft over the period, queued for the scheduler; return its number."""
    check_may_run_what_if(actor)
    draft = stored_draft(process_id)
    if draft is None:
        raise NotFound(f"No draft of {process_id} was saved; draw one in the modeller and save it first.")
    total = count_cases(process_id, period, max_cases)
    row = WhatIfRun(process_id=process_id, draft_version=draft.version, draft_xml=draft.bpmn_xml,
                    requested_by=actor.login, requested_at=runtime.clock.now(), first_day=period.first_day,
                    last_day=period.last_day, overrides=overrides_json(overrides), status=QUEUED, cases_total=total,
                    replays_done=0, attempts=0)
    db.session.add(row)
    db.session.flush()
    return row.id


def show_what_if_run(actor: Actor, run_id: int) -> WhatIfRunView:
    """Return a run to one who may see it (NotFound otherwise)."""
    row = db.session.get(WhatIfRun, run_id)
    if row is None:
        raise run_not_found(run_id)
    check_may_see_what_if_run(actor, row.requested_by)
    return view_of(row)


def list_what_if_runs(actor: Actor, process_id: str, limit: int = RUNS_SHOWN) -> list[WhatIfRunView]:
    """Return the newest runs of a process's drafts the actor may see (their own; an admin's, everyone's)."""
    check_may_run_what_if(actor)
    query = select(WhatIfRun).where(WhatIfRun.process_id == process_id).order_by(WhatIfRun.id.desc())
    if "admin" not in actor.roles:
        query = query.where(WhatIfRun.requested_by == actor.login)
    rows = db.session.execute(query.limit(limit)).scalars()
    return [view_of(row, with_outcome=False) for row in rows if may_see_what_if_run(actor, row.requested_by)]


@use_case
def cancel_what_if_run(runtime: Runtime, actor: Actor, run_id: int) -> WhatIfRunView:
    """Cancel a queued or running run for its owner; a running one stops at its next progress write."""
    row = db.session.execute(select(WhatIfRun).where(WhatIfRun.id == run_id).with_for_update()).scalar_one_or_none()
    if row is None:
        raise run_not_found(run_id)
    check_may_see_what_if_run(actor, row.requested_by)
    check_may_cancel_what_if_run(actor, row.requested_by)
    if row.status in FINISHED:
        raise Conflict(f"What-if run {run_id} already ended ({row.status}); there is nothing to cancel.")
    row.status, row.claimed_until, row.finished_at = CANCELLED, None, runtime.clock.now()
    return view_of(row, with_outcome=False)


def run_not_found(run_id: int) -> NotFound:
    """Return the error for a run number that names no run."""
    return NotFound(f"No what-if run has the number {run_id}; start one from the draft's what-if page.")


def view_of(row: WhatIfRun, with_outcome: bool = True) -> WhatIfRunView:
    """Return a run row as its view (the outcome read from its JSON only when asked for)."""
    outcome = outcome_from_json(row.result) if with_outcome and row.result else None
    return WhatIfRunView(row.id, row.process_id, row.draft_version, row.requested_by, row.requested_at, row.first_day,
                         row.last_day, overrides_from_json(row.overrides), row.status, row.cases_total,
                         row.replays_done, row.attempts, row.started_at, row.finished_at, row.failure_code,
                         row.failure_detail, outcome)


def run_due_what_ifs(runtime: Runtime, max_cases: int = DEFAULT_MAX_CASES, lease_seconds: float = LEASE_SECONDS,
                     runs: int = RUNS_PER_PASS) -> list[int]:
    """Claim and run queued runs (and those whose scheduler stopped) one after another; return their numbers."""
    ran: list[int] = []
    while len(ran) < runs:
        claim = claim_due_run(runtime, lease_seconds)
        if claim is None:
            break
        run_claimed(runtime, claim, max_cases, lease_seconds)
        ran.append(claim.run_id)
    return ran


@use_case
def claim_due_run(runtime: Runtime, lease_seconds: float = LEASE_SECONDS, run_id: int | None = None) -> Claim | None:
    """Lease the oldest due run (or the one numbered run_id, when it is due) to the caller, and commit."""
    now = runtime.clock.now()
    query = (select(WhatIfRun)
             .where(or_(WhatIfRun.status == QUEUED, (WhatIfRun.status == RUNNING) & (WhatIfRun.claimed_until <= now)))
             .order_by(WhatIfRun.id).limit(1).with_for_update(skip_locked=True))
    if run_id is not None:
        query = query.where(WhatIfRun.id == run_id)
    for _ in range(RUNS_PER_PASS):
        row = db.session.execute(query).scalar_one_or_none()
        if row is None:
            return None
        if row.attempts < MAX_ATTEMPTS:
            return lease(row, now, lease_seconds)
        logger.warning("what-if run %s stopped its scheduler %s times; it is not tried again", row.id, row.attempts)
        fail(row, INTERRUPTED, str(row.attempts), now)
        db.session.flush()
    return None


def lease(row: WhatIfRun, now: datetime, lease_seconds: float) -> Claim:
    """Mark a run running under a new lease, its progress begun again."""
    row.status, row.attempts, row.replays_done = RUNNING, row.attempts + 1, 0
    row.claimed_until, row.started_at = now + timedelta(seconds=lease_seconds), now
    asked = WhatIfAsked(row.process_id, row.draft_version, bytes(row.draft_xml), Period(row.first_day, row.last_day),
                        overrides_from_json(row.overrides))
    return Claim(row.id, asked, row.claimed_until)


def fail(row: WhatIfRun, code: str, detail: str, now: datetime) -> None:
    """Mark a run failed, with why."""
    row.status, row.failure_code, row.failure_detail = FAILED, code, detail
    row.claimed_until, row.finished_at = None, now


def run_claimed(runtime: Runtime, claim: Claim, max_cases: int = DEFAULT_MAX_CASES,
                lease_seconds: float = LEASE_SECONDS) -> None:
    """Replay a claimed run outside any unit, telling its progress, then record the outcome or the failure."""
    progress = ProgressWriter(runtime, claim, lease_seconds)
    try:
        result = outcome_json(replay_what_if(runtime, claim.asked, max_cases, progress.tell))
    except RunStopped:
        logger.info("what-if run %s stopped: cancelled, or taken over by another scheduler", claim.run_id)
        return
    except ServiceError as error:  # the draft cannot run, the period grew too big, the process is gone
        db.session.rollback()
        record_end(runtime, progress.claim, FAILED, failure=(REFUSED, str(error)))
        return
    except Exception as error:  # a run must end in a state its owner can read, whatever happened
        logger.exception("what-if run %s failed", claim.run_id)
        db.session.rollback()
        record_end(runtime, progress.claim, FAILED, failure=(CRASHED, f"{type(error).__name__}: {error}"))
        return
    record_end(runtime, progress.claim, DONE, result=result)


class ProgressWriter:
    """Write a run's progress every few replays, renewing its lease; stop the run once it is no longer the claim's."""

    def __init__(self, runtime: Runtime, claim: Claim, lease_seconds: float) -> None:
        self.runtime, self.claim, self.lease_seconds = runtime, claim, lease_seconds
        self.written = -1

    def tell(self, done: int, total: int) -> None:
        """Hear of progress; write it when enough replays were made since the last write."""
        step = max(1, min(PROGRESS_EVERY, total // PROGRESS_WRITES))
        if done == 0 or done >= total or done - self.written >= step:
            self.claim = write_progress(self.runtime, self.claim, done, total, self.lease_seconds)
            self.written = done


@use_case
def write_progress(runtime: Runtime, claim: Claim, done: int, total: int, lease_seconds: float) -> Claim:
    """Write a run's progress and renew its lease, while the run is still this claim's (RunStopped otherwise)."""
    renewed = runtime.clock.now() + timedelta(seconds=lease_seconds)
    written = db.session.execute(
        update(WhatIfRun).where(WhatIfRun.id == claim.run_id, WhatIfRun.status == RUNNING,
                                WhatIfRun.claimed_until == claim.claimed_until)
        .values(replays_done=done, cases_total=total // 2, claimed_until=renewed))
    if written.rowcount != 1:  # type: ignore[attr-defined]
        raise RunStopped(claim.run_id)
    return Claim(claim.run_id, claim.asked, renewed)


@use_case
def record_end(runtime: Runtime, claim: Claim, status: str, result: str | None = None,
               failure: tuple[str, str] | None = None) -> None:
    """Record how a run ended, while it is still this claim's (otherwise it was cancelled or taken over)."""
    row = db.session.execute(select(WhatIfRun).where(
        WhatIfRun.id == claim.run_id, WhatIfRun.status == RUNNING, WhatIfRun.claimed_until == claim.claimed_until)
        .with_for_update()).scalar_one_or_none()
    if row is None:
        logger.info("what-if run %s ended, but it was cancelled or taken over meanwhile", claim.run_id)
        return
    now = runtime.clock.now()
    if failure is not None:
        fail(row, *failure, now)
        return
    row.status, row.result, row.claimed_until, row.finished_at = status, result, None, now
    row.replays_done = 2 * row.cases_total
