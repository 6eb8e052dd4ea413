"""Change success scores: each post-implementation review adds its outcome's points to the change's group and
template; a score is the points over the reviews, starting from a prior so one review does not swing it."""
from sqlalchemy import select

from app.extensions import db
from app.servicedesk.change.models import ChangeSuccess

OUTCOME_POINTS = {"successful": 1.0, "successful_with_issues": 0.5, "failed": 0.0, "backed_out": 0.0}
# A new group or template counts as if it had PRIOR_REVIEWS reviews scoring PRIOR_SCORE.
PRIOR_REVIEWS = 4
PRIOR_SCORE = 0.75


def success_score(reviews: int, points: float) -> float:
    """Return the success score of a subject's reviews and points, in [0, 1]."""
    return (points + PRIOR_REVIEWS * PRIOR_SCORE) / (reviews + PRIOR_REVIEWS)


def find_success(kind: str, subject: str) -> ChangeSuccess | None:
    """Return a group's or template's success row, None before its first review."""
    return db.session.execute(select(ChangeSuccess).where(ChangeSuccess.subject_kind == kind,
                                                          ChangeSuccess.subject == subject)).scalar_one_or_none()


def score_of(kind: str, subject: str) -> float:
    """Return a group's or template's success score (the prior before any review)."""
    row = find_success(kind, subject)
    return success_score(row.reviews, row.points) if row else success_score(0, 0.0)


def count_review(kind: str, subject: str, outcome: str) -> float:
    """Add a review's outcome to a group's or template's score, inside the caller's unit; return the new score."""
    if outcome not in OUTCOME_POINTS:
        raise ValueError(f"The outcome '{outcome}' is unknown; use one of {', '.join(OUTCOME_POINTS)}.")
    row = find_success(kind, subject)
    if row is None:
        row = ChangeSuccess(subject_kind=kind, subject=subject, reviews=0, points=0.0)
        db.session.add(row)
    row.reviews += 1
    row.points += OUTCOME_POINTS[outcome]
    return success_score(row.reviews, row.points)
