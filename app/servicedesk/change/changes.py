"""Changes: raise a CHG ticket with its record (its flow starts at once, by type), edit the record while it may be
edited, link the incidents and problems it fixes, and read one change or a filtered list."""
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.people import time_zone_of
from app.organisation.policies import (
    Actor,
    check_may_edit_change,
    check_may_raise_change,
    may_read_changes,
    may_see_every_change,
)
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound, StepFailed
from app.platform.transactions import use_case
from app.service_levels.priority import DEFAULT_PRIORITY_MATRIX, compute_priority
from app.servicedesk.change import risk_answers, templates
from app.servicedesk.change.models import ChangeCi, ChangeLink, ChangeRecord
from app.servicedesk.change.records import ci_ids_of, cis_of, linked_tickets, record_of, services_of
from app.servicedesk.change.stages import PROCESS_OF_TYPE
from app.servicedesk.change.values import (
    ChangeValues,
    check_change_values,
    ci_errors,
    moment_in_zone,
    people_errors,
    refuse_if_any,
    text_errors,
    window_errors,
)
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import add_event_note
from app.servicedesk.tickets.records import insert_ticket
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.workflow.instances.lifecycle import start_instance
from app.workflow.runtime import Runtime

EDITABLE_FIELDS = ("title", "description", "reason", "implementation_plan", "backout_plan", "test_plan",
                   "planned_start", "planned_end", "implementer", "impact", "ci_ids")
LINKABLE_KINDS = ("incident", "problem")


@dataclass
class ChangeView:
    """A change as its pages and the API show it."""

    ticket: Ticket
    record: ChangeRecord
    cis: list[ConfigurationItem] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    links: list[Ticket] = field(default_factory=list)
    reasons: dict[str, Any] = field(default_factory=dict)


def require_change(actor: Actor, number: str) -> Ticket:
    """Return a CHG ticket the actor may see, or raise NotFound (alike for unknown, invisible and non-changes)."""
    ticket = find_visible_ticket(actor, number)
    if ticket.kind != "change":
        raise NotFound(f"{ticket.number} is not a change; give a CHG number.")
    return ticket


def iso_in(moment: datetime, zone: str) -> str:
    """Write a moment as ISO 8601 with the offset of a zone (as typed date-time variables are kept)."""
    return moment.astimezone(ZoneInfo(zone)).isoformat()


def flow_variables(ticket: Ticket, record: ChangeRecord, ci_ids: list[int]) -> dict[str, Any]:
    """Return the variables a change's flow starts with (the calendar's check reads the window, CIs, implementer)."""
    zone = record.time_zone
    return {"ticket": ticket.number, "title": ticket.title, "summary": ticket.title,
            "description": ticket.description, "requester": ticket.requester, "requested_by": ticket.requester,
            "change_owner": record.owner, "owner_group": record.owner_group,
            "implementer": record.implementer or record.owner, "change_type": record.change_type,
            "planned_start": iso_in(record.planned_start_at, zone), "planned_end": iso_in(record.planned_end_at, zone),
            "affected_cis": ci_ids, "risk": record.risk, "impact": ticket.impact, "reason": record.reason,
            "implementation_plan": record.implementation_plan, "backout_plan": record.backout_plan,
            "test_plan": record.test_plan or ""}


@use_case
def raise_change(runtime: Runtime, actor: Actor, values: ChangeValues, channel: str = "agent") -> Ticket:
    """Raise a change: the CHG ticket, its record, CIs and links, its risk, and its type's flow, in one unit.

    A standard change is raised from an approved template, which fills in what the caller left empty.
    """
    check_may_raise_change(actor)
    template = templates.use_template(values) if values.change_type == "standard" else None
    zone = time_zone_of(actor.login)
    now = runtime.clock.now()
    check_change_values(values, zone, now)
    links = tickets_to_link(actor, values.links)
    priority = compute_priority(DEFAULT_PRIORITY_MATRIX, values.impact, "medium")
    ticket = insert_ticket(runtime, {
        "kind": "change", "channel": channel, "title": values.title.strip(), "description": values.description,
        "requester": actor.login, "requester_department_id": None, "category_id": None,
        "ci_id": values.ci_ids[0] if values.ci_ids else None, "impact": values.impact, "urgency": "medium",
        "priority": priority.priority, "priority_source": priority.source, "priority_reason": priority.reason,
        "assigned_group": values.owner_group, "assignee": values.owner})
    record = insert_record(ticket, values, zone, template.id if template else None)
    for linked in links:
        db.session.add(ChangeLink(change_record_id=record.id, ticket_id=linked.id))
    if values.change_type == "emergency":  # the reports' emergency-change share counts this event
        add_event_note(ticket, "change_emergency", {}, now, actor.login)
    ticket.instance_id = start_change_flow(runtime, ticket, record, values.ci_ids, actor.login)
    return ticket


def insert_record(ticket: Ticket, values: ChangeValues, zone: str, template_id: int | None) -> ChangeRecord:
    """Write a new change's record with its CIs and its first risk assessment."""
    record = ChangeRecord(
        ticket_id=ticket.id, change_type=values.change_type, stage="new", reason=values.reason.strip(),
        owner=values.owner, owner_group=values.owner_group, implementer=values.implementer or None,
        planned_start_at=moment(values.planned_start, zone), planned_end_at=moment(values.planned_end, zone),
        time_zone=zone, implementation_plan=values.implementation_plan.strip(),
        backout_plan=values.backout_plan.strip(), test_plan=values.test_plan.strip() or None,
        answers=json.dumps({str(key): bool(value) for key, value in values.answers.items()}),
        template_id=template_id, risk="low", risk_score=0.0, risk_reasons="{}")
    db.session.add(record)
    db.session.flush()
    for ci_id in dict.fromkeys(values.ci_ids):
        db.session.add(ChangeCi(change_record_id=record.id, ci_id=ci_id))
    risk_answers.store(record, risk_answers.assess(record, values.impact))
    return record


def moment(value: str | datetime, zone: str) -> datetime:
    """Return a checked planned moment as an aware datetime."""
    found = moment_in_zone(value, zone)
    assert found is not None  # checked by check_change_values
    return found


def start_change_flow(runtime: Runtime, ticket: Ticket, record: ChangeRecord, ci_ids: list[int], actor: str) -> int:
    """Start the flow of the change's type in the caller's unit; a failed start leaves nothing behind."""
    process_id = PROCESS_OF_TYPE[record.change_type]
    try:
        return start_instance(runtime, process_id, {}, ticket.number, actor,
                              flow_variables(ticket, record, list(dict.fromkeys(ci_ids))))
    except StepFailed as error:
        error.discard_recovery()
        raise Conflict(f"The change was not raised because its process '{process_id}' failed at its start: {error} "
                       "Ask a process owner to fix the process, then raise the change again.") from error


def tickets_to_link(actor: Actor, numbers: list[str], what: str = "The change was not raised") -> list[Ticket]:
    """Return the incidents and problems to link, refusing others and those the actor does not see."""
    found = []
    for number in dict.fromkeys(number.strip() for number in numbers if number.strip()):
        try:
            ticket = find_visible_ticket(actor, number)
        except NotFound as error:
            raise InvalidValues(f"{what}: {error}", {"links": [str(error)]}) from error
        if ticket.kind not in LINKABLE_KINDS:
            raise InvalidValues(f"{ticket.number} is a {ticket.kind}; a change fixes incidents and problems only.",
                                {"links": ["Give incident and problem numbers."]})
        found.append(ticket)
    return found


@use_case
def update_change(runtime: Runtime, actor: Actor, number: str, values: dict[str, Any]) -> ChangeRecord:
    """Change the fields of a change's record the actor may change, while it may still be edited."""
    unknown = sorted(set(values) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidValues(f"{', '.join(unknown)} cannot be changed on a change; change only "
                            f"{', '.join(EDITABLE_FIELDS)}.", {name: ["This field cannot be changed."]
                                                               for name in unknown})
    ticket = require_change(actor, number)
    record = record_of(ticket.id)
    check_may_edit_change(actor, ticket.requester, record.owner, record.stage)
    errors = text_errors(values, ("title", "reason", "implementation_plan", "backout_plan")) | people_errors(values)
    if "planned_start" in values or "planned_end" in values:
        errors |= window_errors(values.get("planned_start", record.planned_start_at),
                                values.get("planned_end", record.planned_end_at), record.time_zone,
                                runtime.clock.now())
    refuse_if_any("The change was not saved", errors)
    apply_values(ticket, record, values)
    risk_answers.store(record, risk_answers.assess(record, ticket.impact))
    ticket.updated_at = runtime.clock.now()
    return record


def apply_values(ticket: Ticket, record: ChangeRecord, values: dict[str, Any]) -> None:
    """Write checked values on the ticket and record."""
    for name, value in values.items():
        if name in ("title", "description"):
            setattr(ticket, name, str(value or "").strip())
        elif name == "impact":
            ticket.impact = value
        elif name in ("planned_start", "planned_end"):
            setattr(record, f"{name}_at", moment(value, record.time_zone))
        elif name == "ci_ids":
            replace_cis(record, list(value or []))
        elif name == "test_plan":
            record.test_plan = str(value or "").strip() or None
        else:
            setattr(record, name, str(value).strip() if value is not None else None)


def replace_cis(record: ChangeRecord, ci_ids: list[int]) -> None:
    """Replace the CIs a change affects."""
    refuse_if_any("The change was not saved", ci_errors(ci_ids, required=record.change_type != "standard"))
    for row in db.session.execute(select(ChangeCi).where(ChangeCi.change_record_id == record.id)).scalars():
        db.session.delete(row)
    db.session.flush()
    for ci_id in dict.fromkeys(ci_ids):
        db.session.add(ChangeCi(change_record_id=record.id, ci_id=ci_id))


@use_case
def link_ticket(actor: Actor, number: str, other: str) -> ChangeLink:
    """Link an incident or problem to the change that fixes it; its requester, owner and change managers."""
    ticket = require_change(actor, number)
    record = record_of(ticket.id)
    check_may_edit_change(actor, ticket.requester, record.owner, "new")
    found = tickets_to_link(actor, [other], "The ticket was not linked")
    if not found:
        raise InvalidValues("Give the number of the incident or problem the change fixes.",
                            {"ticket": ["Give an incident's or a problem's number."]})
    target = found[0]
    if db.session.execute(select(ChangeLink.id).where(ChangeLink.change_record_id == record.id,
                                                      ChangeLink.ticket_id == target.id)).first():
        raise Conflict(f"{target.number} is already linked to {ticket.number}.")
    link = ChangeLink(change_record_id=record.id, ticket_id=target.id)
    db.session.add(link)
    db.session.flush()
    return link


def change_view(actor: Actor, number: str) -> ChangeView:
    """Return a change the actor may see, with its CIs, the services they support, its links and risk reasons."""
    ticket = require_change(actor, number)
    record = record_of(ticket.id)
    ci_ids = ci_ids_of(record.id)
    return ChangeView(ticket, record, cis_of(record.id), services_of(ci_ids), linked_tickets(record.id),
                      risk_answers.reasons_of(record))


@dataclass(frozen=True)
class ChangeFilters:
    """Filters of the change list."""

    change_type: str | None = None
    stage: str | None = None
    risk: str | None = None
    ci_id: int | None = None
    owner: str | None = None
    starts_after: datetime | None = None
    starts_before: datetime | None = None


def list_changes(actor: Actor, filters: ChangeFilters, after: int | None = None,
                 limit: int = 50) -> list[tuple[Ticket, ChangeRecord]]:
    """Return the changes the actor may see, newest first (keyset by id), filtered."""
    if not may_read_changes(actor):
        raise NotAllowed("Only the service desk's staff read changes.")
    query = select(Ticket, ChangeRecord).join(ChangeRecord, ChangeRecord.ticket_id == Ticket.id) \
        .where(Ticket.kind == "change").order_by(Ticket.id.desc()).limit(limit)
    if not may_see_every_change(actor):
        query = query.where((Ticket.requester == actor.login) | (ChangeRecord.owner == actor.login)
                            | (Ticket.assigned_group.in_(sorted(actor.groups))))
    for column, value in ((ChangeRecord.change_type, filters.change_type), (ChangeRecord.stage, filters.stage),
                          (ChangeRecord.risk, filters.risk), (ChangeRecord.owner, filters.owner)):
        if value:
            query = query.where(column == value)
    if filters.ci_id is not None:
        query = query.where(ChangeRecord.id.in_(select(ChangeCi.change_record_id).where(
            ChangeCi.ci_id == filters.ci_id)))
    if filters.starts_after is not None:
        query = query.where(ChangeRecord.planned_start_at >= filters.starts_after)
    if filters.starts_before is not None:
        query = query.where(ChangeRecord.planned_start_at < filters.starts_before)
    if after is not None:
        query = query.where(Ticket.id < after)
    return [(row[0], row[1]) for row in db.session.execute(query).all()]
