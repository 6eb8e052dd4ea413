"""Whether a resolved ticket is surveyed: pure rules over the rule, the ticket and the requester's last survey.

The sample is drawn from the ticket's number, not from a random generator: the same ticket is always in or out
of a given share, so a decision can be checked again later and tests know the outcome beforehand.
"""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

# The reasons a decision records (codes; app/web words them in both languages).
SAMPLED_IN = "sampled_in"
SKIP_REASONS = ("no_rule", "disabled", "sampled_out", "no_requester", "requester_is_assignee", "recently_surveyed",
                "flow_not_deployed", "reopened", "rated_on_ticket")


@dataclass(frozen=True)
class RuleTerms:
    """What a rule says about sampling (the stored rule's values)."""

    key: str
    enabled: bool
    sample_percent: int
    min_days_between: int


@dataclass(frozen=True)
class Decision:
    """Sent or skipped, and why (a reason code)."""

    send: bool
    reason: str


def sample_point(number: str) -> int:
    """Return the ticket's fixed place (0-99) in every sample, from its number."""
    digest = hashlib.sha256(number.strip().upper().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100


def in_sample(number: str, percent: int) -> bool:
    """Say whether a ticket falls inside a sample share of percent (0 takes none, 100 takes all)."""
    return sample_point(number) < max(0, min(100, percent))


def decide_survey(rule: RuleTerms | None, number: str, requester: str | None, assignee: str | None,
                  last_surveyed_at: datetime | None, now: datetime) -> Decision:
    """Decide whether to survey a resolved ticket's requester, first refusal first."""
    if rule is None:
        return Decision(False, "no_rule")
    if not rule.enabled:
        return Decision(False, "disabled")
    if not requester:
        return Decision(False, "no_requester")
    if requester == assignee:
        return Decision(False, "requester_is_assignee")
    if last_surveyed_at is not None and now - last_surveyed_at < timedelta(days=rule.min_days_between):
        return Decision(False, "recently_surveyed")
    if not in_sample(number, rule.sample_percent):
        return Decision(False, "sampled_out")
    return Decision(True, SAMPLED_IN)
