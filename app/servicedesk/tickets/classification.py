"""Changing by hand what a ticket's service level depends on (its priority, its category, its CI), with
its deadlines and its process's timers following in the same unit of work.

Each change locks the ticket's instance first and then the ticket (the order a step of the flow locks
them in, so the two never wait on each other), applies the change, and computes the deadlines again
from the ticket's creation, priority, policy and pauses. When they moved, the running process gets
the new deadlines: its open tasks' due dates and its waiting timers (response breach, resolution
warning and breach) move with them, recorded in the instance's history as deadlines_moved with the
old and new moments and the reason. A change that leaves the deadlines as they were moves nothing.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.accounts import Actor
from app.organisation.policies import check_may_write, may_use_inbox
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.limits import REASON_MAX, check_lengths
from app.platform.rules import RuleError
from app.platform.transactions import use_case
from app.service_levels.priority import DEFAULT_PRIORITY_MATRIX, OverrideNeedsReason, PriorityMatrix
from app.service_levels.priority import override_priority as decide_override
from app.servicedesk.tickets import deadlines as ticket_deadlines
from app.servicedesk.tickets.categories import require_category
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import add_event_note
from app.servicedesk.tickets.records import find_ticket
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.workflow.instances.history import NewEvent
from app.workflow.runtime import Runtime
from app.workflow.step import lock_instance
from app.workflow.variables import MovedTimer, set_instance_variables


@dataclass(frozen=True)
class Deadlines:
    """The service level a ticket runs on and the moments it must meet."""

    policy: str | None
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    resolution_warning_at: datetime | None

    def changes_to(self, other: "Deadlines") -> dict[str, dict[str, str | None]]:
        """Return what differs from another set of deadlines, as {name: {from, to}} for the history."""
        changes = {}
        for name in ("policy", "response_due_at", "resolution_due_at", "resolution_warning_at"):
            old, new = getattr(self, name), getattr(other, name)
            if old != new:
                changes[name] = {"from": text_of(old), "to": text_of(new)}
        return changes


def text_of(value: datetime | str | None) -> str | None:
    """Return a moment as ISO text (other values as they are)."""
    return value.isoformat() if isinstance(value, datetime) else value


def deadlines_of(ticket: Ticket) -> Deadlines:
    """Return a ticket's current policy and deadlines."""
    return Deadlines(ticket.sla_policy, ticket.response_due_at, ticket.resolution_due_at, ticket.resolution_warning_at)


def may_reclassify(actor: Actor) -> bool:
    """Agents, approvers and managers (and admins) change a ticket's priority, category and CI."""
    return may_use_inbox(actor) or actor.has_role("manager")


def lock_for_change(actor: Actor, number: str, what: str) -> Ticket:
    """Return a ticket the actor may see and change, its instance and then its own row locked."""
    check_may_write(actor, f"change a ticket's {what}")
    if not may_reclassify(actor):
        raise NotAllowed(f"Only the service desk's agents and managers change a ticket's {what}; "
                         "ask one of them to do it.")
    ticket = find_visible_ticket(actor, number)
    if ticket.instance_id is not None:
        lock_instance(ticket.instance_id)
    return find_ticket(ticket.number, lock=True)


@use_case
def override_priority(runtime: Runtime, actor: Actor, number: str, priority: str, reason: str,
                      matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX) -> Ticket:
    """Set a ticket's priority by hand with a reason; its deadlines and its process's timers follow."""
    ticket = lock_for_change(actor, number, "priority")
    check_lengths("The priority was not changed", {"reason": ("The reason", reason.strip(), REASON_MAX)})
    try:
        decision = decide_override(matrix, priority, reason)
    except OverrideNeedsReason as error:
        raise InvalidValues(str(error), {"reason": [str(error)]}) from None
    except RuleError as error:
        raise InvalidValues(str(error), {"priority": [str(error)]}) from None
    before = ticket.priority
    ticket.priority, ticket.priority_source, ticket.priority_reason = (
        decision.priority, decision.source, decision.reason)
    ticket.updated_at = runtime.clock.now()
    add_event_note(ticket, "priority_set", {"priority": decision.priority}, ticket.updated_at, actor.login,
                   text=decision.reason)
    follow_deadlines(runtime, ticket, actor.login, f"priority {before} -> {decision.priority}: {decision.reason}",
                     {"priority": decision.priority})
    return ticket


@use_case
def change_category(runtime: Runtime, actor: Actor, number: str, category_id: int | None, ci_id: int | None,
                    reason: str) -> Ticket:
    """Set a ticket's category and affected CI by hand with a reason; its deadlines and timers follow.

    The ticket stays with its group: forward the current task to move it to another one.
    """
    ticket = lock_for_change(actor, number, "category")
    if not reason.strip():
        raise InvalidValues("Changing the category needs a reason; write why it changes.",
                            {"reason": ["Say why the category changes."]})
    check_lengths("The category was not changed", {"reason": ("The reason", reason.strip(), REASON_MAX)})
    category = require_category(category_id) if category_id is not None else None
    ci = db.session.get(ConfigurationItem, ci_id) if ci_id is not None else None
    if ci_id is not None and ci is None:
        raise NotFound(f"There is no configuration item {ci_id}; choose an existing one or leave it empty.")
    if (category_id, ci_id) == (ticket.category_id, ticket.ci_id):
        raise Conflict(f"{ticket.number} already has this category and configuration item; choose another one.")
    ticket.category_id, ticket.ci_id = category_id, ci_id
    ticket.updated_at = runtime.clock.now()
    what = (f"Category set to {category.name if category else 'none'}, configuration item "
            f"{ci.name if ci else 'none'}: {reason.strip()}")
    add_event_note(ticket, "category_set", {"category": category.name if category else "", "ci": ci.name if ci else ""},
                   ticket.updated_at, actor.login, text=reason.strip())
    follow_deadlines(runtime, ticket, actor.login, what,
                     {"category": str(category_id) if category_id is not None else None,
                      "ci": ci.name if ci else None})
    return ticket


def follow_deadlines(runtime: Runtime, ticket: Ticket, actor: str, reason: str,
                     variables: dict[str, Any]) -> list[MovedTimer]:
    """Compute a changed ticket's deadlines again and give its running process the new values.

    Return the timers that moved (none when the deadlines stayed, or the ticket has no running process).
    """
    before = deadlines_of(ticket)
    ticket_deadlines.apply_deadlines(ticket)
    changes = before.changes_to(deadlines_of(ticket))
    values = dict(variables)
    if changes:
        values.update(ticket_deadlines.deadline_variables(ticket))
        event = NewEvent("deadlines_moved", None, {"reason": reason, "deadlines": changes})
    else:
        event = NewEvent("variables_changed", None, {"reason": reason, "variables": values})
    if ticket.instance_id is None:
        return []
    return set_instance_variables(runtime, ticket.instance_id, values, actor, event) or []
