"""Change endpoints: raise, read, list with filters, edit the record, link what a change fixes. Who may do what is
decided by the use cases from the caller (app.organisation.policies), with the sentence the pages show."""
from flask import url_for

from app.api.auth import api_actor
from app.api.contract import Success, endpoint
from app.api.schemas.change_tickets import (
    ChangeAnswer,
    ChangeListQuery,
    ChangePage,
    ChangeRequest,
    ChangeRow,
    ChangeUpdate,
    LinkRequest,
)
from app.platform.errors import InvalidValues
from app.servicedesk.change import changes
from app.servicedesk.change.stages import CHANGE_TYPES, STAGES
from app.servicedesk.change.values import ChangeValues
from app.wiring import current_runtime

NUMBER = {"number": "The change's number, e.g. `CHG-000123` (any case)."}


def answer(number: str) -> ChangeAnswer:
    """Return a change as the API answers it."""
    view = changes.change_view(api_actor(), number)
    ticket, record = view.ticket, view.record
    return ChangeAnswer(
        number=ticket.number, type=record.change_type, stage=record.stage, status=ticket.status, title=ticket.title,
        description=ticket.description, reason=record.reason, requester=ticket.requester, owner=record.owner,
        owner_group=record.owner_group, implementer=record.implementer, planned_start=record.planned_start_at,
        planned_end=record.planned_end_at, time_zone=record.time_zone,
        implementation_plan=record.implementation_plan, backout_plan=record.backout_plan,
        test_plan=record.test_plan, impact=ticket.impact, risk=record.risk, risk_score=round(record.risk_score, 3),
        risk_reasons=view.reasons, ci_ids=[item.id for item in view.cis], services=view.services,
        links=[linked.number for linked in view.links], template_id=record.template_id, outcome=record.outcome,
        actual_start=record.actual_start_at, actual_end=record.actual_end_at, created_at=ticket.created_at,
        updated_at=ticket.updated_at)


@endpoint("list_changes", "changes", Success(200, ChangePage, "One page of changes."), query=ChangeListQuery,
          refusals=(403,))
def list_all(query: ChangeListQuery) -> ChangePage:
    """List changes.

    Newest first. Staff see the changes they requested, own or whose group they are in; change managers, CAB
    members, managers, auditors and admins see all.
    """
    for name, value, allowed in (("type", query.type, CHANGE_TYPES), ("stage", query.stage, STAGES)):
        if value is not None and value not in allowed:
            raise InvalidValues(f"The {name} '{value}' is unknown; use one of {', '.join(allowed)}.",
                                {name: [f"Use one of {', '.join(allowed)}."]})
    after = None
    if query.after is not None:
        if not query.after.isdigit():
            raise InvalidValues("'after' is not a cursor this list gave; pass the 'next' value of a page.",
                                {"after": ["Pass the 'next' value of a page."]})
        after = int(query.after)
    filters = changes.ChangeFilters(query.type, query.stage, query.risk, query.ci_id, query.owner,
                                    query.starts_after, query.starts_before)
    rows = changes.list_changes(api_actor(), filters, after, query.limit + 1)
    shown = rows[:query.limit]
    page = [ChangeRow(number=ticket.number, title=ticket.title, type=record.change_type, stage=record.stage,
                      risk=record.risk, owner=record.owner, planned_start=record.planned_start_at,
                      planned_end=record.planned_end_at) for ticket, record in shown]
    return ChangePage(changes=page, next=str(shown[-1][0].id) if len(rows) > query.limit else None)


@endpoint("raise_change", "changes", Success(201, ChangeAnswer, "The new change.", "The change's address."),
          body=ChangeRequest, refusals=(403, 409))
def create(body: ChangeRequest) -> tuple[ChangeAnswer, int, dict[str, str]]:
    """Raise a change.

    A CHG ticket with its record; its type's flow starts at once. Planned moments are typed: past ones and
    unreadable ones are refused (422, naming the field). Staff who may write.
    """
    answers = {}
    for key, value in body.answers.items():
        if not key.isdigit():
            raise InvalidValues(f"The risk answer '{key}' names no question; use the questions' ids.",
                                {"answers": ["Use the questions' ids as keys."]})
        answers[int(key)] = value
    values = ChangeValues(
        change_type=body.type, title=body.title, reason=body.reason, owner=body.owner, owner_group=body.owner_group,
        planned_start=body.planned_start, planned_end=body.planned_end,
        implementation_plan=body.implementation_plan, backout_plan=body.backout_plan, test_plan=body.test_plan,
        description=body.description, impact=body.impact, implementer=body.implementer, ci_ids=body.ci_ids,
        answers=answers, links=body.links, template_id=body.template_id)
    ticket = changes.raise_change(current_runtime(), api_actor(), values, channel="api")
    return answer(ticket.number), 201, {"Location": url_for("api.show_change", number=ticket.number)}


@endpoint("show_change", "changes", Success(200, ChangeAnswer, "The change."), refusals=(403, 404), path=NUMBER)
def show(number: str) -> ChangeAnswer:
    """Read a change with its CIs, services, links and the reasons of its risk."""
    return answer(number)


@endpoint("update_change", "changes", Success(200, ChangeAnswer, "The change as it is now."), body=ChangeUpdate,
          refusals=(403, 404), path=NUMBER)
def change(number: str, body: ChangeUpdate) -> ChangeAnswer:
    """Edit a change's record.

    Its requester, its owner and the change managers, while the change is new or being assessed (after that the
    CAB decided on what it read). Members left out keep their value; the risk is assessed again.
    """
    changes.update_change(current_runtime(), api_actor(), number, body.model_dump(exclude_unset=True))
    return answer(number)


@endpoint("link_change_ticket", "changes", Success(200, ChangeAnswer, "The change with the ticket linked."),
          body=LinkRequest, refusals=(403, 404, 409), path=NUMBER)
def link(number: str, body: LinkRequest) -> ChangeAnswer:
    """Link an incident or problem the change fixes.

    Closing the change notes each, and resolves those that wait for it (an incident being investigated, a problem
    being fixed).
    """
    changes.link_ticket(api_actor(), number, body.ticket)
    return answer(number)
