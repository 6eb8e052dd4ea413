"""Who gets a ticket: the group (CI owner, category default, service desk), the member, and reassignment counts."""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Literal, TypeGuard

from app.platform.rules import RuleError, check_aware

GroupSource = Literal["ci_owner", "category_default", "fallback"]
Strategy = Literal["round_robin", "least_loaded"]
STRATEGIES: tuple[Strategy, ...] = ("round_robin", "least_loaded")

# Sorts before every real assignment time, so someone never assigned has waited longest.
_NEVER_ASSIGNED_AT = datetime.min.replace(tzinfo=UTC)


class UnknownStrategy(RuleError):
    """A group names an assignment strategy that does not exist."""


class ReassignmentRefused(RuleError):
    """A reassignment without a reason, to nobody, or to the person who already has the ticket."""


class ReassignmentLimitInvalid(RuleError):
    """A reassignment limit below zero."""


@dataclass(frozen=True)
class GroupChoice:
    """The group that gets a ticket, which rule chose it, and a sentence saying why."""

    group: str
    source: GroupSource
    reason: str


@dataclass(frozen=True)
class Member:
    """A member of a group as assignment sees them; available is False when inactive or absent."""

    login: str
    open_tasks: int = 0
    available: bool = True


@dataclass(frozen=True)
class AssignmentState:
    """A group's assignment memory: the last assignee (the round-robin cursor) and when each member last got one."""

    last_login: str | None = None
    last_assigned_at: Mapping[str, datetime] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "last_assigned_at", MappingProxyType(dict(self.last_assigned_at)))


@dataclass(frozen=True)
class MemberChoice:
    """The member chosen and the group's assignment state after choosing them."""

    login: str
    state: AssignmentState


@dataclass(frozen=True)
class Reassignment:
    """One manual (re)assignment: from whom (None when unassigned), to whom, why and when."""

    from_assignee: str | None
    to_assignee: str
    reason: str
    reassigned_at: datetime


@dataclass(frozen=True)
class ReassignmentLog:
    """Every reassignment of one ticket, oldest first."""

    entries: tuple[Reassignment, ...] = ()

    @property
    def count(self) -> int:
        """Return how many times the ticket was reassigned."""
        return len(self.entries)


def _named(group: str | None) -> TypeGuard[str]:
    """Tell whether a group name is given and not blank."""
    return group is not None and group.strip() != ""


def choose_group(ci_owner_group: str | None, category_default_group: str | None, fallback: str) -> GroupChoice:
    """Choose the group owning the affected CI, else the category's default group, else the fallback service desk."""
    if _named(ci_owner_group):
        return GroupChoice(ci_owner_group, "ci_owner", f"The group '{ci_owner_group}' owns the affected"
                           " configuration item.")
    if _named(category_default_group):
        return GroupChoice(category_default_group, "category_default", "The ticket's category has the default"
                           f" group '{category_default_group}' and no configuration item owner is known.")
    return GroupChoice(fallback, "fallback", "Neither a configuration item owner nor a category default group"
                       f" is known, so the service desk '{fallback}' takes the ticket.")


def _next_in_rotation(candidates: list[Member], last_login: str | None) -> Member:
    """Pick the first candidate whose login sorts after the last assignee, wrapping around to the first."""
    ordered = sorted(candidates, key=lambda member: member.login)
    if last_login is not None:
        for member in ordered:
            if member.login > last_login:
                return member
    return ordered[0]


def _least_loaded(candidates: list[Member], last_assigned_at: Mapping[str, datetime]) -> Member:
    """Pick the candidate with the fewest open tasks; ties go to the longest wait, then to the login."""
    def load(member: Member) -> tuple[int, datetime, str]:
        return member.open_tasks, last_assigned_at.get(member.login, _NEVER_ASSIGNED_AT), member.login

    return min(candidates, key=load)


def choose_member(strategy: str, members: Sequence[Member], state: AssignmentState,
                  now: datetime) -> MemberChoice | None:
    """Choose a group member by the group's strategy; None when nobody is available, leaving the group queue.

    Round-robin rotates in login order, so the cursor survives members joining, leaving or being absent.
    """
    check_aware("now", now)
    if strategy not in STRATEGIES:
        raise UnknownStrategy(f"The assignment strategy '{strategy}' does not exist; choose one of"
                              f" {', '.join(STRATEGIES)}.")
    candidates = [member for member in members if member.available]
    if not candidates:
        return None
    if strategy == "round_robin":
        chosen = _next_in_rotation(candidates, state.last_login)
    else:
        chosen = _least_loaded(candidates, state.last_assigned_at)
    new_state = AssignmentState(chosen.login, {**state.last_assigned_at, chosen.login: now})
    return MemberChoice(chosen.login, new_state)


def record_reassignment(log: ReassignmentLog, from_assignee: str | None, to_assignee: str, reason: str,
                        now: datetime) -> ReassignmentLog:
    """Return the log with one more reassignment, which must name someone new and say why."""
    check_aware("now", now)
    if not to_assignee.strip():
        raise ReassignmentRefused("A reassignment must name the group or person who takes the ticket; choose one.")
    if to_assignee == from_assignee:
        raise ReassignmentRefused(f"The ticket is already with '{to_assignee}'; choose someone else to reassign it to.")
    if not reason.strip():
        raise ReassignmentRefused(f"Reassigning the ticket to '{to_assignee}' needs a reason; write why it moves.")
    entry = Reassignment(from_assignee, to_assignee, reason.strip(), now)
    return ReassignmentLog((*log.entries, entry))


def reassignment_limit_exceeded(count: int, limit: int) -> bool:
    """Tell whether a ticket was reassigned more than the limit allows."""
    if limit < 0:
        raise ReassignmentLimitInvalid(f"The reassignment limit {limit} is below zero; set it to 0 or more.")
    return count > limit
