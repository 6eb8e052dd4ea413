"""The rule an approval task decides by, read from its camunda:properties, and the one function that applies it.

A diagram writes on a multi-instance user task:
  flowdesk:decision = any | all | n-of-m:N | percent:P     (required: makes the task an approval by rule)
  flowdesk:veto     = true                                 (one rejection rejects at once)
  flowdesk:quorum   = N                                    (fewer than N decisions when the task ends: no_quorum)
  flowdesk:exclude  = requested_by,change_owner            (variables naming people who may never decide)
  flowdesk:outcome  = cab_outcome                          (default <task id>_outcome)

Members are the people the task was created for, once the excluded ones are removed. The rule approves only on
approvals that were given: silence never approves, and a task ended before the rule was settled (a timer, a
cancellation) ends `no_quorum`.
"""
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from engine.errors import refusal

APPROVED = "approved"
REJECTED = "rejected"
NO_QUORUM = "no_quorum"
OUTCOMES = (APPROVED, REJECTED, NO_QUORUM)
APPROVE = "approve"
REJECT = "reject"
DECISIONS = (APPROVE, REJECT)

DECISION_PROPERTY = "flowdesk:decision"
VETO_PROPERTY = "flowdesk:veto"
QUORUM_PROPERTY = "flowdesk:quorum"
EXCLUDE_PROPERTY = "flowdesk:exclude"
OUTCOME_PROPERTY = "flowdesk:outcome"
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class RuleRefused(ValueError):
    """A rule property that cannot be read; names the property and what to write instead (a template and its
    parameters, which the web shows in the reader's language)."""

    def __init__(self, prop: str, template: str, value: str) -> None:
        self.property = prop
        self.template = template
        self.params = {"property": prop, "value": value}
        super().__init__(template % self.params)


NOT_A_RULE = refusal("%(property)s '%(value)s' is not a rule; write any, all, n-of-m:N (N at least 1) or percent:P "
                     "(P from 1 to 100)")
NOT_A_VETO = refusal("%(property)s '%(value)s' is neither true nor false; write true (one rejection rejects at "
                     "once) or leave it out")
NOT_A_QUORUM = refusal("%(property)s '%(value)s' is not a number of decisions; write a whole number of at least 1, "
                       "or leave it out")
NOT_A_NAME_LIST = refusal("%(property)s names '%(value)s', which is not a variable name; write variable names "
                          "separated by commas, e.g. requested_by,change_owner")
NOT_A_NAME = refusal("%(property)s '%(value)s' is not a variable name; write one such as cab_outcome")


@dataclass(frozen=True)
class ApprovalRule:
    """How an approval task decides: its kind (any, all, n-of-m, percent) with its number, veto and quorum."""

    kind: str
    number: int = 0  # N of n-of-m, P of percent
    veto: bool = False
    quorum: int = 0
    exclude: tuple[str, ...] = ()
    outcome_variable: str = ""

    def describe(self) -> str:
        """Return the rule as the diagram writes it, with its veto and quorum."""
        text = self.kind if self.kind in ("any", "all") else f"{self.kind}:{self.number}"
        if self.veto:
            text += ", veto"
        if self.quorum:
            text += f", quorum {self.quorum}"
        return text

    def approvals_needed(self, member_count: int) -> int:
        """Return how many approvals approve, among this many members (at least one: silence never approves)."""
        if self.kind == "any":
            needed = 1
        elif self.kind == "all":
            needed = member_count
        elif self.kind == "n-of-m":
            needed = self.number
        else:
            needed = math.ceil(self.number * member_count / 100)
        return max(needed, 1)


def is_approval(properties: Mapping[str, str]) -> bool:
    """Say whether a task's properties make it an approval by rule."""
    return DECISION_PROPERTY in properties


def read_rule(properties: Mapping[str, str], task_id: str) -> ApprovalRule:
    """Read an approval task's rule from its properties (raises RuleRefused naming the property)."""
    kind, number = read_decision(properties.get(DECISION_PROPERTY) or "")
    veto = (properties.get(VETO_PROPERTY) or "false").strip().lower()
    if veto not in ("true", "false"):
        raise RuleRefused(VETO_PROPERTY, NOT_A_VETO, veto)
    return ApprovalRule(kind, number, veto == "true", read_quorum(properties.get(QUORUM_PROPERTY)),
                        read_names(properties.get(EXCLUDE_PROPERTY)),
                        read_outcome(properties.get(OUTCOME_PROPERTY), task_id))


def read_decision(text: str) -> tuple[str, int]:
    """Return the kind and number of a flowdesk:decision value, or raise RuleRefused saying what to write."""
    value = text.strip().lower()
    if value in ("any", "all"):
        return value, 0
    kind, _, number = value.partition(":")
    if kind in ("n-of-m", "percent") and number.strip().isdigit():
        count = int(number)
        if kind == "n-of-m" and count >= 1:
            return kind, count
        if kind == "percent" and 1 <= count <= 100:
            return kind, count
    raise RuleRefused(DECISION_PROPERTY, NOT_A_RULE, text.strip())


def read_quorum(text: str | None) -> int:
    """Return a flowdesk:quorum (0 when absent), or raise RuleRefused."""
    if text is None or not text.strip():
        return 0
    if not text.strip().isdigit() or int(text) < 1:
        raise RuleRefused(QUORUM_PROPERTY, NOT_A_QUORUM, text.strip())
    return int(text)


def read_names(text: str | None) -> tuple[str, ...]:
    """Return the variable names of a flowdesk:exclude, or raise RuleRefused for one that is not a name."""
    names = tuple(name.strip() for name in (text or "").split(",") if name.strip())
    for name in names:
        if not VARIABLE_NAME.fullmatch(name):
            raise RuleRefused(EXCLUDE_PROPERTY, NOT_A_NAME_LIST, name)
    return names


def read_outcome(text: str | None, task_id: str) -> str:
    """Return the variable the outcome goes to (default <task id>_outcome), or raise RuleRefused."""
    name = (text or "").strip() or f"{task_id}_outcome"
    if not VARIABLE_NAME.fullmatch(name):
        raise RuleRefused(OUTCOME_PROPERTY, NOT_A_NAME, name)
    return name


def decide(rule: ApprovalRule, decisions: Sequence[Mapping[str, object]], members: Sequence[str]) -> str | None:
    """Return the outcome the decisions so far settle (approved, rejected, no_quorum), or None while open.

    members are the people who may decide (the excluded ones already removed); a decision counts once per
    member (the first), and only from a member. Approval needs the rule's approvals and, with a quorum, that
    many decisions; rejection comes when a veto is cast or the approvals can no longer be reached; no_quorum
    when there are too few members to reach the quorum or the approvals at all.
    """
    eligible = list(dict.fromkeys(members))
    counted = counted_decisions(decisions, eligible)
    approvals = sum(1 for value in counted.values() if value == APPROVE)
    rejections = len(counted) - approvals
    waiting = len(eligible) - len(counted)
    needed = rule.approvals_needed(len(eligible))
    if not eligible or needed > len(eligible) or rule.quorum > len(eligible):
        return NO_QUORUM
    if rule.veto and rejections:
        return REJECTED
    if approvals + waiting < needed:
        return REJECTED
    if approvals >= needed and len(counted) >= rule.quorum:
        return APPROVED
    return None


def final_outcome(rule: ApprovalRule, decisions: Sequence[Mapping[str, object]], members: Sequence[str]) -> str:
    """Return the outcome of an approval task that ends now: what the rule settled, else no_quorum."""
    return decide(rule, decisions, members) or NO_QUORUM


def counted_decisions(decisions: Sequence[Mapping[str, object]], members: Sequence[str]) -> dict[str, str]:
    """Return each member's first decision (approve or reject), by member."""
    counted: dict[str, str] = {}
    for decision in decisions:
        member = str(decision.get("member"))
        value = decision.get("decision")
        if member in members and member not in counted and value in DECISIONS:
            counted[member] = str(value)
    return counted
