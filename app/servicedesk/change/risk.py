"""Assess a change's risk, purely from data: the higher of a weighted questionnaire and the impact times the
failure rate (1 - the change success score) of the group or template, with the reasons that decided it.

The questionnaire's score is the weight of the questions answered yes over the weight of all questions. The
impact part is the impact's weight (low 1/3, medium 2/3, high 1) times (1 - success score). The higher of the two
is the risk score in [0, 1]; below LOW_BELOW is low risk, below MEDIUM_BELOW medium, the rest high.
"""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

IMPACT_WEIGHTS = {"low": 1 / 3, "medium": 2 / 3, "high": 1.0}
LOW_BELOW = 0.34
MEDIUM_BELOW = 0.67
LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class Question:
    """A questionnaire question as the assessment reads it."""

    id: int
    text: str
    weight: int


@dataclass(frozen=True)
class RiskAssessment:
    """The risk level and score of a change, and why: the questionnaire's and the impact part's figures."""

    level: str
    score: float
    questionnaire_score: float
    impact_score: float
    decided_by: str  # questionnaire or impact: the higher part
    yes_answers: tuple[Question, ...]
    total_weight: int
    impact: str
    success_score: float
    success_of: str  # e.g. "group network" or "template db-patch v2"
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able reasons (stored on the record, shown on its pages)."""
        return {"level": self.level, "score": round(self.score, 3),
                "questionnaire_score": round(self.questionnaire_score, 3),
                "impact_score": round(self.impact_score, 3), "decided_by": self.decided_by,
                "yes": [{"id": q.id, "text": q.text, "weight": q.weight} for q in self.yes_answers],
                "total_weight": self.total_weight, "impact": self.impact,
                "success_score": round(self.success_score, 3), "success_of": self.success_of}


def level_of(score: float) -> str:
    """Return the risk level of a score in [0, 1]."""
    if score < LOW_BELOW:
        return "low"
    return "medium" if score < MEDIUM_BELOW else "high"


def assess_risk(questions: Sequence[Question], answers: Mapping[int, bool], impact: str, success_score: float,
                success_of: str) -> RiskAssessment:
    """Return the risk of a change from its questionnaire answers, its impact and the success score behind it."""
    if impact not in IMPACT_WEIGHTS:
        raise ValueError(f"The impact '{impact}' is unknown; use one of {', '.join(IMPACT_WEIGHTS)}.")
    if not 0.0 <= success_score <= 1.0:
        raise ValueError(f"A success score is between 0 and 1, not {success_score}.")
    total = sum(question.weight for question in questions)
    yes = tuple(question for question in questions if answers.get(question.id))
    questionnaire = sum(question.weight for question in yes) / total if total else 0.0
    impact_part = IMPACT_WEIGHTS[impact] * (1.0 - success_score)
    score = max(questionnaire, impact_part)
    decided_by = "questionnaire" if questionnaire >= impact_part else "impact"
    return RiskAssessment(level_of(score), score, questionnaire, impact_part, decided_by, yes, total, impact,
                          success_score, success_of)
