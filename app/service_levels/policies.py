"""Service levels as admin data: calendars, policies and their targets, which policy and calendar a ticket's
policy name and priority resolve to, the pauses of a ticket's clock, and the settings the incident flow reads
(priority matrix, reassignment limit, auto-close delay). The service desk applies them to its tickets
(app/servicedesk/tickets/deadlines.py), so nothing here knows a ticket.

When an admin has defined nothing yet, the built-in defaults below apply, so a fresh installation has
service levels from its first ticket.
"""
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from app.extensions import db
from app.platform.errors import InvalidValues, NotFound
from app.platform.transactions import use_case
from app.service_levels.calendar import BusinessCalendar
from app.service_levels.escalation import DEFAULT_REASSIGNMENT_LIMIT
from app.service_levels.hours import CalendarInvalid
from app.service_levels.models import CalendarRow, Setting, SlaPolicy, SlaTargetRow, TicketSlaEvent
from app.service_levels.priority import DEFAULT_PRIORITY_MATRIX, MatrixInvalid, PriorityMatrix
from app.service_levels.sla_clock import (
    ClockEvent,
    ClockEventKind,
    SlaTarget,
)

DEFAULT_POLICY = "standard"
DEFAULT_CALENDAR = "China office hours"
DEFAULT_CALENDAR_DEFINITION: dict[str, Any] = {
    "timezone": "Asia/Shanghai",
    "hours": {day: [["09:00", "12:00"], ["13:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
    "statutory": "china",
}
# priority -> (response, resolution) in working minutes
DEFAULT_TARGET_MINUTES = {"P1": (30, 240), "P2": (60, 480), "P3": (240, 1440), "P4": (480, 2400)}
DEFAULT_AUTO_CLOSE_WORKING_DAYS = 3
SETTING_DEFAULTS: dict[str, Any] = {
    "reassignment_limit": DEFAULT_REASSIGNMENT_LIMIT,
    "auto_close_working_days": DEFAULT_AUTO_CLOSE_WORKING_DAYS,
    "approval_priorities": ["P1"],
}


@dataclass(frozen=True)
class ResolvedPolicy:
    """The policy a ticket runs on: its name, calendar and the target for the ticket's priority."""

    name: str
    calendar: BusinessCalendar
    target: SlaTarget


# --- settings ------------------------------------------------------------------------------------

def read_setting(key: str) -> Any:
    """Return an admin setting, or its built-in default."""
    value = db.session.execute(select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
    return json.loads(value) if value is not None else SETTING_DEFAULTS.get(key)


def write_setting(key: str, value: Any, now: datetime) -> None:
    """Store an admin setting inside the caller's transaction."""
    row = db.session.get(Setting, key)
    if row is None:
        db.session.add(Setting(key=key, value=json.dumps(value), updated_at=now))
    else:
        row.value, row.updated_at = json.dumps(value), now


def priority_matrix() -> PriorityMatrix:
    """Return the impact x urgency matrix admins keep, or the built-in one."""
    raw = read_setting("priority_matrix")
    if raw is None:
        return DEFAULT_PRIORITY_MATRIX
    return matrix_from_dict(raw)


def matrix_from_dict(raw: dict[str, Any]) -> PriorityMatrix:
    """Build a matrix from its stored form {impacts, urgencies, codes, cells: {"impact/urgency": code}}."""
    cells = {tuple(name.split("/", 1)): code for name, code in raw["cells"].items()}
    return PriorityMatrix(tuple(raw["impacts"]), tuple(raw["urgencies"]), cells, tuple(raw["codes"]))


def matrix_to_dict(matrix: PriorityMatrix) -> dict[str, Any]:
    """Return the stored form of a matrix."""
    return {"impacts": list(matrix.impacts), "urgencies": list(matrix.urgencies), "codes": list(matrix.codes),
            "cells": {f"{impact}/{urgency}": code for (impact, urgency), code in matrix.cells.items()}}


@use_case
def save_priority_matrix(cells: dict[tuple[str, str], str], now: datetime) -> PriorityMatrix:
    """Replace the matrix's cells (same levels and codes); refuse a matrix with gaps or unknown codes."""
    current = priority_matrix()
    try:
        matrix = PriorityMatrix(current.impacts, current.urgencies, cells, current.codes)
    except MatrixInvalid as error:
        raise InvalidValues(f"The priority matrix was not saved: {error}", {"cells": [str(error)]}) from None
    write_setting("priority_matrix", matrix_to_dict(matrix), now)
    return matrix


# --- calendars and policies ----------------------------------------------------------------------

def parse_calendar(name: str, definition: str | dict[str, Any]) -> BusinessCalendar:
    """Build a calendar from an admin's JSON; refuse bad JSON or settings with the entry named."""
    try:
        raw = json.loads(definition) if isinstance(definition, str) else definition
    except json.JSONDecodeError as error:
        raise InvalidValues(f"The calendar '{name}' is not valid JSON: {error.msg} at line {error.lineno}.",
                            {"definition": [f"Not valid JSON: {error.msg} at line {error.lineno}."]}) from None
    if not isinstance(raw, dict):
        raise InvalidValues(f"The calendar '{name}' must be a JSON object.", {"definition": ["Give a JSON object."]})
    try:
        return BusinessCalendar.from_dict(raw)
    except (CalendarInvalid, ValueError) as error:
        raise InvalidValues(f"The calendar '{name}' was refused: {error}", {"definition": [str(error)]}) from None


@use_case
def save_calendar(name: str, definition: str, now: datetime) -> CalendarRow:
    """Create or replace a named business calendar after checking its definition."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidValues("A calendar needs a name of 1 to 100 characters.", {"name": ["Enter a name."]})
    parse_calendar(name, definition)
    row = db.session.execute(select(CalendarRow).where(CalendarRow.name == name)).scalar_one_or_none()
    if row is None:
        row = CalendarRow(name=name, definition=definition, updated_at=now)
        db.session.add(row)
        db.session.flush()
    else:
        row.definition, row.updated_at = definition, now
    return row


def require_calendar_row(name: str) -> CalendarRow:
    """Return a calendar row by name, or raise NotFound."""
    row = db.session.execute(select(CalendarRow).where(CalendarRow.name == name)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"There is no business calendar '{name}'; create it first or choose another.")
    return row


@use_case
def save_policy(name: str, calendar_name: str, targets: dict[str, tuple[int, int]], now: datetime,
                warning_share: float = 0.75) -> SlaPolicy:
    """Create or replace a policy: its calendar, warning share and (response, resolution) minutes per priority."""
    name = name.strip()
    errors = policy_errors(name, targets, warning_share)
    if errors:
        raise InvalidValues("The SLA policy was not saved; correct the marked values.", errors)
    calendar = require_calendar_row(calendar_name)
    policy = db.session.execute(select(SlaPolicy).where(SlaPolicy.name == name)).scalar_one_or_none()
    if policy is None:
        policy = SlaPolicy(name=name, calendar_id=calendar.id, warning_share=warning_share, updated_at=now)
        db.session.add(policy)
        db.session.flush()
    else:
        policy.calendar_id, policy.warning_share, policy.updated_at = calendar.id, warning_share, now
        db.session.execute(delete(SlaTargetRow).where(SlaTargetRow.policy_id == policy.id))
    for priority, (response, resolution) in sorted(targets.items()):
        db.session.add(SlaTargetRow(policy_id=policy.id, priority=priority, response_minutes=response,
                                    resolution_minutes=resolution))
    return policy


def policy_errors(name: str, targets: dict[str, tuple[int, int]], warning_share: float) -> dict[str, list[str]]:
    """Return what is wrong with a policy's values, by field."""
    errors: dict[str, list[str]] = {}
    if not name or len(name) > 100:
        errors["name"] = ["Enter a name of 1 to 100 characters."]
    if not 0 < warning_share < 1:
        errors["warning_share"] = ["The warning share lies between 0 and 1, such as 0.75."]
    if not targets:
        errors["targets"] = ["Give a response and a resolution target for at least one priority."]
    for priority, (response, resolution) in targets.items():
        if response <= 0 or resolution <= 0:
            errors[f"targets.{priority}"] = ["Targets are positive numbers of working minutes."]
        elif response > resolution:
            errors[f"targets.{priority}"] = ["The response target cannot be longer than the resolution target."]
    return errors


def list_policies() -> list[tuple[SlaPolicy, str, list[SlaTargetRow]]]:
    """Return every policy with its calendar's name and its targets, by name."""
    policies = db.session.execute(select(SlaPolicy, CalendarRow.name).join(
        CalendarRow, CalendarRow.id == SlaPolicy.calendar_id).order_by(SlaPolicy.name)).all()
    targets = db.session.execute(select(SlaTargetRow).order_by(SlaTargetRow.priority)).scalars().all()
    return [(policy, calendar, [t for t in targets if t.policy_id == policy.id]) for policy, calendar in policies]


def list_calendars() -> list[CalendarRow]:
    """Return every business calendar, by name."""
    return list(db.session.execute(select(CalendarRow).order_by(CalendarRow.name)).scalars())


@use_case
def ensure_default_service_levels(now: datetime) -> None:
    """Store the built-in calendar and standard policy as admin data, once (for `make run`'s demo)."""
    if db.session.execute(select(CalendarRow.id).limit(1)).first() is None:
        save_calendar(DEFAULT_CALENDAR, json.dumps(DEFAULT_CALENDAR_DEFINITION, indent=2), now)
    if db.session.execute(select(SlaPolicy.id).limit(1)).first() is None:
        save_policy(DEFAULT_POLICY, DEFAULT_CALENDAR, DEFAULT_TARGET_MINUTES, now)


def resolve_policy(policy_name: str | None, priority: str) -> ResolvedPolicy:
    """Return the policy, calendar and target for the policy a ticket's category names and the ticket's priority.

    The named policy (the service desk finds it up the category tree) comes first, then the policy called
    'standard', then the built-in defaults; a policy without a target for the priority falls back to the built-in
    target.
    """
    wanted = policy_name or DEFAULT_POLICY
    found = db.session.execute(select(SlaPolicy, CalendarRow).join(
        CalendarRow, CalendarRow.id == SlaPolicy.calendar_id).where(SlaPolicy.name.in_((wanted, DEFAULT_POLICY)))
    ).all()
    chosen = next((row for row in found if row[0].name == wanted), found[0] if found else None)
    if chosen is None:
        calendar = BusinessCalendar.from_dict(DEFAULT_CALENDAR_DEFINITION)
        return ResolvedPolicy("built-in", calendar, default_target(priority, 0.75))
    policy, calendar_row = chosen
    calendar = parse_calendar(calendar_row.name, calendar_row.definition)
    row = db.session.execute(select(SlaTargetRow).where(
        SlaTargetRow.policy_id == policy.id, SlaTargetRow.priority == priority)).scalar_one_or_none()
    if row is None:
        return ResolvedPolicy(policy.name, calendar, default_target(priority, policy.warning_share))
    target = SlaTarget(timedelta(minutes=row.response_minutes), timedelta(minutes=row.resolution_minutes),
                       policy.warning_share)
    return ResolvedPolicy(policy.name, calendar, target)


def default_target(priority: str, warning_share: float) -> SlaTarget:
    """Return the built-in target of a priority (P4's for an unknown one)."""
    response, resolution = DEFAULT_TARGET_MINUTES.get(priority, DEFAULT_TARGET_MINUTES["P4"])
    return SlaTarget(timedelta(minutes=response), timedelta(minutes=resolution), warning_share)


# --- the clock of a ticket ------------------------------------------------------------------------

def clock_events(ticket_id: int) -> list[ClockEvent]:
    """Return a ticket's pause and resume events, oldest first."""
    rows = db.session.execute(select(TicketSlaEvent.kind, TicketSlaEvent.at).where(
        TicketSlaEvent.ticket_id == ticket_id).order_by(TicketSlaEvent.id)).all()
    return [ClockEvent(ClockEventKind(kind), at) for kind, at in rows]


def is_paused(ticket_id: int) -> bool:
    """Tell whether a ticket's clock stands still now."""
    events = clock_events(ticket_id)
    return bool(events) and events[-1].kind is ClockEventKind.PAUSED


def iso(moment: datetime | None) -> str | None:
    """Return a moment as the ISO 8601 UTC text a BPMN timer reads (2026-11-25T09:00:00Z)."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


