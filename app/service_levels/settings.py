"""The incident settings admins edit, and what the service-level admin pages look up and preview.

The policies, calendars and the priority matrix themselves live in app/service_levels/policies.py.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.platform.errors import InvalidValues, NotFound
from app.platform.transactions import use_case
from app.service_levels.calendar import NoWorkingTime
from app.service_levels.models import CalendarRow, SlaPolicy, SlaTargetRow
from app.service_levels.policies import parse_calendar, priority_matrix, read_setting, write_setting

MAX_AUTO_CLOSE_WORKING_DAYS = 30


@dataclass(frozen=True)
class IncidentSettings:
    """The incident flow's admin settings."""

    reassignment_limit: int  # more reassignments than this notify the service-desk manager
    auto_close_working_days: int  # a resolved ticket closes after this many working days without an answer
    approval_priorities: tuple[str, ...]  # tickets of these priorities wait for a manager's approval


@dataclass(frozen=True)
class PolicyDetails:
    """A policy with its calendar's name and its targets by priority (response, resolution minutes)."""

    id: int
    name: str
    calendar_name: str
    warning_share: float
    targets: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class DeadlinePreview:
    """What a calendar computes for a start and a working duration, in the calendar's own time zone."""

    start: datetime
    deadline: datetime
    years_not_covered: tuple[int, ...]  # years whose statutory holidays the calendar does not know


def read_incident_settings() -> IncidentSettings:
    """Return the incident settings, the built-in defaults where an admin set nothing."""
    return IncidentSettings(int(read_setting("reassignment_limit")), int(read_setting("auto_close_working_days")),
                            tuple(read_setting("approval_priorities")))


@use_case
def save_incident_settings(settings: IncidentSettings, now: datetime) -> None:
    """Store the incident settings; refuse values out of range or priorities the matrix does not have."""
    errors = incident_settings_errors(settings, priority_matrix().codes)
    if errors:
        raise InvalidValues("The incident settings were not saved; correct the marked values.", errors)
    write_setting("reassignment_limit", settings.reassignment_limit, now)
    write_setting("auto_close_working_days", settings.auto_close_working_days, now)
    write_setting("approval_priorities", codes_in_order(settings, priority_matrix().codes), now)


def incident_settings_errors(settings: IncidentSettings, codes: tuple[str, ...]) -> dict[str, list[str]]:
    """Return what is wrong with incident settings, by field."""
    errors: dict[str, list[str]] = {}
    if settings.reassignment_limit < 1:
        errors["reassignment_limit"] = ["The reassignment limit is a whole number of 1 or more."]
    if not 1 <= settings.auto_close_working_days <= MAX_AUTO_CLOSE_WORKING_DAYS:
        errors["auto_close_working_days"] = [
            f"Auto-close waits 1 to {MAX_AUTO_CLOSE_WORKING_DAYS} working days."]
    unknown = [code for code in settings.approval_priorities if code not in codes]
    if unknown:
        errors["approval_priorities"] = [f"{', '.join(unknown)} is not a priority; choose among {', '.join(codes)}."]
    return errors


def codes_in_order(settings: IncidentSettings, codes: tuple[str, ...]) -> list[str]:
    """Return the chosen approval priorities in the matrix's order, each once."""
    return [code for code in codes if code in settings.approval_priorities]


def require_policy(policy_id: int) -> PolicyDetails:
    """Return a policy with its calendar's name and targets, or raise NotFound."""
    row = db.session.execute(select(SlaPolicy, CalendarRow.name).join(
        CalendarRow, CalendarRow.id == SlaPolicy.calendar_id).where(SlaPolicy.id == policy_id)).first()
    if row is None:
        raise NotFound(f"There is no SLA policy {policy_id}; choose one from the list of policies.")
    policy, calendar_name = row
    targets = db.session.execute(select(SlaTargetRow).where(SlaTargetRow.policy_id == policy_id)).scalars()
    return PolicyDetails(policy.id, policy.name, calendar_name, policy.warning_share,
                         {t.priority: (t.response_minutes, t.resolution_minutes) for t in targets})


def require_calendar(calendar_id: int) -> CalendarRow:
    """Return a business calendar by id, or raise NotFound."""
    row = db.session.get(CalendarRow, calendar_id)
    if row is None:
        raise NotFound(f"There is no business calendar {calendar_id}; choose one from the list of calendars.")
    return row


def preview_deadline(calendar_id: int, local_start: datetime, working_minutes: int) -> DeadlinePreview:
    """Return the deadline a stored calendar gives a start (wall-clock time in its zone) plus working minutes."""
    row = require_calendar(calendar_id)
    calendar = parse_calendar(row.name, row.definition)
    start = local_start.replace(tzinfo=calendar.zone)
    try:
        deadline = calendar.add_working_time(start, timedelta(minutes=working_minutes)).astimezone(calendar.zone)
    except NoWorkingTime as error:
        raise InvalidValues(str(error), {"duration": [str(error)]}) from None
    years = range(start.year, deadline.year + 1)
    missing = tuple(year for year in years if not calendar.covers(date(year, 1, 1)))
    return DeadlinePreview(start, deadline, missing)
