"""Proactive problem management: when enough incidents hit one CI or one category within a period, suggest a problem
to the problem managers with the incidents listed; they accept it (a PRB opens with the incidents linked) or dismiss
it. An incident joins one suggestion per basis (CI, category), so the same cluster is never suggested twice."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.messaging.mail.compose import queue_process_mail
from app.messaging.mail.events import mail_language
from app.organisation.people import group_members
from app.organisation.policies import (
    PROBLEM_MANAGERS_GROUP,
    Actor,
    check_may_administer,
    check_may_manage_problems,
)
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import use_case
from app.service_levels.policies import read_setting, write_setting
from app.servicedesk.problem.models import ProblemSuggestion, ProblemSuggestionIncident
from app.servicedesk.problem.problems import open_problem
from app.servicedesk.tickets.categories import category_name
from app.servicedesk.tickets.models import Ticket, TicketLink
from app.servicedesk.tickets.note_events import add_event_note
from app.servicedesk.tickets.notes import link as link_tickets
from app.servicedesk.tickets.notes import problem_causing
from app.workflow.runtime import Runtime

DEFAULT_MIN_INCIDENTS = 3
DEFAULT_PERIOD_DAYS = 7
MAX_MIN_INCIDENTS = 1000
MAX_PERIOD_DAYS = 365


@dataclass(frozen=True)
class SuggestionSettings:
    """When incidents make a cluster: at least min_incidents on one CI or category within period_days."""

    min_incidents: int
    period_days: int


@dataclass(frozen=True)
class SuggestionView:
    """A suggested problem as the problem managers see it."""

    id: int
    basis: str
    basis_name: str
    status: str
    created_at: datetime
    incidents: list[Ticket]


def read_suggestion_settings() -> SuggestionSettings:
    """Return the admins' cluster settings, or the defaults (3 incidents within 7 days)."""
    count = read_setting("problem_cluster_incidents")
    days = read_setting("problem_cluster_days")
    return SuggestionSettings(int(count) if count is not None else DEFAULT_MIN_INCIDENTS,
                              int(days) if days is not None else DEFAULT_PERIOD_DAYS)


@use_case
def save_suggestion_settings(actor: Actor, settings: SuggestionSettings, now: datetime) -> None:
    """Store the cluster settings; refuse numbers out of range."""
    check_may_administer(actor, "change when problems are suggested")
    errors: dict[str, list[str]] = {}
    if not 2 <= settings.min_incidents <= MAX_MIN_INCIDENTS:
        errors["min_incidents"] = [f"A cluster has 2 to {MAX_MIN_INCIDENTS} incidents."]
    if not 1 <= settings.period_days <= MAX_PERIOD_DAYS:
        errors["period_days"] = [f"The period is 1 to {MAX_PERIOD_DAYS} days."]
    if errors:
        raise InvalidValues("The problem suggestion settings were not saved; correct the marked values.", errors)
    write_setting("problem_cluster_incidents", settings.min_incidents, now)
    write_setting("problem_cluster_days", settings.period_days, now)


def clusters(since: datetime, min_incidents: int) -> dict[tuple[str, int], list[int]]:
    """Return (basis, id) -> incident ids: the recent incidents not yet suggested on that basis, nor linked to a
    problem, grouped by CI and by category, where a group reaches min_incidents."""
    linked = select(TicketLink.ticket_id).join(Ticket, Ticket.id == TicketLink.target_ticket_id).where(
        TicketLink.kind == "caused_by", Ticket.kind == "problem")
    rows = db.session.execute(select(Ticket.id, Ticket.ci_id, Ticket.category_id).where(
        Ticket.kind == "incident", Ticket.created_at >= since, Ticket.status != "cancelled",
        Ticket.id.not_in(linked)).order_by(Ticket.id)).all()
    suggested = {(row.basis, row.ticket_id) for row in db.session.execute(
        select(ProblemSuggestionIncident.basis, ProblemSuggestionIncident.ticket_id))}
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for ticket_id, ci_id, category_id in rows:
        for basis, basis_id in (("ci", ci_id), ("category", category_id)):
            if basis_id is not None and (basis, ticket_id) not in suggested:
                groups[(basis, basis_id)].append(ticket_id)
    return {key: ids for key, ids in groups.items() if len(ids) >= min_incidents}


@use_case
def suggest_problems(runtime: Runtime) -> list[int]:
    """Suggest a problem for each new cluster of incidents and tell the problem managers; return the suggestion ids."""
    settings = read_suggestion_settings()
    now = runtime.clock.now()
    made = []
    for (basis, basis_id), ticket_ids in sorted(clusters(now - timedelta(days=settings.period_days),
                                                         settings.min_incidents).items()):
        suggestion = ProblemSuggestion(basis=basis, basis_id=basis_id, status="open", created_at=now)
        db.session.add(suggestion)
        db.session.flush()
        db.session.add_all([ProblemSuggestionIncident(suggestion_id=suggestion.id, basis=basis, ticket_id=ticket_id)
                            for ticket_id in ticket_ids])
        tell_problem_managers(runtime, basis, basis_name(basis, basis_id), ticket_ids, now)
        made.append(suggestion.id)
    return made


def basis_name(basis: str, basis_id: int) -> str:
    """Return the name of a suggestion's CI or category."""
    if basis == "ci":
        item = db.session.get(ConfigurationItem, basis_id)
        return item.name if item else f"#{basis_id}"
    return category_name(basis_id) or f"#{basis_id}"


def tell_problem_managers(runtime: Runtime, basis: str, name: str, ticket_ids: list[int], now: datetime) -> None:
    """Mail each problem manager, in their language, the suggestion and its incidents."""
    numbers = list(db.session.execute(select(Ticket.number).where(Ticket.id.in_(ticket_ids))
                                      .order_by(Ticket.id)).scalars())
    for person in group_members(PROBLEM_MANAGERS_GROUP):
        with force_locale(mail_language(person.language)):
            subject = gettext("Suggested problem: %(count)s incidents on %(name)s", count=len(numbers), name=name) \
                if basis == "ci" else gettext("Suggested problem: %(count)s incidents in the category %(name)s",
                                              count=len(numbers), name=name)
            body = gettext("Incidents: %(numbers)s. Accept or dismiss the suggestion on the problems page.",
                           numbers=", ".join(numbers))
        queue_process_mail(runtime.mail, person, subject, body, None, now)


def require_open_suggestion(suggestion_id: int) -> ProblemSuggestion:
    """Return an open suggestion, its row locked, or raise NotFound / Conflict."""
    suggestion = db.session.execute(select(ProblemSuggestion).where(ProblemSuggestion.id == suggestion_id)
                                    .with_for_update()).scalar_one_or_none()
    if suggestion is None:
        raise NotFound(f"There is no suggested problem {suggestion_id}; check the list of suggestions.")
    if suggestion.status != "open":
        raise Conflict(f"The suggested problem {suggestion_id} was already {suggestion.status}.")
    return suggestion


def incidents_of(suggestion_id: int) -> list[Ticket]:
    """Return a suggestion's incidents, oldest first."""
    return list(db.session.execute(select(Ticket).join(
        ProblemSuggestionIncident, ProblemSuggestionIncident.ticket_id == Ticket.id)
        .where(ProblemSuggestionIncident.suggestion_id == suggestion_id).order_by(Ticket.id)).scalars())


@use_case
def accept_suggestion(runtime: Runtime, actor: Actor, suggestion_id: int) -> Ticket:
    """Open the suggested problem with the suggestion's incidents linked to it ("caused by")."""
    check_may_manage_problems(actor, "accept a suggested problem")
    suggestion = require_open_suggestion(suggestion_id)
    incidents = incidents_of(suggestion.id)
    name = basis_name(suggestion.basis, suggestion.basis_id)
    title = f"Recurring incidents on {name}" if suggestion.basis == "ci" else f"Recurring incidents in {name}"
    description = "\n".join(f"{ticket.number}: {ticket.title}" for ticket in incidents)
    problem = open_problem(runtime, actor, title, description,
                           ci_id=suggestion.basis_id if suggestion.basis == "ci" else None,
                           category_id=suggestion.basis_id if suggestion.basis == "category" else None)
    for incident in incidents:
        if problem_causing(incident.id) is None:  # an incident has one cause
            link_tickets(actor, incident.id, "caused_by", problem.id)
    add_event_note(problem, "problem_opened_from", {"count": str(len(incidents)), "basis": name},
                   runtime.clock.now(), actor.login)
    suggestion.status, suggestion.decided_by, suggestion.decided_at = "accepted", actor.login, runtime.clock.now()
    suggestion.problem_ticket_id = problem.id
    return problem


@use_case
def dismiss_suggestion(runtime: Runtime, actor: Actor, suggestion_id: int) -> None:
    """Dismiss a suggested problem; its incidents are not suggested again on the same basis."""
    check_may_manage_problems(actor, "dismiss a suggested problem")
    suggestion = require_open_suggestion(suggestion_id)
    suggestion.status, suggestion.decided_by, suggestion.decided_at = "dismissed", actor.login, runtime.clock.now()


def open_suggestions() -> list[SuggestionView]:
    """Return the suggestions waiting for a decision, oldest first, with their incidents."""
    rows = db.session.execute(select(ProblemSuggestion).where(ProblemSuggestion.status == "open")
                              .order_by(ProblemSuggestion.id)).scalars()
    return [SuggestionView(row.id, row.basis, basis_name(row.basis, row.basis_id), row.status, row.created_at,
                           incidents_of(row.id)) for row in rows]
