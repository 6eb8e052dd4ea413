"""Measure the change collision check: one proposed window against 50,000 booked changes on 200,000 CIs.

Fills a database with 200,000 CIs in small estates (per ten CIs: a host, three VMs that run on it, six
applications that depend on the VMs; every hundred hosts depend on a cluster), 50,000 change tickets each
booked for 1 to 3 CIs over the next 180 days (2,000 of them also on one hot database CI), 200 implementers, a
freeze on every Chinese public holiday and a weekly maintenance window in Asia/Shanghai. Then times
check_schedule (the permission, look-ups of the CIs and implementer, the hop-bounded walk (N=2), the interval
queries, the windows' recurrences and the pure rule) for random 2-hour proposals, one in ten on the hot CI:
median and p95, on SQLite and PostgreSQL. Rows are bulk-inserted with Core. Prints figures; never fails on speed.

    .venv/bin/python bench/schedule_check.py [--cis 200000] [--changes 50000] [--calls 300] [--skip-postgres]
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
from scratch import insert_batches, measure_on_both, migrated_app, percentile, print_latencies

from app.cmdb.models import CiRelation, CiType, ConfigurationItem
from app.extensions import db
from app.organisation.models import User
from app.organisation.policies import system_actor
from app.service_levels.policies import ensure_default_service_levels
from app.servicedesk.change_calendar.models import ChangeBooking, ChangeBookingCi
from app.servicedesk.change_calendar.schedule import check_schedule
from app.servicedesk.change_calendar.settings import WindowValues, save_window
from app.servicedesk.tickets.models import Ticket

DEFAULT_POSTGRES_URL = os.environ.get("FLOWDESK_TEST_POSTGRES_URL",
                                      "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)
DAYS = 180
HOT_CI = 7  # an application everyone touches
HOT_CHANGES = 2_000
IMPLEMENTERS = 200
TARGET_P95_MS = 100


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cis", type=int, default=200_000)
    parser.add_argument("--changes", type=int, default=50_000)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    return parser.parse_args()


def ci_rows(count: int) -> Iterator[dict[str, Any]]:
    """Yield the CI rows."""
    for n in range(1, count + 1):
        yield {"id": n, "type_id": 1, "name": f"ci-{n:06d}", "owner_group": f"team-{n % 50:02d}",
               "location": None, "status": "active", "attributes": "{}", "created_at": NOW, "updated_at": NOW}


def relation_rows(count: int) -> Iterator[dict[str, Any]]:
    """Yield the estates' relations: VMs run on their host, applications depend on a VM, hosts on a cluster."""
    for base in range(1, count - 9, 10):
        host = base
        for vm in range(base + 1, base + 4):
            yield {"source_id": vm, "target_id": host, "kind": "runs_on"}
        for offset, application in enumerate(range(base + 4, base + 10)):
            yield {"source_id": application, "target_id": base + 1 + offset % 3, "kind": "depends_on"}
        cluster = (base // 1000) * 1000 + 1
        if host != cluster:
            yield {"source_id": host, "target_id": cluster, "kind": "depends_on"}


def ticket_rows(count: int) -> Iterator[dict[str, Any]]:
    """Yield the change tickets."""
    for n in range(1, count + 1):
        yield {"id": n, "number": f"CHG-{n:06d}", "kind": "change", "channel": "agent", "title": f"Change {n}",
               "description": "", "requester": "sam", "impact": "medium", "urgency": "medium", "priority": "P3",
               "priority_source": "matrix", "priority_reason": "", "status": "new", "reassignment_count": 0,
               "created_at": NOW, "updated_at": NOW}


def booking_rows(count: int, cis: int, rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the bookings and their CI rows: random windows of 1 to 6 hours over the next DAYS days."""
    bookings, booked_cis = [], []
    for n in range(1, count + 1):
        starts_at = NOW + timedelta(minutes=rng.randrange(DAYS * 24 * 60))
        ends_at = starts_at + timedelta(hours=rng.randint(1, 6))
        bookings.append({"id": n, "ticket_id": n, "starts_at": starts_at, "ends_at": ends_at,
                         "implementer": f"impl-{rng.randrange(IMPLEMENTERS):03d}", "status": "booked",
                         "booked_by": "carl", "booked_at": NOW, "override_reason": None})
        chosen = {rng.randint(1, cis) for _ in range(rng.randint(1, 3))}
        if n <= HOT_CHANGES:
            chosen.add(HOT_CI)
        booked_cis.extend({"booking_id": n, "ticket_id": n, "ci_id": ci_id, "starts_at": starts_at,
                           "ends_at": ends_at} for ci_id in sorted(chosen))
    return bookings, booked_cis


def fill(args: argparse.Namespace) -> None:
    """Bulk-insert the CIs, relations, implementers, changes and bookings; add the windows."""
    rng = random.Random(15)
    db.session.add(CiType(id=1, name="service", display_name="Service", attributes="[]"))
    db.session.commit()
    insert_batches(ConfigurationItem.__table__, ci_rows(args.cis))
    insert_batches(CiRelation.__table__, relation_rows(args.cis))
    insert_batches(User.__table__, ({"login": f"impl-{n:03d}", "display_name": f"Implementer {n}", "active": True,
                                     "created_at": NOW} for n in range(IMPLEMENTERS)))
    insert_batches(Ticket.__table__, ticket_rows(args.changes))
    bookings, booked_cis = booking_rows(args.changes, args.cis, rng)
    insert_batches(ChangeBooking.__table__, bookings)
    insert_batches(ChangeBookingCi.__table__, booked_cis)
    ensure_default_service_levels(NOW)
    admin = system_actor()
    save_window(admin, WindowValues("Public holidays", "freeze", "FREQ=DAILY", "2026-01-01T00:00", 1440,
                                    "Asia/Shanghai", "China office hours", "only"), NOW)
    save_window(admin, WindowValues("Saturday night", "maintenance", "FREQ=WEEKLY;BYDAY=SA", "2026-01-03T22:00",
                                    480, "Asia/Shanghai"), NOW)
    if db.engine.dialect.name == "postgresql":
        for table in ("configuration_item", "ticket", "change_booking", "change_booking_ci"):
            db.session.execute(sa.text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))
        db.session.execute(sa.text("ANALYZE"))
    db.session.commit()


def time_checks(args: argparse.Namespace) -> dict[str, tuple[float, float]]:
    """Time check_schedule for random proposals; return name -> (median ms, p95 ms)."""
    rng = random.Random(7)
    actor = system_actor()
    samples, conflicts = [], 0
    for call in range(args.calls + 10):
        ci_id = HOT_CI if call % 10 == 0 else rng.randint(1, args.cis)
        starts_at = NOW + timedelta(minutes=rng.randrange(DAYS * 24 * 60))
        number = f"CHG-{rng.randint(1, args.changes):06d}"
        started = time.perf_counter()
        check = check_schedule(actor, number, starts_at, starts_at + timedelta(hours=2), [ci_id],
                               f"impl-{rng.randrange(IMPLEMENTERS):03d}", NOW)
        elapsed = (time.perf_counter() - started) * 1000
        db.session.rollback()
        if call >= 10:  # the first calls warm the caches
            samples.append(elapsed)
            conflicts += len(check.conflicts)
    print(f"  {conflicts / len(samples):.1f} conflicts per check on average; load average "
          f"{' '.join(f'{value:.1f}' for value in os.getloadavg())} on {os.cpu_count()} cores")
    return {"schedule check (2-hour window, N=2)": (statistics.median(samples), percentile(samples, 0.95))}


def bench(label: str, url: str, args: argparse.Namespace) -> dict[str, tuple[float, float]]:
    """Fill one database and time the check."""
    app = migrated_app(url)
    with app.app_context():
        started = time.perf_counter()
        fill(args)
        print(f"{label}: filled {args.cis:,} CIs and {args.changes:,} booked changes in "
              f"{time.perf_counter() - started:.0f} s")
        return time_checks(args)


def main() -> None:
    """Run the benchmark and print the figures."""
    args = parse_args()
    print(f"FlowDesk change collision check: {args.cis:,} CIs, {args.changes:,} booked changes; {args.calls} checks")
    print(f"date {datetime.now(UTC).isoformat(timespec='seconds')}  nproc {os.cpu_count()}")
    results = measure_on_both(lambda label, url: bench(label, url, args), args.skip_postgres, args.postgres_url)
    print_latencies(results, TARGET_P95_MS)


if __name__ == "__main__":
    main()
