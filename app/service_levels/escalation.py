"""The escalation ladder as data, and which of its levels a ticket's SLA facts raise at a given moment."""
from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Literal

from app.platform.rules import RuleError, check_aware

Trigger = Literal["response_breach", "resolution_warning", "resolution_breach", "reassignments_exceeded"]
ActionKind = Literal["notify", "escalate"]
TRIGGERS: tuple[Trigger, ...] = ("response_breach", "resolution_warning", "resolution_breach",
                                 "reassignments_exceeded")
ACTION_KINDS: tuple[ActionKind, ...] = ("notify", "escalate")
DEFAULT_REASSIGNMENT_LIMIT = 3


class ReassignmentLimitInvalid(RuleError):
    """A reassignment limit below zero."""


def reassignment_limit_exceeded(count: int, limit: int) -> bool:
    """Tell whether a ticket was reassigned more than the limit allows."""
    if limit < 0:
        raise ReassignmentLimitInvalid(f"The reassignment limit {limit} is below zero; set it to 0 or more.")
    return count > limit


class LadderInvalid(RuleError):
    """An escalation ladder with blank or repeated ids, unknown triggers or kinds, or a wrong limit."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(problems))


@dataclass(frozen=True)
class EscalationLevel:
    """One rung: when it fires (trigger), what it does (kind) and to whom (a role or group).

    reassignment_limit is N in "more than N reassignments" and is only set on that trigger.
    """

    level_id: str
    trigger: Trigger
    kind: ActionKind
    recipient: str
    reassignment_limit: int | None = None


@dataclass(frozen=True)
class EscalationLadder:
    """The levels of escalation in the order their actions are reported; construction validates them."""

    levels: tuple[EscalationLevel, ...]

    def __post_init__(self) -> None:
        problems = _ladder_problems(self.levels)
        if problems:
            raise LadderInvalid(problems)


@dataclass(frozen=True)
class SlaFacts:
    """What escalation needs to know about one ticket; deadlines already account for pauses and calendars.

    paused is True while the SLA clock stands still (waiting for the requester): no time level fires then.
    """

    response_due_at: datetime | None
    resolution_due_at: datetime | None
    warning_at: datetime | None
    responded_at: datetime | None = None
    resolved_at: datetime | None = None
    reassignments: int = 0
    paused: bool = False

    def __post_init__(self) -> None:
        for item in fields(self):
            if item.name.endswith("_at"):
                check_aware(item.name, getattr(self, item.name))


@dataclass(frozen=True)
class EscalationAction:
    """An action to raise now: notify or escalate to a recipient, with a sentence saying why."""

    level_id: str
    kind: ActionKind
    recipient: str
    reason: str


def _level_problems(level: EscalationLevel) -> list[str]:
    """List what is wrong with one level on its own."""
    name = f"The escalation level '{level.level_id}'"
    problems = []
    if level.trigger not in TRIGGERS:
        problems.append(f"{name} has the unknown trigger '{level.trigger}'; choose one of {', '.join(TRIGGERS)}.")
    if level.kind not in ACTION_KINDS:
        problems.append(f"{name} has the unknown kind '{level.kind}'; choose one of {', '.join(ACTION_KINDS)}.")
    if not level.recipient.strip():
        problems.append(f"{name} has no recipient; name the role or group to tell.")
    counts_reassignments = level.trigger == "reassignments_exceeded"
    if counts_reassignments and (level.reassignment_limit is None or level.reassignment_limit < 0):
        problems.append(f"{name} needs a reassignment limit of 0 or more.")
    if not counts_reassignments and level.reassignment_limit is not None:
        problems.append(f"{name} fires on time, not on reassignments; remove its reassignment limit.")
    return problems


def _ladder_problems(levels: tuple[EscalationLevel, ...]) -> list[str]:
    """List every problem of a ladder: blank or repeated ids, then each level's own problems."""
    problems = []
    ids = [level.level_id for level in levels]
    if any(not level_id.strip() for level_id in ids):
        problems.append("One of the escalation levels has a blank id; give every level an id.")
    for level_id in sorted({level_id for level_id in ids if ids.count(level_id) > 1}):
        problems.append(f"The escalation level id '{level_id}' appears more than once; each level fires once,"
                        " so give each its own id.")
    for level in levels:
        problems.extend(_level_problems(level))
    return problems


def default_ladder(reassignment_limit: int = DEFAULT_REASSIGNMENT_LIMIT) -> EscalationLadder:
    """Return the incident flow's ladder, with N for "more than N reassignments"."""
    return EscalationLadder((
        EscalationLevel("response_breach", "response_breach", "notify", "group_lead"),
        EscalationLevel("resolution_warning", "resolution_warning", "notify", "assignee"),
        EscalationLevel("resolution_breach", "resolution_breach", "escalate", "duty_manager"),
        EscalationLevel("reassignments_exceeded", "reassignments_exceeded", "notify", "service_desk_manager",
                        reassignment_limit),
    ))


def _due_at(trigger: Trigger, facts: SlaFacts) -> datetime | None:
    """Return when a time trigger falls due; None when it never will (no deadline, met, resolved or paused)."""
    if facts.resolved_at is not None or facts.paused:
        return None
    if trigger == "response_breach":
        return facts.response_due_at if facts.responded_at is None else None
    if trigger == "resolution_warning":
        return facts.warning_at
    if trigger == "resolution_breach":
        return facts.resolution_due_at
    return None


def _fires(level: EscalationLevel, facts: SlaFacts, now: datetime) -> bool:
    """Tell whether a level's condition holds at this moment."""
    if level.trigger == "reassignments_exceeded":
        limit = level.reassignment_limit or 0
        return facts.resolved_at is None and reassignment_limit_exceeded(facts.reassignments, limit)
    due_at = _due_at(level.trigger, facts)
    return due_at is not None and now >= due_at


def _show(moment: datetime | None) -> str:
    """Write a moment the way people read it in a notification."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "an unknown time"


def _reason(level: EscalationLevel, facts: SlaFacts) -> str:
    """Say in one sentence why a level fires."""
    if level.trigger == "response_breach":
        return f"Nobody responded to the ticket by its response target at {_show(facts.response_due_at)}."
    if level.trigger == "resolution_warning":
        return (f"The ticket is still unresolved at its warning time {_show(facts.warning_at)};"
                f" the resolution target is {_show(facts.resolution_due_at)}.")
    if level.trigger == "resolution_breach":
        return f"The ticket was not resolved by its resolution target at {_show(facts.resolution_due_at)}."
    return (f"The ticket was reassigned {facts.reassignments} times, more than the limit of"
            f" {level.reassignment_limit}.")


def evaluate_escalations(ladder: EscalationLadder, facts: SlaFacts, now: datetime,
                         raised: Collection[str]) -> tuple[EscalationAction, ...]:
    """Return the actions of every level that fires now and was not raised before, in ladder order.

    A level fires at its moment or later, never before; once its id is in raised it never fires again.
    """
    check_aware("now", now)
    return tuple(EscalationAction(level.level_id, level.kind, level.recipient, _reason(level, facts))
                 for level in ladder.levels
                 if level.level_id not in raised and _fires(level, facts, now))


def next_escalation_at(ladder: EscalationLadder, facts: SlaFacts, raised: Collection[str]) -> datetime | None:
    """Return the earliest moment a time level not yet raised falls due, for the scheduler's next look."""
    moments = []
    for level in ladder.levels:
        due_at = _due_at(level.trigger, facts)
        if level.level_id not in raised and due_at is not None:
            moments.append(due_at)
    return min(moments, default=None)
