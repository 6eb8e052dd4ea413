"""The sample is drawn from the ticket number: the same ticket always gets the same answer, and the share holds."""
from datetime import UTC, datetime, timedelta

from app.servicedesk.surveys.sampling import RuleTerms, decide_survey, in_sample, sample_point

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
NUMBERS = [f"INC-{n:06d}" for n in range(1, 5001)]


def test_sample_takes_close_to_its_share_of_tickets() -> None:
    taken = sum(in_sample(number, 30) for number in NUMBERS)
    assert 1400 <= taken <= 1600  # 30 % of 5,000 is 1,500


def test_sample_gives_a_ticket_the_same_answer_every_time_and_whatever_its_case() -> None:
    assert [sample_point(number) for number in NUMBERS[:50]] == [sample_point(number.lower()) for number in NUMBERS[:50]]


def test_a_larger_share_keeps_every_ticket_a_smaller_one_took() -> None:
    assert {n for n in NUMBERS if in_sample(n, 20)} <= {n for n in NUMBERS if in_sample(n, 50)}


def test_share_zero_takes_none_and_share_hundred_takes_all() -> None:
    assert not any(in_sample(number, 0) for number in NUMBERS)
    assert all(in_sample(number, 100) for number in NUMBERS)


def test_decision_names_why_a_ticket_is_skipped() -> None:
    rule = RuleTerms("default", True, 100, 14)
    assert decide_survey(None, "INC-1", "rita", "sam", None, NOW).reason == "no_rule"
    assert decide_survey(rule, "INC-1", "sam", "sam", None, NOW).reason == "requester_is_assignee"
    assert decide_survey(rule, "INC-1", "rita", "sam", NOW - timedelta(days=13), NOW).reason == "recently_surveyed"
    assert decide_survey(rule, "INC-1", "rita", "sam", NOW - timedelta(days=14), NOW).send
    sampled_out = next(n for n in NUMBERS if not in_sample(n, 10))
    assert decide_survey(RuleTerms("default", True, 10, 0), sampled_out, "rita", "sam", None, NOW).reason == \
        "sampled_out"
