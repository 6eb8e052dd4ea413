"""flowdesk what-if: replay a period's cases through a process's draft and print what would change."""
import click
from flask import current_app

from app.cli.base import emit, json_option, main, reports_errors
from app.organisation.policies import system_actor
from app.servicedesk.whatif.assumptions import Overrides
from app.servicedesk.whatif.run import DEFAULT_MAX_CASES, run_what_if, what_if_period
from app.wiring import current_runtime


@main.command("what-if")
@click.argument("process_id")
@click.option("--from", "first", default=None, help="The period's first day, YYYY-MM-DD (default: last month's).")
@click.option("--to", "last", default=None, help="The period's last day, YYYY-MM-DD (default: last month's).")
@json_option
@reports_errors
def what_if(process_id: str, first: str | None, last: str | None, as_json: bool) -> None:
    """Replay the cases begun in a period through PROCESS_ID's saved draft, in memory, and print what would change."""
    runtime = current_runtime()
    period = what_if_period(runtime.clock.now().date(), first, last)
    limit = int(current_app.config.get("WHATIF_MAX_CASES") or DEFAULT_MAX_CASES)
    outcome = run_what_if(runtime, system_actor(), process_id, period, Overrides(), limit)
    share = outcome.calibration_share
    data = {"process": process_id, "first_day": str(period.first_day), "last_day": str(period.last_day),
            "cases": outcome.cases, "calibration_share": share, "routed_differently": outcome.routed_differently,
            "divergences": {d.element_id: d.cases for d in outcome.divergences},
            "real_breaches": outcome.real_breaches, "predicted_breaches": outcome.predicted_breaches,
            "assumptions": [note.key for note in outcome.assumptions],
            "unreplayable": [{"instance_id": u.instance_id, "where": u.where, "reason": u.reason}
                             for u in outcome.unreplayable]}
    emit(data, as_json, lambda: [
        f"{outcome.cases} cases of {process_id} began between {period.first_day} and {period.last_day}.",
        "Calibration: " + (f"{100 * share:.1f}% took their real path again." if share is not None else "nothing "
                           "could be replayed."),
        f"With the draft {outcome.routed_differently} would route differently"
        + "".join(f"; {d.cases} at {d.element_id}" for d in outcome.divergences) + ".",
        f"Resolution targets missed: {outcome.real_breaches} really, {outcome.predicted_breaches} with the draft.",
        *[f"Assumed: {note.key} = {note.value!r} ({note.basis})" for note in outcome.assumptions],
        *[f"Not replayed: case {u.instance_id} ({u.where}): {u.reason}" for u in outcome.unreplayable]])
