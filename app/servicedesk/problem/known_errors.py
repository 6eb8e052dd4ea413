"""Known errors: the record a problem manager keeps of a problem (symptom, cause, workaround, affected CIs), and
the search that offers them while incidents are logged and classified, next to the knowledge suggestions."""
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Integer, case, delete, func, literal, or_, select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.knowledge.articles import query_terms
from app.organisation.policies import Actor, check_may_manage_problems, is_staff
from app.platform.errors import InvalidValues, NotFound
from app.platform.limits import NOTE_MAX, check_lengths
from app.platform.transactions import use_case
from app.servicedesk.problem.models import KnownError, KnownErrorCi
from app.servicedesk.problem.problems import require_problem
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import add_event_note
from app.workflow.runtime import Runtime

KNOWN_ERROR_FIELDS = {"symptom": "The symptom", "cause": "The cause", "workaround": "The workaround"}
CI_MATCH_SCORE = 20  # a known error of the incident's own CI comes before one that only shares words


@dataclass(frozen=True)
class KnownErrorHit:
    """A known error offered while logging or classifying: what it looks like and what helps.

    cause is None for a reader who is not staff (a requester sees the symptom and the workaround).
    """

    number: str
    title: str
    symptom: str
    workaround: str
    cause: str | None
    ci_names: tuple[str, ...]
    linkable: bool  # the reader may open the problem's page


def require_cis(ci_ids: list[int]) -> list[int]:
    """Return the CI ids, each once, refusing one the CMDB does not hold."""
    wanted = sorted(set(ci_ids))
    found = set(db.session.execute(select(ConfigurationItem.id).where(ConfigurationItem.id.in_(wanted))).scalars())
    missing = [str(ci_id) for ci_id in wanted if ci_id not in found]
    if missing:
        raise NotFound(f"There is no configuration item {', '.join(missing)}; choose CIs from the CMDB.")
    return wanted


@use_case
def record_known_error(runtime: Runtime, actor: Actor, number: str, symptom: str, cause: str, workaround: str,
                       ci_ids: list[int]) -> KnownError:
    """Record (or rewrite) a problem's known error with its affected CIs; every text is needed."""
    check_may_manage_problems(actor, "record a known error")
    ticket = require_problem(actor, number)
    texts = {"symptom": symptom.strip(), "cause": cause.strip(), "workaround": workaround.strip()}
    empty = {name: [f"{label} is needed."] for name, label in KNOWN_ERROR_FIELDS.items() if not texts[name]}
    if empty:
        raise InvalidValues("The known error was not recorded; fill in the symptom, the cause and the workaround.",
                            empty)
    check_lengths("The known error was not recorded",
                  {name: (KNOWN_ERROR_FIELDS[name], text, NOTE_MAX) for name, text in texts.items()})
    cis = require_cis(ci_ids)
    now = runtime.clock.now()
    known = db.session.execute(select(KnownError).where(KnownError.ticket_id == ticket.id)).scalar_one_or_none()
    if known is None:
        known = KnownError(ticket_id=ticket.id, **texts, recorded_by=actor.login, recorded_at=now)
        db.session.add(known)
        db.session.flush()
    else:
        known.symptom, known.cause, known.workaround = texts["symptom"], texts["cause"], texts["workaround"]
        known.recorded_by, known.recorded_at = actor.login, now
        db.session.execute(delete(KnownErrorCi).where(KnownErrorCi.known_error_id == known.id))
    db.session.add_all([KnownErrorCi(known_error_id=known.id, ci_id=ci_id) for ci_id in cis])
    add_event_note(ticket, "known_error_recorded", {}, now, actor.login)
    ticket.updated_at = now
    return known


def search_known_errors(actor: Actor, text: str, ci_id: int | None = None, limit: int = 5) -> list[KnownErrorHit]:
    """Return the known errors whose words or CIs match an incident's, best first (its own CI's first).

    Shown wherever knowledge articles are suggested, to the same readers; a reader who is not staff gets the
    symptom and the workaround without the cause and the problem's page.
    """
    terms = query_terms(text)
    on_ci = KnownError.id.in_(select(KnownErrorCi.known_error_id).where(KnownErrorCi.ci_id == ci_id)) \
        if ci_id is not None else literal(False)
    if not terms and ci_id is None:
        return []
    score = case((on_ci, CI_MATCH_SCORE), else_=0) + word_score(terms)
    rows = db.session.execute(select(KnownError, Ticket.number, Ticket.title, score.label("score"))
                              .join(Ticket, Ticket.id == KnownError.ticket_id)
                              .where(or_(on_ci, score > 0), Ticket.status != "cancelled")
                              .order_by(score.desc(), KnownError.id.desc()).limit(limit)).all()
    staff = is_staff(actor)
    names = ci_names_of([row[0].id for row in rows])
    return [KnownErrorHit(number, title, known.symptom, known.workaround, known.cause if staff else None,
                          names.get(known.id, ()), staff) for known, number, title, _score in rows]


def word_score(terms: list[str]) -> ColumnElement[int]:
    """Return a score: 3 per term in the symptom or the problem's title, 1 per term in the cause or workaround."""
    score: ColumnElement[int] = literal(0, Integer)
    for term in terms:
        pattern = f"%{term}%"
        score = score + case((or_(func.lower(KnownError.symptom).like(pattern),
                                  func.lower(Ticket.title).like(pattern)), 3), else_=0) \
            + case((or_(func.lower(KnownError.cause).like(pattern),
                        func.lower(KnownError.workaround).like(pattern)), 1), else_=0)
    return score


def ci_names_of(known_error_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Return the names of each known error's affected CIs."""
    rows = db.session.execute(select(KnownErrorCi.known_error_id, ConfigurationItem.name)
                              .join(ConfigurationItem, ConfigurationItem.id == KnownErrorCi.ci_id)
                              .where(KnownErrorCi.known_error_id.in_(known_error_ids))
                              .order_by(ConfigurationItem.name)).all()
    names: dict[int, list[str]] = {}
    for known_id, name in rows:
        names.setdefault(known_id, []).append(name)
    return {known_id: tuple(found) for known_id, found in names.items()}
