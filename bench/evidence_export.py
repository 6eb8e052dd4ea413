"""Measure evidence bundles: exporting one case, exporting a period's cases, and checking a bundle offline.

Logs and resolves incidents through the shipped incident flow on a scratch SQLite database (as the desk's people
would: classify, accept, resolve), then times export_case_evidence, export_evidence over all of them, and
verify_bundle on the bigger bundle. Then, in the same run, draws the same cases' PDF summaries two ways: each with
the whole CJK font collection (fpdf2 parses and subsets the .ttc for every PDF: how exports drew them before), and
with the font cut down once for all of them (app.audit.evidence_pdf.font_for: how exports draw them now). Prints
figures with the machine's load; never fails on speed.

    .venv/bin/python bench/evidence_export.py [--cases 20]
"""
import argparse
import io
import os
import time
from pathlib import Path

from scratch import migrated_app, scratch_sqlite
from sqlalchemy import select

from app.audit.evidence import EvidenceSelection, EvidenceSettings, export_case_evidence, export_evidence, summary_of
from app.audit.evidence_cases import read_case
from app.audit.evidence_check import verify_bundle
from app.audit.evidence_pdf import font_for, render_summary
from app.demo import create_demo_people
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.servicedesk.tickets.records import log_ticket
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import read_checkpoints
from app.workflow.models import ProcessInstance, UserTask
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


def summaries_both_ways(ids: list[int], auditor, now, settings: EvidenceSettings) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Return the seconds to draw the cases' summaries with the whole font, then with the font cut down once."""
    anchors, _breaks = read_checkpoints()
    summaries = [summary_of(read_case(db.session.get_one(ProcessInstance, instance_id), anchors), auditor, now)
                 for instance_id in ids]
    started = time.perf_counter()
    for summary in summaries:
        render_summary(summary, settings.font)
    whole_s = time.perf_counter() - started
    started = time.perf_counter()
    with font_for(settings.font, summaries) as font:
        for summary in summaries:
            render_summary(summary, font)
    return whole_s, time.perf_counter() - started


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
                whole_s, cut_s = summaries_both_ways(ids, auditor, runtime.clock.now(), settings)
            started = time.perf_counter()
            report = verify_bundle(io.BytesIO(many.content))
            check_s = time.perf_counter() - started
    print(f"one case: {one_s * 1000:.0f} ms, {len(one.content) / 1024:.0f} KiB")
    print(f"{many.cases} cases: {many_s:.2f} s ({many_s / many.cases * 1000:.0f} ms a case), "
          f"{len(many.content) / 1024:.0f} KiB")
    print(f"PDF summaries of {len(ids)} cases, each with the whole font collection: {whole_s:.2f} s "
          f"({len(ids) / whole_s:.1f} cases/s)")
    print(f"PDF summaries of {len(ids)} cases, with the font cut down once: {cut_s:.2f} s "
          f"({len(ids) / cut_s:.1f} cases/s, the cut included)")
    one_minute, five, _ = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {one_minute:.2f} {five:.2f}")
    print(f"offline check of {report.cases} cases, {report.events} events: {check_s * 1000:.0f} ms, "
          f"holds: {report.holds}")


if __name__ == "__main__":
    main()
