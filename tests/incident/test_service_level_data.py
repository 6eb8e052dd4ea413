"""Service levels and settings as admin data, as the incident flow reads them."""
import json
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.organisation.groups import set_assignment_strategy
from app.organisation.models import Group
from app.organisation.policies import system_actor
from app.platform.errors import InvalidValues, NotFound
from app.service_levels.policies import (
    DEFAULT_CALENDAR_DEFINITION,
    priority_matrix,
    save_calendar,
    save_policy,
    save_priority_matrix,
    write_setting,
)
from app.servicedesk.tickets.categories import create_category
from tests.incident.conftest import Desk

MONDAY_10 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def round_the_clock() -> str:
    return json.dumps({"timezone": "UTC", "hours": {day: [["00:00", "24:00"]] for day in
                                                     ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}})


def test_a_category_policy_applies_to_its_sub_categories(desk: Desk) -> None:
    save_calendar("24x7", round_the_clock(), MONDAY_10)
    save_policy("gold", "24x7", {"P3": (60, 120)}, MONDAY_10)
    parent = create_category("Trading floor", sla_policy="gold")
    child = create_category("Terminals", parent_id=parent.id)
    ticket = desk.log(category_id=child.id)
    assert ticket.sla_policy == "gold"
    assert (ticket.response_due_at, ticket.resolution_due_at) == (MONDAY_10 + timedelta(hours=1),
                                                                  MONDAY_10 + timedelta(hours=2))


def test_a_policy_without_the_priority_falls_back_to_the_built_in_target(desk: Desk) -> None:
    save_calendar("24x7", round_the_clock(), MONDAY_10)
    save_policy("standard", "24x7", {"P1": (15, 60)}, MONDAY_10)
    ticket = desk.log()  # P3: built-in 4 h / 24 h, on the standard policy's round-the-clock calendar
    assert ticket.sla_policy == "standard"
    assert ticket.response_due_at == MONDAY_10 + timedelta(hours=4)


@pytest.mark.parametrize(("targets", "field"), [
    ({"P1": (0, 60)}, "targets.P1"), ({"P1": (90, 60)}, "targets.P1"), ({}, "targets"),
])
def test_bad_policies_are_refused_by_field(desk: Desk, targets, field) -> None:
    save_calendar("24x7", round_the_clock(), MONDAY_10)
    with pytest.raises(InvalidValues) as refused:
        save_policy("broken", "24x7", targets, MONDAY_10)
    assert field in refused.value.errors


def test_a_policy_on_an_unknown_calendar_is_refused(desk: Desk) -> None:
    with pytest.raises(NotFound):
        save_policy("gold", "Mars time", {"P1": (15, 60)}, MONDAY_10)


@pytest.mark.parametrize(("definition", "message"), [
    ("{", "not valid JSON"), ("[]", "must be a JSON object"),
    (json.dumps({**DEFAULT_CALENDAR_DEFINITION, "timezone": "Asia/Atlantis"}), "Asia/Atlantis"),
])
def test_bad_calendars_are_refused_with_the_reason(desk: Desk, definition: str, message: str) -> None:
    with pytest.raises(InvalidValues) as refused:
        save_calendar("broken", definition, MONDAY_10)
    assert message in str(refused.value)


def test_the_admin_matrix_decides_the_priority_at_classification(desk: Desk) -> None:
    cells = dict(priority_matrix().cells)
    cells[("medium", "medium")] = "P2"
    save_priority_matrix(cells, MONDAY_10)
    desk.log()
    desk.classify()
    assert desk.ticket.priority == "P2"


def test_least_loaded_gives_the_incident_to_the_member_with_fewer_open_tasks(desk: Desk) -> None:
    set_assignment_strategy(system_actor(), "second-line", "least_loaded")
    busy = Desk(desk.runtime, desk.clock)
    busy.log(title="Busy work")
    busy.classify()
    busy.work("take_or_pass", "sam", decision="forward", reason="Network.", forward_group="second-line")
    first = busy.ticket.assignee  # carl (a tie, broken by login)
    desk.log()
    desk.classify()
    desk.work("take_or_pass", "sam", decision="forward", reason="Network.", forward_group="second-line")
    assert (first, desk.ticket.assignee) == ("carl", "lee")
    assert db.session.execute(db.select(Group.assignment_strategy).where(Group.name == "second-line")).scalar() \
        == "least_loaded"


def test_the_reassignment_limit_and_auto_close_delay_are_settings(desk: Desk) -> None:
    write_setting("reassignment_limit", 1, MONDAY_10)
    write_setting("auto_close_working_days", 1, MONDAY_10)
    db.session.commit()
    desk.log()
    desk.classify()
    for group in ("second-line", "service-desk"):
        task = desk.task("take_or_pass")
        desk.work("take_or_pass", task.assignee, decision="forward", reason="Move.", forward_group=group)
    assert "[INC-000001] Reassigned too often: Printer jams" in desk.subjects("sam@flowdesk.example")
    desk.work("take_or_pass", "sam", decision="accept")
    desk.work("resolve", "sam", outcome="resolved", resolution="Done.")
    assert desk.ticket.auto_close_at == datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # the next working day
