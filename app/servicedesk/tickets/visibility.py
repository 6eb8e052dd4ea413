"""Who sees a ticket, and who sees a note or a file on it (staff only, or the requester too) and who may choose
which, and the same rule for an instance's variables and history.

Seeing a ticket is a WHERE condition (visibility_condition, the SQL of app.organisation.policies.may_see_ticket),
so every look-up, list, export and page only ever reads tickets the actor may see.

One rule for the pages, the API and the CLI: staff choose, and write for staff only unless they say
otherwise; requesters write what the service desk and they both see, and are refused anything else.
"""
from collections.abc import Callable
from typing import cast

from sqlalchemy import ColumnElement, Table, and_, exists, false, or_, select, true

from app.extensions import db
from app.organisation.accounts import Actor
from app.organisation.policies import (
    is_staff,
    may_manage_problems,
    may_see_every_change,
    may_see_every_ticket,
    may_see_problems,
    may_take_queued_tasks,
    may_use_inbox,
)
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.servicedesk.tickets.models import Ticket, TicketNote, TicketWatcher
from app.workflow.models import UserTask, UserTaskCandidate
from app.workflow.tasks.offers import offered_to

VISIBILITIES = ("internal", "public")
# what -> the refusal a requester gets for asking to hide it from themselves
REQUESTER_REFUSALS = {
    "note": "Requesters write notes that the service desk and they both see; make the note public.",
    "file": "Requesters attach files that the service desk and they both see; make the file public.",
}


def visibility_for(actor: Actor, visibility: str | None, what: str) -> str:
    """Return the visibility of a note or file the actor adds; refuse an unknown one and a requester's internal one.

    None means the actor did not choose: internal for staff, public for requesters.
    """
    if visibility is None:
        return "internal" if is_staff(actor) else "public"
    if visibility not in VISIBILITIES:
        article = "An attachment" if what == "file" else "A note"
        raise InvalidValues(f"{article} is {' or '.join(VISIBILITIES)}, not '{visibility}'.",
                            {"visibility": ["Choose internal or public."]})
    if visibility != "public" and not is_staff(actor):
        raise NotAllowed(REQUESTER_REFUSALS[what])
    return visibility


def sees_internal(actor: Actor) -> bool:
    """Say whether the actor reads a ticket's internal notes and files (staff do; requesters do not)."""
    return is_staff(actor)


# Instance variables that mirror the ticket record, which whoever may see the ticket reads in full.
TICKET_VARIABLES = frozenset({"ticket", "requester", "title", "description", "priority", "impact", "urgency",
                              "assigned_group", "assignee"})

def visible_instance_variables(actor: Actor,
                               requester_fields: Callable[[], frozenset[str]]) -> frozenset[str] | None:
    """Return the names of an instance's variables the actor reads; None when they read every one.

    The one rule for instance data, the rule of a ticket's notes: staff read everything; anyone else
    (the requester, a process owner) reads what a requester's ticket and forms show them: the variables
    mirroring the ticket, and the fields of the start form and of the tasks drawn for the requester
    (requester_fields). An approver's comment or a forward reason stays with the staff, as its note does.
    """
    if sees_internal(actor):
        return None
    return TICKET_VARIABLES | requester_fields()


def find_visible_ticket(actor: Actor, number: str) -> Ticket:
    """Return a ticket by number if the actor may see it; NotFound alike for unknown and invisible ones."""
    statement = select(Ticket).where(Ticket.number == number.strip().upper())
    visible = visibility_condition(actor)
    if visible is not None:
        statement = statement.where(visible)
    ticket = db.session.execute(statement).scalar_one_or_none()
    if ticket is None:
        raise NotFound(f"There is no ticket {number} that you may see; check the number.")
    return ticket


def may_read_ticket(actor: Actor, ticket_id: int) -> bool:
    """Say whether the actor may see the ticket with this id (the rule of visibility_condition)."""
    statement = select(Ticket.id).where(Ticket.id == ticket_id)
    visible = visibility_condition(actor)
    if visible is not None:
        statement = statement.where(visible)
    return db.session.execute(statement).first() is not None


def visibility_condition(actor: Actor) -> ColumnElement[bool] | None:
    """Return the SQL of app.organisation.policies.may_see_ticket for one actor; None when they see every ticket.

    Requesters see the tickets they requested and those they watch; whoever has an open task on a ticket sees
    it; agents (and approvers) also their groups' tickets and those they worked on: assigned to them now, or with
    a note they wrote.
    """
    if may_see_every_ticket(actor):
        return None
    own = or_(Ticket.requester == actor.login, open_task_condition(actor))
    if not may_use_inbox(actor):  # requesters also follow what they watch, on its public side
        return or_(own, exists().where(TicketWatcher.ticket_id == Ticket.id, TicketWatcher.login == actor.login))
    visible: list[ColumnElement[bool]] = [own]
    if actor.groups:
        visible.append(Ticket.assigned_group.in_(sorted(actor.groups)))
    visible.append(Ticket.assignee == actor.login)
    visible.append(exists().where(TicketNote.author == actor.login, TicketNote.ticket_id == Ticket.id))
    if may_see_problems(actor):
        visible.append(Ticket.kind == "problem")
    if may_manage_problems(actor):  # problem managers look for the causes of every incident
        visible.append(Ticket.kind == "incident")
    if may_see_every_change(actor):  # change managers and the CAB's members read every change
        visible.append(Ticket.kind == "change")
    return or_(*visible)


def open_task_condition(actor: Actor) -> ColumnElement[bool]:
    """Match tickets whose process has an open task the actor may work: assigned to them, or offered to them
    or one of their groups while unclaimed."""
    candidates = cast(Table, UserTaskCandidate.__table__)
    offered = exists().where(candidates.c.task_id == UserTask.id,
                             offered_to(candidates, actor.login, sorted(actor.groups),
                                        true() if may_take_queued_tasks(actor.roles) else false()))
    return exists().where(UserTask.instance_id == Ticket.instance_id,
                          or_(UserTask.assignee == actor.login, and_(UserTask.assignee.is_(None), offered)))
