"""Measure what one unit of work costs FlowDesk's process beyond the driver work it asks for, on SQLite and PostgreSQL.

A unit (app/platform/transactions.py) that reads one row sends the same statements as a hand-written
driver call: BEGIN (IMMEDIATE on SQLite), the read, COMMIT; on PostgreSQL the BEGIN leaves with the read
in one psycopg pipeline, as app/workflow/batch.py sends it. The difference in this process's CPU is
what the unit's own machinery costs (the scoped Session, its transaction, pool checkout and checkin,
the connection events); an engine lifecycle runs four units. Prints figures only. Run from the root:

    .venv/bin/python bench/unit_overhead.py [--rounds 7] [--count 300] [--skip-postgres]
"""
import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from engine_throughput import DEFAULT_POSTGRES_URL, backend_cpu_seconds, describe_machine, postgres_problem
from scratch import scratch_postgres, scratch_sqlite

from app import create_app
from app.extensions import db
from app.platform.transactions import run_unit
from app.workflow.batch import first

READ = sa.select(sa.literal(1).label("one"))
UNITS_PER_LIFECYCLE = 4  # start, claim, complete, complete (bench/engine_throughput.py)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds per way, alternated (default 7)")
    parser.add_argument("--count", type=int, default=300, help="units per round (default 300)")
    parser.add_argument("--skip-postgres", action="store_true", help="do not measure PostgreSQL")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL, help="server for a throw-away database")
    return parser.parse_args(argv)


def driver_unit(dbapi: Any, postgres: bool) -> Callable[[], None]:
    """Return one unit's statements written straight for the driver."""
    if postgres:
        def unit() -> None:
            with dbapi.pipeline():
                dbapi.execute(b"BEGIN")
                cursor = dbapi.execute("SELECT %s::integer AS one", (1,))
            cursor.fetchone()
            dbapi.execute(b"COMMIT")
        return unit

    def sqlite_unit() -> None:
        dbapi.execute("BEGIN IMMEDIATE")
        dbapi.execute("SELECT ? AS one", (1,)).fetchone()
        dbapi.execute("COMMIT")
    return sqlite_unit


def flowdesk_unit() -> None:
    """Run one unit of work that reads one row, as a use case does."""
    run_unit(lambda: first(READ, {}))


def timed_rounds(ways: dict[str, tuple[Callable[[], None], int | None]], rounds: int,
                 count: int) -> dict[str, list[tuple[float, float | None]]]:
    """Alternate the ways round by round (so a change in the machine's load hits each alike); return, per way and
    round, this process's CPU and the server backend's CPU per unit in microseconds (None: not readable)."""
    for unit, _ in ways.values():
        for _ in range(50):
            unit()
    samples: dict[str, list[tuple[float, float | None]]] = {name: [] for name in ways}
    for turn in range(rounds):
        order = list(ways) if turn % 2 == 0 else list(reversed(ways))
        for name in order:
            unit, backend = ways[name]
            server_before, cpu_before = backend_cpu_seconds(backend), time.process_time()
            for _ in range(count):
                unit()
            cpu = (time.process_time() - cpu_before) / count * 1e6
            server_after = backend_cpu_seconds(backend)
            server = None if server_before is None or server_after is None else \
                (server_after - server_before) / count * 1e6
            samples[name].append((cpu, server))
    return samples


def backend_pid(dbapi: Any) -> int:
    """Return the PostgreSQL backend process of a psycopg connection."""
    return int(dbapi.execute("SELECT pg_backend_pid()").fetchone()[0])


def measure(label: str, url: str, rounds: int, count: int) -> list[str]:
    """Time both ways on one database; return the report lines."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
        raw = db.engine.raw_connection()  # a connection of its own, outside the pool's rotation
        dbapi = raw.dbapi_connection
        flowdesk_backend = None
        if postgres:
            flowdesk_backend = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
            db.session.commit()
        samples = timed_rounds({
            "driver": (driver_unit(dbapi, postgres), backend_pid(dbapi) if postgres else None),
            "flowdesk": (flowdesk_unit, flowdesk_backend),
        }, rounds, count)
        raw.close()
        db.session.remove()
        db.engine.dispose()
    return report(label, samples)


def report(label: str, samples: dict[str, list[tuple[float, float | None]]]) -> list[str]:
    """Describe the medians and the overhead of the unit's machinery."""
    lines = []
    medians = {}
    for name, rows in samples.items():
        cpu = statistics.median(c for c, _ in rows)
        servers = [s for _, s in rows if s is not None]
        server = f"  server CPU median {statistics.median(servers):6.1f} us" if servers else ""
        medians[name] = cpu
        lines.append(f"{label:<10} {name:<9} CPU median {cpu:6.1f} us  min {min(c for c, _ in rows):6.1f} us{server}")
    overhead = medians["flowdesk"] - medians["driver"]
    lines.append(f"{label:<10} the unit's machinery: {overhead:6.1f} us per unit, "
                 f"{overhead * UNITS_PER_LIFECYCLE / 1000:5.2f} ms per engine lifecycle ({UNITS_PER_LIFECYCLE} units)")
    return lines


def main(argv: list[str] | None = None) -> None:
    """Measure both databases and print the report."""
    args = parse_args(argv)
    print("FlowDesk unit-of-work overhead: one unit reading one row, against the same statements sent by hand")
    for line in describe_machine():
        print(line)
    print(f"load        {' '.join(f'{value:.2f}' for value in os.getloadavg())} (1, 5, 15 min) at the start")
    print()
    with scratch_sqlite() as url:
        lines = measure("sqlite", url, args.rounds, args.count)
    problem = None if args.skip_postgres else postgres_problem(args.postgres_url)
    if problem is None and not args.skip_postgres:
        with scratch_postgres(args.postgres_url) as url:
            lines += measure("postgres", url, args.rounds, args.count)
    else:
        lines.append(f"postgres   skipped: {problem or '--skip-postgres'}")
    for line in lines:
        print(line)
    print(f"load        {' '.join(f'{value:.2f}' for value in os.getloadavg())} (1, 5, 15 min) at the end")


if __name__ == "__main__":
    main()
