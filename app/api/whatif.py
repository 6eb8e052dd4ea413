"""The what-if endpoint: replay a period's cases through a process's draft and say what would change."""
from flask import current_app

from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.whatif import WhatIfAnswer, WhatIfRequest
from app.organisation.policies import may_run_what_if
from app.servicedesk.whatif.assumptions import AssumptionNote, Overrides
from app.servicedesk.whatif.outcome import Heat, WhatIfOutcome
from app.servicedesk.whatif.run import DEFAULT_MAX_CASES, Period, run_what_if, what_if_period
from app.servicedesk.whatif.words import basis_words
from app.wiring import current_runtime

OWNERS = Role(may_run_what_if, "replay cases through a draft (it is for process owners)")


@endpoint("draft_what_if", "diagrams", Success(200, WhatIfAnswer, "What the draft would change."), role=OWNERS,
          body=WhatIfRequest, refusals=(403, 404),
          path={"process_id": "The id of the process as drawn in its diagram (e.g. `incident`)."})
def what_if(process_id: str, body: WhatIfRequest) -> WhatIfAnswer:
    """Replay a period's cases through the process's draft.

    Each case begun in the period (last month by default) is replayed in memory, on a simulated clock, through the
    saved draft, with the start data, form values, service outputs, messages and task times it really had; nothing
    is written to the cases and nothing is sent. First every case is replayed through the version that ran it: the
    share that takes its real path again is the calibration (target 0.99). Where the draft asks for something the
    history lacks (a new task, a new required field), the answer lists the assumption used; set your own in
    `durations`, `values` and `variables`. A period holding more cases than FLOWDESK_WHATIF_MAX_CASES is refused
    (422). Process owners and admins.
    """
    today = current_runtime().clock.now().date()
    period = what_if_period(today, body.first_day, body.last_day, ("first_day", "last_day"))
    overrides = Overrides({task: hours * 3600 for task, hours in body.durations.items()}, body.values,
                          body.variables)
    limit = int(current_app.config.get("WHATIF_MAX_CASES") or DEFAULT_MAX_CASES)
    return answer_of(run_what_if(current_runtime(), api_actor(), process_id, period, overrides, limit), period)


def answer_of(outcome: WhatIfOutcome, period: Period) -> WhatIfAnswer:
    """Return the outcome as the endpoint's answer."""
    return WhatIfAnswer.model_validate({
        **outcome.__dict__, "first_day": period.first_day, "last_day": period.last_day,
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
