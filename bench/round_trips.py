"""Count the PostgreSQL round trips of each call of a lifecycle, from libpq's own protocol trace.

A round trip is a stretch of messages the client sends followed by the server's answer. Counting them
does not depend on how busy the machine is, unlike timings. Run from the repository root:

    .venv/bin/python bench/round_trips.py [--count 64] [--postgres-url URL]
"""
import argparse
import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from engine_throughput import (
    DEFAULT_POSTGRES_URL,
    PROCESS_ID,
    TRIAGE_VALUES,
    open_task_id,
    prepare,
    run_service_lifecycle,
)
from scratch import migrated_app, scratch_postgres
from sqlalchemy import event

from app.extensions import db
from app.workflow.instances.lifecycle import start_instance
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import claim_task, complete_task

WARMUP_LIFECYCLES = 40


def round_trips(trace: Path) -> int:
    """Count the client-to-server turns in a libpq trace (each line: time, F or B, length, message)."""
    trips, last = 0, None
    for line in trace.read_text().splitlines():
        parts = line.split("\t")
        direction = parts[1] if len(parts) > 1 else None
        if direction == "B" and last == "F":
            trips += 1
        if direction in ("F", "B"):
            last = direction
    return trips


class Tracer:
    """Trace every connection checked out while on, one file each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.on = False
        self.files: list[Path] = []
        self.descriptors: dict[int, int] = {}

    def checkout(self, dbapi_connection: Any, *_: Any) -> None:
        """Start tracing a connection as it is checked out."""
        if self.on:
            path = self.folder / f"trace-{len(self.files)}.txt"
            self.files.append(path)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            self.descriptors[id(dbapi_connection)] = descriptor
            dbapi_connection.pgconn.trace(descriptor)

    def checkin(self, dbapi_connection: Any, *_: Any) -> None:
        """Stop tracing a connection (libpq flushes its trace) as it is checked in."""
        descriptor = self.descriptors.pop(id(dbapi_connection), None) if dbapi_connection is not None else None
        if descriptor is not None:
            dbapi_connection.pgconn.untrace()
            os.close(descriptor)

    @contextlib.contextmanager
    def counting(self, totals: dict[str, int], name: str) -> Iterator[None]:
        """Add the round trips of the calls made inside to totals[name].

        A session holds its connection for the app context, so the session is closed on each side: the calls
        inside check a connection out (traced from then on) and give it back (its trace flushed) before counting.
        """
        db.session.close()
        self.on, self.files = True, []
        try:
            yield
        finally:
            db.session.close()
            self.on = False
            totals[name] = totals.get(name, 0) + sum(round_trips(path) for path in self.files)


def count_lifecycle(runtime: Runtime, tracer: Tracer, serial: int, totals: dict[str, int]) -> None:
    """Start, claim and complete triage, counting the round trips of each call."""
    with tracer.counting(totals, "start"):
        instance_id = start_instance(runtime, PROCESS_ID, {"title": f"Counted {serial}"},
                                     business_key=f"COUNTED-{serial}", actor="rita")
    task_id = open_task_id(instance_id, "triage")
    calls: list[tuple[str, Callable[[], Any]]] = [("claim", lambda: claim_task(runtime, task_id, "sam")),
             ("complete", lambda: complete_task(runtime, task_id, "sam", TRIAGE_VALUES))]
    for name, call in calls:
        with tracer.counting(totals, name):
            call()


def main() -> None:
    """Warm up, then count the round trips of each call over many lifecycles and print the averages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=64, help="lifecycles counted (default 64)")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args()
    with scratch_postgres(args.postgres_url) as url, tempfile.TemporaryDirectory() as folder:
        app = migrated_app(url)
        with app.app_context():
            tracer = Tracer(Path(folder))
            event.listen(db.engine, "checkout", tracer.checkout)
            event.listen(db.engine, "checkin", tracer.checkin)
            runtime: Runtime = app.extensions["flowdesk"]
            prepare(runtime)
            for serial in range(WARMUP_LIFECYCLES):
                run_service_lifecycle(runtime, serial)
            totals: dict[str, int] = {}
            for serial in range(args.count):
                count_lifecycle(runtime, tracer, WARMUP_LIFECYCLES + serial, totals)
            for name, total in totals.items():
                print(f"{name:<10} {total / args.count:5.2f} round trips per call (over {args.count})")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
