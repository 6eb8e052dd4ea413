"""Measure the floor a durable commit puts under a lifecycle: the cheapest write transaction each database allows.

A bench lifecycle (bench/engine_throughput.py) is four use cases, each one durable transaction. Whatever
FlowDesk does, each of them costs at least one small write and its COMMIT, which on PostgreSQL (with the
server's default synchronous_commit=on) waits for the WAL to reach the disk. This prints that floor on the
machine at hand and the lifecycle rate it allows, next to a plain round trip, so the throughput targets can
be read against what the disk permits. Prints figures only. Run from the repository root:

    .venv/bin/python bench/commit_floor.py [--count 500] [--postgres-url URL]
"""
import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

DEFAULT_POSTGRES_URL = os.environ.get("FLOWDESK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
UNITS_PER_LIFECYCLE = 4  # start, claim, complete, complete
ROW = "x" * 2000  # about the size of a stored instance state


def timed(call: Callable[[], object], count: int) -> float:
    """Return the median seconds of `count` calls, timed one by one after a short warm-up."""
    for _ in range(20):
        call()
    seconds = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def sqlite_figures(count: int) -> dict[str, float]:
    """Time a read and a one-row write transaction on SQLite with FlowDesk's pragmas (WAL, synchronous=NORMAL)."""
    with tempfile.TemporaryDirectory(prefix="flowdesk-floor-") as folder:
        connection = sqlite3.connect(Path(folder) / "floor.sqlite3", isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")

        def write() -> None:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t (body) VALUES (?)", (ROW,))
            connection.execute("COMMIT")
        figures = {"read": timed(lambda: connection.execute("SELECT 1").fetchone(), count),
                   "write transaction": timed(write, count)}
        connection.close()
    return figures


def postgres_figures(url: str, count: int) -> dict[str, float] | str:
    """Time a round trip and a one-row write transaction sent in one pipeline with its COMMIT."""
    try:
        connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    except psycopg.Error as error:
        return f"PostgreSQL not reachable: {str(error).splitlines()[0]}"
    with connection:
        settings = {name: connection.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
                    for name in ("synchronous_commit", "fsync", "wal_sync_method")}
        connection.execute("CREATE TEMP TABLE floor_t (id serial PRIMARY KEY, body text)")
        connection.execute("CREATE TABLE IF NOT EXISTS flowdesk_commit_floor (id serial PRIMARY KEY, body text)")

        def write() -> None:  # one round trip, as FlowDesk's batched units send it (app/workflow/batch.py)
            with connection.pipeline():
                connection.execute("BEGIN")
                connection.execute("INSERT INTO flowdesk_commit_floor (body) VALUES (%s)", (ROW,))
                connection.execute("COMMIT")
        try:
            figures: dict[str, float] | str = {"round trip": timed(lambda: connection.execute("SELECT 1").fetchone(),
                                                                   count),
                                               "write transaction": timed(write, count)}
        finally:
            connection.execute("DROP TABLE flowdesk_commit_floor")
    print("postgresql settings: " + ", ".join(f"{name}={value}" for name, value in settings.items()))
    return figures


def report(name: str, figures: dict[str, float] | str) -> None:
    """Print one database's figures and the lifecycle rate its commits allow."""
    if isinstance(figures, str):
        print(f"{name}: {figures}")
        return
    for what, seconds in figures.items():
        print(f"{name:<11} {what:<18} {seconds * 1000:7.3f} ms")
    ceiling = 1 / (UNITS_PER_LIFECYCLE * figures["write transaction"])
    print(f"{name:<11} ceiling: {UNITS_PER_LIFECYCLE} durable commits a lifecycle allow at most {ceiling:7.1f} "
          "lifecycles/s, before any work")


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500, help="timed calls per figure (default 500)")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    arguments = parser.parse_args()
    report("sqlite", sqlite_figures(arguments.count))
    report("postgresql", postgres_figures(arguments.postgres_url, arguments.count))


if __name__ == "__main__":
    main()
