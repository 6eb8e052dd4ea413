"""Measure the reports' roll-up at scale: dashboard answers and a rebuild from scratch, on SQLite and PostgreSQL.

Bulk-writes N tickets (1,000,000 by default) with their histories straight into a fresh database: opened over
two years across 8 groups, 12 categories, 4 priorities and 2 SLA policies; most answered and resolved, some
reassigned, reopened (a note), escalated (an escalation row), rated (a survey answer); a few still open, plus
changes and problems.
Then it times `flowdesk reports rebuild` (app.reports.rollup.rebuild), checks that a catch-up after it changes
nothing, times the incremental pass after a day of work (a day's tickets resolved, as many reassigned), and times
every audience's dashboard (app.reports.report.read_report: every KPI; manager, group lead, agent, process owner)
over 30 days, a quarter and a year, unfiltered, by group and priority, and by category: the p50 and p95 of
REPEATS reads, and this process's CPU time. Prints the load average beside (the machine may be shared) and the
rows of each roll-up table. Prints figures only; it never fails on speed.

    .venv/bin/python bench/reports_rollup.py [--tickets 1000000] [--skip-postgres] [--postgres-url URL]
"""
import argparse
import os
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
from app.servicedesk.surveys.answers import RATED_ON_TICKET
from app.servicedesk.surveys.models import Survey
from app.servicedesk.tickets.models import Category, Ticket, TicketNote

GROUPS = ("service-desk", "second-line", "network", "database", "desktop", "identity", "apps", "facilities")
PRIORITIES = ("P1", "P2", "P3", "P4")
START = datetime(2025, 1, 1, tzinfo=UTC)
DAYS = 730
LAST_DAY = (START + timedelta(days=DAYS - 1)).date() - timedelta(days=11)  # mid-month: both edges partial
AUDIENCES = {
    "manager": Actor(1, "mona", "Mona", "en", "UTC", frozenset(), frozenset({"manager"}), frozenset()),
    "group lead": Actor(2, "sam", "Sam", "en", "UTC", frozenset({"service-desk"}), frozenset({"agent"}),
                        frozenset({"service-desk", "network"})),
    "agent": Actor(3, "agent7", "A", "en", "UTC", frozenset({"network"}), frozenset({"agent"}), frozenset()),
    "process owner": Actor(4, "pia", "Pia", "en", "UTC", frozenset(), frozenset({"process_owner"}), frozenset()),
}
PERIODS = {"30 days": 30, "quarter": 91, "year": 365}
ROLLUP = ("report_ticket", "report_daily", "report_daily_group", "report_monthly", "report_monthly_group",
          "report_duration", "report_duration_group", "report_monthly_duration", "report_monthly_duration_category",
          "report_monthly_duration_priority")
REPEATS = 10


def ticket_rows(count: int, categories: list[int], rng: random.Random,
                ratings: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Yield ticket rows with plausible histories, opened evenly over DAYS; add the rated ones' survey answers to
    ratings (given on the ticket, never sent, as the incident's old rate step kept them)."""
    for serial in range(1, count + 1):
        created = START + timedelta(seconds=int(serial * DAYS * 86400 / count))
        kind = rng.choices(("incident", "request", "change", "problem"), (70, 25, 4, 1))[0]
        responded = created + timedelta(minutes=rng.lognormvariate(3.5, 1.0)) if rng.random() < 0.97 else None
        resolved = created + timedelta(hours=rng.lognormvariate(2.5, 1.2)) if rng.random() < 0.95 else None
        closed = resolved + timedelta(days=3) if resolved and rng.random() < 0.8 else None
        row = {"id": serial, "number": f"T-{serial}", "kind": kind, "channel": "portal", "title": "t",
               "description": "", "requester": f"user{serial % 5000}", "impact": "medium", "urgency": "medium",
               "priority": rng.choice(PRIORITIES), "priority_source": "matrix", "priority_reason": "",
               "status": "closed" if closed else ("resolved" if resolved else "in_progress"),
               "assigned_group": rng.choice(GROUPS), "assignee": f"agent{serial % 120}",
               "category_id": rng.choice(categories), "sla_policy": rng.choice(("standard", "vip")),
               "response_due_at": created + timedelta(hours=1), "resolution_due_at": created + timedelta(hours=16),
               "responded_at": responded, "resolved_at": resolved, "closed_at": closed,
               "rating": rng.randint(1, 5) if resolved and kind == "incident" and rng.random() < 0.3 else None,
               "reassignment_count": rng.choices((0, 1, 2), (80, 15, 5))[0], "created_at": created,
               "updated_at": closed or resolved or created}
        rating = row.pop("rating")  # drawn where it always was: the same tickets as before
        if rating is not None:
            ratings.append({"ticket_id": serial, "requester": row["requester"], "status": "answered",
                            "reason": RATED_ON_TICKET, "decided_at": resolved, "closed_at": resolved,
                            "comment_below": 3, "score": rating})
        yield row


def fill(count: int) -> None:
    """Write the categories, tickets, their survey answers, reopen notes and escalations."""
    db.session.execute(sa.insert(Category), [{"name": f"category {n}"} for n in range(12)])
    db.session.commit()
    categories = list(db.session.execute(sa.select(Category.id)).scalars())
    for trigger in ("ticket_fts_ai", "ticket_note_fts_ai"):  # full-text indexing is not what is measured here
        if db.engine.dialect.name == "sqlite":
            db.session.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger}"))
    db.session.commit()
    rng = random.Random(16)
    ratings: list[dict[str, Any]] = []
    insert_batches(Ticket.__table__, ticket_rows(count, categories, rng, ratings), 10000)
    insert_batches(Survey.__table__, ratings, 10000)
    stride = max(1, count // (count // 20 or 1))
    insert_batches(TicketNote.__table__, ({
        "ticket_id": ticket_id, "author": "rita", "at": START, "body": "again", "visibility": "public",
        "event": "reopened", "event_params": "{}"} for ticket_id in range(1, count + 1, stride)), 10000)
    insert_batches(TicketEscalation.__table__, ({
        "ticket_id": ticket_id, "level": "response_breach", "raised_at": START + timedelta(
            seconds=int(ticket_id * DAYS * 86400 / count) + 3600), "recipients": ""}
        for ticket_id in range(3, count + 1, 17)), 10000)


def timed(call: Any) -> tuple[float, float, float]:
    """Return the median and p95 in milliseconds of REPEATS calls, and the median CPU time this process spent (on
    SQLite the whole read; the shared machine's load stretches the wall time, much less the CPU time)."""
    spent, cpu = [], []
    for _ in range(REPEATS):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        spent.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        db.session.rollback()
    spent.sort()
    return statistics.median(spent), spent[int(0.95 * (len(spent) - 1))], statistics.median(cpu)


def dashboards() -> Iterator[tuple[str, Actor, ReportFilter]]:
    """Yield every audience's dashboard over 30 days, a quarter and a year, unfiltered and with two filters."""
    category = 3  # one of the twelve
    for audience, actor in AUDIENCES.items():
        for period, days in PERIODS.items():
            first = LAST_DAY - timedelta(days=days - 1)
            group = "network" if audience != "agent" else None
            yield f"{audience}, {period}", actor, ReportFilter(first, LAST_DAY)
            yield f"{audience}, {period}, group+priority", actor, ReportFilter(first, LAST_DAY, group, None, "P2")
            yield f"{audience}, {period}, category", actor, ReportFilter(first, LAST_DAY, None, category)


def one_day_later(count: int, day: int) -> int:
    """Resolve the open tickets opened on one day and touch a day's worth of others (a reassignment), as a day of
    work does; return how many tickets were touched."""
    per_day = max(1, count // DAYS)
    moment = START + timedelta(days=day, hours=12)
    # after everything counted so far (closures run past the last day), so the pass reads these
    updated = db.session.execute(sa.select(sa.func.max(Ticket.updated_at))).scalar_one() + timedelta(hours=1)
    resolved = db.session.execute(sa.update(Ticket).where(
        Ticket.created_at >= START + timedelta(days=day - 1), Ticket.created_at < START + timedelta(days=day),
        Ticket.resolved_at.is_(None)).values(resolved_at=moment, status="resolved", updated_at=updated)).rowcount
    touched = db.session.execute(sa.update(Ticket).where(Ticket.id.in_(
        sa.select(Ticket.id).where(Ticket.id % DAYS == day % DAYS).limit(per_day))).values(
        assigned_group="second-line", reassignment_count=Ticket.reassignment_count + 1,
        updated_at=updated)).rowcount
    db.session.commit()
    return resolved + touched


def measure(label: str, url: str, count: int) -> None:
    """Fill one fresh database, rebuild, time a day's incremental pass, and time the dashboards."""
    app = migrated_app(url)
    with app.app_context():
        started = time.perf_counter()
        fill(count)
        fill_seconds = time.perf_counter() - started
        started = time.perf_counter()
        counted = rebuild(5000)
        rebuild_seconds = time.perf_counter() - started
        changed = catch_up_all(5000)
        rows = {table: db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() for table in ROLLUP}
        print(f"{label:<10} {count} tickets written in {fill_seconds:.0f} s; rebuild from scratch "
              f"{rebuild_seconds:.0f} s ({counted / rebuild_seconds:.0f} tickets/s); a catch-up after it changed "
              f"{changed}; load average {load()}", flush=True)
        print(f"{label:<10} rows: " + ", ".join(f"{table} {number}" for table, number in rows.items()), flush=True)
        for day in (DAYS - 2, DAYS - 1):
            touched = one_day_later(count, day)
            started = time.perf_counter()
            changed = catch_up_all()
            print(f"{label:<10} incremental pass after one day ({touched} tickets touched): {changed} counted in "
                  f"{time.perf_counter() - started:.1f} s; load average {load()}", flush=True)
        for name, actor, chosen in dashboards():
            median, p95, cpu = timed(lambda actor=actor, chosen=chosen: read_report(actor, chosen))
            print(f"{label:<10} dashboard {name:<40} p50 {median:7.1f} ms  p95 {p95:7.1f} ms  (cpu p50 {cpu:6.1f} ms)",
                  flush=True)
        print(f"{label:<10} load average at the end {load()}", flush=True)
        db.session.remove()
        db.engine.dispose()


def load() -> str:
    """Return the machine's load averages (1, 5, 15 minutes): the bench shares its cores."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


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
