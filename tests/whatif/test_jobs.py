"""What-ifs as the scheduler's jobs: the progress written as the cases are replayed, a failure recorded with why,
a cancel by who asked (queued, and while running), and a run whose scheduler stopped taken over once its lease ran
out (and given up after it stopped its scheduler MAX_ATTEMPTS times)."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.platform.errors import Conflict, NotAllowed
from app.scheduler import what_if_job
from app.servicedesk.whatif.jobs import (
    MAX_ATTEMPTS,
    ProgressWriter,
    RunStopped,
    cancel_what_if_run,
    claim_due_run,
    record_end,
    run_claimed,
    run_due_what_ifs,
    show_what_if_run,
    write_progress,
)
from app.servicedesk.whatif.run import replay_what_if
from app.servicedesk.whatif.words import failure_words
from tests.api.conftest import ApiClient, api, assert_documented, tokens  # noqa: F401  (the API's fixtures)
from tests.whatif.conftest import INCIDENT, Month


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only: the claim's SKIP LOCKED is the outbox's, tested on PostgreSQL there; these test the lease."""
    return sqlite_url


def olga_reads(run_id: int):  # type: ignore[no-untyped-def]
    """Return the run as Olga, who asked for it, reads it now (in a read of its own: a scheduler's pass runs in an
    app context, and a session, of its own)."""
    db.session.rollback()
    return show_what_if_run(actor_for(require_user("olga")), run_id)


def test_the_progress_is_written_as_cases_are_replayed_through_their_version_then_the_draft(few: Month) -> None:
    few.save(INCIDENT)
    run_id = few.ask()
    assert (olga_reads(run_id).status, olga_reads(run_id).cases_total) == ("queued", 3)
    claim = claim_due_run(few.runtime)
    assert claim is not None and claim.run_id == run_id
    writer = ProgressWriter(few.runtime, claim, 120.0)
    seen = []

    def tell(done: int, total: int) -> None:
        writer.tell(done, total)
        run = olga_reads(run_id)
        seen.append((run.status, run.calibrated, run.replayed))

    outcome = replay_what_if(few.runtime, claim.asked, on_progress=tell)
    assert seen == [("running", 0, 0), ("running", 1, 0), ("running", 2, 0), ("running", 3, 0),
                    ("running", 3, 1), ("running", 3, 2), ("running", 3, 3)]
    assert outcome.calibration_share == 1.0


def test_a_run_that_cannot_run_fails_with_a_sentence_that_says_why(few: Month, api: ApiClient) -> None:  # noqa: F811
    few.save(INCIDENT)
    run_id = few.ask(max_cases=3)
    run_due_what_ifs(few.runtime, max_cases=2)  # the limit was lowered since it was asked for
    run = olga_reads(run_id)
    assert (run.status, run.failure_code, run.outcome) == ("failed", "refused", None)
    assert failure_words(run.failure_code, run.failure_detail) == (
        "The what-if could not run: 3 cases of incident began between 2026-11-01 and 2026-11-30, more than the 2 a "
        "what-if replays at once (FLOWDESK_WHATIF_MAX_CASES); choose a shorter period.")
    answer = api.get(f"/processes/incident/draft/what-if/{run_id}", "olga")
    assert_documented(answer, "show_what_if_run")
    assert answer.get_json()["failure"].startswith("The what-if could not run: 3 cases")


def test_who_asked_cancels_a_queued_run_and_a_running_one_stops_at_its_next_progress_write(
        few: Month, api: ApiClient) -> None:  # noqa: F811
    few.save(INCIDENT)
    queued = few.ask()
    with pytest.raises(NotAllowed, match="only olga"):
        cancel_what_if_run(few.runtime, actor_for(require_user("adam")), queued)  # an admin reads it, but it is hers
    cancelled = api.post(f"/processes/incident/draft/what-if/{queued}/cancel", "olga")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert_documented(cancelled, "cancel_what_if_run")
    assert run_due_what_ifs(few.runtime) == []  # the scheduler finds nothing to run
    assert api.post(f"/processes/incident/draft/what-if/{queued}/cancel", "olga").status_code == 409
    running = few.ask()
    claim = claim_due_run(few.runtime)
    assert claim is not None
    writer = ProgressWriter(few.runtime, claim, 120.0)

    def cancel_after_the_first_case(done: int, total: int) -> None:
        writer.tell(done, total)
        if done == 1:
            cancel_what_if_run(few.runtime, actor_for(require_user("olga")), running)

    with pytest.raises(RunStopped):
        replay_what_if(few.runtime, claim.asked, on_progress=cancel_after_the_first_case)
    record_end(few.runtime, writer.claim, "done", result="{}")  # too late: the run is no longer the claim's
    run = olga_reads(running)
    assert (run.status, run.calibrated, run.outcome) == ("cancelled", 1, None)
    with pytest.raises(Conflict, match="already ended"):
        cancel_what_if_run(few.runtime, actor_for(require_user("olga")), running)


def test_a_run_whose_scheduler_stopped_is_taken_over_once_its_lease_ran_out(few: Month, app) -> None:  # type: ignore[no-untyped-def]
    few.save(INCIDENT)
    run_id = few.ask()
    lost = claim_due_run(few.runtime, lease_seconds=120.0)  # a scheduler claims it, then its process is killed
    assert lost is not None
    app.config["WHATIF_LEASE_SECONDS"] = 120.0
    what_if_job(app)  # the restarted scheduler's pass: the lease still holds, so the run is not its to take
    assert (olga_reads(run_id).status, olga_reads(run_id).attempts) == ("running", 1)
    few.clock.set(few.clock.now() + timedelta(seconds=121))
    what_if_job(app)
    run = olga_reads(run_id)
    assert (run.status, run.attempts, run.replayed) == ("done", 2, 3)
    assert run.outcome is not None and run.outcome.calibration_share == 1.0
    with pytest.raises(RunStopped):  # the stopped scheduler, were it to wake, writes nothing more
        write_progress(few.runtime, lost, 1, 6, 120.0)


def test_a_run_that_stopped_its_scheduler_every_time_fails_as_interrupted(few: Month) -> None:
    few.save(INCIDENT)
    run_id = few.ask()
    for _attempt in range(MAX_ATTEMPTS):
        assert claim_due_run(few.runtime, lease_seconds=60.0) is not None
        few.clock.set(few.clock.now() + timedelta(seconds=61))
    assert run_due_what_ifs(few.runtime) == []
    run = olga_reads(run_id)
    assert (run.status, run.failure_code) == ("failed", "interrupted")
    assert "started 3 times" in failure_words(run.failure_code, run.failure_detail)


def test_a_claimed_run_records_its_outcome_for_the_scheduler_that_holds_it(few: Month) -> None:
    few.save(INCIDENT)
    run_id = few.ask()
    claim = claim_due_run(few.runtime, run_id=run_id)
    assert claim is not None and claim_due_run(few.runtime, run_id=run_id) is None  # leased: nobody else's
    run_claimed(few.runtime, claim)
    assert olga_reads(run_id).status == "done"
