"""Measure the reports' roll-up at scale: dashboard answers and a rebuild from scratch, on SQLite and PostgreSQL.

Bulk-writes N tickets (1,000,000 by default) with their histories straight into a fresh database: opened over
two years across 8 groups, 12 categories, 4 priorities and 2 SLA policies; most answered and resolved, some
reassigned, reopened (a note), escalated (an escalation row), rated; a few still open, plus changes and problems.
Then it times `flowdesk reports rebuild` (app.reports.rollup.rebuild), checks that a catch-up after it changes
nothing, and times the dashboard's read (app.reports.report.read_report: every KPI of a filter, for a manager)
for several filters, printing the median and p95 of each. Prints figures only; it never fails on speed.

    .venv/bin/python bench/reports_rollup.py [--tickets 1000000] [--skip-postgres] [--postgres-url URL]
"""
import argparse
import random
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from engine_throughput import DEFAULT_POSTGRES_URL, postgres_problem
from scratch import insert_batches, migrated_app, scratch_postgres, scratch_sqlite

from app.extensions import db
from app.organisation.policies import Actor
from app.reports.reading import ReportFilter
from app.reports.report import read_report
from app.reports.rollup import catch_up_all, rebuild
from app.service_levels.models import TicketEscalation
from app.servicedesk.models import Category, Ticket, TicketNote

GROUPS = ("service-desk", "second-line", "network", "database", "desktop", "identity", "apps", "facilities")
PRIORITIES = ("P1", "P2", "P3", "P4")
START = datetime(2025, 1, 1, tzinfo=UTC)
DAYS = 730
MANAGER = Actor(1, "mona", "Mona", "en", "UTC", frozenset(), frozenset({"manager"}), frozenset())
LEAD = Actor(2, "sam", "Sam", "en", "UTC", frozenset({"service-desk"}), frozenset({"agent"}),
             frozenset({"service-desk", "network"}))
REPEATS = 15


def ticket_rows(count: int, categories: list[int], rng: random.Random) -> Iterator[dict[str, Any]]:
    """Yield ticket rows with plausible histories, opened evenly over DAYS."""
    for serial in range(1, count + 1):
        created = START + timedelta(seconds=int(serial * DAYS * 86400 / count))
        kind = rng.choices(("incident", "request", "change", "problem"), (70, 25, 4, 1))[0]
        responded = created + timedelta(minutes=rng.lognormvariate(3.5, 1.0)) if rng.random() < 0.97 else None
        resolved = created + timedelta(hours=rng.lognormvariate(2.5, 1.2)) if rng.random() < 0.95 else None
        closed = resolved + timedelta(days=3) if resolved and rng.random() < 0.8 else None
        yield {"id": serial, "number": f"T-{serial}", "kind": kind, "channel": "portal", "title": "t",
               "description": "", "requester": f"user{serial % 5000}", "impact": "medium", "urgency": "medium",
               "priority": rng.choice(PRIORITIES), "priority_source": "matrix", "priority_reason": "",
               "status": "closed" if closed else ("resolved" if resolved else "in_progress"),
               "assigned_group": rng.choice(GROUPS), "assignee": f"agent{serial % 120}",
               "category_id": rng.choice(categories), "sla_policy": rng.choice(("standard", "vip")),
               "response_due_at": created + timedelta(hours=1), "resolution_due_at": created + timedelta(hours=16),
               "responded_at": responded, "resolved_at": resolved, "closed_at": closed,
               "satisfaction": rng.randint(1, 5) if resolved and kind == "incident" and rng.random() < 0.3 else None,
               "reassignment_count": rng.choices((0, 1, 2), (80, 15, 5))[0], "created_at": created,
               "updated_at": closed or resolved or created}


def fill(count: int) -> None:
    """Write the categories, tickets, reopen notes and escalations."""
    db.session.execute(sa.insert(Category), [{"name": f"category {n}"} for n in range(12)])
    db.session.commit()
    categories = list(db.session.execute(sa.select(Category.id)).scalars())
    for trigger in ("ticket_fts_ai", "ticket_note_fts_ai"):  # full-text indexing is not what is measured here
        if db.engine.dialect.name == "sqlite":
            db.session.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger}"))
    db.session.commit()
    rng = random.Random(16)
    insert_batches(Ticket.__table__, ticket_rows(count, categories, rng), 10000)
    stride = max(1, count // (count // 20 or 1))
    insert_batches(TicketNote.__table__, ({
        "ticket_id": ticket_id, "author": "rita", "at": START, "body": "again", "visibility": "public",
        "event": "reopened", "event_params": "{}"} for ticket_id in range(1, count + 1, stride)), 10000)
    insert_batches(TicketEscalation.__table__, ({
        "ticket_id": ticket_id, "level": "response_breach", "raised_at": START + timedelta(
            seconds=int(ticket_id * DAYS * 86400 / count) + 3600), "recipients": ""}
        for ticket_id in range(3, count + 1, 17)), 10000)


def timed(call: Any) -> tuple[float, float]:
    """Return the median and p95 in milliseconds of REPEATS calls."""
    spent = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    spent.sort()
    return statistics.median(spent), spent[int(0.95 * (len(spent) - 1))]


def measure(label: str, url: str, count: int) -> None:
    """Fill one fresh database, rebuild, and time the dashboards."""
    app = migrated_app(url)
    with app.app_context():
        started = time.perf_counter()
        fill(count)
        fill_seconds = time.perf_counter() - started
        started = time.perf_counter()
        counted = rebuild(5000)
        rebuild_seconds = time.perf_counter() - started
        changed = catch_up_all(5000)
        daily = db.session.execute(sa.text("SELECT count(*) FROM report_daily")).scalar_one()
        print(f"{label:<10} {count} tickets written in {fill_seconds:.0f} s; rebuild {rebuild_seconds:.0f} s "
              f"({counted / rebuild_seconds:.0f} tickets/s), {daily} daily rows; a catch-up after it changed {changed}")
        last = (START + timedelta(days=DAYS - 1)).date()
        filters = {
            "manager, last 30 days": (MANAGER, ReportFilter(last - timedelta(days=29), last)),
            "manager, whole year": (MANAGER, ReportFilter(last - timedelta(days=364), last)),
            "manager, 90 days, group+priority": (MANAGER, ReportFilter(last - timedelta(days=89), last,
                                                                       "network", None, "P2")),
            "lead (2 groups), 30 days": (LEAD, ReportFilter(last - timedelta(days=29), last)),
            "agent (own work), 30 days": (Actor(3, "agent7", "A", "en", "UTC", frozenset(), frozenset({"agent"}),
                                                frozenset()), ReportFilter(last - timedelta(days=29), last)),
        }
        for name, (actor, chosen) in filters.items():
            median, p95 = timed(lambda actor=actor, chosen=chosen: read_report(actor, chosen))
            print(f"{label:<10} dashboard {name:<34} median {median:7.1f} ms  p95 {p95:7.1f} ms")
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    """Parse the options and measure on each database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    options = parser.parse_args()
    if not options.skip_sqlite:
        with scratch_sqlite() as url:
            measure("sqlite", url, options.tickets)
    if options.skip_postgres:
        return
    problem = postgres_problem(options.postgres_url)
    if problem:
        print(f"postgresql skipped: {problem}")
        return
    with scratch_postgres(options.postgres_url) as url:
        measure("postgresql", url, options.tickets)


if __name__ == "__main__":
    main()
