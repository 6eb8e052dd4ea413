"""The pickers' look-ups: CIs by name, type or owner; people and groups by name; each behind its page's rule."""
import json

import lxml.html
import pytest

from app.cmdb.items import create_ci, save_ci_type
from app.extensions import db
from app.servicedesk.tickets.models import Ticket
from app.workflow.deployment import deploy_diagram
from tests.incident.conftest import PROCESSES, Desk


@pytest.fixture
def cmdb(demo, runtime, admin_actor) -> None:  # type: ignore[no-untyped-def]
    """Two printers and a mail server owned by different groups."""
    save_ci_type(admin_actor, "printer", "Printer", [])
    save_ci_type(admin_actor, "server", "Server", [])
    for type_name, name, owner in (("printer", "prn-3f", "service-desk"), ("printer", "prn-5f", "service-desk"),
                                   ("server", "mail-01", "second-line")):
        create_ci(admin_actor, runtime.clock, type_name, {"name": name, "owner_group": owner})


def values(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["value"] for item in response.get_json()["results"]]


def test_agent_finds_cis_by_part_of_the_name_with_type_and_owner(cmdb, client, sign_in) -> None:
    sign_in("sam")
    response = client.get("/pickers/cis?q=PRN")
    assert values(response) == ["prn-3f", "prn-5f"]
    assert response.get_json()["results"][0]["detail"] == "Printer · service-desk"


def test_agent_finds_cis_by_type_or_owning_group(cmdb, client, sign_in) -> None:
    sign_in("sam")
    assert values(client.get("/pickers/cis?q=server")) == ["mail-01"]
    assert values(client.get("/pickers/cis?q=second-line")) == ["mail-01"]


def test_agent_finds_no_ci_for_a_percent_sign_taken_literally(cmdb, client, sign_in) -> None:
    sign_in("sam")
    assert values(client.get("/pickers/cis?q=%25")) == []


def test_requester_is_refused_the_ci_look_up(cmdb, client, sign_in) -> None:
    sign_in("rita")
    response = client.get("/pickers/cis?q=prn")
    assert response.status_code == 403 and "CMDB" in response.get_json()["error"]


def test_agent_is_refused_a_look_up_longer_than_any_name(cmdb, client, sign_in) -> None:
    sign_in("sam")
    response = client.get("/pickers/cis?q=" + "x" * 201)
    assert response.status_code == 400 and "shorten" in response.get_json()["error"]


def test_agent_finds_people_by_login_or_display_name(demo, client, sign_in) -> None:
    sign_in("sam")
    assert values(client.get("/pickers/users?q=rita")) == ["rita"]
    assert values(client.get("/pickers/users?q=second-line")) == ["lee"]
    assert client.get("/pickers/users?q=rita").get_json()["results"][0]["label"] == "Rita Requester"


def test_agent_finds_groups_by_name(demo, client, sign_in) -> None:
    sign_in("sam")
    assert values(client.get("/pickers/groups?q=line")) == ["second-line"]


def test_process_owner_finds_groups_and_people_for_the_modeller(demo, client, sign_in) -> None:
    sign_in("olga")
    assert values(client.get("/pickers/groups?q=line")) == ["second-line"]
    assert values(client.get("/pickers/users?q=rita")) == ["rita"]


def test_requester_is_refused_the_people_look_up(demo, client, sign_in) -> None:
    sign_in("rita")
    assert client.get("/pickers/users?q=sam").status_code == 403
    assert client.get("/pickers/groups?q=desk").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in_by_a_look_up(demo, client) -> None:
    assert client.get("/pickers/users?q=sam").status_code in (302, 401)


def test_agent_sees_the_ci_and_requester_fields_of_the_log_form_as_pickers(cmdb, client, sign_in) -> None:
    sign_in("sam")
    form = lxml.html.fromstring(client.get("/tickets/new").get_data(as_text=True))
    assert form.xpath("//input[@name='ci']")[0].get("data-picker") == "/pickers/cis"
    assert form.xpath("//input[@name='requester']")[0].get("data-picker") == "/pickers/users"
    assert form.xpath("//script[contains(@src, 'picker.js')]")


def test_admin_sees_the_member_login_of_a_group_page_as_a_people_picker(demo, client, sign_in) -> None:
    sign_in("adam")
    form = lxml.html.fromstring(client.get("/admin/groups/service-desk").get_data(as_text=True))
    assert form.xpath("//input[@name='login']")[0].get("data-picker") == "/pickers/users"


# --- tickets: by number or title, only those the reader may see ---------------------------------------

@pytest.fixture
def tickets(demo, runtime):  # type: ignore[no-untyped-def]
    """ticket(number, title, requester, group): insert a ticket row (no process)."""
    def make(number: str, title: str, requester: str = "rita", group: str = "service-desk") -> None:
        now = runtime.clock.now()
        db.session.add(Ticket(
            number=number, kind="incident", channel="portal", title=title, description="", requester=requester,
            impact="medium", urgency="medium", priority="P3", priority_source="matrix", priority_reason="",
            status="new", assigned_group=group, reassignment_count=0, created_at=now, updated_at=now))
        db.session.commit()
    return make


def test_agent_finds_tickets_by_part_of_the_number_or_title_the_number_typed_first(tickets, client,
                                                                                   sign_in) -> None:
    tickets("INC-000012", "Printer jams on floor 3")
    tickets("INC-000120", "VPN drops every hour")
    tickets("INC-000121", "Printer out of toner, ticket INC-000012 again")
    sign_in("sam")
    assert values(client.get("/pickers/tickets?q=printer")) == ["INC-000121", "INC-000012"]
    assert values(client.get("/pickers/tickets?q=inc-000012")) == ["INC-000012", "INC-000121"]
    assert values(client.get("/pickers/tickets?q=%20vpn%20")) == ["INC-000120"]
    assert client.get("/pickers/tickets?q=vpn").get_json()["results"][0]["detail"] == "VPN drops every hour"


def test_agent_finds_no_ticket_of_a_group_they_may_not_see(tickets, client, sign_in) -> None:
    tickets("INC-000001", "Printer jams", requester="carl", group="second-line")
    sign_in("sam")
    assert values(client.get("/pickers/tickets?q=printer")) == []


def test_requester_finds_only_her_own_tickets(tickets, client, sign_in) -> None:
    tickets("INC-000001", "Printer jams")
    tickets("INC-000002", "Printer smokes", requester="carl")
    sign_in("rita")
    assert values(client.get("/pickers/tickets?q=printer")) == ["INC-000001"]


def test_ticket_look_up_of_nothing_finds_nothing_and_of_too_much_is_refused(tickets, client, sign_in) -> None:
    tickets("INC-000001", "Printer jams")
    sign_in("sam")
    assert values(client.get("/pickers/tickets?q=")) == []
    response = client.get("/pickers/tickets?q=" + "x" * 201)
    assert response.status_code == 400 and "shorten" in response.get_json()["error"]


def test_agent_sees_the_link_target_and_duplicate_of_fields_as_ticket_pickers(demo, runtime, client,
                                                                            sign_in) -> None:
    deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")
    number = Desk(runtime, runtime.clock).log().number
    sign_in("sam")
    page = lxml.html.fromstring(client.get(f"/tickets/{number}").get_data(as_text=True))
    (target,) = page.xpath("//input[@name='target']")
    assert target.get("data-picker") == "/pickers/tickets"
    assert target.get("data-picker-kind-field") == "kind"
    assert json.loads(target.get("data-picker-kinds")) == {
        "related": "/pickers/tickets", "caused_by": "/pickers/tickets", "ci": "/pickers/cis"}
    assert page.xpath("//input[@name='duplicate-original']")[0].get("data-picker") == "/pickers/tickets"
    assert page.xpath("//script[contains(@src, 'picker.js')]")
