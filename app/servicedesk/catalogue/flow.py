"""The external tasks of catalogue diagrams (processes/catalogue_*.bpmn): approvers by rule, each level's outcome,
fulfilment starting, and a CI handed over to the requester, inside the step's transaction.

A level of approval is drawn as a service task `catalogue.approvers` (input parameters `rule`, `level`: the id of
the approval task that follows, and `ci` where the rule is ci_owner) that sets `approvers`, then a parallel
multi-instance user task over `${approvers}` with `camunda:assignee="${approver}"`, then `catalogue.level_outcome`
(input `level`), which sets `approved`: true only when every approver of the level approved.
"""
import json
from collections.abc import Callable

from sqlalchemy import select

from app.cmdb.items import apply_update, find_ci, insert_ci
from app.cmdb.models import CiType
from app.extensions import db
from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.organisation.models import User
from app.organisation.people import display_names
from app.servicedesk.catalogue.approvers import RuleRefused, resolve_approvers
from app.servicedesk.catalogue.models import CatalogueApproval
from app.servicedesk.desk.note_events import SYSTEM_AUTHOR
from app.servicedesk.incident.flow import actor, logged, note, tell_requester, ticket_of
from app.servicedesk.models import Ticket
from app.servicedesk.tickets import apply_status
from app.workflow.models import HistoryEvent
from engine.topics import TopicCall, TopicRegistry, TopicResult


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
    ask_approvers(call, ticket, approvers)
    return TopicResult({"approvers": approvers, "approved": None},
                       [logged(call, f"Approvers by {rule}: {', '.join(approvers)}")])


def ask_approvers(call: TopicCall, ticket: Ticket, approvers: list[str]) -> None:
    """Queue each approver a notice with a signed link to approve or reject (the task is theirs in this step)."""
    facts = TicketFacts(ticket.number, ticket.title, ticket.instance_id, ticket.priority, ticket.assigned_group)
    notice = Notice("approval_requested", "A request waits for your approval", ticket.description or None,
                    titled=True, actions=("approve",))
    for person in db.session.execute(select(User).where(User.login.in_(approvers))).scalars():
        queue_ticket_notice(call.context.runtime.mail, notice, facts, person, True, call.context.now())


def level_decisions(instance_id: int, level: str) -> dict[str, bool]:
    """Return what each approver of a level decided so far, from the instance's history (login -> approved)."""
    rows = db.session.execute(select(HistoryEvent.actor, HistoryEvent.data).where(
        HistoryEvent.instance_id == instance_id, HistoryEvent.kind == "task_completed",
        HistoryEvent.element_id == level).order_by(HistoryEvent.seq)).all()
    decisions: dict[str, bool] = {}
    for login, data in rows:
        changed = json.loads(data).get("changed") or {}
        if "approved" in changed and login:
            decisions[str(login)] = changed["approved"] is True
    return decisions


def level_outcome(call: TopicCall) -> TopicResult:
    """Decide a level once its approvers answered: approved only if all approved; a rejection closes the request.

    The history holds the earlier answers; the answer that completed the level is this step's, in the task data.
    """
    ticket = ticket_of(call)
    level = str(call.params.get("level") or "")
    decisions = level_decisions(call.context.instance_id, level)
    if call.context.actor:
        decisions[call.context.actor] = call.data.get("approved") is True
    approved = bool(decisions) and all(decisions.values())
    comment = str(call.data.get("approval_comment") or "").strip() or None
    suffix = "_comment" if comment else ""
    names = display_names(list(decisions))
    if approved:
        note(call, ticket, actor(call), "catalogue_level_approved" + suffix, comment,
             {"by": ", ".join(names.get(login, login) for login in decisions)}, public=True)
    else:
        rejected_by = ", ".join(names.get(login, login) for login, yes in decisions.items() if not yes)
        note(call, ticket, actor(call), "catalogue_rejected" + suffix, comment, {"by": rejected_by}, public=True)
        now = call.context.now()
        apply_status(ticket, "resolved", now)
        apply_status(ticket, "closed", now)
        tell_requester(call, ticket, Notice("request_decided", "Your request was rejected", comment,
                                            extras={"approved": False}))
    outcome = "approved" if approved else "rejected"
    return TopicResult({"approved": approved}, [logged(call, f"Level {level}: {outcome}")])


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
    "catalogue.level_outcome": level_outcome,
    "catalogue.hand_over_ci": hand_over_ci,
}


def register_catalogue_topics(registry: TopicRegistry) -> TopicRegistry:
    """Register the catalogue diagrams' handlers on a registry (the app's engine gets them at creation)."""
    return registry.register_all(HANDLERS)
