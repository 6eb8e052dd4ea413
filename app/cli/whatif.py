"""flowdesk what-if: replay a period's cases through a process's draft and print what would change."""
import time

import click
from flask import current_app

from app.cli.base import emit, json_option, main, reports_errors
from app.extensions import db
from app.organisation.policies import system_actor
from app.platform.errors import ServiceError
from app.servicedesk.whatif.assumptions import Overrides
from app.servicedesk.whatif.jobs import WhatIfRunView, claim_due_run, request_what_if, run_claimed, show_what_if_run
from app.servicedesk.whatif.models import DONE
from app.servicedesk.whatif.run import DEFAULT_MAX_CASES, what_if_period
from app.servicedesk.whatif.words import failure_words, status_words
from app.wiring import current_runtime

POLL_SECONDS = 2.0


@main.command("what-if")
@click.argument("process_id")
@click.option("--from", "first", default=None, help="The period's first day, YYYY-MM-DD (default: last month's).")
@click.option("--to", "last", default=None, help="The period's last day, YYYY-MM-DD (default: last month's).")
@click.option("--wait/--no-wait", default=True, help="Replay here and print the outcome (default), or only queue "
                                                     "the run for the scheduler and print its number.")
@json_option
@reports_errors
def what_if(process_id: str, first: str | None, last: str | None, wait: bool, as_json: bool) -> None:
    """Replay the cases begun in a period through PROCESS_ID's saved draft, in memory, and print what would change."""
    runtime = current_runtime()
    actor = system_actor()
    period = what_if_period(runtime.clock.now().date(), first, last)
    limit = int(current_app.config.get("WHATIF_MAX_CASES") or DEFAULT_MAX_CASES)
    run_id = request_what_if(runtime, actor, process_id, period, Overrides(), limit)
    if not wait:
        emit({"run": run_id, "status": "queued"}, as_json,
             lambda: [f"What-if run {run_id} is queued; the scheduler replays it (see the draft's what-if page)."])
        return
    claim = claim_due_run(runtime, run_id=run_id)
    if claim is not None:
        run_claimed(runtime, claim, limit)
    run = show_what_if_run(actor, run_id)
    while not run.finished:  # a scheduler took it first: wait for it
        time.sleep(POLL_SECONDS)
        db.session.rollback()
        run = show_what_if_run(actor, run_id)
    if run.status != DONE or run.outcome is None:
        raise ServiceError(failure_words(run.failure_code, run.failure_detail)
                           or f"What-if run {run_id} ended {status_words(run.status).lower()}.")
    print_outcome(run, as_json)


def print_outcome(run: WhatIfRunView, as_json: bool) -> None:
    """Print what a finished run found."""
    outcome = run.outcome
    assert outcome is not None
    share = outcome.calibration_share
    data = {"run": run.id, "process": run.process_id, "first_day": str(run.first_day), "last_day": str(run.last_day),
            "cases": outcome.cases, "calibration_share": share, "routed_differently": outcome.routed_differently,
            "divergences": {d.element_id: d.cases for d in outcome.divergences},
            "real_breaches": outcome.real_breaches, "predicted_breaches": outcome.predicted_breaches,
            "assumptions": [note.key for note in outcome.assumptions],
            "unreplayable": [{"instance_id": u.instance_id, "where": u.where, "reason": u.reason}
                             for u in outcome.unreplayable]}
    emit(data, as_json, lambda: [
        f"{outcome.cases} cases of {run.process_id} began between {run.first_day} and {run.last_day}.",
        "Calibration: " + (f"{100 * share:.1f}% took their real path again." if share is not None else "nothing "
                           "could be replayed."),
        f"With the draft {outcome.routed_differently} would route differently"
        + "".join(f"; {d.cases} at {d.element_id}" for d in outcome.divergences) + ".",
        f"Resolution targets missed: {outcome.real_breaches} really, {outcome.predicted_breaches} with the draft.",
        *[f"Assumed: {note.key} = {note.value!r} ({note.basis})" for note in outcome.assumptions],
        *[f"Not replayed: case {u.instance_id} ({u.where}): {u.reason}" for u in outcome.unreplayable]])
