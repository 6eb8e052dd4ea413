"""Measure what every test pays before it starts: creating its app, and emptying the PostgreSQL database.

Compares, in the same run and interleaved, Werkzeug's own URL builders per app with the suite's shared ones
(tests/url_builders.py), as CPU seconds per create_app; a page test's app and first page with its own rule
parsing and templates against the shared ones (tests/url_builders.py, tests/template_code.py); and, as wall
seconds per cleanup after a few inserted rows, TRUNCATE ... RESTART IDENTITY CASCADE, one DELETE per table over a
new connection (the suite's cleanup before), and the suite's cleanup now (tests/conftest.py empty_all: one DO
block over a kept connection); and, as CPU seconds on SQLite, the demo fixture creating the eight demo people
against copying the file a first test kept.
Prints medians and ratios; never fails on speed.

    .venv/bin/python bench/fixture_costs.py [--apps 30] [--cleanups 15] [--demos 10] [--skip-postgres]
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from scratch import migrated_app, scratch_postgres

sys.path.insert(0, str(Path(__file__).parents[1]))  # the tests package, whose fixtures are measured

from werkzeug.routing.rules import Rule  # noqa: E402

from app import create_app  # noqa: E402
from app.demo import create_demo_people  # noqa: E402
from app.extensions import db  # noqa: E402
from engine.clock import FixedClock  # noqa: E402
from tests.conftest import POSTGRES_URL, cleanup_engine, empty_all  # noqa: E402
from tests.template_code import share_template_code  # noqa: E402
from tests.url_builders import _compile_builder, _parse_rule, share_rule_parts, share_url_builders  # noqa: E402


def app_cpu_seconds(template: Path, folder: Path, serial: int) -> float:
    """Return the CPU seconds of one test's app: a copy of the template database and create_app on it."""
    started = time.process_time()
    path = folder / f"app-{serial}.sqlite3"
    shutil.copy(template, path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": True, "RUN_CACHE_SIZE": 0})
    with app.app_context():
        db.engine.dispose()
    return time.process_time() - started


def measure_apps(count: int) -> None:
    """Print create_app's CPU with Werkzeug's own builders and with the shared ones."""
    with tempfile.TemporaryDirectory(prefix="flowdesk-bench-") as name:
        folder = Path(name)
        template = folder / "template.sqlite3"
        migrated_app(f"sqlite:///{template}", TESTING=True)
        own: list[float] = []
        shared: list[float] = []
        for serial in range(count):
            Rule._compile_builder = _compile_builder  # type: ignore[method-assign]
            own.append(app_cpu_seconds(template, folder, 2 * serial))
            share_url_builders()
            shared.append(app_cpu_seconds(template, folder, 2 * serial + 1))
    report("create_app, CPU s", "own builders", own, "shared builders", shared)


PAGE_TEMPLATES = ("inbox/list.html", "tickets/list.html")


def page_app_cpu_seconds(template: Path, folder: Path, serial: int) -> float:
    """Return the CPU seconds of a page test's app: a copy of the template, create_app, the sign-in page, two lists."""
    started = time.process_time()
    path = folder / f"page-{serial}.sqlite3"
    shutil.copy(template, path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": True, "RUN_CACHE_SIZE": 0})
    assert app.test_client().get("/login").status_code == 200
    for name in PAGE_TEMPLATES:  # what a desk page test renders next
        app.jinja_env.get_template(name)
    with app.app_context():
        db.engine.dispose()
    return time.process_time() - started


def measure_page_apps(count: int) -> None:
    """Print a page test's app CPU with its own rule parsing and templates, and with the shared ones."""
    # Flask's own options: importing tests.conftest has given every app the shared cache already.
    own_options = {name: value for name, value in Flask.jinja_options.items() if name != "bytecode_cache"}
    with tempfile.TemporaryDirectory(prefix="flowdesk-bench-") as name:
        folder = Path(name)
        template = folder / "template.sqlite3"
        migrated_app(f"sqlite:///{template}", TESTING=True)
        share_url_builders()
        own: list[float] = []
        shared: list[float] = []
        for serial in range(count):
            Rule._parse_rule = _parse_rule  # type: ignore[method-assign]
            Flask.jinja_options = own_options
            own.append(page_app_cpu_seconds(template, folder, 2 * serial))
            share_rule_parts()
            share_template_code()
            shared.append(page_app_cpu_seconds(template, folder, 2 * serial + 1))
    report("create_app, GET /login and two list templates, CPU s", "own parts and templates", own, "shared", shared)


def demo_cpu_seconds(template: Path, folder: Path, serial: int, kept: Path | None) -> float:
    """Return the CPU seconds of one test's demo on a copy of the template: created, or copied from kept."""
    path = folder / f"demo-{serial}.sqlite3"
    shutil.copy(template, path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": True, "RUN_CACHE_SIZE": 0,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}, clock=FixedClock())
    with app.app_context():
        started = time.process_time()
        if kept is None:
            create_demo_people()
        else:
            db.session.remove()
            db.engine.dispose()
            shutil.copy(kept, path)
        spent = time.process_time() - started
        db.session.remove()
        db.engine.dispose()
    return spent


def measure_demos(count: int) -> None:
    """Print the CPU of creating the demo people per test and of copying a kept demo file."""
    with tempfile.TemporaryDirectory(prefix="flowdesk-bench-") as name:
        folder = Path(name)
        template = folder / "template.sqlite3"
        with migrated_app(f"sqlite:///{template}", TESTING=True).app_context():
            db.engine.dispose()  # the migration's write-ahead log goes into the file the tests copy
        demo_cpu_seconds(template, folder, -1, None)  # this copy, filled, is the kept one
        kept = folder / "demo--1.sqlite3"
        created = [demo_cpu_seconds(template, folder, 2 * serial, None) for serial in range(count)]
        copied = [demo_cpu_seconds(template, folder, 2 * serial + 1, kept) for serial in range(count)]
    report("demo fixture on SQLite, CPU s", "created", created, "copied", copied)


def truncate(url: str) -> None:
    """Empty the tables as the suite did before: TRUNCATE ... RESTART IDENTITY CASCADE."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {', '.join(t.name for t in db.metadata.sorted_tables)} "
                                   "RESTART IDENTITY CASCADE"))
    engine.dispose()


def delete_per_table(url: str) -> None:
    """Empty the tables as the suite did before the DO block: a new connection, one DELETE per table."""
    engine = sa.create_engine(url)
    tables = db.metadata.sorted_tables
    with engine.begin() as connection:
        connection.execute(sa.text("SET LOCAL session_replication_role = replica"))
        connection.execute(sa.text("SET LOCAL synchronous_commit = off"))
        for table in reversed(tables):
            connection.execute(table.delete())
        connection.execute(sa.text("SELECT setval(s.seqrelid, s.seqstart, false) FROM pg_sequence s "
                                   "JOIN pg_depend d ON d.objid = s.seqrelid AND d.deptype IN ('a', 'i') "
                                   "JOIN pg_class t ON t.oid = d.refobjid WHERE t.relname = ANY(:tables)"),
                           {"tables": [table.name for table in tables]})
    engine.dispose()


def cleanup_seconds(url: str, cleanup: Callable[[str], None]) -> float:
    """Write a few rows as a test would, then return the wall seconds of emptying the database."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for name in ("Service desk", "Second line", "Managers"):
            connection.execute(sa.text("INSERT INTO department (name) VALUES (:name)"), {"name": name})
    engine.dispose()
    started = time.monotonic()
    cleanup(url)
    return time.monotonic() - started


def measure_cleanups(count: int) -> None:
    """Print the wall time of TRUNCATE, of DELETE per table and of the DO block, interleaved on one database."""
    with scratch_postgres(os.environ.get("FLOWDESK_TEST_POSTGRES_URL", POSTGRES_URL)) as url:
        with migrated_app(url, TESTING=True).app_context():
            db.engine.dispose()
        truncated = [cleanup_seconds(url, truncate)]  # a first, warming round, not reported
        deleted: list[float] = []
        blocks: list[float] = []
        for _ in range(count):
            truncated.append(cleanup_seconds(url, truncate))
            deleted.append(cleanup_seconds(url, delete_per_table))
            blocks.append(cleanup_seconds(url, empty_all))
        cleanup_engine(url).dispose()
    report("PostgreSQL cleanup, wall s", "TRUNCATE", truncated[1:], "DELETE per table", deleted)
    report("PostgreSQL cleanup, wall s", "DELETE per table", deleted, "one DO block", blocks)


def report(what: str, before_name: str, before: list[float], after_name: str, after: list[float]) -> None:
    """Print the medians of both ways and their ratio."""
    before_median, after_median = statistics.median(before), statistics.median(after)
    print(f"{what}: {before_name} median {before_median:.4f}, {after_name} median {after_median:.4f}, "
          f"ratio {before_median / after_median:.1f}x ({len(after)} rounds)")


def main() -> None:
    """Run the measurements and print the machine's load."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=30)
    parser.add_argument("--cleanups", type=int, default=15)
    parser.add_argument("--demos", type=int, default=10)
    parser.add_argument("--skip-postgres", action="store_true")
    options = parser.parse_args()
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")
    measure_apps(options.apps)
    measure_page_apps(options.apps)
    measure_demos(options.demos)
    if not options.skip_postgres:
        measure_cleanups(options.cleanups)


if __name__ == "__main__":
    main()
