"""The collision check as a pure rule: a proposed change window against what is booked and the calendar's windows.

It takes `now` and the facts gathered for the proposal (app/servicedesk/change_calendar/facts.py) and does no I/O.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

RULES = ("same_ci", "related_ci", "freeze", "maintenance", "implementer")
SEVERITIES = ("block", "warning", "off")
DEFAULT_SEVERITIES: Mapping[str, str] = {"same_ci": "block", "related_ci": "block", "freeze": "block",
                                         "maintenance": "warning", "implementer": "warning"}
DEFAULT_HOPS = 2
MAX_HOPS = 5
MAX_CHANGE_DAYS = 14  # a longer window is refused; it also bounds the check's index range scans
LONGEST_CHANGE = timedelta(days=MAX_CHANGE_DAYS)


class WindowInvalid(ValueError):
    """A proposed window the check cannot take: names the field and says what to send instead."""

    def __init__(self, field_name: str, sentence: str) -> None:
        super().__init__(sentence)
        self.field_name = field_name
        self.sentence = sentence


@dataclass(frozen=True)
class ScheduleRules:
    """How each rule counts (block, warning or off) and how many relations away a CI still collides."""

    severities: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITIES))
    hops: int = DEFAULT_HOPS

    def severity(self, rule: str) -> str:
        """Return a rule's severity."""
        return self.severities.get(rule, DEFAULT_SEVERITIES[rule])


@dataclass(frozen=True)
class ProposedWindow:
    """The window a change asks for: its own number, start and end (aware), CIs and implementer."""

    ticket: str
    starts_at: datetime
    ends_at: datetime
    ci_ids: frozenset[int]
    implementer: str | None = None


@dataclass(frozen=True)
class BookedChange:
    """Another change's booking: its number, window, implementer and the CIs of it that matter to the proposal."""

    ticket: str
    starts_at: datetime
    ends_at: datetime
    implementer: str | None
    ci_ids: frozenset[int]


@dataclass(frozen=True)
class WindowOccurrence:
    """One occurrence of a freeze or maintenance window; ci_ids None means it covers every CI."""

    name: str
    kind: str  # freeze, maintenance
    starts_at: datetime
    ends_at: datetime
    ci_ids: frozenset[int] | None


@dataclass(frozen=True)
class ScheduleFacts:
    """What the check needs to know, gathered for one proposal.

    related: for each CI of the proposal, the CIs within the rules' hops and how far each is (shortest path).
    windows: freeze and maintenance occurrences near the proposal; maintained: the CIs some maintenance
    window applies to (a CI without one may change at any time).
    """

    bookings: tuple[BookedChange, ...] = ()
    related: Mapping[int, Mapping[int, int]] = field(default_factory=dict)
    windows: tuple[WindowOccurrence, ...] = ()
    maintained: frozenset[int] | None = frozenset()  # None: a maintenance window covers every CI
    ci_names: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Conflict:
    """One reason the proposal collides: the rule, block or warning, the CI, the other change and its window."""

    rule: str
    severity: str
    ci: int | None
    other_change: str | None
    starts_at: datetime
    ends_at: datetime
    message: str


def check_window(proposal: ProposedWindow, now: datetime) -> None:
    """Refuse a window that ends before it starts, starts in the past or lasts longer than a change may."""
    if proposal.ends_at <= proposal.starts_at:
        raise WindowInvalid("end", "The window's end must come after its start; choose a later end.")
    if proposal.starts_at < now:
        raise WindowInvalid("start", "The window starts in the past; choose a start from now on.")
    if proposal.ends_at - proposal.starts_at > LONGEST_CHANGE:
        raise WindowInvalid("end", f"A change window may last at most {MAX_CHANGE_DAYS} days; split the change "
                                   "or choose an earlier end.")


def overlaps(starts_at: datetime, ends_at: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Say whether two half-open intervals [start, end) share a moment."""
    return starts_at < other_end and other_start < ends_at


def find_conflicts(proposal: ProposedWindow, facts: ScheduleFacts, rules: ScheduleRules,
                   now: datetime) -> list[Conflict]:
    """Return every conflict of a proposed window, blocks first, after checking the window itself."""
    check_window(proposal, now)
    found = [*booking_conflicts(proposal, facts, rules), *freeze_conflicts(proposal, facts),
             *maintenance_conflicts(proposal, facts), *implementer_conflicts(proposal, facts)]
    shown = [Conflict(item.rule, rules.severity(item.rule), item.ci, item.other_change, item.starts_at,
                      item.ends_at, item.message) for item in found if rules.severity(item.rule) != "off"]
    return sorted(shown, key=lambda item: (item.severity != "block", RULES.index(item.rule), item.starts_at))


def is_blocked(conflicts: list[Conflict]) -> bool:
    """Say whether any conflict is a hard block."""
    return any(conflict.severity == "block" for conflict in conflicts)


def name_of(facts: ScheduleFacts, ci_id: int) -> str:
    """Return how a message names a CI."""
    return f"{facts.ci_names[ci_id]} (CI {ci_id})" if ci_id in facts.ci_names else f"CI {ci_id}"


def booking_conflicts(proposal: ProposedWindow, facts: ScheduleFacts, rules: ScheduleRules) -> list[Conflict]:
    """Find other changes booked at the same time on the proposal's CIs, or on CIs within the rules' hops."""
    found = []
    for other in facts.bookings:
        if other.ticket == proposal.ticket or not overlaps(proposal.starts_at, proposal.ends_at,
                                                           other.starts_at, other.ends_at):
            continue
        for ci_id in sorted(other.ci_ids & proposal.ci_ids):
            found.append(Conflict("same_ci", "", ci_id, other.ticket, other.starts_at, other.ends_at,
                                  f"{other.ticket} is booked on {name_of(facts, ci_id)} at the same time."))
        for ci_id in sorted(other.ci_ids - proposal.ci_ids):
            near = nearest_proposal_ci(proposal, facts, ci_id, rules.hops)
            if near is not None:
                own, hops = near
                found.append(Conflict("related_ci", "", ci_id, other.ticket, other.starts_at, other.ends_at,
                                      f"{other.ticket} is booked at the same time on {name_of(facts, ci_id)}, "
                                      f"{hops} relation(s) from {name_of(facts, own)}."))
    return found


def nearest_proposal_ci(proposal: ProposedWindow, facts: ScheduleFacts, ci_id: int,
                        hops: int) -> tuple[int, int] | None:
    """Return the proposal's CI nearest to another CI and the hops between them, if within the limit."""
    distances = [(facts.related.get(own, {}).get(ci_id), own) for own in sorted(proposal.ci_ids)]
    reachable = [(distance, own) for distance, own in distances if distance is not None and distance <= hops]
    if not reachable:
        return None
    distance, own = min(reachable)
    return own, distance


def freeze_conflicts(proposal: ProposedWindow, facts: ScheduleFacts) -> list[Conflict]:
    """Find freeze occurrences the proposal overlaps on any of its CIs (or on every CI)."""
    found = []
    for window in facts.windows:
        if window.kind != "freeze" or not overlaps(proposal.starts_at, proposal.ends_at,
                                                   window.starts_at, window.ends_at):
            continue
        cis: list[int | None] = [None] if window.ci_ids is None else [*sorted(window.ci_ids & proposal.ci_ids)]
        for ci_id in cis:
            where = "every CI" if ci_id is None else name_of(facts, ci_id)
            found.append(Conflict("freeze", "", ci_id, None, window.starts_at, window.ends_at,
                                  f"The freeze '{window.name}' covers {where} at that time."))
    return found


def maintenance_conflicts(proposal: ProposedWindow, facts: ScheduleFacts) -> list[Conflict]:
    """Find the proposal's CIs that have maintenance windows but none holding the whole proposed window."""
    found = []
    for ci_id in sorted(proposal.ci_ids):
        if facts.maintained is not None and ci_id not in facts.maintained:
            continue
        own = [window for window in facts.windows if window.kind == "maintenance"
               and (window.ci_ids is None or ci_id in window.ci_ids)]
        if any(window.starts_at <= proposal.starts_at and proposal.ends_at <= window.ends_at for window in own):
            continue
        found.append(Conflict("maintenance", "", ci_id, None, proposal.starts_at, proposal.ends_at,
                              f"The window lies outside every maintenance window of {name_of(facts, ci_id)}."))
    return found


def implementer_conflicts(proposal: ProposedWindow, facts: ScheduleFacts) -> list[Conflict]:
    """Find other changes the same implementer is booked for at the same time."""
    if not proposal.implementer:
        return []
    return [Conflict("implementer", "", None, other.ticket, other.starts_at, other.ends_at,
                     f"{proposal.implementer} is booked on {other.ticket} at the same time.")
            for other in facts.bookings
            if other.ticket != proposal.ticket and other.implementer == proposal.implementer
            and overlaps(proposal.starts_at, proposal.ends_at, other.starts_at, other.ends_at)]
