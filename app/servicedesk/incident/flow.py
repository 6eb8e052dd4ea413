"""The external tasks of the incident flow (processes/incident.bpmn): each keeps the ticket in step with
the diagram inside the step's own transaction, so a ticket and its process never disagree.

The diagram decides what happens when; these handlers only do it: start and move the SLA clock, apply
the classification, choose an assignee, record a return or a forward, pause for the requester, resolve,
reopen, close, keep an old rate step's rating as the survey answer, and notify people through the outbox.
Every escalation level is raised once per ticket: a timer that fires again (its task was entered again) finds
the level raised and stays quiet, and a timer whose moment moved later (the priority dropped) finds it not yet due.
"""
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import func, select, update

from app.cmdb.items import ci_named
from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.organisation.accounts import actor_for
from app.organisation.assignment import AssignmentState, Member, choose_member
from app.organisation.models import Group, User
from app.organisation.people import group_members, people_named
from app.service_levels import policies as levels
from app.service_levels.models import TicketEscalation
from app.service_levels.priority import compute_priority
from app.servicedesk.incident import problem_wait
from app.servicedesk.surveys.answers import record_old_rating, survey_status
from app.servicedesk.surveys.planning import plan_survey
from app.servicedesk.tickets import deadlines as ticket_deadlines
from app.servicedesk.tickets.assignment import choose_group
from app.servicedesk.tickets.categories import require_category
from app.servicedesk.tickets.models import Ticket, TicketWatcher
from app.servicedesk.tickets.note_events import SYSTEM_AUTHOR, add_event_note
from app.servicedesk.tickets.records import SERVICE_DESK_GROUP, apply_status, find_ticket, insert_ticket
from app.servicedesk.tickets.visibility import may_read_ticket
from app.workflow.models import ProcessInstance, UserTask
from engine.topics import TopicCall, TopicRegistry, TopicResult
from engine.views import StepEvent

DUTY_MANAGERS_GROUP = "duty-managers"
URGENT_PRIORITIES = ("P1", "P2")
# escalation level -> who hears of it; each level is raised once per ticket
ESCALATION_RECIPIENTS = {
    "response_breach": "group_lead",
    "resolution_warning": "assignee_and_group",
    "resolution_breach": "duty_managers",
    "reassignments_exceeded": "service_desk_manager",
}
LEVEL_SUBJECTS = {
    "response_breach": "Response target missed",
    "resolution_warning": "Resolution target close",
    "resolution_breach": "Resolution target missed: escalated to the duty managers",
    "reassignments_exceeded": "Reassigned too often",
}


# --- helpers -------------------------------------------------------------------------------------

def ticket_of(call: TopicCall) -> Ticket:
    """Return the ticket the instance works on, its row locked for the step."""
    return find_ticket(str(call.data.get("ticket") or ""), lock=True)


def actor(call: TopicCall, fallback: str = "flowdesk") -> str:
    """Return who the calling step acts for: the person completing a task, or 'scheduler' for timers."""
    return call.context.actor or fallback


def note(call: TopicCall, ticket: Ticket, author: str, event: str, text: str | None = None,
         params: Mapping[str, str] | None = None, public: bool = False) -> None:
    """Add a note of an event to the ticket, at the step's moment; text is what a person wrote."""
    add_event_note(ticket, event, params or {}, call.context.now(), author, text=text, public=public)


def logged(call: TopicCall, message: str) -> StepEvent:
    """Return a history event saying what the handler did."""
    return StepEvent("topic_logged", call.element_id, {"message": message})


def deadline_updates(ticket: Ticket) -> dict[str, Any]:
    """Return the deadlines as the ISO texts the diagram's timers read."""
    return dict(ticket_deadlines.deadline_variables(ticket))


def recipients(ticket: Ticket, who: str) -> list[User]:
    """Return the people a role word names for this ticket."""
    group = ticket.assigned_group or SERVICE_DESK_GROUP
    if who == "group_lead":
        return group_members(group, leads_only=True) or group_members(group)
    if who == "assignee":
        named = people_named([ticket.assignee]) if ticket.assignee else []
        return named or group_members(group)
    if who == "group":
        return group_members(group)
    if who == "assignee_and_group":
        return recipients(ticket, "assignee") + group_members(group)
    if who == "duty_managers":
        return group_members(DUTY_MANAGERS_GROUP)
    if who == "service_desk_manager":
        return group_members(SERVICE_DESK_GROUP, leads_only=True)
    if who == "requester":
        return people_named([ticket.requester])
    if who == "watchers":
        watchers = db.session.execute(select(TicketWatcher.login).where(TicketWatcher.ticket_id == ticket.id)).scalars()
        return people_named(watchers)
    raise ValueError(f"Unknown recipients '{who}'; use group_lead, assignee, group, assignee_and_group, duty_managers, "
                     "service_desk_manager, requester or watchers.")


def notify(call: TopicCall, ticket: Ticket, people: Iterable[User], notice: Notice) -> list[str]:
    """Queue the notice to each person on the channels they chose (app/messaging/mail/compose.py).

    Someone told of a ticket they may not open (a watcher who lost sight of it, a lead told by role) gets its
    number and the headline only: no title, no text, no action links. Return the logins told.
    """
    facts = TicketFacts(ticket.number, ticket.title, ticket.instance_id, ticket.priority, ticket.assigned_group,
                        ticket.assignee, ticket.reassignment_count)
    told: list[str] = []
    for person in {user.login: user for user in people}.values():
        reads = may_read_ticket(actor_for(person), ticket.id)
        if queue_ticket_notice(call.context.runtime.mail, notice, facts, person, reads, call.context.now()):
            told.append(person.login)
    return told


def tell_requester(call: TopicCall, ticket: Ticket, notice: Notice) -> None:
    """Notify the requester and the watchers of a change they can see."""
    notify(call, ticket, recipients(ticket, "requester") + recipients(ticket, "watchers"), notice)


# --- the handlers --------------------------------------------------------------------------------

def ensure_ticket(call: TopicCall) -> Ticket:
    """Return the instance's ticket; an incident started without one (portal form, API, CLI) gets one now."""
    if call.data.get("ticket"):
        return ticket_of(call)
    requester = call.context.actor or "unknown"
    department = db.session.execute(select(User.department_id).where(User.login == requester)).scalar()
    decision = compute_priority(levels.priority_matrix(), "medium", "medium")
    ticket = insert_ticket(call.context.runtime, {
        "kind": "incident", "channel": "portal", "title": str(call.data.get("title") or "").strip()[:200] or "Incident",
        "description": str(call.data.get("description") or ""), "requester": requester,
        "requester_department_id": department, "category_id": None, "ci_id": None, "impact": "medium",
        "urgency": "medium", "priority": decision.priority, "priority_source": decision.source,
        "priority_reason": decision.reason, "assigned_group": SERVICE_DESK_GROUP,
        "instance_id": call.context.instance_id})
    db.session.execute(update(ProcessInstance).where(ProcessInstance.id == call.context.instance_id)
                       .values(business_key=ticket.number))
    return ticket


def start_clock(call: TopicCall) -> TopicResult:
    """Start the SLA clock; hand the diagram the deadlines and the classification to confirm."""
    ticket = ensure_ticket(call)
    policy = ticket_deadlines.apply_deadlines(ticket)
    ci = db.session.get(ConfigurationItem, ticket.ci_id) if ticket.ci_id else None
    ci_name = ci.name if ci else None
    updates = {**deadline_updates(ticket), "ticket": ticket.number, "requester": ticket.requester,
               "category": str(ticket.category_id) if ticket.category_id else None,
               "ci": ci_name, "impact": ticket.impact, "urgency": ticket.urgency, "priority": ticket.priority,
               "assigned_group": ticket.assigned_group, "assignee": None, "reassignments": ticket.reassignment_count,
               "reassignment_limit": int(levels.read_setting("reassignment_limit"))}
    if ticket.priority in URGENT_PRIORITIES:
        notify(call, ticket, recipients(ticket, "group"), Notice(
            "incident_new", f"New {ticket.priority} incident", ticket.description, titled=True,
            urgent=ticket.priority == "P1"))
    message = (f"SLA policy '{policy.name}': response due {updates['response_due']}, "
               f"resolution due {updates['resolution_due']}")
    return TopicResult(updates, [logged(call, message)])


def classify(call: TopicCall) -> TopicResult:
    """Apply the service desk's classification: category, CI, impact and urgency, then priority, group and SLA."""
    ticket = ticket_of(call)
    data = call.data
    category = require_category(int(data["category"])) if data.get("category") else None
    ci = ci_named(str(data["ci"])) if data.get("ci") else None
    ticket.category_id = category.id if category else None
    ticket.ci_id = ci.id if ci else None
    ticket.impact, ticket.urgency = str(data["impact"]), str(data["urgency"])
    if ticket.priority_source == "matrix":
        decision = compute_priority(levels.priority_matrix(), ticket.impact, ticket.urgency)
        ticket.priority, ticket.priority_reason = decision.priority, decision.reason
    group = choose_group(ci.owner_group if ci else None, category.default_group if category else None,
                         SERVICE_DESK_GROUP)
    ticket.assigned_group = group.group
    ticket.updated_at = call.context.now()
    ticket_deadlines.apply_deadlines(ticket)
    needs_approval = (ticket.priority in levels.read_setting("approval_priorities")
                      or bool(category and category.requires_approval))
    note(call, ticket, actor(call), "classified", params={"priority": ticket.priority, "group": group.group})
    updates = {**deadline_updates(ticket), "priority": ticket.priority, "assigned_group": ticket.assigned_group,
               "needs_approval": needs_approval}
    message = (f"Priority {ticket.priority} ({ticket.priority_source}), group {group.group} ({group.reason}), "
               f"approval {'needed' if needs_approval else 'not needed'}")
    return TopicResult(updates, [logged(call, message)])


def record_approval(call: TopicCall) -> TopicResult:
    """Record the manager's decision on a major incident as an internal note."""
    ticket = ticket_of(call)
    decision = str(call.data.get("approval"))
    comment = str(call.data.get("approval_comment") or "").strip()
    event = ("major_approved" if decision == "approve" else "major_refused") + ("_comment" if comment else "")
    note(call, ticket, actor(call), event, comment or None)
    return TopicResult({}, [logged(call, f"Approval {decision}")])


def open_task_counts(logins: list[str]) -> dict[str, int]:
    """Return how many open tasks each person has as assignee (open tasks are the rows of user_task)."""
    counts = dict.fromkeys(logins, 0)
    rows = db.session.execute(select(UserTask.assignee, func.count()).where(UserTask.assignee.in_(logins))
                              .group_by(UserTask.assignee)).all()
    for login, count in rows:
        counts[str(login)] = count
    return counts


def assign_member(call: TopicCall) -> TopicResult:
    """Give the ticket to a member of its group by the group's strategy (round-robin or least-loaded)."""
    ticket = ticket_of(call)
    group_name = ticket.assigned_group or SERVICE_DESK_GROUP
    group = db.session.execute(select(Group).where(Group.name == group_name)).scalar_one_or_none()
    members = group_members(group_name)
    chosen = None
    if group is not None and members:
        counts = open_task_counts([user.login for user in members])
        candidates = [Member(user.login, counts[user.login]) for user in members]
        chosen = choose_member(group.assignment_strategy, candidates, AssignmentState(group.last_assigned_login),
                               call.context.now())
    if chosen is not None and group is not None:
        group.last_assigned_login = chosen.login
    ticket.assignee = chosen.login if chosen else None
    if ticket.status == "new":
        apply_status(ticket, "assigned", call.context.now())
    ticket.updated_at = call.context.now()
    target = f"{group_name} / {ticket.assignee}" if ticket.assignee else f"the {group_name} queue"
    strategy = group.assignment_strategy if group and chosen else "queue"
    if chosen is not None:
        person = next(user.display_name or user.login for user in members if user.login == chosen.login)
        note(call, ticket, SYSTEM_AUTHOR, "assigned_person", params={"person": person, "strategy": strategy})
    else:
        note(call, ticket, SYSTEM_AUTHOR, "assigned_queue", params={"group": group_name, "strategy": strategy})
    if ticket.assignee:
        notify(call, ticket, people_named([ticket.assignee]), Notice(
            "incident_assigned", "Assigned to you", ticket.description, titled=True, urgent=ticket.priority == "P1"))
    return TopicResult({"assignee": ticket.assignee, "assigned_group": group_name},
                       [logged(call, f"Assigned to {target}")])


def accept(call: TopicCall) -> TopicResult:
    """The assignee took the incident: it is in progress and the response target is met."""
    ticket = ticket_of(call)
    if ticket.assignee is None:  # taken from the group queue: whoever accepted it now has it
        ticket.assignee = call.context.actor
    apply_status(ticket, "in_progress", call.context.now())
    tell_requester(call, ticket, Notice("incident_in_progress", "Your incident is being worked on"))
    return TopicResult({"assignee": ticket.assignee}, [logged(call, f"Accepted by {ticket.assignee}")])


def move(call: TopicCall) -> TopicResult:
    """Return the incident to the service desk or forward it to another group, counting the reassignment."""
    ticket = ticket_of(call)
    decision = str(call.data.get("decision"))
    target = SERVICE_DESK_GROUP if decision == "return" else str(call.data.get("forward_group") or "")
    reason = str(call.data.get("reason") or "").strip()
    ticket.assigned_group, ticket.assignee = target, None
    ticket.reassignment_count += 1
    ticket.updated_at = call.context.now()
    verb = "Returned to the service desk" if decision == "return" else f"Forwarded to {target}"
    note(call, ticket, actor(call), "returned" if decision == "return" else "forwarded", reason,
         {} if decision == "return" else {"group": target})
    return TopicResult({"assigned_group": target, "assignee": None, "reassignments": ticket.reassignment_count,
                        "reason": None, "forward_group": None},
                       [logged(call, f"{verb} (reassignment {ticket.reassignment_count})")])


def escalate(call: TopicCall) -> TopicResult:
    """Raise an escalation level once: notify whom the level names, unless it is not due or already raised."""
    ticket = ticket_of(call)
    level = str(call.params.get("level"))
    if level not in ESCALATION_RECIPIENTS:
        raise ValueError(f"Unknown escalation level '{level}'; use one of {', '.join(ESCALATION_RECIPIENTS)}.")
    moment = call.context.now()
    due = {"response_breach": ticket.response_due_at, "resolution_warning": ticket.resolution_warning_at,
           "resolution_breach": ticket.resolution_due_at}.get(level)
    done = {"response_breach": ticket.responded_at, "resolution_warning": ticket.resolved_at,
            "resolution_breach": ticket.resolved_at}.get(level)
    if level in ("response_breach", "resolution_warning", "resolution_breach") and (
            done is not None or due is None or moment < due):
        return TopicResult({}, [logged(call, f"{level}: not due, nothing raised")])
    raised = db.session.execute(select(TicketEscalation.id).where(
        TicketEscalation.ticket_id == ticket.id, TicketEscalation.level == level)).first()
    if raised is not None:
        return TopicResult({}, [logged(call, f"{level}: already raised")])
    people = recipients(ticket, ESCALATION_RECIPIENTS[level])
    logins = notify(call, ticket, people, Notice("incident_escalated", LEVEL_SUBJECTS[level], titled=True,
                                                 urgent=level.endswith("breach"), extras={"level": level}))
    db.session.add(TicketEscalation(ticket_id=ticket.id, level=level, raised_at=moment, recipients=",".join(logins)))
    note(call, ticket, SYSTEM_AUTHOR, "escalated", params={"level": level, "notified": ", ".join(logins)})
    updates: dict[str, Any] = {}
    if level == "resolution_breach":
        ticket.assigned_group, ticket.assignee = DUTY_MANAGERS_GROUP, None
        updates = {"assigned_group": DUTY_MANAGERS_GROUP, "assignee": None}
    return TopicResult(updates, [logged(call, f"{level} raised, notified {', '.join(logins) or 'nobody'}")])


def pause(call: TopicCall) -> TopicResult:
    """Ask the requester a question: the ticket waits for them and its SLA clock stops."""
    ticket = ticket_of(call)
    question = str(call.data.get("question") or "").strip()
    apply_status(ticket, "pending_requester", call.context.now())
    ticket_deadlines.pause_clock(ticket, call.context.now())
    note(call, ticket, actor(call, ticket.assignee or "agent"), "asked", question, public=True)
    tell_requester(call, ticket, Notice("incident_question", "A question about your incident", question))
    return TopicResult({"question": question, "outcome": None}, [logged(call, "Waiting for the requester")])


def resume(call: TopicCall) -> TopicResult:
    """The requester answered: the clock runs again and the deadlines move by the time waited."""
    ticket = ticket_of(call)
    answer = str(call.data.get("answer") or "").strip()
    note(call, ticket, ticket.requester, "answered", answer, public=True)
    ticket_deadlines.resume_clock(ticket, call.context.now())
    apply_status(ticket, "in_progress", call.context.now())
    if ticket.assignee:
        notify(call, ticket, people_named([ticket.assignee]), Notice("incident_answered", "The requester answered",
                                                                     answer))
    return TopicResult({**deadline_updates(ticket), "answer": None, "question": None},
                       [logged(call, f"Answered; resolution now due {levels.iso(ticket.resolution_due_at)}")])


def resolve(call: TopicCall) -> TopicResult:
    """Record the resolution, start the auto-close countdown and ask the requester to confirm."""
    ticket = ticket_of(call)
    resolution = str(call.data.get("resolution") or "").strip()
    apply_status(ticket, "resolved", call.context.now())
    days = int(levels.read_setting("auto_close_working_days"))
    ticket.auto_close_at = ticket_deadlines.working_days_later(ticket, call.context.now(), days)
    note(call, ticket, actor(call, ticket.assignee or "agent"), "resolved", resolution, public=True)
    tell_requester(call, ticket, Notice("incident_resolved", "Your incident is resolved", resolution,
                                        actions=("confirm",), extras={"days": days}))
    plan_survey(call.context.runtime, ticket, call.context.now())
    return TopicResult({"auto_close_at": levels.iso(ticket.auto_close_at), "outcome": None},
                       [logged(call, f"Resolved; closes automatically at {levels.iso(ticket.auto_close_at)}")])


def reopen(call: TopicCall) -> TopicResult:
    """The requester says the fix did not work: back to the assignee."""
    ticket = ticket_of(call)
    reason = str(call.data.get("reopen_reason") or "").strip()
    apply_status(ticket, "in_progress", call.context.now())
    ticket.auto_close_at = None
    note(call, ticket, ticket.requester, "reopened", reason, public=True)
    notify(call, ticket, recipients(ticket, "assignee"), Notice("incident_reopened",
                                                                "The requester reopened the incident", reason))
    return TopicResult({**deadline_updates(ticket), "confirmation": None, "reopen_reason": None, "resolution": None},
                       [logged(call, "Reopened by the requester")])


def close(call: TopicCall) -> TopicResult:
    """Close the ticket, confirmed by the requester or automatically after the waiting days; the closing mail points
    to the satisfaction survey when one waits for her answer, or says one will come."""
    ticket = ticket_of(call)
    how = str(call.params.get("how") or "confirmed")
    apply_status(ticket, "closed", call.context.now())
    words = "Closed: the requester confirmed the fix." if how == "confirmed" else \
        "Closed automatically: no answer in time."
    note(call, ticket, actor(call), "closed_confirmed" if how == "confirmed" else "closed_automatically", public=True)
    survey = survey_status(ticket.id)
    tell_requester(call, ticket, Notice("incident_closed", "Your incident is closed",
                                        actions=("survey",) if survey == "sent" else (),
                                        extras={"how": how, "survey": survey}))
    return TopicResult({}, [logged(call, words)])


def rate(call: TopicCall) -> TopicResult:
    """Keep the rating (1 to 5) given on the old rate step of earlier incident diagrams as the ticket's survey answer.

    The shipped diagram no longer asks (the satisfaction survey does); instances of earlier versions still wait at
    that step and finish as they were drawn.
    """
    ticket = ticket_of(call)
    comment = str(call.data.get("rating_comment") or "").strip() or None
    done = record_old_rating(call.context.runtime, ticket, int(call.data["rating"]), comment, call.context.now())
    return TopicResult({}, [logged(call, done)])


HANDLERS: dict[str, Callable[[TopicCall], TopicResult]] = {
    "incident.start_clock": start_clock,
    "incident.classify": classify,
    "incident.approval": record_approval,
    "incident.assign": assign_member,
    "incident.accept": accept,
    "incident.move": move,
    "incident.escalate": escalate,
    "incident.pause": pause,
    "incident.resume": resume,
    "incident.resolve": resolve,
    "incident.reopen": reopen,
    "incident.close": close,
    "incident.rate": rate,
}


def register_incident_topics(registry: TopicRegistry) -> TopicRegistry:
    """Register the incident flow's handlers on a registry (the app's engine gets them at creation)."""
    return registry.register_all(HANDLERS).register_all(problem_wait.HANDLERS)
