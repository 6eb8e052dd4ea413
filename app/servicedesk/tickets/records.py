"""Tickets: logging one with its priority, group and process, and the statuses it may move through.

Numbering: a ticket is inserted with a unique placeholder number, then numbered from its id
(INC-000123) in the same transaction, so concurrent inserts on PostgreSQL and SQLite never get the
same number and no counter row is locked. Kinds share the id sequence, so numbers have gaps per kind,
and a rolled-back ticket leaves a gap on PostgreSQL.
"""
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.models import User
from app.organisation.people import display_names
from app.organisation.policies import Actor, check_may_log_ticket
from app.platform.errors import Conflict, InvalidValues, NotFound, StepFailed
from app.platform.limits import TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX, length_errors
from app.platform.rules import RuleError
from app.platform.transactions import use_case
from app.service_levels.priority import (
    DEFAULT_PRIORITY_MATRIX,
    PriorityDecision,
    PriorityMatrix,
    accept_monitoring_priority,
    compute_priority,
)
from app.servicedesk.tickets.assignment import choose_group
from app.servicedesk.tickets.categories import require_category
from app.servicedesk.tickets.models import NUMBER_PREFIXES, Ticket
from app.servicedesk.tickets.note_events import add_event_note
from app.workflow.catalog import latest_definition
from app.workflow.instances.lifecycle import start_instance
from app.workflow.runtime import Runtime
from app.workflow.step import definition_for

CHANNELS = ("portal", "agent", "email", "api", "monitoring")
SERVICE_DESK_GROUP = "service-desk"
STATUSES = ("new", "assigned", "in_progress", "pending_requester", "resolved", "closed", "cancelled")
# Where each status may go next; resolved -> in_progress is the requester reopening it.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("assigned", "in_progress", "resolved", "cancelled"),
    "assigned": ("in_progress", "pending_requester", "resolved", "cancelled"),
    "in_progress": ("pending_requester", "resolved", "cancelled"),
    "pending_requester": ("in_progress", "resolved", "cancelled"),
    "resolved": ("in_progress", "closed"),
    "closed": (),
    "cancelled": (),
}
FINISHED = ("resolved", "closed", "cancelled")


def ticket_number(kind: str, ticket_id: int) -> str:
    """Return the number people see for a ticket id: INC-000123."""
    return f"{NUMBER_PREFIXES[kind]}-{ticket_id:06d}"


def require_ticket(ticket_id: int, lock: bool = False) -> Ticket:
    """Return a ticket (its row locked for this transaction when asked) or raise NotFound."""
    query = select(Ticket).where(Ticket.id == ticket_id)
    ticket = db.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if ticket is None:
        raise NotFound(f"There is no ticket {ticket_id}; check the number.")
    return ticket


def find_ticket(number: str, lock: bool = False) -> Ticket:
    """Return a ticket by its number (its row locked for this transaction when asked) or raise NotFound."""
    query = select(Ticket).where(Ticket.number == number.strip().upper())
    if lock:  # lock the row and read it afresh, whatever this session held of it before
        query = query.with_for_update().execution_options(populate_existing=True)
    ticket = db.session.execute(query).scalar_one_or_none()
    if ticket is None:
        raise NotFound(f"There is no ticket {number}; check the number.")
    return ticket


def ticket_of_instance(instance_id: int) -> Ticket | None:
    """Return the ticket whose process an instance is, if any (by the ticket's link, never by a business key
    someone could have chosen)."""
    return db.session.execute(select(Ticket).where(Ticket.instance_id == instance_id)).scalar_one_or_none()


def decide_priority(matrix: PriorityMatrix, impact: str, urgency: str, channel: str, actor: str,
                    given_priority: str | None) -> PriorityDecision:
    """Return the matrix priority, or the priority a monitoring system gave its event."""
    try:
        if channel == "monitoring" and given_priority:
            return accept_monitoring_priority(matrix, given_priority, actor)
        return compute_priority(matrix, impact, urgency)
    except RuleError as error:
        field = "impact" if impact not in matrix.impacts else "urgency" if urgency not in matrix.urgencies \
            else "priority"
        raise InvalidValues(str(error), {field: [str(error)]}) from None


def check_log_values(kind: str, title: str, channel: str, description: str = "") -> None:
    """Refuse an unknown kind or channel, a blank or overlong title and an overlong description."""
    errors: dict[str, list[str]] = {}
    if kind not in NUMBER_PREFIXES:
        errors["kind"] = [f"The kind '{kind}' is unknown; use one of {', '.join(NUMBER_PREFIXES)}."]
    if channel not in CHANNELS:
        errors["channel"] = [f"The channel '{channel}' is unknown; use one of {', '.join(CHANNELS)}."]
    if not title.strip() or len(title.strip()) > TICKET_TITLE_MAX:
        errors["title"] = [f"A ticket needs a title of 1 to {TICKET_TITLE_MAX} characters."]
    errors |= length_errors({"description": ("The description", description, TICKET_DESCRIPTION_MAX)})
    if errors:
        raise InvalidValues("The ticket was refused; correct the marked fields.", errors)


def insert_ticket(runtime: Runtime, values: dict[str, Any]) -> Ticket:
    """Add a ticket, numbered from its id, to the session without committing."""
    now = runtime.clock.now()
    ticket = Ticket(number=f"new-{uuid.uuid4().hex}", status="new", reassignment_count=0, created_at=now,
                    updated_at=now, **values)
    db.session.add(ticket)
    db.session.flush()
    ticket.number = ticket_number(ticket.kind, ticket.id)
    db.session.flush()
    return ticket


def start_variables(runtime: Runtime, process_id: str, ticket: Ticket) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a ticket's start variables into start-form values and FlowDesk's own context."""
    variables = {"ticket": ticket.number, "title": ticket.title, "description": ticket.description,
                 "priority": ticket.priority, "assigned_group": ticket.assigned_group, "requester": ticket.requester}
    latest = latest_definition(process_id)
    if latest is None:
        return variables, {}  # start_instance refuses the unknown process
    fields = {spec.id for spec in definition_for(runtime, latest.id).start_fields}
    form = {name: value for name, value in variables.items() if name in fields}
    context = {name: value for name, value in variables.items() if name not in fields}
    return (form, context) if fields else (variables, {})


def start_ticket_process(runtime: Runtime, ticket: Ticket, process_id: str, actor: str) -> int:
    """Start the process of a flushed ticket in the caller's unit; a failed start leaves nothing behind."""
    form, context = start_variables(runtime, process_id, ticket)
    try:
        return start_instance(runtime, process_id, form, ticket.number, actor, context)
    except StepFailed as error:
        error.discard_recovery()  # the ticket is not logged, so no instance is kept for a retry either
        raise Conflict(f"The ticket was not logged because its process '{process_id}' failed at its start: "
                       f"{error} Ask a process owner to fix the process, then log the ticket again.") from error


@use_case
def log_ticket(runtime: Runtime, kind: str, title: str, description: str, requester: str,
               category_id: int | None, ci_id: int | None, impact: str, urgency: str, actor: Actor,
               channel: str = "portal", given_priority: str | None = None,
               matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX, default_group: str | None = None,
               process_id: str | None = None) -> Ticket:
    """Log a ticket: decide its priority and group, store it and start its process (business key = number).

    The ticket, its process instance and the link between them are one unit: if the process cannot
    start, nothing is stored. What the actor may set is app.organisation.policies.check_may_log_ticket.
    default_group and process_id stand in where the category names none (a mailbox's settings).
    """
    check_log_values(kind, title, channel, description)
    check_may_log_ticket(actor, requester, ci_id, channel, given_priority)
    category = require_category(category_id) if category_id is not None else None
    ci = db.session.get(ConfigurationItem, ci_id) if ci_id is not None else None
    if ci_id is not None and ci is None:
        raise NotFound(f"There is no configuration item {ci_id}; choose an existing one or leave it empty.")
    decision = decide_priority(matrix, impact, urgency, channel, actor.login, given_priority)
    group = choose_group(ci.owner_group if ci else None, category.default_group if category else None,
                         default_group or SERVICE_DESK_GROUP)
    department_id = db.session.execute(select(User.department_id).where(User.login == requester)).scalar()
    ticket = insert_ticket(runtime, {
        "kind": kind, "channel": channel, "title": title.strip(), "description": description,
        "requester": requester, "requester_department_id": department_id, "category_id": category_id,
        "ci_id": ci_id, "impact": impact, "urgency": urgency, "priority": decision.priority,
        "priority_source": decision.source, "priority_reason": decision.reason, "assigned_group": group.group})
    process_id = (category.process_id if category else None) or process_id or kind
    ticket.instance_id = start_ticket_process(runtime, ticket, process_id, actor.login)
    if actor.login != requester:  # the agent who took the call has worked on the ticket, so keeps seeing it
        names = display_names({actor.login, requester})
        add_event_note(ticket, "logged_for", {"agent": names.get(actor.login, actor.login),
                                              "requester": names.get(requester, requester), "channel": channel},
                       ticket.created_at, actor.login)
    return ticket


def apply_status(ticket: Ticket, status: str, now: datetime) -> None:
    """Move a ticket to a status its current one allows, stamping response, resolution and closure times.

    Only the flow's handlers (app/servicedesk/incident/flow.py) call it: a ticket's status follows its process.
    """
    if status not in STATUSES:
        raise InvalidValues(f"The status '{status}' is unknown; use one of {', '.join(STATUSES)}.",
                            {"status": ["Unknown status."]})
    allowed = TRANSITIONS[ticket.status]
    if status not in allowed:
        nexts = ", ".join(allowed) if allowed else "nothing: it is final"
        raise Conflict(f"Ticket {ticket.number} is {ticket.status} and cannot become {status}; it can become {nexts}.")
    if status == "in_progress" and ticket.responded_at is None:
        ticket.responded_at = now
    if status == "resolved":
        ticket.resolved_at = now
    if ticket.status == "resolved" and status == "in_progress":
        ticket.resolved_at = None
    if status == "closed":
        ticket.closed_at = now
    ticket.status = status
    ticket.updated_at = now
