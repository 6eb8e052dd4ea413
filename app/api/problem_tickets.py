"""Problem endpoints: open, read, list, change a problem's root cause and workaround, link incidents, publish the
workaround. (Problem documents of refusals are app/api/problems.py.)"""
from flask import url_for

from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.problem_tickets import (
    IncidentLinkRequest,
    KnownErrorAnswer,
    ProblemAnswer,
    ProblemChangeRequest,
    ProblemListQuery,
    ProblemPage,
    ProblemRequest,
    ProblemRow,
    Publication,
)
from app.organisation.policies import may_see_problems
from app.platform.errors import InvalidValues
from app.servicedesk.problem import problems, workarounds
from app.servicedesk.problem.flow import STAGES
from app.servicedesk.tickets.records import STATUSES
from app.wiring import current_runtime

SEE = Role(may_see_problems, "read problems (they are for the service desk's staff)")
# Changes are refused by the use cases themselves (app.organisation.policies.check_may_manage_problems), with the
# sentence the pages show.
NUMBER = {"number": "The problem's number, e.g. `PRB-000123` (any case)."}


def answer(number: str) -> ProblemAnswer:
    """Return a problem as the API answers it."""
    view = problems.problem_view(api_actor(), number)
    ticket, record, known = view.ticket, view.record, view.known_error
    known_answer = KnownErrorAnswer(symptom=known.symptom, cause=known.cause, workaround=known.workaround,
                                    ci_ids=view.known_error_ci_ids, recorded_by=known.recorded_by,
                                    recorded_at=known.recorded_at) if known else None
    return ProblemAnswer(number=ticket.number, title=ticket.title, description=ticket.description,
                         status=ticket.status, stage=record.stage, root_cause=record.root_cause,
                         workaround=record.workaround, workaround_published_at=record.published_at,
                         ci_id=ticket.ci_id, category_id=ticket.category_id, assigned_group=ticket.assigned_group,
                         created_at=ticket.created_at, updated_at=ticket.updated_at,
                         incidents=[incident.number for incident in view.incidents], known_error=known_answer)


@endpoint("list_problems", "problems", Success(200, ProblemPage, "One page of problems."), role=SEE,
          query=ProblemListQuery, refusals=(403,))
def list_all(query: ProblemListQuery) -> ProblemPage:
    """List problems.

    Newest first. Staff (agents, approvers, managers, auditors, admins).
    """
    for name, value, allowed in (("stage", query.stage, STAGES), ("status", query.status, STATUSES)):
        if value is not None and value not in allowed:
            raise InvalidValues(f"The {name} '{value}' is unknown; use one of {', '.join(allowed)}.",
                                {name: [f"Use one of {', '.join(allowed)}."]})
    after = None
    if query.after is not None:
        if not query.after.isdigit():
            raise InvalidValues("'after' is not a cursor this list gave; pass the 'next' value of a page.",
                                {"after": ["Pass the 'next' value of a page."]})
        after = int(query.after)
    rows = problems.list_problems(api_actor(), query.stage, query.status, query.ci_id, after, query.limit + 1)
    shown = rows[:query.limit]
    page = [ProblemRow(number=ticket.number, title=ticket.title, status=ticket.status,
                       stage=record.stage if record else "new", ci_id=ticket.ci_id, updated_at=ticket.updated_at)
            for ticket, record in shown]
    return ProblemPage(problems=page, next=str(shown[-1][0].id) if len(rows) > query.limit else None)


@endpoint("open_problem", "problems", Success(201, ProblemAnswer, "The new problem.", "The problem's address."),
          body=ProblemRequest, refusals=(403, 404, 409))
def create(body: ProblemRequest) -> tuple[ProblemAnswer, int, dict[str, str]]:
    """Open a problem.

    A PRB ticket for the problem-managers group; its flow (processes/problem.bpmn) starts at once. Problem managers,
    managers and admins.
    """
    ticket = problems.open_problem(current_runtime(), api_actor(), body.title, body.description, ci_id=body.ci_id,
                                   category_id=body.category_id, channel="api")
    return answer(ticket.number), 201, {"Location": url_for("api.show_problem", number=ticket.number)}


@endpoint("show_problem", "problems", Success(200, ProblemAnswer, "The problem."), role=SEE, refusals=(403, 404),
          path=NUMBER)
def show(number: str) -> ProblemAnswer:
    """Read a problem with its incidents and known error."""
    return answer(number)


@endpoint("update_problem", "problems", Success(200, ProblemAnswer, "The problem as it is now."), role=SEE,
          body=ProblemChangeRequest, refusals=(403, 404), path=NUMBER)
def change(number: str, body: ProblemChangeRequest) -> ProblemAnswer:
    """Change a problem's root cause and workaround.

    Members left out keep their value. The stage follows the problem's flow (its tasks in the inbox), not this call.
    """
    values = body.model_dump(exclude_unset=True)
    problems.update_problem(current_runtime(), api_actor(), number, values)
    return answer(number)


@endpoint("link_problem_incident", "problems", Success(200, ProblemAnswer, "The problem with the incident linked."),
          role=SEE, body=IncidentLinkRequest, refusals=(403, 404, 409), path=NUMBER)
def link_incident(number: str, body: IncidentLinkRequest) -> ProblemAnswer:
    """Link an incident to the problem ("caused by").

    Staff who see the incident; an incident has one problem (409 when it is linked to another already).
    """
    problems.link_incident(api_actor(), number, body.incident)
    return answer(number)


@endpoint("publish_workaround", "problems", Success(200, Publication, "What the publication reached."),
          role=SEE, refusals=(403, 404, 409), path=NUMBER)
def publish(number: str) -> Publication:
    """Publish the problem's workaround to its open incidents.

    Each open linked incident gets the workaround as a public note and its assignee a notification in their
    language. Publishing the same text twice is refused (409).
    """
    done = workarounds.publish_workaround(current_runtime(), api_actor(), number)
    return Publication(incidents=list(done.incidents), told=list(done.told))
