"""The what-if endpoints: ask for a replay of a period's cases through a process's draft, follow it, cancel it."""
from datetime import date

from flask import current_app, url_for

from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.whatif import WhatIfAnswer, WhatIfRequest, WhatIfRun
from app.organisation.policies import may_run_what_if
from app.platform.errors import NotFound
from app.servicedesk.whatif.assumptions import AssumptionNote, Overrides
from app.servicedesk.whatif.jobs import WhatIfRunView, cancel_what_if_run, request_what_if, show_what_if_run
from app.servicedesk.whatif.outcome import Heat, WhatIfOutcome
from app.servicedesk.whatif.run import DEFAULT_MAX_CASES, what_if_period
from app.servicedesk.whatif.words import basis_words, failure_words
from app.wiring import current_runtime

OWNERS = Role(may_run_what_if, "replay cases through a draft (it is for process owners)")
PROCESS_ID = {"process_id": "The id of the process as drawn in its diagram (e.g. `incident`)."}
RUN = {**PROCESS_ID, "run_id": "The what-if run's number, as asking for it answered."}


@endpoint("draft_what_if", "diagrams", Success(202, WhatIfRun, "The run, queued.", "The run's address."),
          role=OWNERS, body=WhatIfRequest, refusals=(403, 404), path=PROCESS_ID)
def what_if(process_id: str, body: WhatIfRequest) -> tuple[WhatIfRun, int, dict[str, str]]:
    """Ask for a replay of a period's cases through the process's draft.

    Answers at once with the run, queued; the scheduler replays it in the background. Follow it at its address
    (the Location header) until its status is done, failed or cancelled. Each case begun in the period (last month
    by default) is replayed in memory, on a simulated clock, through the draft as saved now, with the start data,
    form values, service outputs, messages and task times it really had; nothing is written to the cases and
    nothing is sent. First every case is replayed through the version that ran it: the share that takes its real
    path again is the calibration (target 0.99). Where the draft asks for something the history lacks (a new task,
    a new required field), the result lists the assumption used; set your own in `durations`, `values` and
    `variables`. A period holding more cases than FLOWDESK_WHATIF_MAX_CASES is refused (422). Process owners and
    admins.
    """
    today = current_runtime().clock.now().date()
    period = what_if_period(today, body.first_day, body.last_day, ("first_day", "last_day"))
    overrides = Overrides({task: hours * 3600 for task, hours in body.durations.items()}, body.values,
                          body.variables)
    limit = int(current_app.config.get("WHATIF_MAX_CASES") or DEFAULT_MAX_CASES)
    actor = api_actor()
    run_id = request_what_if(current_runtime(), actor, process_id, period, overrides, limit)
    location = url_for("api.show_what_if_run", process_id=process_id, run_id=run_id)
    return run_of(show_what_if_run(actor, run_id)), 202, {"Location": location}


@endpoint("show_what_if_run", "diagrams", Success(200, WhatIfRun, "The run: its progress, then its result."),
          role=OWNERS, refusals=(403, 404), path=RUN)
def show(process_id: str, run_id: int) -> WhatIfRun:
    """Read a what-if run: its status and progress, and once done what the draft would change.

    Who asked for the run reads it, and admins; for anyone else it does not exist (404).
    """
    return run_of(run_of_process(process_id, run_id))


@endpoint("cancel_what_if_run", "diagrams", Success(200, WhatIfRun, "The run, cancelled."), role=OWNERS,
          refusals=(403, 404, 409), path=RUN)
def cancel(process_id: str, run_id: int) -> WhatIfRun:
    """Cancel a queued or running what-if; a running one stops within a few cases.

    Only who asked for the run cancels it (403 for an admin reading another's); a run that ended answers 409.
    """
    run_of_process(process_id, run_id)
    return run_of(cancel_what_if_run(current_runtime(), api_actor(), run_id))


def run_of_process(process_id: str, run_id: int) -> WhatIfRunView:
    """Return the run for the caller, when it is one of this process's drafts (NotFound otherwise)."""
    shown = show_what_if_run(api_actor(), run_id)
    if shown.process_id != process_id:
        raise NotFound(f"What-if run {run_id} is not one of {process_id}'s; read it at its own process.")
    return shown


def run_of(run: WhatIfRunView) -> WhatIfRun:
    """Return a run as the endpoints answer it."""
    return WhatIfRun.model_validate({
        "id": run.id, "process_id": run.process_id, "draft_version": run.draft_version,
        "requested_by": run.requested_by, "requested_at": run.requested_at, "first_day": run.first_day,
        "last_day": run.last_day, "status": run.status, "cases": run.cases_total, "calibrated": run.calibrated,
        "replayed": run.replayed, "share_done": run.share_done, "started_at": run.started_at,
        "finished_at": run.finished_at, "failure": failure_words(run.failure_code, run.failure_detail) or None,
        "result": answer_of(run.outcome, run.first_day, run.last_day) if run.outcome is not None else None})


def answer_of(outcome: WhatIfOutcome, first_day: date, last_day: date) -> WhatIfAnswer:
    """Return the outcome as the run's result."""
    return WhatIfAnswer.model_validate({
        **outcome.__dict__, "first_day": first_day, "last_day": last_day,
        "calibration_share": outcome.calibration_share,
        "divergences": [d.__dict__ for d in outcome.divergences], "workload": [w.__dict__ for w in outcome.workload],
        "real_cycle": outcome.real_cycle.__dict__, "draft_cycle": outcome.draft_cycle.__dict__,
        "assumptions": [assumption_of(note) for note in outcome.assumptions],
        "unreplayable": [u.__dict__ for u in outcome.unreplayable],
        "current_heat": heat_of(outcome.current_heat), "draft_heat": heat_of(outcome.draft_heat)})


def assumption_of(note: AssumptionNote) -> dict[str, object]:
    """Return an assumption as the answer lists it."""
    return {**note.__dict__, "said": basis_words(note), "cases": len(note.cases)}


def heat_of(heat: Heat) -> dict[str, object]:
    """Return a heatmap as the answer holds it."""
    return {"xml": heat.xml, "overlays": heat.overlays()}
