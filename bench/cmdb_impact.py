"""Measure the CMDB impact view: the first page of what depends on a CI with 10,000 dependants.

Fills a database with 200,000 CIs: one core CI, 100 applications that depend on it, 99 services on each
application (10,000 dependants over two levels, plus a cycle back into the tree), and the rest in chains
of five that do not touch it. Times 200 calls of list_impacted_cis (median and p95) on SQLite and
PostgreSQL. The rows are bulk-inserted with Core. Prints figures; never fails on speed.

    .venv/bin/python bench/cmdb_impact.py [--cis 200000] [--calls 200] [--skip-postgres] [--postgres-url URL]
"""
import argparse
import os
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from scratch import insert_batches, measure_on_both, migrated_app, percentile, print_latencies

from app.cmdb.impact import list_impacted_cis
from app.cmdb.models import CiRelation, CiType, ConfigurationItem
from app.extensions import db

DEFAULT_POSTGRES_URL = os.environ.get("FLOWDESK_TEST_POSTGRES_URL",
                                      "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2030, 1, 1, tzinfo=UTC)
APPLICATIONS = 100
SERVICES_PER_APPLICATION = 99  # 100 + 100 x 99 = 10,000 dependants
CHAIN = 5
TARGET_P95_MS = 200


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cis", type=int, default=200_000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    return parser.parse_args()


def ci_rows(count: int) -> Iterator[dict[str, Any]]:
    """Yield the CI rows; id 1 is the core CI."""
    for n in range(1, count + 1):
        yield {"id": n, "type_id": 1, "name": f"ci-{n:06d}", "owner_group": f"team-{n % 50:02d}",
               "location": None, "status": "active", "attributes": "{}", "created_at": NOW, "updated_at": NOW}


def relation_rows(count: int) -> Iterator[dict[str, Any]]:
    """Yield the relations: the two-level tree under CI 1, a cycle into it, and unrelated chains."""
    applications = range(2, 2 + APPLICATIONS)
    for application in applications:
        yield {"source_id": application, "target_id": 1, "kind": "depends_on"}
    service = 2 + APPLICATIONS
    for application in applications:
        for _ in range(SERVICES_PER_APPLICATION):
            yield {"source_id": service, "target_id": application, "kind": "runs_on"}
            service += 1
    yield {"source_id": 1, "target_id": service - 1, "kind": "depends_on"}  # a cycle back into the tree
    for source in range(service, count + 1):
        if (source - service) % CHAIN:
            yield {"source_id": source, "target_id": source - 1, "kind": "depends_on"}


def fill(count: int) -> None:
    """Bulk-insert the CI type, the CIs and their relations."""
    db.session.add(CiType(id=1, name="service", display_name="Service", attributes="[]"))
    db.session.commit()
    insert_batches(ConfigurationItem.__table__, ci_rows(count))
    insert_batches(CiRelation.__table__, relation_rows(count))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT setval('configuration_item_id_seq', :n)"), {"n": count})
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def time_calls(count: int) -> dict[str, tuple[float, float]]:
    """Time the first and a late page of the impact view; return name -> (median ms, p95 ms)."""
    first = list_impacted_cis(1, limit=100)
    dependants = len(first.items)
    after = first.next_after
    while after is not None:
        page = list_impacted_cis(1, after=after, limit=500)
        dependants += len(page.items)
        after = page.next_after if page.next_after else None
        last_page_after = page.items[0].depth, page.items[0].id - 1
    print(f"  the core CI has {dependants:,} dependants")
    calls = {"impact view, first page of 100": lambda: list_impacted_cis(1, limit=100),
             "impact view, last page": lambda: list_impacted_cis(1, after=last_page_after, limit=500)}
    results = {}
    for name, call in calls.items():
        for _ in range(5):
            call()
        samples = []
        for _ in range(count):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
            db.session.rollback()
        results[name] = (statistics.median(samples), percentile(samples, 0.95))
    return results


def bench(label: str, url: str, args: argparse.Namespace) -> dict[str, tuple[float, float]]:
    """Fill one database and time the impact view."""
    app = migrated_app(url)
    with app.app_context():
        started = time.perf_counter()
        fill(args.cis)
        print(f"{label}: filled {args.cis:,} CIs in {time.perf_counter() - started:.0f} s")
        return time_calls(args.calls)


def main() -> None:
    """Run the benchmark and print the figures."""
    args = parse_args()
    print(f"FlowDesk CMDB impact view: {args.cis:,} CIs, one with "
          f"{APPLICATIONS * (SERVICES_PER_APPLICATION + 1):,} dependants; {args.calls} calls each")
    print(f"date {datetime.now(UTC).isoformat(timespec='seconds')}  nproc {os.cpu_count()}")
    results = measure_on_both(lambda label, url: bench(label, url, args), args.skip_postgres, args.postgres_url)
    print_latencies(results, TARGET_P95_MS)


if __name__ == "__main__":
    main()
