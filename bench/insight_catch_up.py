"""Measure how fast the scheduler's insight pass counts cases, against how fast the engine makes them, in one run.

The insight counts are not written by the steps; the scheduler's pass (app.workflow.insight.catch_up) counts each
case's new history events after them. It must keep up with the engine: this runs N full incident lifecycles
(bench/engine_throughput.py's: start, claim, complete triage, complete resolve) on a fresh database, then counts
them all in one catch-up, and prints both rates and their ratio (above 1: the pass keeps up with a single engine
process at full speed). Prints figures only; a benchmark never fails on speed. From the repository root:

    .venv/bin/python bench/insight_catch_up.py [--cases 500] [--skip-postgres] [--postgres-url URL]
"""
import argparse
import os
import time

import sqlalchemy as sa
from engine_throughput import DEFAULT_POSTGRES_URL, postgres_problem, prepare, run_service_lifecycle
from scratch import migrated_app, scratch_postgres, scratch_sqlite

from app.extensions import db
from app.workflow.insight.catch_up import catch_up_all
from app.workflow.models import HistoryEvent
from app.workflow.runtime import Runtime


def measure(label: str, url: str, cases: int) -> None:
    """Run the lifecycles, then the catch-up, on one fresh database and print the rates."""
    app = migrated_app(url)
    with app.app_context():
        runtime: Runtime = app.extensions["flowdesk"]
        prepare(runtime)
        started = time.perf_counter()
        for serial in range(cases):
            run_service_lifecycle(runtime, serial)
        engine_seconds = time.perf_counter() - started
        events = db.session.execute(sa.select(sa.func.count()).select_from(HistoryEvent)
                                    .where(HistoryEvent.instance_id.is_not(None))).scalar_one()
        db.session.commit()
        started, cpu_started = time.perf_counter(), time.process_time()
        counted = catch_up_all(runtime.case_keys)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        db.session.remove()
        db.engine.dispose()
    one, five, _ = os.getloadavg()
    print(f"{label:<10} engine {cases / engine_seconds:7.1f} lifecycles/s (with the inbox reads between calls); "
          f"insight pass {counted / seconds:7.1f} cases/s ({cpu_seconds / counted * 1000:5.2f} ms CPU a case, "
          f"{events / counted:.0f} events each); ratio {counted / seconds / (cases / engine_seconds):5.1f}  "
          f"[load {one:.1f} {five:.1f}]")


def main() -> None:
    """Measure on SQLite, and on PostgreSQL when it answers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args()
    with scratch_sqlite() as url:
        measure("SQLite", url, args.cases)
    problem = None if args.skip_postgres else postgres_problem(args.postgres_url)
    if args.skip_postgres or problem:
        print(f"PostgreSQL skipped{': ' + problem if problem else ''}")
        return
    with scratch_postgres(args.postgres_url) as url:
        measure("PostgreSQL", url, args.cases)


if __name__ == "__main__":
    main()
