"""What a signed one-click link in mail lets its holder do: confirm the fix or approve a request.

The link (app/messaging/mail/links.py) names the requester, the ticket and the action; the step it acts on is the
requester's open task of the ticket's instance, completed as if she had answered on the page. A link whose step is
done (answered already, or closed automatically) says so instead. An approval link acts on the holder's open
approval task of a catalogue request (an approval level's task that the rule gave her, or her delegate), so it works
once: answered, the task is gone and the link says so. It answers as approval by rule's form does (decision and
comment).
"""
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.links import LinkClaim
from app.platform.errors import Conflict
from app.servicedesk.catalogue.approvers import open_approval_task
from app.servicedesk.tickets.records import find_ticket
from app.workflow.models import UserTask
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import complete_task

STEP_OF_ACTION = {"confirm": "confirm_fix"}


@dataclass(frozen=True)
class LinkStep:
    """The open step a link acts on: the ticket, its title and the task."""

    number: str
    title: str
    task_id: str


def step_of_link(claim: LinkClaim) -> LinkStep | None:
    """Return the open step the link acts on, or None when it is done (or the ticket has no such step now)."""
    ticket = find_ticket(claim.number)
    if claim.action == "approve":
        task_id = open_approval_task(ticket.id, ticket.instance_id, claim.login)
    else:
        task_id = db.session.execute(select(UserTask.id).where(
            UserTask.instance_id == ticket.instance_id, UserTask.element_id == STEP_OF_ACTION[claim.action],
            UserTask.assignee == claim.login)).scalar_one_or_none()
    step = LinkStep(ticket.number, ticket.title, str(task_id)) if task_id is not None else None
    db.session.rollback()
    return step


def act_on_link(runtime: Runtime, claim: LinkClaim, comment: str = "", decision: str | None = None) -> None:
    """Do what the link offers: confirm the fix, or approve or reject; raise Conflict when the step is done."""
    step = step_of_link(claim)
    if step is None:
        raise Conflict(f"{claim.number} no longer waits for this; open the ticket to see where it stands.")
    values: dict[str, Any] = {"confirmation": "confirm"}
    if claim.action == "approve":
        if decision not in ("approve", "reject"):
            raise ValueError("Choose approve or reject.")
        values = {"decision": decision, "comment": comment.strip()}
    complete_task(runtime, step.task_id, claim.login, values)
