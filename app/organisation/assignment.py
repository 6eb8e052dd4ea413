"""Which member of a group takes the next piece of work: the group's strategy (round robin, least loaded)."""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Literal

from app.platform.rules import RuleError, check_aware

Strategy = Literal["round_robin", "least_loaded"]
STRATEGIES: tuple[Strategy, ...] = ("round_robin", "least_loaded")

# Sorts before every real assignment time, so someone never assigned has waited longest.
_NEVER_ASSIGNED_AT = datetime.min.replace(tzinfo=UTC)


class UnknownStrategy(RuleError):
    """A group names an assignment strategy that does not exist."""


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
