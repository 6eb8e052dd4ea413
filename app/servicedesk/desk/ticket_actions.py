"""What an agent does to a ticket beside its flow: cancel it with a reason, or close it as a duplicate of another.

Both end the ticket's process instance (its open tasks and timers go away) and leave a note saying why. Who
may do them is decided here (allowed_actions): the service desk's agents, approvers and managers who may
write, on a ticket whose status may still become cancelled.
"""
from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import Actor, is_read_only
from app.platform.errors import Conflict, InvalidValues, NotAllowed
from app.platform.limits import REASON_MAX, check_lengths
from app.platform.transactions import use_case
from app.servicedesk.change_calendar.schedule import release_booking
from app.servicedesk.tickets.classification import lock_for_change, may_reclassify
from app.servicedesk.tickets.models import Ticket, TicketLink, TicketWatcher
from app.servicedesk.tickets.note_events import add_event_note
from app.servicedesk.tickets.records import TRANSITIONS, apply_status
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.workflow.instances.lifecycle import cancel_locked
from app.workflow.runtime import Runtime
from app.workflow.step import lock_instance

ACTIONS = ("cancel", "duplicate")


def allowed_actions(actor: Actor, ticket: Ticket) -> frozenset[str]:
    """Return the actions the actor may take on the ticket in its present status."""
    if is_read_only(actor) or not may_reclassify(actor) or "cancelled" not in TRANSITIONS[ticket.status]:
        return frozenset()
    return frozenset(ACTIONS)


def check_action(actor: Actor, ticket: Ticket, action: str) -> None:
    """Refuse an action the actor may not take, or that the ticket's status no longer allows."""
    if is_read_only(actor) or not may_reclassify(actor):
        raise NotAllowed("Only the service desk's agents and managers cancel tickets or close them as duplicates.")
    if action not in allowed_actions(actor, ticket):
        raise Conflict(f"{ticket.number} is {ticket.status.replace('_', ' ')}, so it cannot be cancelled or closed "
                       "as a duplicate any more.")


def end_ticket(runtime: Runtime, actor: Actor, ticket: Ticket, reason: str) -> None:
    """Cancel the ticket and end its process instance (the instance row is already locked)."""
    now = runtime.clock.now()
    apply_status(ticket, "cancelled", now)
    ticket.closed_at = now
    if ticket.kind == "change":  # nothing stale stays on the change calendar
        release_booking(ticket)
    if ticket.instance_id is not None:
        row = lock_instance(ticket.instance_id)
        if row is not None and row.status in ("running", "needs_attention"):
            cancel_locked(runtime, row, actor.login, reason)


@use_case
def cancel_ticket(runtime: Runtime, actor: Actor, number: str, reason: str) -> Ticket:
    """Cancel a ticket with a reason the requester reads too; its process ends."""
    ticket = lock_for_change(actor, number, "status")
    check_action(actor, ticket, "cancel")
    reason = reason.strip()
    if not reason:
        raise InvalidValues("Say why the ticket is cancelled; the requester reads the reason.",
                            {"reason": ["Enter the reason."]})
    check_lengths("The ticket was not cancelled", {"reason": ("The reason", reason, REASON_MAX)})
    end_ticket(runtime, actor, ticket, reason)
    add_event_note(ticket, "cancelled", {}, runtime.clock.now(), actor.login, text=reason, public=True)
    return ticket


@use_case
def close_as_duplicate(runtime: Runtime, actor: Actor, number: str, original_number: str) -> Ticket:
    """Close a ticket as a duplicate of another and merge it in: its requester and watchers watch the original."""
    ticket = lock_for_change(actor, number, "status")
    check_action(actor, ticket, "duplicate")
    if not original_number.strip():
        raise InvalidValues("Give the number of the ticket this one duplicates, such as INC-000123.",
                            {"original": ["Enter a ticket number."]})
    original = find_visible_ticket(actor, original_number)
    if original.id == ticket.id:
        raise Conflict(f"{ticket.number} cannot duplicate itself; give the number of the other ticket.")
    if original.status == "cancelled":
        raise Conflict(f"{original.number} is cancelled; close this ticket as a duplicate of an active one.")
    end_ticket(runtime, actor, ticket, f"Duplicate of {original.number}")
    now = runtime.clock.now()
    db.session.add(TicketLink(ticket_id=ticket.id, kind="duplicate_of", target_ticket_id=original.id))
    add_event_note(ticket, "duplicate_of", {"number": original.number}, now, actor.login, public=True)
    add_event_note(original, "duplicate_merged", {"number": ticket.number}, now, actor.login)
    carry_watchers(ticket, original)
    return ticket


def carry_watchers(duplicate: Ticket, original: Ticket) -> None:
    """Let the duplicate's requester and watchers watch the original, so they hear how it ends."""
    watching = set(db.session.execute(select(TicketWatcher.login)
                                      .where(TicketWatcher.ticket_id == original.id)).scalars())
    carried = set(db.session.execute(select(TicketWatcher.login)
                                     .where(TicketWatcher.ticket_id == duplicate.id)).scalars())
    for login in sorted((carried | {duplicate.requester}) - watching - {original.requester}):
        db.session.add(TicketWatcher(ticket_id=original.id, login=login))
