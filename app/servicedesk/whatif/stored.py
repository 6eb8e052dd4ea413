"""A what-if's outcome and assumptions as the run row keeps them (JSON), and back."""
import json
from collections import Counter
from dataclasses import asdict
from datetime import date
from typing import Any

from app.servicedesk.whatif.assumptions import AssumptionNote, Overrides
from app.servicedesk.whatif.outcome import Divergence, Heat, Percentiles, Unreplayable, WhatIfOutcome, WorkloadLine


def outcome_json(outcome: WhatIfOutcome) -> str:
    """Return an outcome as JSON text."""
    data = asdict(outcome)
    data["first_day"], data["last_day"] = str(outcome.first_day), str(outcome.last_day)
    data["assumptions"] = [{**asdict(note), "cases": sorted(note.cases)} for note in outcome.assumptions]
    data["current_heat"], data["draft_heat"] = heat_dict(outcome.current_heat), heat_dict(outcome.draft_heat)
    return json.dumps(data, default=str, ensure_ascii=False)


def outcome_from_json(text: str) -> WhatIfOutcome:
    """Return the outcome stored as JSON text."""
    data: dict[str, Any] = json.loads(text)
    return WhatIfOutcome(**{
        **data, "first_day": date.fromisoformat(data["first_day"]), "last_day": date.fromisoformat(data["last_day"]),
        "divergences": [Divergence(**line) for line in data["divergences"]],
        "workload": [WorkloadLine(**line) for line in data["workload"]],
        "real_cycle": Percentiles(**data["real_cycle"]), "draft_cycle": Percentiles(**data["draft_cycle"]),
        "assumptions": [AssumptionNote(**{**note, "cases": set(note["cases"])}) for note in data["assumptions"]],
        "unreplayable": [Unreplayable(**line) for line in data["unreplayable"]],
        "current_heat": heat_from(data["current_heat"]), "draft_heat": heat_from(data["draft_heat"])})


def heat_dict(heat: Heat) -> dict[str, Any]:
    """Return a heatmap as a dict (asdict would rebuild its Counters from (key, count) pairs)."""
    return {"xml": heat.xml, "passes": dict(heat.passes), "flows": dict(heat.flows),
            "task_seconds": heat.task_seconds}


def heat_from(data: dict[str, Any]) -> Heat:
    """Return a heatmap stored as a dict."""
    return Heat(data["xml"], Counter(data["passes"]), Counter(data["flows"]), data["task_seconds"])


def overrides_json(overrides: Overrides) -> dict[str, Any]:
    """Return the owner's assumptions as the run row keeps them."""
    return {"durations": dict(overrides.durations), "values": dict(overrides.values),
            "variables": dict(overrides.variables)}


def overrides_from_json(data: dict[str, Any]) -> Overrides:
    """Return the owner's assumptions kept on a run row."""
    return Overrides(data.get("durations") or {}, data.get("values") or {}, data.get("variables") or {})
