"""A migration's preview and result as plain data, for the command line's --json and the API."""
from typing import Any

from app.workflow.migration.moves import InstanceReport, MigrationPreview, MigrationResult, iso, issue_sentence


def report_data(report: InstanceReport) -> dict[str, Any]:
    """Return one instance's report as JSON-able data."""
    return {
        "instance_id": report.instance_id, "business_key": report.business_key, "at": report.active,
        "refused": report.refused, "reasons": report.reasons(),
        "notes": [issue_sentence(issue) for issue in report.issues if not issue.blocking],
        "issues": [{"kind": issue.kind, "element_id": issue.element_id, "target_id": issue.target_id,
                    "blocking": issue.blocking} for issue in report.issues],
        "tasks_before": report.tasks_before, "tasks_after": report.tasks_after,
        "timers": [{"element_id": line.element_id, "name": line.name, "due_before": iso(line.due_before),
                    "due_after": iso(line.due_after)} for line in report.timers],
    }


def preview_data(preview: MigrationPreview) -> dict[str, Any]:
    """Return a preview as JSON-able data: the mapping, the timers that take a choice, a report per instance."""
    plan = preview.plan
    return {
        "process_id": plan.process_id, "from_version": plan.from_version, "to_version": plan.to_version,
        "mapping": [{"element_id": line.element.id, "name": line.element.name, "type": line.element.kind,
                     "target_id": line.target_id, "automatic": line.automatic} for line in preview.mapping],
        "timers": [{"element_id": element.id, "name": element.name, "kind": element.timer,
                    "choice": plan.timers.get(element.id, plan.timer_default)} for element in preview.timers],
        "variables": dict(plan.variables),
        "instances": [report_data(report) for report in preview.reports],
    }


def result_data(result: MigrationResult) -> dict[str, Any]:
    """Return a batch run's result as JSON-able data."""
    return {"migrated": result.migrated,
            "refused": [{"instance_id": instance_id, "reason": reason}
                        for instance_id, reason in result.refused.items()]}
