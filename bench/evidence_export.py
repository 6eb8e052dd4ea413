"""Measure evidence bundles: exporting one case, exporting a period's cases, and checking a bundle offline.

Logs and resolves incidents through the shipped incident flow on a scratch SQLite database (as the desk's people
would: classify, accept, resolve), then times export_case_evidence, export_evidence over all of them, and
verify_bundle on the bigger bundle. Prints figures; never fails on speed.

    .venv/bin/python bench/evidence_export.py [--cases 20]
"""
import argparse
import io
import time
from pathlib import Path

from scratch import migrated_app, scratch_sqlite
from sqlalchemy import select

from app.audit.evidence import EvidenceSelection, EvidenceSettings, export_case_evidence, export_evidence
from app.audit.evidence_check import verify_bundle
from app.demo import create_demo_people
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.servicedesk.tickets import log_ticket
from app.workflow.deployment import deploy_diagram
from app.workflow.models import UserTask
from app.workflow.tasks.actions import claim_task, complete_task

PROCESSES = Path(__file__).parents[1] / "processes"


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=20)
    return parser.parse_args()


def open_task(instance_id: int, element_id: str) -> UserTask:
    """Return an instance's open task of an element."""
    return db.session.execute(select(UserTask).where(UserTask.instance_id == instance_id,
                                                     UserTask.element_id == element_id)).scalar_one()


def resolved_incident(runtime, number: int) -> int:  # type: ignore[no-untyped-def]
    """Log an incident, classify, accept and resolve it; return its instance id."""
    ticket = log_ticket(runtime, kind="incident", title=f"打印机卡纸 {number}", description="Every page jams.",
                        requester="rita", category_id=None, ci_id=None, impact="medium", urgency="medium",
                        actor=actor_for(require_user("sam")), channel="agent")
    instance_id = ticket.instance_id
    task = open_task(instance_id, "classify")
    claim_task(runtime, task.id, "sam")
    complete_task(runtime, task.id, "sam", {"impact": "medium", "urgency": "medium"})
    task = open_task(instance_id, "take_or_pass")
    complete_task(runtime, task.id, task.assignee, {"decision": "accept"})
    task = open_task(instance_id, "resolve")
    complete_task(runtime, task.id, task.assignee, {"outcome": "resolved", "resolution": "Replaced the fuser."})
    return instance_id


def main() -> None:
    """Fill a scratch database, time the exports and the offline check, print the figures."""
    args = parse_args()
    with scratch_sqlite() as url:
        app = migrated_app(url, TESTING=True)
        with app.app_context():
            runtime = app.extensions["flowdesk"]
            deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")
            create_demo_people()
            ids = [resolved_incident(runtime, n) for n in range(args.cases)]
            settings = EvidenceSettings.from_config(app.config)
            auditor = actor_for(require_user("audrey"))
            with app.test_request_context():
                started = time.perf_counter()
                one = export_case_evidence(runtime, auditor, ids[0], settings)
                one_s = time.perf_counter() - started
                today = runtime.clock.now().date()
                started = time.perf_counter()
                many = export_evidence(runtime, auditor, EvidenceSelection(today, today, "incident"), settings)
                many_s = time.perf_counter() - started
            started = time.perf_counter()
            report = verify_bundle(io.BytesIO(many.content))
            check_s = time.perf_counter() - started
    print(f"one case: {one_s * 1000:.0f} ms, {len(one.content) / 1024:.0f} KiB")
    print(f"{many.cases} cases: {many_s:.2f} s ({many_s / many.cases * 1000:.0f} ms a case), "
          f"{len(many.content) / 1024:.0f} KiB")
    print(f"offline check of {report.cases} cases, {report.events} events: {check_s * 1000:.0f} ms, "
          f"holds: {report.holds}")


if __name__ == "__main__":
    main()
