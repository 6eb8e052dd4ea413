"""Check what a person gives for a change before anything is written: each refusal names its field and says what to
do. Planned moments without an offset are read in the requester's time zone; past ones are refused."""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.models import Group, User
from app.platform.errors import InvalidValues
from app.platform.limits import NOTE_MAX, TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX
from app.servicedesk.change.stages import CHANGE_TYPES, IMPACTS
from forms.fields import read_moment

LABELS = {"change_type": "Type", "title": "Summary", "description": "Description", "reason": "Reason",
          "owner": "Change owner", "owner_group": "Owner group", "implementer": "Implementer",
          "planned_start": "Planned start", "planned_end": "Planned end", "implementation_plan": "Implementation plan",
          "backout_plan": "Backout plan", "test_plan": "Test plan", "impact": "Impact", "ci_ids": "Affected CIs",
          "template_id": "Standard change template"}
TEXT_LIMITS = {"title": TICKET_TITLE_MAX, "description": TICKET_DESCRIPTION_MAX, "reason": NOTE_MAX,
               "implementation_plan": NOTE_MAX, "backout_plan": NOTE_MAX, "test_plan": NOTE_MAX}
REQUIRED_TEXTS = ("title", "reason", "implementation_plan", "backout_plan")
CIS_MAX = 50


@dataclass
class ChangeValues:
    """What a change is raised with (the raise page, the API); text moments are read in the requester's zone."""

    change_type: str
    title: str
    reason: str
    owner: str
    owner_group: str
    planned_start: str | datetime
    planned_end: str | datetime
    implementation_plan: str = ""
    backout_plan: str = ""
    test_plan: str = ""
    description: str = ""
    impact: str = "medium"
    implementer: str | None = None
    ci_ids: list[int] = field(default_factory=list)
    answers: dict[int, bool] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)  # incident and problem numbers
    template_id: int | None = None


def moment_in_zone(value: str | datetime, zone: str) -> datetime | None:
    """Return a planned moment as an aware datetime (text without offset read in the zone), None if unreadable."""
    moment = read_moment(value) if isinstance(value, str) else value
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(zone))


def window_errors(start: str | datetime, end: str | datetime, zone: str, now: datetime) -> dict[str, list[str]]:
    """Return what is wrong with a planned window: unreadable, in the past, or ending before it starts."""
    errors: dict[str, list[str]] = {}
    moments = {}
    for name, value in (("planned_start", start), ("planned_end", end)):
        moment = moment_in_zone(value, zone)
        if moment is None:
            errors[name] = [f"{LABELS[name]} must be a date and time written YYYY-MM-DDTHH:MM."]
        elif moment < now:
            errors[name] = [f"{LABELS[name]} is in the past; enter a date and time from now on."]
        moments[name] = moment
    start_at, end_at = moments["planned_start"], moments["planned_end"]
    if not errors and start_at is not None and end_at is not None and end_at <= start_at:
        errors["planned_end"] = ["Planned end must be after the planned start; move it later."]
    return errors


def text_errors(values: Mapping[str, Any], required: tuple[str, ...]) -> dict[str, list[str]]:
    """Return the blank required texts and the overlong ones."""
    errors = {}
    for name, limit in TEXT_LIMITS.items():
        if name not in values:
            continue
        text = str(values[name] or "").strip()
        if name in required and not text:
            errors[name] = [f"{LABELS[name]} is required; write it."]
        elif len(text) > limit:
            errors[name] = [f"{LABELS[name]} is longer than {limit} characters; shorten it."]
    return errors


def people_errors(values: Mapping[str, Any]) -> dict[str, list[str]]:
    """Return the owner, implementer and group that do not exist, and an impact that is unknown."""
    errors = {}
    for name in ("owner", "implementer"):
        login = values.get(name)
        if name in values and (login or name == "owner") and db.session.execute(
                select(User.id).where(User.login == login, User.active.is_(True))).first() is None:
            errors[name] = [f"{LABELS[name]} '{login or ''}' is no active person; choose one who is."]
    if "owner_group" in values and db.session.execute(
            select(Group.id).where(Group.name == values["owner_group"])).first() is None:
        errors["owner_group"] = [f"There is no group '{values['owner_group']}'; choose an existing group."]
    if "impact" in values and values["impact"] not in IMPACTS:
        errors["impact"] = [f"Impact must be one of {', '.join(IMPACTS)}."]
    return errors


def ci_errors(ci_ids: list[int], required: bool) -> dict[str, list[str]]:
    """Return what is wrong with the affected CIs: none where some are needed, too many, or unknown ones."""
    if not ci_ids:
        return {"ci_ids": ["Choose at least one affected configuration item."]} if required else {}
    if len(ci_ids) > CIS_MAX:
        return {"ci_ids": [f"Choose at most {CIS_MAX} configuration items."]}
    known = set(db.session.execute(select(ConfigurationItem.id).where(ConfigurationItem.id.in_(ci_ids))).scalars())
    unknown = [str(ci_id) for ci_id in ci_ids if ci_id not in known]
    return {"ci_ids": [f"There is no configuration item {', '.join(unknown)}; choose existing ones."]} if unknown \
        else {}


def check_change_values(values: ChangeValues, zone: str, now: datetime) -> None:
    """Refuse (InvalidValues, naming every wrong field) a change that cannot be raised as given."""
    given = vars(values)
    errors: dict[str, list[str]] = {}
    if values.change_type not in CHANGE_TYPES:
        errors["change_type"] = [f"Type must be one of {', '.join(CHANGE_TYPES)}."]
    errors |= text_errors(given, REQUIRED_TEXTS)
    errors |= people_errors(given)
    errors |= window_errors(values.planned_start, values.planned_end, zone, now)
    errors |= ci_errors(values.ci_ids, required=values.change_type != "standard")
    if values.change_type == "emergency" and not values.test_plan.strip():
        errors["test_plan"] = ["Test plan is required before the CAB, which an emergency change meets at once; "
                               "write it."]
    refuse_if_any("The change was not raised", errors)


def refuse_if_any(what: str, errors: dict[str, list[str]]) -> None:
    """Raise InvalidValues naming each wrong field and what to do, when there is any."""
    if errors:
        sentences = " ".join(f"{words[0]}" for words in errors.values())
        raise InvalidValues(f"{what}: {sentences}", errors)
