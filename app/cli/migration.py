"""flowdesk migrate: move running instances of a process from one version to another (preview or run)."""
from typing import Any

import click

from app.cli.base import emit, json_option, main, reports_errors
from app.cli.workflow import operator, parse_assignments
from app.wiring import current_runtime
from app.workflow.migration.answers import preview_data, result_data
from app.workflow.migration.moves import execute_migration, preview_migration
from app.workflow.migration.plan import MigrationPlan
from app.workflow.migration.variables import rows_from_assignments, variables_from_rows
from engine.migration import KEEP, RESTART


@main.command("migrate")
@click.argument("process_id")
@click.option("--from", "from_version", type=int, required=True, help="The version the instances run now.")
@click.option("--to", "to_version", type=int, required=True, help="The version to move them to.")
@click.option("--map", "pairs", multiple=True, metavar="OLD=NEW",
              help="Map an element of the old version to one of the new (same ids map by themselves).")
@click.option("--where-step", default=None, help="Only instances at this element now.")
@click.option("--where-category", default=None, help="Only instances whose category variable is this.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["running", "needs_attention"]),
              help="Only instances in these statuses (default: running).")
@click.option("--instance", "instance_ids", multiple=True, type=int, help="Only these instances.")
@click.option("--timers", "timer_default", type=click.Choice([KEEP, RESTART]), default=KEEP, show_default=True,
              help="What waiting timers do: keep their due time, or restart with the new definition.")
@click.option("--timer", "timer_pairs", multiple=True, metavar="TIMER=keep|restart", help="The choice for one timer.")
@click.option("--set", "assignments", multiple=True, metavar="NAME[:TYPE]=VALUE",
              help="A variable to set on every moved instance (VALUE read as TYPE, else as JSON, else as text).")
@click.option("--dry-run", is_flag=True, help="Only show what would happen, instance by instance.")
@click.option("--as", "actor", default="cli", show_default=True, help="Who moves them: a process owner or admin.")
@json_option
@reports_errors
def migrate(process_id: str, from_version: int, to_version: int, pairs: tuple[str, ...], where_step: str | None,
            where_category: str | None, statuses: tuple[str, ...], instance_ids: tuple[int, ...],
            timer_default: str, timer_pairs: tuple[str, ...], assignments: tuple[str, ...], dry_run: bool,
            actor: str, as_json: bool) -> None:
    """Move running instances of a process to another version: with --dry-run, the per-instance report only."""
    plan = MigrationPlan(process_id, from_version, to_version, statuses or ("running",), where_step, where_category,
                         instance_ids, parse_assignments(pairs), parse_assignments(timer_pairs), timer_default,
                         variables_from_rows(rows_from_assignments(parse_assignments(assignments))))
    if dry_run:
        data = preview_data(preview_migration(current_runtime(), operator(actor), plan))
        emit(data, as_json, lambda: preview_lines(data))
        return
    result = result_data(execute_migration(current_runtime(), operator(actor), plan))
    emit(result, as_json, lambda: [f"Moved {len(result['migrated'])} instances to version {to_version}.",
                                   *(f"Refused {line['instance_id']}: {line['reason']}" for line in result["refused"])])


def preview_lines(data: dict[str, Any]) -> list[str]:
    """Say a preview in lines: the unmapped elements, then each instance with its tasks before and after."""
    lines = [f"{data['process_id']}: version {data['from_version']} -> {data['to_version']}"]
    lines += [f"  not mapped: {line['element_id']}" for line in data["mapping"] if line["target_id"] is None]
    for report in data["instances"]:
        verdict = "refused: " + "; ".join(report["reasons"]) if report["refused"] else "moves"
        lines.append(f"instance {report['instance_id']} at {', '.join(report['at'])}: {verdict}")
        if not report["refused"]:
            lines.append(f"  tasks {report['tasks_before']} -> {report['tasks_after']}")
    return lines
