"""Measure the server time of the group queue: the inbox page and GET /api/v1/tasks?scope=group.

Fills a database with 100,000 open tasks across 50 groups and 1,000,000 history events, then times
200 requests of each for a user in 3 groups (median and p95), on SQLite and on PostgreSQL. The rows
are bulk-inserted (the engine is not what is measured here). Prints figures; never fails on speed.

    .venv/bin/python bench/inbox_latency.py [--tasks 100000] [--events 1000000] [--requests 200]
                                            [--skip-postgres] [--postgres-url URL]
"""
import argparse
import os
import random
import statistics
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from scratch import insert_batches, measure_on_both, migrated_app, percentile, print_latencies

from app.extensions import db
from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from app.organisation.users import UserDetails, add_user
from app.workflow.models import HistoryEvent, ProcessDefinition, ProcessInstance, UserTask, UserTaskCandidate

DEFAULT_POSTGRES_URL = os.environ.get("FLOWDESK_TEST_POSTGRES_URL",
                                      "postgresql+psycopg://postgres@127.0.0.1:5432/test")
GROUPS = [f"team-{n:02d}" for n in range(50)]
USER_GROUPS = ["team-03", "team-17", "team-42"]
NOW = datetime(2030, 1, 1, tzinfo=UTC)
TARGET_P95_MS = 100


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    return parser.parse_args()


def fill(task_count: int, event_count: int) -> None:
    """Bulk-insert one definition, task_count instances each with one open task, and the history."""
    rng = random.Random(7)
    definition = ProcessDefinition(process_id="incident", version=1, name="Incident", file_name="incident.bpmn",
                                   bpmn_xml=(Path(__file__).parents[1] / "processes" / "incident.bpmn").read_bytes(),
                                   content_hash="0" * 64, deployed_by="bench", deployed_at=NOW)
    db.session.add(definition)
    db.session.commit()
    instance_rows = ({"id": n + 1, "definition_id": definition.id, "process_id": "incident",
                      "business_key": f"INC-{n + 1:06d}", "status": "running", "state_json": "{}",
                      "serializer_version": "1.5", "lock_version": 1, "started_by": "rita",
                      "started_at": NOW - timedelta(minutes=n), "updated_at": NOW, "history_seq": 0,
                      "history_hash": "0" * 64} for n in range(task_count))
    insert_batches(ProcessInstance.__table__, instance_rows)
    task_ids = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(task_count)]
    task_rows = ({"id": task_ids[n], "instance_id": n + 1, "element_id": "triage", "name": "Classify and prioritise",
                  "documentation": None, "assignee": None, "priority": rng.choice([30, 50, 60, 90]),
                  "due_at": NOW + timedelta(minutes=rng.randint(-600, 6000)), "form_fields": "[]",
                  "created_at": NOW - timedelta(minutes=n)} for n in range(task_count))
    insert_batches(UserTask.__table__, task_rows)
    candidate_rows = ({"task_id": task_ids[n], "kind": "group", "name": GROUPS[n % len(GROUPS)]}
                      for n in range(task_count))
    insert_batches(UserTaskCandidate.__table__, candidate_rows)
    insert_batches(HistoryEvent.__table__, history_rows(event_count, task_count, task_ids))


def history_rows(event_count: int, task_count: int, task_ids: list[str]) -> Iterator[dict[str, Any]]:
    """Yield plausible history rows spread over the instances (hashes are not chained: not measured here)."""
    per_instance = max(1, event_count // task_count)
    produced = 0
    for instance in range(1, task_count + 1):
        for seq in range(1, per_instance + 1):
            if produced >= event_count:
                return
            produced += 1
            yield {"stream": f"instance:{instance}", "seq": seq, "instance_id": instance, "kind": "task_ready",
                   "element_id": "triage", "task_id": task_ids[instance - 1], "actor": "scheduler",
                   "at": NOW, "data": "{}", "prev_hash": "0" * 64, "hash": "0" * 64}


def time_requests(app: Flask, count: int) -> dict[str, tuple[float, float]]:
    """Time the group queue page and the API call; return name -> (median ms, p95 ms)."""
    with app.app_context():
        token = create_token(app.extensions["flowdesk"], system_actor("bench"), "quinn", "bench")
    client = app.test_client()
    client.post("/login", data={"login": "quinn", "password": "bench-password"})
    calls = {
        "group queue page  GET /inbox/queue": lambda: client.get("/inbox/queue"),
        "API  GET /api/v1/tasks?scope=group": lambda: client.get(
            "/api/v1/tasks?scope=group", headers={"Authorization": f"Bearer {token}"}),
    }
    results = {}
    for name, call in calls.items():
        for _ in range(10):
            call()
        samples = []
        for _ in range(count):
            started = time.perf_counter()
            response = call()
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{name} answered {response.status_code}: {response.get_data(as_text=True)[:300]}")
        results[name] = (statistics.median(samples), percentile(samples, 0.95))
    return results


def bench(label: str, url: str, args: argparse.Namespace) -> dict[str, tuple[float, float]]:
    """Fill one database and time the requests."""
    # The test client signs in with a plain POST, so the benchmark app takes forms without CSRF tokens.
    app = migrated_app(url, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000", WTF_CSRF_ENABLED=False)
    started = time.perf_counter()
    with app.app_context():
        add_user(app.extensions["flowdesk"], system_actor("bench"), "quinn", USER_GROUPS,
                 details=UserDetails(display_name="Quinn Queue", password="bench-password", roles=["agent"]),
                 password_hash_method=app.config["PASSWORD_HASH_METHOD"])
        fill(args.tasks, args.events)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
    print(f"{label}: filled {args.tasks:,} open tasks and {args.events:,} history events "
          f"in {time.perf_counter() - started:.0f} s")
    return time_requests(app, args.requests)


def main() -> None:
    """Run the benchmark and print the figures."""
    args = parse_args()
    print(f"FlowDesk inbox latency: {args.tasks:,} open tasks across {len(GROUPS)} groups, "
          f"{args.events:,} history events; a user in {len(USER_GROUPS)} groups; {args.requests} requests each")
    print(f"date {datetime.now(UTC).isoformat(timespec='seconds')}  nproc {os.cpu_count()}")
    results = measure_on_both(lambda label, url: bench(label, url, args), args.skip_postgres, args.postgres_url)
    print_latencies(results, TARGET_P95_MS)


if __name__ == "__main__":
    main()
