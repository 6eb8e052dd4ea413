"""The CAB's timers (processes/change-normal.bpmn and change-emergency.bpmn, topic change.cab_overdue): a reminder to
the members who have not decided yet, then the escalation to the change managers. Neither decides anything: the
CAB's rule counts recorded decisions only, and the escalation's task may send the change back or reject it."""
from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.organisation.models import User
from app.organisation.people import group_members, people_named
from app.servicedesk.change.records import record_of_number
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import SYSTEM_AUTHOR, add_event_note
from app.workflow.models import UserTask
from engine.topics import TopicCall, TopicResult
from engine.views import StepEvent

TOPIC = "change.cab_overdue"
REMINDER = Notice("approval_requested", "A change waits for your CAB decision", titled=True)
ESCALATION = Notice("approval_requested", "A change's CAB did not decide in time: decide what follows", titled=True)


def undecided_members(instance_id: int, task_id: str) -> list[str]:
    """Return who still has the approval task open (the projection as the step found it), sorted."""
    rows = db.session.execute(select(UserTask.assignee).where(
        UserTask.instance_id == instance_id, UserTask.element_id == task_id, UserTask.assignee.is_not(None)))
    return sorted({str(login) for login in rows.scalars()})


def remind_or_escalate(call: TopicCall) -> TopicResult:
    """Remind the undecided members (step=remind) or tell the change managers the CAB is overdue (step=escalate)."""
    step = str(call.params.get("step") or "")
    if step not in ("remind", "escalate"):
        raise ValueError(f"The step '{step}' of {TOPIC} is unknown; write remind or escalate.")
    ticket, _ = record_of_number(str(call.data.get("ticket") or ""), lock=True)
    undecided = undecided_members(call.context.instance_id, str(call.params.get("task") or "cab_approval"))
    if step == "remind":
        people, notice, event = people_named(undecided), REMINDER, "cab_reminded"
    else:
        people = group_members(str(call.params.get("to") or "change-managers"))
        notice, event = ESCALATION, "cab_overdue"
    told = tell(call, ticket, people, notice)
    add_event_note(ticket, event, {"approvers": ", ".join(undecided) or "-"}, call.context.now(), SYSTEM_AUTHOR)
    return TopicResult({}, [StepEvent("notification_queued", call.element_id, {
        "channel": "email", "to": told, "undecided": undecided})])


def tell(call: TopicCall, ticket: Ticket, people: list[User], notice: Notice) -> list[str]:
    """Queue the notice to each person on the channels they chose; return who was told."""
    facts = TicketFacts(ticket.number, ticket.title, ticket.instance_id, ticket.priority, ticket.assigned_group,
                        ticket.assignee)
    return [person.login for person in people
            if queue_ticket_notice(call.context.runtime.mail, notice, facts, person, True, call.context.now())]
