"""The external tasks of catalogue diagrams (processes/catalogue_*.bpmn): approvers by rule, each level's outcome,
fulfilment starting, and a CI handed over to the requester, inside the step's transaction.

A level of approval is drawn as a service task `catalogue.approvers` (input parameters `rule`, `level`: the id of
the approval task that follows, and `ci` where the rule is ci_owner) that sets `approvers`, then an approval by rule
(docs/approval-by-rule.md): a parallel multi-instance user task over `${approvers}` with
`camunda:assignee="${approver}"` and `flowdesk:decision`, whose `<task id>_outcome` drives the gateway after it. The
path of a level that did not approve goes through `catalogue.rejected`, which closes the request and says why.
"""
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.cmdb.items import apply_update, find_ci, insert_ci
from app.cmdb.models import CiType
from app.extensions import db
from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.organisation.delegations import delegates_in_force
from app.organisation.models import User
from app.organisation.people import display_names
from app.servicedesk.catalogue.approvers import RuleRefused, resolve_approvers
from app.servicedesk.catalogue.models import CatalogueApproval
from app.servicedesk.incident.flow import actor, logged, note, tell_requester, ticket_of
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import SYSTEM_AUTHOR
from app.servicedesk.tickets.records import apply_status
from engine.approval.rule import NO_QUORUM, REJECT, REJECTED
from engine.topics import TopicCall, TopicRegistry, TopicResult

OUTCOME_SUFFIX = "_outcome"


def find_approvers(call: TopicCall) -> TopicResult:
    """Resolve a level's approvers by its rule, record them on the request and tell each of them."""
    ticket = ticket_of(call)
    rule, level = str(call.params.get("rule") or ""), str(call.params.get("level") or "")
    if not level:
        raise ValueError(f"The approval step '{call.element_id}' needs the input parameter 'level': the id of the "
                         "approval task it resolves approvers for.")
    excluded = [str(call.data.get("requested_by") or "")]
    try:
        approvers = resolve_approvers(rule, ticket.requester, excluded, str(call.params.get("ci") or "") or None)
    except RuleRefused as refused:
        raise ValueError(str(refused)) from None
    now = call.context.now()
    db.session.add_all(CatalogueApproval(ticket_id=ticket.id, element_id=level, rule=rule, approver=login,
                                         resolved_at=now) for login in approvers)
    if ticket.status == "new":
        apply_status(ticket, "in_progress", now)
    names = display_names(approvers)
    note(call, ticket, SYSTEM_AUTHOR, "catalogue_approval_asked", None,
         {"approvers": ", ".join(names.get(login, login) for login in approvers)}, public=True)
    ask_approvers(call, ticket, addressees(approvers, {ticket.requester, *excluded}, now))
    return TopicResult({"approvers": approvers},
                       [logged(call, f"Approvers by {rule}: {', '.join(approvers)}")])


def addressees(approvers: list[str], excluded: set[str], now: datetime) -> list[str]:
    """Return who will hold each approver's task: her delegate in force, as the approval task will resolve it
    (never an excluded person nor another approver), else herself."""
    delegates = delegates_in_force(approvers, now)
    holders = []
    for member in approvers:
        delegate = delegates.get(member)
        usable = delegate and delegate not in excluded and delegate not in approvers
        holders.append(delegate if usable else member)
    return list(dict.fromkeys(str(login) for login in holders))


def ask_approvers(call: TopicCall, ticket: Ticket, approvers: list[str]) -> None:
    """Queue each approver a notice with a signed link to approve or reject (the task is theirs in this step)."""
    facts = TicketFacts(ticket.number, ticket.title, ticket.instance_id, ticket.priority, ticket.assigned_group)
    notice = Notice("approval_requested", "A request waits for your approval", ticket.description or None,
                    titled=True, actions=("approve",), reply_decides=True)
    for person in db.session.execute(select(User).where(User.login.in_(approvers))).scalars():
        queue_ticket_notice(call.context.runtime.mail, notice, facts, person, True, call.context.now())


def rejected_level(data: Mapping[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """Return the level that did not approve and its decisions, from the step's data (pure).

    Each approval level writes `<task id>_outcome` and `<task id>_decisions` (approval by rule); a request stops at
    the first level that does not approve, so exactly one outcome is not `approved` on the rejection path.
    """
    for name, value in data.items():
        if name.endswith(OUTCOME_SUFFIX) and value in (REJECTED, NO_QUORUM):
            level = name.removesuffix(OUTCOME_SUFFIX)
            return level, list(data.get(f"{level}_decisions") or [])
    return "", []


def tell_rejected(call: TopicCall) -> TopicResult:
    """Close a request a level did not approve: a note of who rejected it and why, and a notice to the requester."""
    ticket = ticket_of(call)
    level, decisions = rejected_level(call.data)
    refusals = [decision for decision in decisions if decision.get("decision") == REJECT]
    comment = "\n".join(str(decision.get("comment") or "").strip() for decision in refusals).strip() or None
    names = display_names([str(decision.get("decided_by")) for decision in refusals])
    rejected_by = ", ".join(names.get(str(d.get("decided_by")), str(d.get("decided_by"))) for d in refusals)
    event = "catalogue_rejected" if refusals else "catalogue_not_decided"
    note(call, ticket, actor(call), event + ("_comment" if comment else ""), comment, {"by": rejected_by},
         public=True)
    now = call.context.now()
    apply_status(ticket, "resolved", now)
    apply_status(ticket, "closed", now)
    tell_requester(call, ticket, Notice("request_decided", "Your request was rejected", comment,
                                        extras={"approved": False}))
    return TopicResult({}, [logged(call, f"Level {level or '?'}: not approved, request closed")])


def hand_over_ci(call: TopicCall) -> TopicResult:
    """Record what was handed over as a CI owned by the requester (a new one, or the named one handed on)."""
    ticket = ticket_of(call)
    type_name = str(call.params.get("ci_type") or "laptop")
    name = str(call.params.get("name") or call.data.get("asset_tag") or "").strip()
    if not name:
        raise ValueError(f"The step '{call.element_id}' has no CI name: give the input parameter 'name' or fill in "
                         "'asset_tag' in the fulfilment form.")
    ci_type = db.session.execute(select(CiType).where(CiType.name == type_name)).scalar_one_or_none()
    if ci_type is None:
        raise ValueError(f"There is no CI type '{type_name}'; add it in the CMDB before handing items over.")
    now = call.context.now()
    item = find_ci(ci_type, name)
    if item is None:
        item = insert_ci(ci_type, {"name": name, "status": "active",
                                   "owner_group": call.params.get("owner_group") or None}, now)
        item.owner_login = ticket.requester
    else:
        apply_update(item, {"status": "active"}, actor(call), ticket.number, now)
        item.owner_login = ticket.requester
    ticket.ci_id = item.id
    owner = display_names([ticket.requester]).get(ticket.requester, ticket.requester)
    note(call, ticket, SYSTEM_AUTHOR, "catalogue_handed_over", None, {"ci": name, "owner": owner}, public=True)
    return TopicResult({"handed_over_ci": item.id}, [logged(call, f"CI {name} handed to {ticket.requester}")])


HANDLERS: dict[str, Callable[[TopicCall], TopicResult]] = {
    "catalogue.approvers": find_approvers,
    "catalogue.rejected": tell_rejected,
    "catalogue.hand_over_ci": hand_over_ci,
}


def register_catalogue_topics(registry: TopicRegistry) -> TopicRegistry:
    """Register the catalogue diagrams' handlers on a registry (the app's engine gets them at creation)."""
    return registry.register_all(HANDLERS)
