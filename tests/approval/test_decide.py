"""The one rule an approval by rule decides by (engine/approval/rule.py): pure, so asked case by case."""
import pytest

from engine.approval.rule import ApprovalRule, RuleRefused, decide, final_outcome, read_rule

M4 = ["ann", "bob", "cat", "dan"]


def votes(*pairs: str) -> list[dict[str, str]]:
    """votes("ann+", "bob-"): ann approves, bob rejects."""
    return [{"member": pair[:-1], "decision": "approve" if pair[-1] == "+" else "reject"} for pair in pairs]


@pytest.mark.parametrize(("rule", "cast", "members", "expected"), [
    # any: the first approval approves; only when everyone rejected is it rejected
    (ApprovalRule("any"), (), M4, None),
    (ApprovalRule("any"), ("ann+",), M4, "approved"),
    (ApprovalRule("any"), ("ann-", "bob-", "cat-"), M4, None),
    (ApprovalRule("any"), ("ann-", "bob-", "cat-", "dan-"), M4, "rejected"),
    # all: one rejection rejects; approved only when all approved
    (ApprovalRule("all"), ("ann+", "bob+", "cat+"), M4, None),
    (ApprovalRule("all"), ("ann+", "bob+", "cat+", "dan+"), M4, "approved"),
    (ApprovalRule("all"), ("ann+", "bob-"), M4, "rejected"),
    # N of M: approved at the Nth approval; rejected once N approvals can no longer come
    (ApprovalRule("n-of-m", 2), ("ann+",), M4, None),
    (ApprovalRule("n-of-m", 2), ("ann+", "bob-", "cat+"), M4, "approved"),
    (ApprovalRule("n-of-m", 2), ("ann-", "bob-"), M4, None),
    (ApprovalRule("n-of-m", 2), ("ann-", "bob-", "cat-"), M4, "rejected"),
    (ApprovalRule("n-of-m", 3), ("ann+", "bob+"), ["ann", "bob"], "no_quorum"),  # too few members to reach N
    # percent of the members, rounded up: 50% of 4 is 2 (a tie at exactly P approves), 51% is 3
    (ApprovalRule("percent", 50), ("ann+", "bob-", "cat+"), M4, "approved"),
    (ApprovalRule("percent", 50), ("ann+", "bob-", "cat-"), M4, None),
    (ApprovalRule("percent", 50), ("ann+", "bob-", "cat-", "dan-"), M4, "rejected"),
    (ApprovalRule("percent", 51), ("ann+", "bob+"), M4, None),
    (ApprovalRule("percent", 51), ("ann+", "bob+", "cat+"), M4, "approved"),
    (ApprovalRule("percent", 100), ("ann+", "bob+", "cat+", "dan-"), M4, "rejected"),
    (ApprovalRule("percent", 1), ("ann+",), M4, "approved"),
    # veto: one rejection rejects at once, even after approvals
    (ApprovalRule("n-of-m", 3, veto=True), ("ann+", "bob+", "cat-"), M4, "rejected"),
    (ApprovalRule("any", veto=True), ("ann-",), M4, "rejected"),
    (ApprovalRule("n-of-m", 2, veto=False), ("ann-",), M4, None),
    # quorum: enough approvals wait for enough decisions
    (ApprovalRule("any", quorum=3), ("ann+",), M4, None),
    (ApprovalRule("any", quorum=3), ("ann+", "bob-"), M4, None),
    (ApprovalRule("any", quorum=3), ("ann+", "bob-", "cat-"), M4, "approved"),
    (ApprovalRule("n-of-m", 2, quorum=3), ("ann+", "bob+"), M4, None),
    (ApprovalRule("n-of-m", 2, quorum=5), (), M4, "no_quorum"),  # more than there are members
    # members removed by exclusion: their decisions do not count, and the rule counts the others only
    (ApprovalRule("all"), ("ann+", "bob+", "cat+"), ["ann", "bob", "cat"], "approved"),
    (ApprovalRule("any"), ("dan+",), ["ann", "bob", "cat"], None),
    (ApprovalRule("percent", 50), ("ann+",), ["ann", "bob"], "approved"),
    (ApprovalRule("any"), (), [], "no_quorum"),
    # one decision per member: the first counts
    (ApprovalRule("n-of-m", 2), ("ann+", "ann+"), M4, None),
    (ApprovalRule("all"), ("ann+", "ann-", "bob+"), ["ann", "bob"], "approved"),
])
def test_decide_settles_what_the_rule_says(rule, cast, members, expected) -> None:  # type: ignore[no-untyped-def]
    assert decide(rule, votes(*cast), members) == expected


@pytest.mark.parametrize("rule", [ApprovalRule("any"), ApprovalRule("all"), ApprovalRule("n-of-m", 1),
                                  ApprovalRule("percent", 1), ApprovalRule("any", quorum=1)])
def test_silence_never_approves(rule) -> None:  # type: ignore[no-untyped-def]
    assert decide(rule, [], M4) is None
    assert final_outcome(rule, [], M4) == "no_quorum"


def test_an_approval_ended_before_it_was_settled_lacks_quorum() -> None:
    assert final_outcome(ApprovalRule("n-of-m", 3), votes("ann+", "bob+"), M4) == "no_quorum"
    assert final_outcome(ApprovalRule("n-of-m", 2), votes("ann+", "bob+"), M4) == "approved"


def test_read_rule_takes_every_property() -> None:
    rule = read_rule({"flowdesk:decision": " N-of-M:2 ", "flowdesk:veto": "true", "flowdesk:quorum": "3",
                      "flowdesk:exclude": "requested_by, change_owner", "flowdesk:outcome": "cab_outcome"}, "cab")
    assert rule == ApprovalRule("n-of-m", 2, True, 3, ("requested_by", "change_owner"), "cab_outcome")
    assert read_rule({"flowdesk:decision": "all"}, "cab").outcome_variable == "cab_outcome"


@pytest.mark.parametrize(("properties", "prop"), [
    ({"flowdesk:decision": "n-of-m:0"}, "flowdesk:decision"),
    ({"flowdesk:decision": "percent:150"}, "flowdesk:decision"),
    ({"flowdesk:decision": "percent:0"}, "flowdesk:decision"),
    ({"flowdesk:decision": "most"}, "flowdesk:decision"),
    ({"flowdesk:decision": "n-of-m:two"}, "flowdesk:decision"),
    ({"flowdesk:decision": "any", "flowdesk:veto": "yes"}, "flowdesk:veto"),
    ({"flowdesk:decision": "any", "flowdesk:quorum": "0"}, "flowdesk:quorum"),
    ({"flowdesk:decision": "any", "flowdesk:exclude": "requested by"}, "flowdesk:exclude"),
    ({"flowdesk:decision": "any", "flowdesk:outcome": "cab-outcome"}, "flowdesk:outcome"),
])
def test_read_rule_refuses_what_it_cannot_read(properties, prop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleRefused) as refused:
        read_rule(properties, "cab")
    assert refused.value.property == prop
