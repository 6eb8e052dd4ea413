"""The risk of a stored change: read the questionnaire and the success score behind it, assess (risk.py), store the
level, score and reasons on the record; and the admin's questionnaire (questions and weights)."""
import json
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import Actor, may_edit_risk_questions
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case
from app.servicedesk.change import scores
from app.servicedesk.change.models import ChangeRecord, ChangeTemplate, RiskQuestion
from app.servicedesk.change.risk import Question, RiskAssessment, assess_risk

QUESTION_MAX = 300
WEIGHT_MAX = 100


def active_questions() -> list[RiskQuestion]:
    """Return the questionnaire's active questions in their order."""
    return list(db.session.execute(select(RiskQuestion).where(RiskQuestion.active.is_(True))
                                   .order_by(RiskQuestion.position, RiskQuestion.id)).scalars())


def success_behind(owner_group: str, template_id: int | None) -> tuple[float, str]:
    """Return the success score a change's risk reads (its template's, else its group's) and whose it is."""
    template = db.session.get(ChangeTemplate, template_id) if template_id else None
    if template is not None:
        return scores.score_of("template", template.key), f"template {template.key}"
    return scores.score_of("group", owner_group), f"group {owner_group}"


def assess_answers(answers: dict[int, bool], impact: str, owner_group: str,
                   template_id: int | None) -> RiskAssessment:
    """Assess the risk of a change's answers, impact and group or template."""
    questions = [Question(row.id, row.text, row.weight) for row in active_questions()]
    score, whose = success_behind(owner_group, template_id)
    return assess_risk(questions, answers, impact, score, whose)


def answers_of(record: ChangeRecord) -> dict[int, bool]:
    """Return the questionnaire answers stored on a record."""
    return {int(key): bool(value) for key, value in json.loads(record.answers or "{}").items()}


def assess(record: ChangeRecord, impact: str) -> RiskAssessment:
    """Assess a stored change's risk."""
    return assess_answers(answers_of(record), impact, record.owner_group, record.template_id)


def store(record: ChangeRecord, assessment: RiskAssessment) -> None:
    """Write an assessment's level, score and reasons on a record."""
    record.risk = assessment.level
    record.risk_score = assessment.score
    record.risk_reasons = json.dumps(assessment.to_dict(), ensure_ascii=False)


def reasons_of(record: ChangeRecord) -> dict[str, object]:
    """Return the stored reasons of a record's risk."""
    return dict(json.loads(record.risk_reasons or "{}"))


@dataclass(frozen=True)
class QuestionValues:
    """A question as the admin page or the demo writes it."""

    text: str
    text_zh: str
    weight: int
    active: bool = True


def check_question(values: QuestionValues) -> None:
    """Refuse (InvalidValues) a question without text or with a weight outside 1..WEIGHT_MAX."""
    errors: dict[str, list[str]] = {}
    for name, text in (("text", values.text), ("text_zh", values.text_zh)):
        if not text.strip() or len(text) > QUESTION_MAX:
            errors[name] = [f"Write the question in 1 to {QUESTION_MAX} characters."]
    if not 1 <= values.weight <= WEIGHT_MAX:
        errors["weight"] = [f"Give a weight from 1 to {WEIGHT_MAX}."]
    if errors:
        raise InvalidValues("The question was not saved: " + " ".join(f"{name}: {words[0]}" for name, words
                                                                      in errors.items()), errors)


@use_case
def save_question(actor: Actor, question_id: int | None, values: QuestionValues) -> RiskQuestion:
    """Add a question to the questionnaire, or change one (its text, weight, or whether it is asked)."""
    if not may_edit_risk_questions(actor):
        raise NotAllowed(f"{actor.login} may not edit the risk questionnaire: administrators do.")
    check_question(values)
    if question_id is None:
        position = (db.session.execute(select(RiskQuestion.position).order_by(RiskQuestion.position.desc())
                                       .limit(1)).scalar() or 0) + 1
        question = RiskQuestion(position=position)
        db.session.add(question)
    else:
        found = db.session.get(RiskQuestion, question_id)
        if found is None:
            raise NotFound(f"There is no risk question {question_id}; reload the page.")
        question = found
    question.text, question.text_zh = values.text.strip(), values.text_zh.strip()
    question.weight, question.active = values.weight, values.active
    db.session.flush()
    return question


def all_questions() -> list[RiskQuestion]:
    """Return every question, asked or not, in order (the admin page)."""
    return list(db.session.execute(select(RiskQuestion).order_by(RiskQuestion.position, RiskQuestion.id)).scalars())
