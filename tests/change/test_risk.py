"""The risk of a change as a pure function: the higher of the weighted questionnaire and impact x (1 - success
score), with the reasons that decided it; and the success score that the reviews move."""
import pytest

from app.servicedesk.change.risk import Question, assess_risk, level_of
from app.servicedesk.change.scores import PRIOR_SCORE, success_score

QUESTIONS = (Question(1, "Downtime?", 30), Question(2, "First time?", 20), Question(3, "Long backout?", 50))


def test_the_questionnaire_scores_the_weight_answered_yes_over_all_weight() -> None:
    risk = assess_risk(QUESTIONS, {1: True, 3: True}, "low", 1.0, "group network")
    assert risk.questionnaire_score == pytest.approx(0.8)
    assert (risk.level, risk.decided_by) == ("high", "questionnaire")
    assert [question.id for question in risk.yes_answers] == [1, 3]


def test_a_group_that_fails_often_raises_the_risk_above_a_harmless_questionnaire() -> None:
    risk = assess_risk(QUESTIONS, {2: True}, "high", 0.4, "group network")
    assert risk.impact_score == pytest.approx(0.6)
    assert (risk.level, risk.decided_by, risk.score) == ("medium", "impact", pytest.approx(0.6))


def test_the_explanation_names_the_answers_their_weights_and_whose_score() -> None:
    reasons = assess_risk(QUESTIONS, {1: True}, "medium", 0.9, "template db-patch").to_dict()
    assert reasons["yes"] == [{"id": 1, "text": "Downtime?", "weight": 30}]
    assert (reasons["total_weight"], reasons["success_of"], reasons["success_score"]) == (100, "template db-patch",
                                                                                          0.9)


def test_no_questions_and_a_perfect_record_is_low_risk() -> None:
    assert assess_risk((), {}, "high", 1.0, "group network").level == "low"


@pytest.mark.parametrize(("impact", "score"), [("unknown", 0.5), ("low", 1.5)])
def test_an_unknown_impact_or_a_score_outside_zero_to_one_is_refused(impact: str, score: float) -> None:
    with pytest.raises(ValueError):
        assess_risk(QUESTIONS, {}, impact, score, "group network")


@pytest.mark.parametrize(("score", "level"), [(0.0, "low"), (0.339, "low"), (0.34, "medium"), (0.67, "high")])
def test_the_levels_cut_the_score_in_thirds(score: float, level: str) -> None:
    assert level_of(score) == level


def test_a_success_score_starts_at_the_prior_and_follows_the_outcomes() -> None:
    assert success_score(0, 0.0) == PRIOR_SCORE
    assert success_score(1, 0.0) < PRIOR_SCORE < success_score(1, 1.0)
