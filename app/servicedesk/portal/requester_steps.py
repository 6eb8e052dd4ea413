"""What waits for a requester: the steps of her requests assigned to her (answer, confirm the fix, ...).

She works them on her ticket's page, in the conversation; they complete through the one task use case
(app.workflow.tasks.actions.complete_task), so the form's rules and permissions are those of every task.
"""
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from app.extensions import db
from app.organisation.people import display_names
from app.organisation.policies import Actor
from app.servicedesk.portal.request_timeline import step_kind
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.workflow.models import ProcessInstance, UserTask
from app.workflow.runtime import Runtime
from app.workflow.tasks.details import TaskDetails, show_task

PANEL_SIZE = 20
# the incident's rate step of diagram versions before the satisfaction survey: instances of those versions may still
# wait there (until its timer ends them), but the portal offers the survey instead (app.servicedesk.surveys)
OLD_RATING_STEP = "rate"


@dataclass(frozen=True)
class WaitingStep:
    """A step assigned to the requester, with whose move she is answering."""

    task_id: str
    kind: str  # answer, confirm or other (app.servicedesk.portal.request_timeline.step_kind)
    name: str  # as drawn
    since_at: datetime
    asked_by: str | None  # display name of the last person from the desk who wrote to her on the ticket
    ticket_number: str | None
    ticket_title: str | None
    instance_id: int


def list_waiting_steps(login: str, limit: int = PANEL_SIZE) -> list[WaitingStep]:
    """Return the open steps assigned to a person on what she requested or started, oldest first."""
    rows = db.session.execute(
        select(UserTask.id, UserTask.name, UserTask.created_at, UserTask.form_fields, UserTask.instance_id,
               Ticket.id.label("ticket_id"), Ticket.number, Ticket.title)
        .join(ProcessInstance, ProcessInstance.id == UserTask.instance_id)
        .outerjoin(Ticket, Ticket.instance_id == UserTask.instance_id)
        .where(UserTask.assignee == login, or_(Ticket.requester == login, ProcessInstance.started_by == login),
               UserTask.element_id != OLD_RATING_STEP)
        .order_by(UserTask.created_at, UserTask.id).limit(limit)).all()
    writers = last_writers([row.ticket_id for row in rows if row.ticket_id is not None], login)
    names = display_names(set(writers.values()))
    return [WaitingStep(row.id, step_kind(field_ids(row.form_fields)), row.name, row.created_at,
                        names.get(writers[row.ticket_id], writers[row.ticket_id]) if row.ticket_id in writers
                        else None, row.number, row.title, row.instance_id)
            for row in rows]


def field_ids(form_fields: str) -> list[str]:
    """Return the ids of a task's form fields (stored as JSON)."""
    return [str(field["id"]) for field in json.loads(form_fields)]


def last_writers(ticket_ids: list[int], requester: str) -> dict[int, str]:
    """Return, per ticket, the login of the last person other than the requester who wrote her a public note."""
    if not ticket_ids:
        return {}
    rows = db.session.execute(
        select(TicketNote.ticket_id, TicketNote.author)
        .where(TicketNote.ticket_id.in_(ticket_ids), TicketNote.visibility == "public",
               TicketNote.author != requester)
        .order_by(TicketNote.at, TicketNote.id)).all()
    return {row.ticket_id: row.author for row in rows}


def my_step_on_ticket(runtime: Runtime, actor: Actor, ticket: Ticket) -> TaskDetails | None:
    """Return the open step of a ticket's process assigned to the actor, with its form, or None."""
    if ticket.instance_id is None:
        return None
    task_id = db.session.execute(
        select(UserTask.id).where(UserTask.instance_id == ticket.instance_id, UserTask.assignee == actor.login,
                                  UserTask.element_id != OLD_RATING_STEP)
        .order_by(UserTask.created_at, UserTask.id).limit(1)).scalar()
    return show_task(runtime, task_id, actor) if task_id else None
