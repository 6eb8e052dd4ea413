"""Measure moving 1,000 running incidents from version 1 of incident.bpmn to a version 2 on SQLite.

Deploys processes/incident.bpmn, logs 1,000 incidents through the service desk and moves them on: a third
wait at 'classify', a third at 'take_or_pass' (classified, waiting for the assignee), a third at 'resolve'
(accepted). Then deploys tests/diagrams/incident_v2_migration.bpmn ('take_or_pass' is renamed 'accept_or_pass',
'classify' gets a reminder timer, the old rate step is still drawn) and times, in the same run (the response
timer at 'classify' restarted):
the dry-run preview of all 1,000 (the baseline: load, check and move in memory, write nothing) and the batch
run (one transaction and one history event per instance). Target: the batch run under 30 s. Prints figures;
never fails on speed.

    .venv/bin/python bench/migrate_instances.py [--instances 1000]
"""
import argparse
import os
import time
from pathlib import Path

from scratch import migrated_app, scratch_sqlite
from sqlalchemy import select

from app.demo import create_demo_people, create_demo_service_desk
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.policies import system_actor
from app.organisation.users import require_user
from app.servicedesk.tickets.records import log_ticket
from app.workflow.deployment import deploy_diagram
from app.workflow.migration.moves import execute_migration, preview_migration
from app.workflow.migration.plan import MigrationPlan
from app.workflow.models import UserTask
from app.workflow.tasks.actions import claim_task, complete_task

ROOT = Path(__file__).parents[1]
TARGET_SECONDS = 30


def open_task(instance_id: int) -> UserTask:
    """Return the one open task of an instance."""
    return db.session.execute(select(UserTask).where(UserTask.instance_id == instance_id)).scalar_one()


def fill(runtime, count: int) -> None:  # type: ignore[no-untyped-def]
    """Log `count` incidents and move two thirds of them on (classified; half of those accepted)."""
    sam = actor_for(require_user("sam"))
    for n in range(count):
        ticket = log_ticket(runtime, kind="incident", title=f"Printer {n} jams", description="Every page jams.",
                            requester="rita", category_id=None, ci_id=None, impact="medium", urgency="medium",
                            actor=sam, channel="agent")
        if n % 3 == 0:
            continue
        task = open_task(ticket.instance_id)
        claim_task(runtime, task.id, "sam")
        complete_task(runtime, task.id, "sam", {"impact": "medium", "urgency": "medium"})
        if n % 3 == 2:
            task = open_task(ticket.instance_id)
            complete_task(runtime, task.id, task.assignee, {"decision": "accept"})
    db.session.remove()


def main() -> None:
    """Fill, deploy version 2, preview and move every instance; print seconds, instances/s and the load."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=1000)
    arguments = parser.parse_args()
    with scratch_sqlite() as url:
        app = migrated_app(url)
        with app.app_context():
            runtime = app.extensions["flowdesk"]
            deploy_diagram(runtime, (ROOT / "processes" / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")
            create_demo_people()
            create_demo_service_desk()
            started = time.perf_counter()
            fill(runtime, arguments.instances)
            print(f"filled {arguments.instances} incidents in {time.perf_counter() - started:.1f} s")
            deploy_diagram(runtime, (ROOT / "tests" / "diagrams" / "incident_v2_migration.bpmn").read_bytes(),
                           "incident.bpmn", "olga", note="take_or_pass renamed.")
            plan = MigrationPlan("incident", 1, 2, by_hand={"take_or_pass": "accept_or_pass"},
                                 timers={"response_breached_classify": "restart"})
            measure(runtime, plan, arguments.instances)


def measure(runtime, plan: MigrationPlan, count: int) -> None:  # type: ignore[no-untyped-def]
    """Time the preview (baseline) and the batch run of a plan; print both with their ratio."""
    started = time.perf_counter()
    preview = preview_migration(runtime, system_actor("bench"), plan)
    preview_seconds = time.perf_counter() - started
    db.session.remove()
    started = time.perf_counter()
    result = execute_migration(runtime, system_actor("bench"), plan)
    seconds = time.perf_counter() - started
    refused = sum(report.refused for report in preview.reports)
    print(f"preview (baseline): {len(preview.reports)} instances, {refused} refused, {preview_seconds:.2f} s")
    print(f"batch run: {len(result.migrated)} moved, {len(result.refused)} refused in {seconds:.2f} s = "
          f"{len(result.migrated) / seconds:.0f} instances/s (target under {TARGET_SECONDS} s for {count}); "
          f"{seconds / preview_seconds:.2f}x the preview")
    print(f"load: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
