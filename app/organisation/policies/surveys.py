"""Whose survey answers a person reads, and who sets the survey rules."""
from dataclasses import dataclass

from app.organisation.policies.actor import Actor
from app.organisation.policies.catalogue import may_edit_catalogue
from app.organisation.policies.reports import REPORT_EVERYTHING_ROLES
from app.platform.errors import NotAllowed


@dataclass(frozen=True)
class SurveyReach:
    """Whose survey answers a person reads: every one, those of the groups she leads, and always her own."""

    everything: bool
    groups: frozenset[str] = frozenset()
    requester: str = ""


def survey_reach(actor: Actor) -> SurveyReach:
    """Decide whose survey answers an actor reads, on pages, the API and exports alike.

    Managers, auditors, process owners and admins read every answer; a group lead those of the tickets her groups
    worked (to recover the service); everyone her own answers. An agent does not read the scores of her own
    tickets one by one: the reports show them summed.
    """
    if actor.has_role(*REPORT_EVERYTHING_ROLES):
        return SurveyReach(everything=True)
    return SurveyReach(everything=False, groups=actor.lead_of, requester=actor.login)


def may_edit_survey_rules(actor: Actor) -> bool:
    """Process owners and admins set when tickets are surveyed; a read-only account sets nothing."""
    return may_edit_catalogue(actor)


def check_may_edit_survey_rules(actor: Actor, what: str) -> None:
    """Refuse (NotAllowed) a change to the survey rules unless may_edit_survey_rules."""
    if not may_edit_survey_rules(actor):
        raise NotAllowed(f"{actor.login} may not {what}: the survey rules are kept by process owners and "
                         "administrators.")
