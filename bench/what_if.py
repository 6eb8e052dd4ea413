"""Measure a what-if on 1,000 incident cases: the calibration and the draft's replay, in memory, on a simulated clock.

Drives N incidents through the shipped incident flow on a scratch SQLite file (a mix of straight, returned, reopened,
major and auto-closed cases, as tests/whatif/conftest.py drives them), saves a draft that also asks for approval when
the impact is high, then times asking for a what-if over the period (the request: it records the run and returns)
and the scheduler's pass that runs it (reading the history, replaying every case through the version that ran it,
then through the draft, writing its progress as it goes) and prints the figures with the machine's load; never fails
on speed.
From the repository root:

    .venv/bin/python bench/what_if.py [--cases 1000]
"""
import argparse
import cProfile
import os
import pstats
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratch import migrated_app, scratch_sqlite  # noqa: E402

from app.demo import create_demo_people, create_demo_service_desk  # noqa: E402
from app.extensions import db  # noqa: E402
from app.organisation.accounts import actor_for  # noqa: E402
from app.organisation.users import require_user  # noqa: E402
from app.servicedesk.whatif.assumptions import Overrides  # noqa: E402
from app.servicedesk.whatif.jobs import request_what_if, run_due_what_ifs, show_what_if_run  # noqa: E402
from app.servicedesk.whatif.run import Period  # noqa: E402
from app.workflow.deployment import deploy_diagram  # noqa: E402
from app.workflow.studio.drafts import save_draft  # noqa: E402
from engine.clock import FixedClock  # noqa: E402
from tests.incident.conftest import Desk  # noqa: E402
from tests.whatif.conftest import INCIDENT, PATHS  # noqa: E402

MIX = ["straight", "returned", "straight", "reopened", "major", "straight", "auto_closed", "straight"]
IMPACTS = ["medium", "low", "high"]
FIRST = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)
PERIOD = Period(FIRST.date(), FIRST.date() + timedelta(days=27))
DRAFT = INCIDENT.replace(b"${needs_approval}", b"${needs_approval or impact == 'high'}")


def drive(cases: int, clock: FixedClock) -> float:
    """Drive the incidents, spread over four weeks; return the seconds it took."""
    started = time.perf_counter()
    runtime_clock = clock
    for number in range(cases):
        runtime_clock.set(FIRST + timedelta(minutes=number * 27 * 24 * 60 // cases))
        desk = Desk(RUNTIME, runtime_clock)
        PATHS[MIX[number % len(MIX)]](desk, IMPACTS[number % len(IMPACTS)])
        if number % 100 == 99:
            print(f"  drove {number + 1} incidents", flush=True)
    return time.perf_counter() - started


def main() -> None:
    """Drive the cases, then time the what-if."""
    global RUNTIME
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="Print where the what-if spends its time.")
    args = parser.parse_args()
    with scratch_sqlite() as url:
        app = migrated_app(url)
        with app.app_context():
            RUNTIME = app.extensions["flowdesk"]
            clock = FixedClock(FIRST - timedelta(days=1))
            RUNTIME.clock = clock
            deploy_diagram(RUNTIME, INCIDENT, "incident.bpmn", "olga")
            create_demo_people()
            create_demo_service_desk()
            driving = drive(args.cases, clock)
            clock.set(FIRST + timedelta(days=60))
            Desk(RUNTIME, clock).at(clock.now())
            olga = actor_for(require_user("olga"))
            save_draft(RUNTIME, olga, "incident", DRAFT, None)
            db.session.commit()
            started = time.perf_counter()
            run_id = request_what_if(RUNTIME, olga, "incident", PERIOD, Overrides(), max_cases=args.cases)
            asking = time.perf_counter() - started
            profiler = cProfile.Profile() if args.profile else None
            started, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            run_due_what_ifs(RUNTIME, max_cases=args.cases)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            run = show_what_if_run(olga, run_id)
            assert run.outcome is not None, (run.status, run.failure_code, run.failure_detail)
            outcome = run.outcome
            db.session.remove()
    one, five, _ = os.getloadavg()
    share = outcome.calibration_share or 0.0
    print(f"drove {args.cases} incidents in {driving:.0f} s (not part of the what-if)")
    print(f"asking for the what-if (the request): {asking * 1000:.0f} ms")
    print(f"the scheduler's run of the what-if over {outcome.cases} incident cases: {seconds:.1f} s wall, "
          f"{cpu_seconds:.1f} s CPU "
          f"({seconds / outcome.cases * 1000:.1f} ms a case, each replayed twice: calibration and draft)  "
          f"[load {one:.1f} {five:.1f}]")
    print(f"calibration {100 * share:.1f}% ({outcome.calibration_matched}/{outcome.calibration_cases}); "
          f"routed differently with the draft {outcome.routed_differently}; "
          f"not replayed {len(outcome.unreplayable)}; assumptions {len(outcome.assumptions)}")


RUNTIME = None
if __name__ == "__main__":
    main()
