"""What one ticket contributes to the daily roll-up: pure rules from the ticket as it stands.

Each contribution lands on the UTC day the thing happened:
- the day it was opened: opened +1, open_delta +1, open_ordinal_delta + the day's ordinal (so the backlog and
  the sum of its opening days are running sums: the backlog at the end of a day is the sum of open_delta up to
  it, and its mean age is that day's ordinal minus the mean opening ordinal);
- the day it left the backlog (resolved, else closed or cancelled): out +1 and the opposite of the above; for a
  change, change_done +1, change_failed and change_emergency by the hooks below;
- the day of the first response: response_done +1 and response_met +1 when it had a response target and met it,
  and the wall and working time from opening to the response as histogram buckets;
- the day it was resolved: solved +1, reopened +1 if it was ever reopened, fcr +1 when it was resolved by the
  first group (never reassigned) and never reopened, resolution_done and resolution_met against its target,
  rated +1 and rating_sum + the rating when the requester rated it (her survey answer's score, a rating given on
  the incident's old rate step included), surveyed +1 when a survey was sent and survey_answered +1 when she
  answered it, and the resolution's durations;
- each day an escalation level was raised: escalations +1.
"""
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from app.reports.histogram import bucket_of

# Hooks for change records (app/servicedesk/change): a change whose status or notes say it failed or was an
# emergency. The change module notes change_emergency when an emergency change is raised, and change_failed or
# change_backed_out when its post-implementation review records that outcome.
CHANGE_FAILED_STATUSES = frozenset({"failed", "backed_out", "rolled_back"})
CHANGE_FAILED_EVENTS = frozenset({"change_failed", "change_backed_out"})
CHANGE_EMERGENCY_EVENTS = frozenset({"change_emergency"})


@dataclass(frozen=True)
class TicketFacts:
    """The ticket's values the rules read, with its note events and escalation moments."""

    ticket_id: int
    kind: str
    status: str
    group: str
    category_id: int
    priority: str
    service_id: int
    policy: str
    assignee: str
    created_at: datetime
    responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    reassignment_count: int
    note_events: frozenset[str] = frozenset()
    escalated_at: tuple[datetime, ...] = ()
    reopen_count: int = 0
    surveyed: bool = False
    survey_answered: bool = False
    rating: int | None = None  # the score of the ticket's survey answer

    @property
    def keys(self) -> tuple[str, str, int, str, int, str]:
        """Return the roll-up keys, in the order of DIMENSIONS."""
        return (self.kind, self.group, self.category_id, self.priority, self.service_id, self.policy)


@dataclass
class Contributions:
    """Counters per day, and duration buckets per day and measure."""

    counters: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    durations: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, day: date, **counts: int) -> None:
        """Add counts on a day."""
        for name, value in counts.items():
            self.counters[day.isoformat()][name] += value

    def until_day(self) -> date:
        """Return the last day the ticket counts on once it left the backlog; FOREVER while it is open (it counts in
        every later day's backlog)."""
        days = [*self.counters, *self.durations]
        if not days or not any(values.get("out") for values in self.counters.values()):
            return FOREVER
        return date.fromisoformat(max(days))

    def to_json(self) -> str:
        """Return the contributions as compact JSON (zero counters left out)."""
        counters = {day: {k: v for k, v in values.items() if v} for day, values in self.counters.items()}
        return json.dumps({"c": {d: v for d, v in counters.items() if v}, "d": self.durations},
                          separators=(",", ":"), sort_keys=True)


FOREVER = date(9999, 12, 31)
WorkingSeconds = Callable[[datetime, datetime], float]


def contributions_of(facts: TicketFacts, working_seconds: WorkingSeconds) -> Contributions:
    """Return what a ticket contributes to each day (module docstring), working time by its calendar."""
    found = Contributions()
    opened_day = facts.created_at.date()
    found.add(opened_day, opened=1, open_delta=1, open_ordinal_delta=opened_day.toordinal())
    out_at = facts.resolved_at or facts.closed_at
    if out_at is not None:
        add_exit(found, facts, out_at.date(), opened_day)
    if facts.responded_at is not None:
        add_response(found, facts, facts.responded_at, working_seconds)
    if facts.resolved_at is not None:
        add_resolution(found, facts, facts.resolved_at, working_seconds)
    for moment in facts.escalated_at:
        found.add(moment.date(), escalations=1)
    return found


def add_exit(found: Contributions, facts: TicketFacts, day: date, opened_day: date) -> None:
    """Count the ticket out of the backlog, and a change's outcome."""
    found.add(day, out=1, open_delta=-1, open_ordinal_delta=-opened_day.toordinal())
    if facts.kind == "change":
        failed = facts.status in CHANGE_FAILED_STATUSES or bool(facts.note_events & CHANGE_FAILED_EVENTS)
        emergency = bool(facts.note_events & CHANGE_EMERGENCY_EVENTS)
        found.add(day, change_done=1, change_failed=int(failed), change_emergency=int(emergency))


def add_response(found: Contributions, facts: TicketFacts, at: datetime, working_seconds: WorkingSeconds) -> None:
    """Count the first response against its target, and its durations."""
    if facts.response_due_at is not None:
        found.add(at.date(), response_done=1, response_met=int(at <= facts.response_due_at))
    add_durations(found, at.date(), "response", facts.created_at, at, working_seconds)


def add_resolution(found: Contributions, facts: TicketFacts, at: datetime, working_seconds: WorkingSeconds) -> None:
    """Count the resolution: first-contact, reopened, against its target, rated; and its durations."""
    reopened = facts.reopen_count > 0
    found.add(at.date(), solved=1, reopened=int(reopened),
              fcr=int(facts.reassignment_count == 0 and not reopened))
    if facts.resolution_due_at is not None:
        found.add(at.date(), resolution_done=1, resolution_met=int(at <= facts.resolution_due_at))
    if facts.rating is not None:
        found.add(at.date(), rated=1, rating_sum=facts.rating)
    if facts.surveyed:
        found.add(at.date(), surveyed=1, survey_answered=int(facts.survey_answered))
    add_durations(found, at.date(), "resolution", facts.created_at, at, working_seconds)


def add_durations(found: Contributions, day: date, measure: str, start: datetime, end: datetime,
                  working_seconds: WorkingSeconds) -> None:
    """Record the wall and working time from start to end as buckets of the day."""
    wall = max(0.0, (end - start).total_seconds())
    work = max(0.0, working_seconds(start, end))
    found.durations[day.isoformat()][f"{measure}_wall"] = bucket_of(wall)
    found.durations[day.isoformat()][f"{measure}_work"] = bucket_of(work)


def parse_contributions(text: str | None) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Return stored contributions as (counters per day, buckets per day and measure); empty for none."""
    if not text:
        return {}, {}
    raw = json.loads(text)
    return raw.get("c", {}), raw.get("d", {})


def in_days(days: Iterable[str], first: date | None, last: date) -> list[str]:
    """Return the ISO days within [first, last] (no lower bound for None)."""
    low = first.isoformat() if first else ""
    high = last.isoformat()
    return [day for day in days if low <= day <= high]
