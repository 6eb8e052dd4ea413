"""Measure the insight of a process version with 100,000 cases: the heatmap, paths and rework, and the cases off
the plain run (the page's first 200).

Seeds a scratch database (SQLite, and PostgreSQL unless skipped): the shipped incident diagram deployed, then
100,000 cases spread over a year, each a random walk through the diagram (one way out chosen at every split, a
loop back now and then), under 6 categories x 4 priorities x 5 groups, each with its ticket (15% resolved late).
Their history events are made up here but counted by the live path's own function (trail.follow_events) and
written by the rebuild's writer (counts.insert_tallies), so the rows are those the steps would have written.
Then times the heatmap alone (counts and task times on the diagram) of the whole year, the whole insight (with
paths and rework) of the year and of one month filtered by priority, and the cases off the plain run. Prints the
figures and the machine's load; never fails on speed.

    .venv/bin/python bench/insight_heatmap.py [--cases 100000] [--runs 7] [--skip-postgres] [--postgres-url URL]
"""
import argparse
import os
import random
import statistics
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from scratch import insert_batches, measure_on_both, migrated_app, percentile, print_latencies

from app.extensions import db
from app.organisation.policies import system_actor
from app.servicedesk.insight.conformance import list_off_path_cases
from app.servicedesk.insight.diagram import DiagramShape, diagram_shape
from app.servicedesk.insight.period import insight_filter
from app.servicedesk.insight.report import heatmap_of, read_insight
from app.servicedesk.tickets.models import Ticket
from app.wiring import current_runtime
from app.workflow.deployment import deploy_diagram
from app.workflow.insight.counts import CASES, case_values, definition_id_of, insert_tallies
from app.workflow.insight.keys import CaseKeys
from app.workflow.insight.trail import Tally, TrailEvent, follow_events, start_trail
from app.workflow.models import ProcessInstance

DEFAULT_POSTGRES_URL = os.environ.get("FLOWDESK_TEST_POSTGRES_URL",
                                      "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DIAGRAM = Path(__file__).resolve().parent.parent / "processes" / "incident.bpmn"
FIRST_DAY = date(2029, 1, 1)
DAYS = 365
TODAY = FIRST_DAY + timedelta(days=DAYS)
TARGET_MS = 2000
CATEGORIES = [str(n) for n in range(1, 7)]
PRIORITIES = ["P1", "P2", "P3", "P4"]
GROUPS = ["service-desk", "second-line", "network", "database", "desktop"]
LATE_SHARE = 0.15
LOOP_SHARE = 0.1  # at a split, how often a case takes a way other than the first


def walk(shape: DiagramShape, rng: random.Random) -> list[tuple[str, str, list[str]]]:
    """Return one case's walk through the diagram: (kind, element id, flows taken) per element passed."""
    start = next(element_id for element_id, (_, kind) in shape.elements.items() if kind == "startEvent")
    passed: list[tuple[str, str, list[str]]] = []
    current = start
    for _ in range(40):
        ways = shape.outgoing(current)
        if not ways:
            break
        flow = ways[0] if len(ways) == 1 or rng.random() > LOOP_SHARE else rng.choice(ways[1:])
        kind = shape.kind_of(current)
        if kind.endswith("Gateway") and len(ways) > 1:
            passed.append(("gateway_passed", current, [flow]))
        current = shape.flows[flow][1]
        target_kind = shape.kind_of(current)
        if target_kind == "userTask":
            passed.append(("task", current, []))
        elif target_kind == "endEvent":
            passed.append(("end_reached", current, []))
            break
        elif target_kind in ("serviceTask", "scriptTask", "intermediateCatchEvent", "boundaryEvent"):
            passed.append(("task_passed", current, []))
    return passed


def case_events(case_number: int, shape: DiagramShape, rng: random.Random) -> list[TrailEvent]:
    """Return the history events of one made-up case: started, its walk with task times, completed."""
    at = datetime.combine(FIRST_DAY, datetime.min.time(), UTC) + timedelta(seconds=rng.uniform(0, DAYS * 86400))
    events = [TrailEvent("instance_started", None, None, at,
                         {"process_id": "incident", "version": 1, "business_key": f"INC-{case_number:06d}"})]
    for number, (kind, element_id, flows) in enumerate(walk(shape, rng)):
        if kind == "task":
            task_id = f"{case_number}-{number}"
            events.append(TrailEvent("task_ready", element_id, task_id, at, {"task_id": task_id}))
            wait = rng.lognormvariate(7, 1.2)
            events.append(TrailEvent("task_claimed", element_id, task_id, at + timedelta(seconds=wait), {}))
            at += timedelta(seconds=wait + rng.lognormvariate(8, 1.0))
            events.append(TrailEvent("task_completed", element_id, task_id, at, {"task_id": task_id}))
        else:
            events.append(TrailEvent(kind, element_id, None, at, {"flows": flows}))
    events.append(TrailEvent("instance_completed", None, None, at, {}))
    return events


def seed(cases: int, rng: random.Random) -> None:
    """Deploy the incident diagram and write the counts, cases, instances and tickets of made-up cases."""
    runtime = current_runtime()
    deploy_diagram(runtime, DIAGRAM.read_bytes(), DIAGRAM.name, "bench")
    definition_id = definition_id_of("incident", 1)
    shape = diagram_shape(DIAGRAM.read_bytes())
    tallies: dict[CaseKeys, Tally] = defaultdict(Tally)
    case_rows: list[dict[str, Any]] = []
    instances: list[dict[str, Any]] = []
    tickets: list[dict[str, Any]] = []
    for number in range(1, cases + 1):
        events = case_events(number, shape, rng)
        keys = CaseKeys(rng.choice(CATEGORIES), rng.choice(PRIORITIES), rng.choice(GROUPS))
        trail = start_trail(events[0], lambda process_id, version: definition_id)
        assert trail is not None
        follow_events(trail, events[1:], lambda process_id, version: definition_id, tallies[keys])
        case_rows.append(case_values(number, trail, keys))
        instances.append(instance_row(number, definition_id, events[0].at, events[-1].at))
        tickets.append(ticket_row(number, keys, events[0].at, events[-1].at, rng))
    insert_batches(ProcessInstance.__table__, instances)
    insert_batches(Ticket.__table__, tickets)
    insert_batches(CASES, case_rows)
    insert_tallies(tallies)  # as `flowdesk insight rebuild` writes them
    db.session.commit()


def instance_row(number: int, definition_id: int, started_at: datetime, ended_at: datetime) -> dict[str, Any]:
    """Return a completed instance's row."""
    return {"id": number, "definition_id": definition_id, "process_id": "incident",
            "business_key": f"INC-{number:06d}", "status": "completed", "state_json": "{}", "serializer_version": "1",
            "lock_version": 1, "started_by": "bench", "started_at": started_at, "updated_at": ended_at,
            "completed_at": ended_at}


def ticket_row(number: int, keys: CaseKeys, created_at: datetime, resolved_at: datetime,
               rng: random.Random) -> dict[str, Any]:
    """Return the ticket of a case: resolved, late for LATE_SHARE of them."""
    due = resolved_at + timedelta(hours=-2 if rng.random() < LATE_SHARE else 8)
    return {"number": f"INC-{number:06d}", "kind": "incident", "channel": "portal", "title": "Bench case",
            "description": "", "requester": "bench", "category_id": None, "impact": "medium", "urgency": "medium",
            "priority": keys.priority, "priority_source": "matrix", "priority_reason": "", "status": "closed",
            "assigned_group": keys.group_name, "resolution_due_at": due, "resolved_at": resolved_at,
            "reassignment_count": 0, "created_at": created_at, "updated_at": resolved_at, "instance_id": number}


def timed(call: Any, runs: int) -> tuple[float, float]:
    """Run a call several times; return its median and worst time in milliseconds."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile(samples, 1.0)


def bench_database(cases: int, runs: int) -> Any:
    """Return a bench(label, url) that seeds a database and times the insight on it."""
    def bench(label: str, url: str) -> dict[str, tuple[float, float]]:
        app = migrated_app(url)
        with app.app_context():
            started = time.perf_counter()
            seed(cases, random.Random(14))
            print(f"{label}: seeded {cases} cases in {time.perf_counter() - started:.0f} s; "
                  f"{db.session.execute(sa.text('SELECT count(*) FROM insight_count')).scalar()} count rows, "
                  f"{db.session.execute(sa.text('SELECT count(*) FROM insight_duration')).scalar()} duration rows")
            now = datetime.combine(TODAY, datetime.min.time(), UTC)
            actor = system_actor()
            year = insight_filter(TODAY, FIRST_DAY.isoformat(), (TODAY - timedelta(days=1)).isoformat())
            month = insight_filter(TODAY, "2029-06-01", "2029-06-30", priority="P1")
            shape = diagram_shape(DIAGRAM.read_bytes())
            definition_id = definition_id_of("incident", 1)
            results = {
                "heatmap alone: a year": timed(lambda: heatmap_of(definition_id, year, shape, cases), runs),
                "heatmap, paths, rework: a year": timed(lambda: read_insight(actor, "incident", None, year, now), runs),
                "heatmap, paths, rework: a month, P1": timed(
                    lambda: read_insight(actor, "incident", None, month, now), runs),
                "cases off the plain run: a year": timed(
                    lambda: list_off_path_cases(actor, "incident", None, year, now), runs),
            }
            report = read_insight(actor, "incident", None, year, now)
            print(f"{label}: the year holds {report.cases} cases, {len(report.variants) + report.other_variants} "
                  "path variants")
        return results
    return bench


def main() -> None:
    """Parse the arguments, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    arguments = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average before {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = measure_on_both(bench_database(arguments.cases, arguments.runs), arguments.skip_postgres,
                              arguments.postgres_url)
    print_latencies(results, TARGET_MS)
    print(f"load average after {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          "(median and worst of the runs are shown as 'median' and 'p95')")


if __name__ == "__main__":
    main()
