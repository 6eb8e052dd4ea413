"""flowdesk insight: the counts behind a process owner's insight (heatmap, paths, conformance)."""
import click

from app.cli.base import emit, json_option, main, reports_errors
from app.wiring import current_runtime
from app.workflow.insight.catch_up import catch_up_all
from app.workflow.insight.rebuild import rebuild_insight


@main.group("insight")
def insight_group() -> None:
    """The counts behind the insight pages: brought up to date by the scheduler, rebuilt from history on demand."""


@insight_group.command("rebuild")
@click.option("--process", "process_id", default=None, help="Rebuild this process's counts only (default: all).")
@json_option
@reports_errors
def rebuild(process_id: str | None, as_json: bool) -> None:
    """Recompute the insight counts from the instances' history (for cases that ran before; safe to repeat)."""
    report = rebuild_insight(current_runtime().case_keys, process_id)
    data = {"process": process_id, "versions": report.versions, "cases": report.cases, "events": report.events}
    which = "" if process_id is None else f" of {process_id}"
    emit(data, as_json, lambda: [f"Counted {report.cases} cases ({report.events} history events) of "
                                 f"{report.versions} process versions{which}."])


@insight_group.command("catch-up")
@json_option
@reports_errors
def catch_up(as_json: bool) -> None:
    """Count the history events the scheduler has not counted yet (it does so every FLOWDESK_INSIGHT_POLL_SECONDS)."""
    counted = catch_up_all(current_runtime().case_keys)
    emit({"cases": counted}, as_json, lambda: [f"Counted the new events of {counted} cases."])
