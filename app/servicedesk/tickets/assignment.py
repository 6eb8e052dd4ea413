"""Who gets a ticket: the group (CI owner, category default, service desk) and the reassignments since.

Which member of the group takes it is the group's strategy (app.organisation.assignment)."""
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeGuard

from app.platform.rules import RuleError, check_aware

GroupSource = Literal["ci_owner", "category_default", "fallback"]


class ReassignmentRefused(RuleError):
    """A reassignment without a reason, to nobody, or to the person who already has the ticket."""


@dataclass(frozen=True)
class GroupChoice:
    """The group that gets a ticket, which rule chose it, and a sentence saying why."""

    group: str
    source: GroupSource
    reason: str


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
