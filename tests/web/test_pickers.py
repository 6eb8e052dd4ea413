"""The pickers' look-ups: CIs by name, type or owner; people and groups by name; each behind its page's rule."""
import lxml.html
import pytest

from app.cmdb.items import create_ci, save_ci_type


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
