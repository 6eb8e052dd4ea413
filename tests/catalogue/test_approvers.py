"""Approvers by rule, as pure decisions over organisation facts: who each rule names, and that the requester (or
whoever ordered for her) is never one of them; and the steps of the progress bar."""
import pytest

from app.servicedesk.catalogue.approvers import OrganisationFacts, RuleRefused, pick_approvers
from app.servicedesk.catalogue.progress import step_states

FACTS = OrganisationFacts(manager="mona", department_heads=("hana", "ivan"), cost_centre_owner="carl",
                          ci_owners=("lee",), groups={"managers": ("mona", "zoe"), "finance": ("fay", "rita")})


@pytest.mark.parametrize(("rule", "approvers"), [
    ("line_manager", ["mona"]), ("department_head", ["hana"]), ("cost_centre_owner", ["carl"]),
    ("ci_owner", ["lee"]), ("group:finance", ["fay"])])
def test_each_rule_names_its_approvers_from_the_organisation_never_the_requester(rule: str,
                                                                                  approvers: list[str]) -> None:
    assert pick_approvers(rule, FACTS, {"rita"}) == approvers


def test_a_requester_who_is_her_own_line_manager_goes_to_her_department_head() -> None:
    assert pick_approvers("line_manager", FACTS, {"mona"}) == ["hana"]


def test_a_department_head_requesting_goes_to_the_head_above() -> None:
    assert pick_approvers("department_head", FACTS, {"hana"}) == ["ivan"]


def test_the_one_who_ordered_for_someone_is_struck_like_the_requester() -> None:
    assert pick_approvers("cost_centre_owner", FACTS, {"rita", "carl"}) == ["hana"]


def test_a_rule_left_with_nobody_falls_back_to_the_managers_group_without_the_requester() -> None:
    facts = OrganisationFacts(groups={"managers": ("mona", "zoe")})
    assert pick_approvers("line_manager", facts, {"mona"}) == ["zoe"]


def test_a_rule_that_finds_nobody_at_all_is_refused_with_what_to_do() -> None:
    with pytest.raises(RuleRefused, match="Name a line manager"):
        pick_approvers("line_manager", OrganisationFacts(groups={"managers": ("mona",)}), {"mona"})


def test_an_unknown_rule_is_refused_naming_the_rules() -> None:
    with pytest.raises(RuleRefused, match="line_manager, department_head"):
        pick_approvers("ceo", FACTS, set())


def test_a_step_passed_by_is_skipped_and_the_open_one_current() -> None:
    tasks = [("approve_manager", "A"), ("approve_finance", "B"), ("prepare", "C"), ("hand_over", "D")]
    states = [step.state for step in step_states(tasks, {"approve_manager"}, {"prepare"})]
    assert states == ["done", "skipped", "current", "next"]
