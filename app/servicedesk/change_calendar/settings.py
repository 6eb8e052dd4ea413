"""What admins set for the collision check: each rule's severity, the hops of related CIs, and the freeze and
maintenance windows (with their recurrence rules checked before anything is saved)."""
import functools
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select

from app.extensions import db
from app.organisation.policies import Actor, check_may_set_change_schedule
from app.platform.errors import InvalidValues, NotFound
from app.platform.transactions import use_case
from app.service_levels.calendar import BusinessCalendar
from app.service_levels.policies import parse_calendar, require_calendar_row
from app.servicedesk.change_calendar.collisions import MAX_HOPS, RULES, SEVERITIES, ScheduleRules
from app.servicedesk.change_calendar.models import ChangeScheduleRule, ChangeWindow
from app.servicedesk.change_calendar.recurrence import (
    HolidayTest,
    WindowDefinition,
    WindowDefinitionInvalid,
    parse_window,
)


def read_schedule_rules() -> ScheduleRules:
    """Return the rules in force: the admins' severities over the defaults, and the hops of related CIs."""
    rows = db.session.execute(select(ChangeScheduleRule)).scalars().all()
    severities = {row.rule: row.severity for row in rows if row.rule in RULES}
    hops = next((row.hops for row in rows if row.rule == "related_ci" and row.hops is not None), None)
    defaults = ScheduleRules()
    return ScheduleRules({**defaults.severities, **severities}, defaults.hops if hops is None else hops)


@use_case
def save_schedule_rules(actor: Actor, severities: dict[str, str], hops: int, now: datetime) -> ScheduleRules:
    """Set each rule's severity and the hops of related CIs; refuse unknown values naming the field."""
    check_may_set_change_schedule(actor, "set the collision rules")
    errors: dict[str, list[str]] = {}
    for rule, severity in severities.items():
        if rule not in RULES:
            errors[rule] = [f"There is no rule '{rule}'; the rules are {', '.join(RULES)}."]
        elif severity not in SEVERITIES:
            errors[rule] = [f"Choose block, warning or off, not '{severity}'."]
    if not 0 <= hops <= MAX_HOPS:
        errors["hops"] = [f"Enter a whole number of relations from 0 to {MAX_HOPS}."]
    if errors:
        raise InvalidValues("The collision rules were not saved; correct the marked values.", errors)
    for rule, severity in severities.items():
        row = db.session.get(ChangeScheduleRule, rule)
        if row is None:
            row = ChangeScheduleRule(rule=rule)
            db.session.add(row)
        row.severity, row.updated_by, row.updated_at = severity, actor.login, now
        row.hops = hops if rule == "related_ci" else None
    return read_schedule_rules()


@dataclass(frozen=True)
class WindowValues:
    """A window as an admin enters it."""

    name: str
    kind: str
    rrule: str
    starts_local: str
    duration_minutes: int
    timezone: str
    calendar_name: str | None = None
    holidays: str = "any"
    ci_ids: tuple[int, ...] = ()


def definition_of(values: WindowValues | ChangeWindow) -> WindowDefinition:
    """Parse a window's values into its definition; raise WindowDefinitionInvalid naming the field."""
    ci_ids: Any = values.ci_ids if isinstance(values, ChangeWindow) else json.dumps(list(values.ci_ids))
    return parsed_window(values.name, values.kind, values.rrule, values.starts_local, values.duration_minutes,
                         values.timezone, values.holidays, ci_ids)


@functools.lru_cache(maxsize=256)
def parsed_window(name: str, kind: str, rrule_text: str, starts_local: str, duration_minutes: int, timezone: str,
                  holidays: str, ci_ids: str) -> WindowDefinition:
    """Parse a window once per worker for the same values: its recurrence then keeps the occurrences it found."""
    return parse_window(name, kind, rrule_text, starts_local, duration_minutes, timezone, holidays, ci_ids)


@use_case
def save_window(actor: Actor, values: WindowValues, now: datetime, window_id: int | None = None) -> ChangeWindow:
    """Create or change a freeze or maintenance window after checking its rule, zone, calendar and CIs."""
    check_may_set_change_schedule(actor, "set freeze and maintenance windows")
    try:
        definition_of(values)
    except WindowDefinitionInvalid as refused:
        raise InvalidValues(f"The window was not saved: {refused.sentence}",
                            {refused.field_name: [refused.sentence]}) from None
    if values.holidays != "any" and not values.calendar_name:
        sentence = "Choose the business calendar whose holidays the window follows, or set holidays to 'any'."
        raise InvalidValues(f"The window was not saved: {sentence}", {"calendar_name": [sentence]})
    if values.calendar_name:
        require_calendar_row(values.calendar_name)
    row = ChangeWindow() if window_id is None else require_window(window_id)
    row.name, row.kind, row.rrule = values.name.strip(), values.kind, values.rrule.strip().removeprefix("RRULE:")
    row.starts_local, row.duration_minutes, row.timezone = values.starts_local.strip(), values.duration_minutes, \
        values.timezone.strip()
    row.calendar_name, row.holidays = values.calendar_name or None, values.holidays
    row.ci_ids, row.updated_by, row.updated_at = json.dumps(sorted(values.ci_ids)), actor.login, now
    if window_id is None:
        db.session.add(row)
    db.session.flush()
    return row


@use_case
def remove_window(actor: Actor, window_id: int) -> None:
    """Delete a freeze or maintenance window."""
    check_may_set_change_schedule(actor, "remove freeze and maintenance windows")
    require_window(window_id)
    db.session.execute(delete(ChangeWindow).where(ChangeWindow.id == window_id))


def require_window(window_id: int) -> ChangeWindow:
    """Return a window or raise NotFound."""
    row = db.session.get(ChangeWindow, window_id)
    if row is None:
        raise NotFound(f"There is no change window {window_id}; it may have been removed.")
    return row


def list_windows() -> list[ChangeWindow]:
    """Return every window, freezes first, then by name."""
    return list(db.session.execute(select(ChangeWindow).order_by(ChangeWindow.kind, ChangeWindow.name)).scalars())


def holiday_test(calendar_name: str | None, definition: str | None = None) -> HolidayTest | None:
    """Return whether a local day is a holiday on a business calendar (listed, or statutory), or None for none.

    definition: the calendar's stored definition when the caller read it already (else it is read here).
    """
    if not calendar_name:
        return None
    if definition is None:
        definition = require_calendar_row(calendar_name).definition
    calendar = parsed_calendar(calendar_name, definition)

    def is_holiday(day: date) -> bool:
        statutory = calendar.statutory is not None and calendar.statutory.is_day_off(day)
        return day in calendar.holidays or statutory
    return is_holiday


@functools.lru_cache(maxsize=32)
def parsed_calendar(name: str, definition: str) -> BusinessCalendar:
    """Parse a business calendar once per worker for the same definition."""
    return parse_calendar(name, definition)
