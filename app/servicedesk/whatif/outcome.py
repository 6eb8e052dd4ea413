"""What a what-if run found, worked out from the real cases and their replays (pure).

Routing: a case routes differently when the draft's replay passes other elements, or in another order, than the
case really did; it diverges at the last element both passed before they parted (a gateway, mostly). Workload:
user tasks created per candidate group per ISO week. SLA: a ticket's resolution target against when it was really
resolved, and when the replay would have resolved it (the moment the replay passed the element the real case
passed last before its resolution). Cycle times: start to end, for the cases that ended.
"""
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import quantiles
from typing import Any

from app.servicedesk.whatif.assumptions import AssumptionNote
from app.servicedesk.whatif.feed import CaseFeed, Pass
from app.servicedesk.whatif.simulate import SimulatedCase

START = "(start)"  # where two paths part that differ from their first element


@dataclass(frozen=True)
class Target:
    """A ticket's resolution target and when it was really resolved (None: not yet)."""

    due_at: datetime | None
    resolved_at: datetime | None


@dataclass(frozen=True)
class Divergence:
    """Where cases parted from their real path in the draft, and how many."""

    element_id: str
    name: str
    cases: int


@dataclass(frozen=True)
class WorkloadLine:
    """User tasks created for one group in one ISO week, really (as replayed on its version) and in the draft."""

    group: str
    week: str  # 2026-W47
    real: int
    draft: int


@dataclass(frozen=True)
class Percentiles:
    """The median and p90 of cycle times in seconds, and how many cases ended (None: too few to tell)."""

    cases: int
    p50: float | None
    p90: float | None


@dataclass(frozen=True)
class Unreplayable:
    """A case a replay could not take through, and why."""

    instance_id: int
    business_key: str | None
    where: str  # calibration or draft
    reason: str


@dataclass
class Heat:
    """Passes per element and flow, and user-task times, of a set of cases on one diagram."""

    xml: str
    passes: Counter[str] = field(default_factory=Counter)
    flows: Counter[str] = field(default_factory=Counter)  # flows leaving a splitting gateway
    task_seconds: dict[str, list[float]] = field(default_factory=dict)

    def overlays(self) -> dict[str, dict[str, Any]]:
        """Return what the heatmap drawing shows on each element and flow: the count, the load (0..1), task times."""
        busiest = max([*self.passes.values(), 1])
        shown: dict[str, dict[str, Any]] = {}
        for element_id, count in self.passes.items():
            times = self.task_seconds.get(element_id) or []
            p50, p90 = percentile_pair(times)
            shown[element_id] = {"count": count, "load": count / busiest, "median": p50, "p90": p90}
        for flow_id, count in self.flows.items():
            shown[flow_id] = {"count": count, "load": count / busiest, "flow": True}
        return shown


@dataclass
class WhatIfOutcome:
    """Everything the what-if page and the API show."""

    process_id: str
    draft_version: int
    first_day: Any
    last_day: Any
    cases: int
    replayed: int  # cases the draft replay took through
    calibration_cases: int  # cases the calibration replayed
    calibration_matched: int
    routed_differently: int
    divergences: list[Divergence]
    workload: list[WorkloadLine]
    real_breaches: int
    predicted_breaches: int
    with_target: int
    real_cycle: Percentiles
    draft_cycle: Percentiles
    assumptions: list[AssumptionNote]
    unreplayable: list[Unreplayable]
    current_heat: Heat
    draft_heat: Heat
    current_version: int

    @property
    def calibration_share(self) -> float | None:
        """Return the share of calibrated cases whose replay took their real path (None: none replayed)."""
        return self.calibration_matched / self.calibration_cases if self.calibration_cases else None


def percentile_pair(values: Sequence[float]) -> tuple[float | None, float | None]:
    """Return the median and p90 of some values (None, None for none)."""
    if not values:
        return None, None
    if len(values) == 1:
        return values[0], values[0]
    cuts = quantiles(values, n=10, method="inclusive")
    return quantiles(values, n=2, method="inclusive")[0], cuts[8]


def percentiles(values: Sequence[float]) -> Percentiles:
    """Return the cycle-time percentiles of some cases."""
    p50, p90 = percentile_pair(values)
    return Percentiles(len(values), p50, p90)


def real_ids(feed: CaseFeed) -> list[str]:
    """Return the elements a case really passed, in order."""
    return [step.element_id for step in feed.path]


def divergence_of(real: Sequence[str], simulated: Sequence[str]) -> str | None:
    """Return the element where two paths part (None: they do not); START when the first elements differ."""
    if list(real) == list(simulated):
        return None
    shared = 0
    for left, right in zip(real, simulated, strict=False):
        if left != right:
            break
        shared += 1
    return real[shared - 1] if shared else START


def divergences(feeds: Mapping[int, CaseFeed], replays: Iterable[SimulatedCase],
                names: Mapping[str, str]) -> list[Divergence]:
    """Return where the draft's replays part from the real paths, the most cases first."""
    found: Counter[str] = Counter()
    for replay in replays:
        where = divergence_of(real_ids(feeds[replay.instance_id]), replay.element_ids())
        if where is not None:
            found[where] += 1
    return [Divergence(element, names.get(element, element), count) for element, count in found.most_common()]


def workload(real: Iterable[SimulatedCase], draft: Iterable[SimulatedCase]) -> list[WorkloadLine]:
    """Return the user tasks created per group and ISO week, on the version that ran them and in the draft."""
    def counts(replays: Iterable[SimulatedCase]) -> Counter[tuple[str, str]]:
        counted: Counter[tuple[str, str]] = Counter()
        for replay in replays:
            for task in replay.tasks:
                year, week, _ = task.ready_at.isocalendar()
                for group in task.groups or ("",):
                    counted[(group, f"{year}-W{week:02d}")] += 1
        return counted
    before, after = counts(real), counts(draft)
    return [WorkloadLine(group, week, before[(group, week)], after[(group, week)])
            for group, week in sorted(set(before) | set(after))]


def resolved_in_replay(feed: CaseFeed, replay: SimulatedCase, resolved_at: datetime) -> datetime | None:
    """Return when the replay would have resolved the case: when it passed the element the real case passed last
    before its resolution (the same pass of it), else when it ended (None: it did not get there)."""
    before = [step for step in feed.path if step.at <= resolved_at]
    if before:
        element = before[-1].element_id
        nth = sum(1 for step in before if step.element_id == element)
        passes = [step for step in replay.path if step.element_id == element]
        if len(passes) >= nth:
            return passes[nth - 1].at
    return replay.ended_at


def breaches(feeds: Mapping[int, CaseFeed], replays: Iterable[SimulatedCase], targets: Mapping[int, Target],
             now: datetime) -> tuple[int, int, int]:
    """Return how many cases with a target really missed it, would miss it in the draft, and had one."""
    real = predicted = with_target = 0
    for replay in replays:
        target = targets.get(replay.instance_id)
        if target is None or target.due_at is None:
            continue
        with_target += 1
        resolved = target.resolved_at
        real += int(resolved > target.due_at if resolved is not None else target.due_at <= now)
        moment = resolved_in_replay(feeds[replay.instance_id], replay, resolved) if resolved else replay.ended_at
        predicted += int(moment > target.due_at if moment is not None else target.due_at <= now)
    return real, predicted, with_target


def cycle_times(feeds: Iterable[CaseFeed]) -> list[float]:
    """Return the real start-to-end times of the cases that ended."""
    return [(feed.ended_at - feed.started_at).total_seconds() for feed in feeds if feed.ended_at is not None]


def replay_cycle_times(feeds: Mapping[int, CaseFeed], replays: Iterable[SimulatedCase]) -> list[float]:
    """Return the replays' start-to-end times of the cases that ended there."""
    return [(replay.ended_at - feeds[replay.instance_id].started_at).total_seconds() for replay in replays
            if replay.ended_at is not None and replay.problem is None]


def heat_of(xml: str, paths: Iterable[Sequence[Pass]], flows: Iterable[Sequence[str]],
            tasks: Iterable[tuple[str, float | None]]) -> Heat:
    """Return the passes of some paths and the flows their gateways took on a diagram, and their user tasks' times."""
    heat = Heat(xml)
    for path in paths:
        heat.passes.update(step.element_id for step in path)
    for taken in flows:
        heat.flows.update(taken)
    for element_id, seconds in tasks:
        if seconds is not None:
            heat.task_seconds.setdefault(element_id, []).append(seconds)
    return heat
