"""Whose tickets' numbers a person reads in reports."""
from dataclasses import dataclass

from app.organisation.policies.actor import Actor

REPORT_EVERYTHING_ROLES = ("manager", "auditor", "process_owner")


@dataclass(frozen=True)
class ReportReach:
    """Which tickets' numbers a person reads in reports: all of them, those of some groups, or their own work."""

    everything: bool
    groups: frozenset[str] = frozenset()
    assignee: str | None = None


def report_reach(actor: Actor) -> ReportReach | None:
    """Decide which KPIs' tickets an actor may count, on pages, the API, exports and subscriptions alike.

    Managers, auditors, process owners and admins read every ticket's numbers; a group lead those of the groups
    she leads; any other agent her own work (the tickets assigned to her); anyone else no report (None).
    """
    if actor.has_role(*REPORT_EVERYTHING_ROLES):
        return ReportReach(everything=True)
    if actor.lead_of:
        return ReportReach(everything=False, groups=actor.lead_of)
    if actor.has_role("agent"):
        return ReportReach(everything=False, assignee=actor.login)
    return None


def may_see_reports(actor: Actor) -> bool:
    """Managers, process owners, auditors, group leads and agents read reports (each within their reach)."""
    return report_reach(actor) is not None
