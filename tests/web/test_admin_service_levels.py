"""The incident configuration pages: categories, SLA policies, calendars, priority matrix, settings; admins only."""
import json

import lxml.html
import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisation.models import Group
from app.service_levels.models import CalendarRow
from app.service_levels.policies import (
    DEFAULT_CALENDAR,
    ensure_default_service_levels,
    list_calendars,
    list_policies,
    priority_matrix,
    save_calendar,
)
from app.service_levels.settings import read_incident_settings
from app.servicedesk.tickets import categories
from app.servicedesk.tickets.models import Category

# Office hours without public holidays, so that the deadlines below do not depend on chinese-calendar's years.
PLAIN_WEEK = {"timezone": "Asia/Shanghai",
              "hours": {day: [["09:00", "12:00"], ["13:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}}
POLICY = {"name": "vip", "calendar": DEFAULT_CALENDAR, "warning_percent": "80",
          "p1_response": "0:15", "p1_resolution": "2:00", "p2_response": "30", "p2_resolution": "4:30",
          "p3_response": "", "p3_resolution": "", "p4_response": "", "p4_resolution": ""}
MATRIX = {f"cell-{row}-{column}": code for row, codes in enumerate((("P1", "P2", "P3"), ("P2", "P3", "P4"),
                                                                     ("P3", "P4", "P4")))
          for column, code in enumerate(codes)}


@pytest.fixture
def admin(demo, sign_in):  # type: ignore[no-untyped-def]
    """Sign adam (the demo admin) in."""
    return sign_in("adam")


@pytest.fixture
def stored(demo, clock) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Store the built-in calendar and standard policy, a plain calendar and a category; return their ids."""
    ensure_default_service_levels(clock.now())
    plain = save_calendar("Plain week", json.dumps(PLAIN_WEEK), clock.now())
    network = categories.create_category("Network", default_group="second-line", sla_policy="standard")
    policy_id = list_policies()[0][0].id
    return {"calendar": plain.id, "category": network.id, "policy": policy_id}


def configuration_pages(ids: dict[str, int]) -> list[str]:
    """Return the URL of every configuration page."""
    return ["/admin/categories", f"/admin/categories/{ids['category']}", "/admin/service-levels",
            "/admin/service-levels/policies/new", f"/admin/service-levels/policies/{ids['policy']}",
            "/admin/service-levels/calendars/new", f"/admin/service-levels/calendars/{ids['calendar']}",
            "/admin/priority-matrix", "/admin/incident-settings", "/admin/groups/second-line"]


def category_named(name: str) -> Category:
    """Return a category as stored now."""
    db.session.expire_all()
    return db.session.execute(select(Category).where(Category.name == name)).scalar_one()


def calendar_named(name: str) -> CalendarRow:
    """Return a business calendar as stored now."""
    db.session.expire_all()
    return db.session.execute(select(CalendarRow).where(CalendarRow.name == name)).scalar_one()


def stored_targets(name: str) -> dict[str, tuple[int, int]]:
    """Return a policy's stored targets by priority."""
    db.session.expire_all()
    for policy, _calendar, targets in list_policies():
        if policy.name == name:
            return {t.priority: (t.response_minutes, t.resolution_minutes) for t in targets}
    raise AssertionError(f"no policy {name}")


def test_admin_sees_every_configuration_page_with_its_tab(client, admin, stored) -> None:
    for url in configuration_pages(stored):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert all(tab in page for tab in ("Categories", "Service levels", "Priority matrix", "Incident settings"))


def test_agent_gets_403_on_every_configuration_page_and_action(client, stored, sign_in) -> None:
    sign_in("sam")
    pages = configuration_pages(stored)
    actions = [url for url in pages if url not in ("/admin/service-levels", "/admin/groups/second-line")]
    actions += ["/admin/service-levels/defaults", "/admin/groups/second-line/assignment-strategy"]
    refused = {url: client.get(url).status_code for url in pages}
    refused |= {f"POST {url}": client.post(url, data={"name": "x"}).status_code for url in actions}
    assert set(refused.values()) == {403}, refused


def test_admin_sees_how_tickets_go_without_categories_when_there_are_none(client, admin) -> None:
    page = client.get("/admin/categories").get_data(as_text=True)
    assert "There are no categories yet." in page and "every ticket starts the default incident process" in page


@pytest.fixture
def incident_process(runtime) -> None:  # type: ignore[no-untyped-def]
    """Deploy the shipped incident diagram, which categories may name."""
    from pathlib import Path

    from app.workflow.deployment import deploy_diagram

    diagram = Path(__file__).parents[2] / "processes" / "incident.bpmn"
    deploy_diagram(runtime, diagram.read_bytes(), diagram.name, "olga")


def test_admin_creates_a_category_with_process_group_policy_and_approval(client, admin, stored,
                                                                         incident_process) -> None:
    response = client.post("/admin/categories", data={
        "name": "Wi-Fi", "parent_id": str(stored["category"]), "process_id": "incident",
        "default_group": "service-desk", "sla_policy": "standard", "requires_approval": "y"})
    assert response.headers["Location"] == "/admin/categories"
    wifi = category_named("Wi-Fi")
    assert (wifi.parent_id, wifi.process_id, wifi.default_group, wifi.sla_policy, wifi.requires_approval) == (
        stored["category"], "incident", "service-desk", "standard", True)
    tree = client.get("/admin/categories").get_data(as_text=True)
    assert tree.index(">Network</a>") < tree.index(">Wi-Fi</a>") and "Needs approval" in tree


def test_admin_edits_a_category_and_clears_its_group_and_policy(client, admin, stored) -> None:
    url = f"/admin/categories/{stored['category']}"
    assert 'selected value="second-line"' in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"name": "Network and Wi-Fi", "parent_id": "", "process_id": "",
                                      "default_group": "", "sla_policy": ""})
    assert response.status_code == 302
    network = category_named("Network and Wi-Fi")
    assert (network.default_group, network.sla_policy, network.requires_approval) == (None, None, False)


def test_category_name_taken_by_a_sibling_gives_422_and_keeps_the_values(client, admin, stored) -> None:
    response = client.post("/admin/categories", data={"name": "Network", "parent_id": "", "process_id": "change",
                                                      "default_group": "managers", "sla_policy": "standard"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Another category at this place of the tree is already called Network." in page
    assert 'value="change"' in page and 'selected value="managers"' in page


def test_category_cannot_be_put_below_itself(client, admin, stored) -> None:
    child = categories.create_category("Wi-Fi", parent_id=stored["category"])
    form = client.get(f"/admin/categories/{stored['category']}").get_data(as_text=True)
    assert f'value="{child.id}"' not in form
    response = client.post(f"/admin/categories/{stored['category']}", data={"name": "Network",
                                                                          "parent_id": str(child.id)})
    assert response.status_code == 422 and category_named("Network").parent_id is None


def test_admin_sees_each_policy_with_its_calendar_warning_and_targets_in_hours_and_minutes(
        client, admin, stored) -> None:
    client.post("/admin/service-levels/policies/new", data=POLICY)
    page = client.get("/admin/service-levels").get_data(as_text=True)
    assert ">standard</a>" in page and ">vip</a>" in page and DEFAULT_CALENDAR in page and "80 %" in page
    assert "15 min" in page and "2 h" in page and "4 h 30 min" in page and "built-in" in page
    assert ">Plain week</a>" in page and "Asia/Shanghai" in page and "China's statutory holidays" in page


def test_admin_creates_a_policy_with_targets_in_hours_and_minutes(client, admin, stored) -> None:
    response = client.post("/admin/service-levels/policies/new", data=POLICY)
    assert response.headers["Location"] == "/admin/service-levels"
    assert stored_targets("vip") == {"P1": (15, 120), "P2": (30, 270)}


def test_admin_changes_a_policy_calendar_warning_and_targets(client, admin, stored) -> None:
    url = f"/admin/service-levels/policies/{stored['policy']}"
    form = client.get(url).get_data(as_text=True)
    assert 'value="0:30"' in form and 'value="4:00"' in form and 'value="75"' in form
    response = client.post(url, data={**POLICY, "name": "ignored", "calendar": "Plain week"})
    assert response.status_code == 302
    policy, calendar, _targets = list_policies()[0]
    assert (policy.name, calendar, policy.warning_share) == ("standard", "Plain week", 0.8)
    assert stored_targets("standard") == {"P1": (15, 120), "P2": (30, 270)}


def test_policy_with_a_negative_target_gives_422_and_keeps_the_values(client, admin, stored) -> None:
    response = client.post("/admin/service-levels/policies/new", data={**POLICY, "p1_response": "-30"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A target cannot be negative." in page and 'value="-30"' in page and 'value="4:30"' in page
    assert "vip" not in [policy.name for policy, _calendar, _targets in list_policies()]


def test_policy_whose_response_is_longer_than_its_resolution_gives_422(client, admin, stored) -> None:
    response = client.post("/admin/service-levels/policies/new", data={**POLICY, "p2_response": "5:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The response target cannot be longer than the resolution target." in page and 'value="5:00"' in page


def test_policy_with_one_target_of_a_priority_gives_422(client, admin, stored) -> None:
    response = client.post("/admin/service-levels/policies/new", data={**POLICY, "p3_response": "1:00"})
    assert response.status_code == 422
    assert "Enter both targets of P3, or leave both empty." in response.get_data(as_text=True)


def test_admin_stores_the_built_in_service_levels_from_the_empty_page(client, admin) -> None:
    empty = client.get("/admin/service-levels").get_data(as_text=True)
    assert "No SLA policy is stored yet" in empty and "30 min" in empty
    client.post("/admin/service-levels/defaults")
    assert stored_targets("standard")["P1"] == (30, 240)


def week_form(**changes: str) -> dict[str, str]:
    """Return the calendar form of PLAIN_WEEK (09:00-12:00 and 13:00-18:00, Monday to Friday), with changes."""
    fields = {"timezone": "Asia/Shanghai", "holidays": "", "working_days": "", "working_days_follow": "mon",
              "statutory": ""}
    for day in ("mon", "tue", "wed", "thu", "fri"):
        fields |= {f"{day}_0_start": "09:00", f"{day}_0_end": "12:00", f"{day}_1_start": "13:00", f"{day}_1_end": "18:00"}
    return {**fields, **changes}


def test_new_calendar_form_starts_with_the_built_in_hours_in_pickers(client, admin) -> None:
    page = lxml.html.fromstring(client.get("/admin/service-levels/calendars/new").get_data(as_text=True))
    monday = page.get_element_by_id("mon_0_start")
    assert (monday.get("type"), monday.get("value")) == ("time", "09:00")
    assert page.get_element_by_id("fri_1_end").get("value") == "18:00"
    assert page.get_element_by_id("sat_0_start").get("value") in (None, "")
    assert page.get_element_by_id("timezone").value == "Asia/Shanghai"
    assert page.get_element_by_id("statutory").value == "china"
    assert page.get_element_by_id("holidays").tag == "textarea"
    assert "definition" not in [node.get("name") for node in page.iter("textarea")]


def test_admin_creates_a_calendar_with_pickers_and_a_holiday_list(client, admin) -> None:
    response = client.post("/admin/service-levels/calendars/new", data={
        "name": "Shanghai office", **week_form(holidays="2026-12-24\n2026-12-31\n")})
    assert response.headers["Location"] == "/admin/service-levels"
    assert json.loads(calendar_named("Shanghai office").definition) == {
        **PLAIN_WEEK, "holidays": ["2026-12-24", "2026-12-31"], "working_days": []}


def test_admin_changes_a_calendar_time_zone_and_saturday_hours(client, admin, stored) -> None:
    url = f"/admin/service-levels/calendars/{stored['calendar']}"
    response = client.post(url, data={"name": "ignored", **week_form(timezone="Europe/London", sat_0_start="10:00",
                                                                     sat_0_end="14:00")})
    assert response.headers["Location"] == url
    saved = json.loads(calendar_named("Plain week").definition)
    assert saved["timezone"] == "Europe/London" and saved["hours"]["sat"] == [["10:00", "14:00"]]


def test_admin_gives_a_day_five_working_spans_and_the_page_offers_one_blank_span_more(client, admin, stored) -> None:
    url = f"/admin/service-levels/calendars/{stored['calendar']}"
    shifts = [("06:00", "08:00"), ("09:00", "12:00"), ("13:00", "15:00"), ("16:00", "18:00"), ("19:00", "22:00")]
    fields = {}
    for n, (start, end) in enumerate(shifts):
        fields |= {f"mon_{n}_start": start, f"mon_{n}_end": end}
    response = client.post(url, data={**week_form(), **fields})
    assert response.headers["Location"] == url
    assert json.loads(calendar_named("Plain week").definition)["hours"]["mon"] == [list(span) for span in shifts]
    page = lxml.html.fromstring(client.get(url).get_data(as_text=True))
    monday = page.get_element_by_id("mon-spans").xpath(".//input[@type='time']")
    assert [field.get("value") for field in monday] == [*(moment for span in shifts for moment in span), "", ""]
    assert [field.get("name") for field in monday[-2:]] == ["mon_5_start", "mon_5_end"]  # the blank span to fill
    assert len(page.get_element_by_id("sat-spans").xpath(".//li")) == 1
    assert page.xpath("//button[contains(@class, 'add-span')][@hidden]")  # shown by script, which adds at once


def test_admin_adds_a_span_in_the_blank_row_without_script(client, admin, stored) -> None:
    url = f"/admin/service-levels/calendars/{stored['calendar']}"
    client.post(url, data=week_form(mon_2_start="19:00", mon_2_end="21:00", mon_3_start="", mon_3_end=""))
    assert json.loads(calendar_named("Plain week").definition)["hours"]["mon"] == [
        ["09:00", "12:00"], ["13:00", "18:00"], ["19:00", "21:00"]]


def test_calendar_with_more_spans_than_a_day_holds_is_refused_naming_the_day(client, admin, stored) -> None:
    response = client.post(f"/admin/service-levels/calendars/{stored['calendar']}",
                           data=week_form(tue_24_start="23:00", tue_24_end="23:30"))
    assert response.status_code == 422
    assert "A day holds at most 24 working spans; Tuesday has more." in response.get_data(as_text=True)
    assert calendar_named("Plain week").definition == json.dumps(PLAIN_WEEK)


def test_calendar_with_a_wrong_time_gives_422_and_keeps_what_was_typed(client, admin, stored) -> None:
    response = client.post(f"/admin/service-levels/calendars/{stored['calendar']}",
                           data=week_form(mon_0_start="9am"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write a time as HH:MM, such as 09:00." in page and 'value="9am"' in page
    assert calendar_named("Plain week").definition == json.dumps(PLAIN_WEEK)


def test_calendar_with_a_span_ending_before_it_starts_gives_422_naming_the_entry(client, admin) -> None:
    response = client.post("/admin/service-levels/calendars/new",
                           data={"name": "Backwards", **week_form(mon_0_start="12:00", mon_0_end="09:00")})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "mon" in page and 'value="Backwards"' in page
    assert "Backwards" not in [row.name for row in list_calendars()]


def test_try_it_box_computes_a_deadline_across_a_weekend(client, admin, stored) -> None:
    # Friday 17:00 plus two working hours: one on Friday, one on Monday morning.
    page = client.get(f"/admin/service-levels/calendars/{stored['calendar']}",
                      query_string={"start": "2026-11-27T17:00", "duration": "2:00"}).get_data(as_text=True)
    assert '<time datetime="2026-11-30T10:00:00+08:00">30 Nov 2026, 10:00</time>' in page


def test_try_it_box_with_a_wrong_duration_gives_422(client, admin, stored) -> None:
    response = client.get(f"/admin/service-levels/calendars/{stored['calendar']}",
                          query_string={"start": "2026-11-27T17:00", "duration": "two hours"})
    assert response.status_code == 422
    assert "Enter working time as hours:minutes" in response.get_data(as_text=True)


def test_admin_saves_the_priority_matrix(client, admin) -> None:
    response = client.post("/admin/priority-matrix", data={**MATRIX, "cell-0-0": "P2", "cell-2-2": "P3"})
    assert response.headers["Location"] == "/admin/priority-matrix"
    matrix = priority_matrix()
    assert (matrix.cells[("high", "high")], matrix.cells[("low", "low")], matrix.cells[("medium", "low")]) == (
        "P2", "P3", "P4")
    assert 'selected value="P2"' in client.get("/admin/priority-matrix").get_data(as_text=True)


def test_matrix_with_an_empty_cell_gives_422_and_keeps_the_choices(client, admin) -> None:
    response = client.post("/admin/priority-matrix", data={**MATRIX, "cell-0-0": "P2", "cell-2-1": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The cell (impact &#39;low&#39;, urgency &#39;medium&#39;) has no priority" in page
    assert page.count('selected value="P2"') == 3 and "Choose a priority." in page
    assert priority_matrix().cells[("high", "high")] == "P1"


def test_admin_saves_the_incident_settings(client, admin) -> None:
    response = client.post("/admin/incident-settings", data={
        "reassignment_limit": "5", "auto_close_working_days": "10", "approval_priorities": ["P2", "P1"]})
    assert response.headers["Location"] == "/admin/incident-settings"
    settings = read_incident_settings()
    assert (settings.reassignment_limit, settings.auto_close_working_days, settings.approval_priorities) == (
        5, 10, ("P1", "P2"))


def test_incident_settings_show_the_built_in_values_first(client, admin) -> None:
    page = client.get("/admin/incident-settings").get_data(as_text=True)
    assert 'name="auto_close_working_days" required type="text" value="3"' in page
    assert 'value="P1" checked' in page and 'value="P2" >' in page


def test_incident_settings_out_of_range_give_422_and_keep_the_values(client, admin) -> None:
    response = client.post("/admin/incident-settings", data={"reassignment_limit": "0",
                                                             "auto_close_working_days": "31"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a whole number of 1 or more" in page and "working days from 1 to 30" in page
    assert 'value="0"' in page and 'value="31"' in page and read_incident_settings().auto_close_working_days == 3


def test_admin_chooses_the_least_loaded_strategy_for_a_group(client, admin) -> None:
    page = client.get("/admin/groups/second-line").get_data(as_text=True)
    assert "Members take turns" in page and "fewest open tasks" in page
    response = client.post("/admin/groups/second-line/assignment-strategy",
                           data={"assignment_strategy": "least_loaded"})
    assert response.headers["Location"] == "/admin/groups/second-line"
    db.session.expire_all()
    group = db.session.execute(select(Group).where(Group.name == "second-line")).scalar_one()
    assert group.assignment_strategy == "least_loaded"


def test_unknown_assignment_strategy_gives_422(client, admin) -> None:
    response = client.post("/admin/groups/second-line/assignment-strategy", data={"assignment_strategy": "random"})
    assert response.status_code == 422


def test_admin_cannot_save_a_category_whose_process_is_not_deployed(client, admin, stored) -> None:
    client.post("/language", data={"language": "zh_CN", "next": "/admin/categories"})
    response = client.post("/admin/categories", data={"name": "Wi-Fi", "parent_id": "", "process_id": "wifi_flow",
                                                      "default_group": "", "sla_policy": ""})
    assert response.status_code == 422
    assert "未部署流程 wifi_flow" in response.get_data(as_text=True)
    assert "Wi-Fi" not in [node.name for node in categories.category_tree()]
