"""Problems: open a PRB ticket (its flow starts at once), change its root cause and workaround, link incidents to it
("caused by"), and read a problem with its incidents and known error."""
from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import Actor, check_may_manage_problems, check_may_write, may_see_problems
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.limits import NOTE_MAX, check_lengths
from app.platform.transactions import use_case
from app.servicedesk.problem.flow import record_of
from app.servicedesk.problem.models import KnownError, KnownErrorCi, ProblemRecord
from app.servicedesk.tickets.models import Ticket, TicketLink
from app.servicedesk.tickets.notes import link as link_tickets
from app.servicedesk.tickets.notes import problem_causing
from app.servicedesk.tickets.records import FINISHED, log_ticket
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.workflow.runtime import Runtime

PROBLEM_FIELDS = ("root_cause", "workaround")


@dataclass
class ProblemView:
    """A problem as its pages and the API show it."""

    ticket: Ticket
    record: ProblemRecord
    known_error: KnownError | None
    known_error_ci_ids: list[int] = field(default_factory=list)
    incidents: list[Ticket] = field(default_factory=list)


def require_problem(actor: Actor, number: str) -> Ticket:
    """Return a PRB ticket the actor may see, or raise NotFound (alike for unknown, invisible and non-problems)."""
    if not may_see_problems(actor):
        raise NotFound(f"There is no problem {number} that you may see; check the number.")
    ticket = find_visible_ticket(actor, number)
    if ticket.kind != "problem":
        raise NotFound(f"{ticket.number} is not a problem; give a PRB number.")
    return ticket


@use_case
def open_problem(runtime: Runtime, actor: Actor, title: str, description: str, ci_id: int | None = None,
                 category_id: int | None = None, impact: str = "medium", urgency: str = "medium",
                 channel: str = "agent") -> Ticket:
    """Open a problem: a PRB ticket for the problem managers, its record, and its flow, in one unit."""
    check_may_manage_problems(actor, "open a problem")
    ticket = log_ticket(runtime, "problem", title, description, actor.login, category_id, ci_id, impact, urgency,
                        actor, channel=channel, default_group="problem-managers")
    ticket.assigned_group = "problem-managers"
    record_of(ticket.id)  # the flow's first step made it; a diagram without that step still gets one
    db.session.flush()
    return ticket


@use_case
def update_problem(runtime: Runtime, actor: Actor, number: str, values: dict[str, str | None]) -> ProblemRecord:
    """Change a problem's root cause and workaround (the fields a problem manager may change); refuse others."""
    check_may_manage_problems(actor, "change a problem")
    unknown = sorted(set(values) - set(PROBLEM_FIELDS))
    if unknown:
        raise InvalidValues(f"{', '.join(unknown)} cannot be changed on a problem; change only "
                            f"{', '.join(PROBLEM_FIELDS)}.",
                            {name: ["This field cannot be changed."] for name in unknown})
    ticket = require_problem(actor, number)
    texts = {name: (value or "").strip() for name, value in values.items()}
    check_lengths("The problem was not changed", {name: (name.replace("_", " ").capitalize(), text, NOTE_MAX)
                                                  for name, text in texts.items()})
    record = record_of(ticket.id)
    for name, text in texts.items():
        setattr(record, name, text or None)
    ticket.updated_at = runtime.clock.now()
    return record


@use_case
def link_incident(actor: Actor, problem_number: str, incident_number: str) -> TicketLink:
    """Link an incident to the problem that causes it (the incident's "caused by" link); staff who see both."""
    check_may_write(actor, "link an incident to a problem")
    problem = require_problem(actor, problem_number)
    incident = find_visible_ticket(actor, incident_number)
    if incident.kind != "incident":
        raise InvalidValues(f"{incident.number} is not an incident; only incidents are caused by a problem.",
                            {"incident": ["Give an incident's number."]})
    if problem_causing(incident.id) == problem.number:
        raise Conflict(f"{incident.number} is already linked to {problem.number}.")
    return link_tickets(actor, incident.id, "caused_by", problem.id)


def linked_incidents(problem_id: int) -> list[Ticket]:
    """Return the incidents caused by a problem, oldest first."""
    return list(db.session.execute(select(Ticket).join(TicketLink, TicketLink.ticket_id == Ticket.id).where(
        TicketLink.kind == "caused_by", TicketLink.target_ticket_id == problem_id, Ticket.kind == "incident")
        .order_by(Ticket.id)).scalars())


def open_incidents(problem_id: int) -> list[Ticket]:
    """Return the linked incidents that are still open (not resolved, closed or cancelled)."""
    return [ticket for ticket in linked_incidents(problem_id) if ticket.status not in FINISHED]


def problem_view(actor: Actor, number: str) -> ProblemView:
    """Return a problem the actor may see, with its record, known error and incidents."""
    ticket = require_problem(actor, number)
    known = db.session.execute(select(KnownError).where(KnownError.ticket_id == ticket.id)).scalar_one_or_none()
    ci_ids = list(db.session.execute(select(KnownErrorCi.ci_id).where(KnownErrorCi.known_error_id == known.id)
                                     .order_by(KnownErrorCi.ci_id)).scalars()) if known else []
    record = db.session.execute(select(ProblemRecord).where(ProblemRecord.ticket_id == ticket.id)).scalar_one_or_none()
    return ProblemView(ticket, record or ProblemRecord(ticket_id=ticket.id, stage="new"), known, ci_ids,
                       linked_incidents(ticket.id))


def list_problems(actor: Actor, stage: str | None = None, status: str | None = None, ci_id: int | None = None,
                  after: int | None = None, limit: int = 50) -> list[tuple[Ticket, ProblemRecord | None]]:
    """Return problems newest first (keyset by id), filtered by stage, ticket status and affected CI."""
    if not may_see_problems(actor):
        raise NotAllowed("Only the service desk's staff read problems.")
    query = select(Ticket, ProblemRecord).outerjoin(ProblemRecord, ProblemRecord.ticket_id == Ticket.id) \
        .where(Ticket.kind == "problem").order_by(Ticket.id.desc()).limit(limit)
    if stage:
        query = query.where(ProblemRecord.stage == stage)
    if status:
        query = query.where(Ticket.status == status)
    if ci_id is not None:
        query = query.where(Ticket.ci_id == ci_id)
    if after is not None:
        query = query.where(Ticket.id < after)
    return [(row[0], row[1]) for row in db.session.execute(query).all()]
