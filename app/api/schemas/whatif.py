"""Models of the what-if endpoint: the period and assumptions asked for; what the draft would change."""
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from app.api.schemas.common import Answer, JsonBody


class WhatIfRequest(JsonBody):
    """The period whose cases to replay through the draft, and the assumptions the owner sets."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "first_day": "2026-11-01", "last_day": "2026-11-30", "durations": {"peer_review": 1.5},
        "values": {"peer_review:review_note": "ok"}, "variables": {}}})

    first_day: str | None = Field(None, description="The period's first day, YYYY-MM-DD, UTC (default: the first of "
                                                    "last month).")
    last_day: str | None = Field(None, description="The period's last day, YYYY-MM-DD, UTC (default: the last of last "
                                                   "month).")
    durations: dict[str, Annotated[float, Field(ge=0, le=8760)]] = Field(
        default_factory=dict, description="Hours (0 to 8760) a user task takes, by task id, where the history has no "
                                          "time for it.")
    values: dict[str, Any] = Field(default_factory=dict, description='A form field\'s value, by "task:field", where '
                                                                     "the history has none.")
    variables: dict[str, Any] = Field(default_factory=dict, description="Start variables added to every case.")


class WhatIfDivergence(Answer):
    """Where cases part from their real path in the draft (`(start)`: at their first element)."""

    element_id: str
    name: str
    cases: int


class WhatIfWorkload(Answer):
    """User tasks created for one candidate group in one ISO week: as the cases ran, and with the draft."""

    group: str
    week: str = Field(description="ISO week, e.g. `2026-W47`.")
    real: int
    draft: int


class WhatIfPercentiles(Answer):
    """Cycle times (start to end, seconds) of the cases that ended."""

    cases: int
    p50: float | None
    p90: float | None


class WhatIfAssumption(Answer):
    """An assumption the replay used where the history had nothing, and where its value came from."""

    key: str = Field(description="duration:<task>, value:<task>:<field> or output:<task>.")
    kind: str = Field(description="duration, value or output.")
    element_id: str
    subject: str = Field(description="The field, for a value; empty otherwise.")
    value: Any = Field(description="Seconds, for a duration; the value otherwise.")
    basis: str = Field(description="median-group, median-all, fallback, default, first-option, empty, no-output or "
                                   "owner (you set it).")
    said: str = Field(description="The assumption in words.")
    sample: int = Field(description="How many tasks a median was taken from.")
    group: str | None
    cases: int = Field(description="How many cases used it.")


class WhatIfUnreplayable(Answer):
    """A case a replay could not take through, and why."""

    instance_id: int
    business_key: str | None
    where: str = Field(description="`draft`, or `calibration` (its own version).")
    reason: str


class WhatIfHeat(Answer):
    """Passes per element of one diagram (and a user task's median and p90 time, seconds)."""

    xml: str
    overlays: dict[str, dict[str, Any]]


class WhatIfAnswer(Answer):
    """What the draft would have changed for the period's cases."""

    process_id: str
    draft_version: int
    first_day: date
    last_day: date
    cases: int = Field(description="Cases begun in the period.")
    replayed: int = Field(description="Cases the draft's replay took through.")
    calibration_cases: int = Field(description="Cases replayed through the version that ran them.")
    calibration_matched: int = Field(description="Of those, the cases that took their real path again.")
    calibration_share: float | None = Field(description="calibration_matched / calibration_cases (target >= 0.99).")
    routed_differently: int
    divergences: list[WhatIfDivergence]
    workload: list[WhatIfWorkload]
    real_breaches: int = Field(description="Cases whose ticket really missed its resolution target.")
    predicted_breaches: int = Field(description="Cases whose ticket would miss it with the draft.")
    with_target: int
    real_cycle: WhatIfPercentiles
    draft_cycle: WhatIfPercentiles
    assumptions: list[WhatIfAssumption]
    unreplayable: list[WhatIfUnreplayable]
    current_version: int
    current_heat: WhatIfHeat
    draft_heat: WhatIfHeat


class WhatIfRun(Answer):
    """A what-if asked for: queued until a scheduler takes it, running with its progress, then done (with its
    result), failed (with why) or cancelled by who asked."""

    id: int
    process_id: str
    draft_version: int = Field(description="The draft's version when the run was asked for; the run replays that "
                                           "draft, whatever is saved later.")
    requested_by: str
    requested_at: datetime
    first_day: date
    last_day: date
    status: str = Field(description="queued, running, done, failed or cancelled.")
    cases: int = Field(description="Cases begun in the period.")
    calibrated: int = Field(description="Cases replayed so far through the version that ran them.")
    replayed: int = Field(description="Cases replayed so far through the draft.")
    share_done: float = Field(description="The share of the replays made, 0 to 1.")
    started_at: datetime | None
    finished_at: datetime | None
    failure: str | None = Field(description="Why the run failed, when it did.")
    result: WhatIfAnswer | None = Field(description="What the draft would change, once the run is done.")
