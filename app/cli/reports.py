"""flowdesk reports: the daily roll-up behind every dashboard, and subscriptions sent now."""
import click

from app.cli.base import emit, json_option, main, reports_errors
from app.reports.rollup import catch_up_all, rebuild


@main.group("reports")
def reports_group() -> None:
    """The daily roll-up behind the dashboards: brought up to date by the scheduler, rebuilt on demand."""


@reports_group.command("rebuild")
@click.option("--batch", default=2000, show_default=True, help="Tickets counted per transaction.")
@json_option
@reports_errors
def rebuild_command(batch: int, as_json: bool) -> None:
    """Recompute the roll-up from every ticket (after a restore or a rule change; safe to repeat)."""
    counted = rebuild(batch)
    emit({"tickets": counted}, as_json, lambda: [f"Counted {counted} tickets into the daily roll-up."])


@reports_group.command("catch-up")
@json_option
@reports_errors
def catch_up_command(as_json: bool) -> None:
    """Count the tickets changed since the scheduler's last pass (it does so every FLOWDESK_REPORTS_POLL_SECONDS)."""
    changed = catch_up_all()
    emit({"tickets": changed}, as_json, lambda: [f"Counted {changed} changed tickets into the daily roll-up."])
