"""The CMDB pages: the CI list, a CI's page, editing with typed attributes, relations, CI types, CSV transfer."""
import io
import re
from pathlib import Path

import lxml.html
import pytest

from app.cmdb.impact import add_relation
from app.cmdb.items import create_ci, get_ci, list_ci_changes, list_cis, save_ci_type
from app.cmdb.transfer import export_cis_csv
from app.demo import DEMO_PASSWORD
from app.organisation.users import UserDetails, add_user
from app.servicedesk.tickets.notes import link
from app.servicedesk.tickets.records import log_ticket
from app.workflow.deployment import deploy_diagram
from tests.conftest import actor_with

PROCESSES = Path(__file__).parents[2] / "processes"
SERVER_ATTRIBUTES = [
    {"name": "ram_gb", "label": "RAM (GB)", "type": "integer", "required": True},
    {"name": "virtual", "label": "Virtual", "type": "boolean"},
    {"name": "bought_on", "label": "Bought on", "type": "date"},
    {"name": "tier", "label": "Tier", "type": "enum", "options": ["gold", "silver"]},
]
NEW_SERVER = {"name": "db-01", "status": "active", "owner_group": "second-line", "location": "Shanghai DC1",
              "attr_ram_gb": "64", "attr_virtual": "true", "attr_bought_on": "2029-03-01", "attr_tier": "gold"}


@pytest.fixture
def cmdb(demo, admin_actor, agent_actor, make_server):  # type: ignore[no-untyped-def]
    """A server type and a small chain: web-01 runs on app-01, which depends on db-01; return name -> id."""
    save_ci_type(admin_actor, "server", "Server", SERVER_ATTRIBUTES)
    ids = {name: make_server(name, owner_group="second-line").id for name in ("web-01", "app-01", "db-01")}
    add_relation(agent_actor, ids["web-01"], ids["app-01"], "runs_on")
    add_relation(agent_actor, ids["app-01"], ids["db-01"], "depends_on")
    return ids


@pytest.fixture
def make_server(agent_actor, clock):  # type: ignore[no-untyped-def]
    """make_server(name, **values): create a server CI as sam, the agent."""
    def make(name, **values):  # type: ignore[no-untyped-def]
        return create_ci(agent_actor, clock, "server", {"name": name, "attributes": {"ram_gb": 16}, **values})
    return make


def html(response):  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.get_data(as_text=True))


def texts(page, testid):  # type: ignore[no-untyped-def]
    """Return the text of each body row of the table marked with a data-testid, whitespace collapsed."""
    rows = page.findall(f".//table[@data-testid='{testid}']/tbody/tr")
    return [" ".join(" ".join(cell.text_content().split()) for cell in row.iterchildren()) for row in rows]


def facts_text(page):  # type: ignore[no-untyped-def]
    """Return the terms and values of the CI facts list, whitespace collapsed."""
    facts = page.find(".//dl[@data-testid='ci-facts']")
    return " ".join(" ".join(item.text_content().split()) for item in facts.iterchildren())


def test_requester_gets_403_on_every_cmdb_page_and_action(client, cmdb, sign_in) -> None:
    sign_in("rita")
    ci = cmdb["db-01"]
    pages = ["/cmdb", f"/cmdb/{ci}", "/cmdb/new", f"/cmdb/{ci}/edit", "/cmdb/types", "/cmdb/types/new",
             "/cmdb/types/server", "/cmdb/transfer", "/cmdb/export?type=server"]
    actions = ["/cmdb/new?type=server", f"/cmdb/{ci}/edit", f"/cmdb/{ci}/relations", "/cmdb/types/new",
               "/cmdb/import", f"/cmdb/{cmdb['app-01']}/relations/{cmdb['app-01']}/depends_on/{ci}/remove"]
    refused = {url: client.get(url).status_code for url in pages}
    refused |= {f"POST {url}": client.post(url, data={"confirm": "y"}).status_code for url in actions}
    assert set(refused.values()) == {403}, refused


def test_requester_sees_no_cmdb_link_in_the_top_bar(client, cmdb, sign_in) -> None:
    sign_in("rita")
    assert 'href="/cmdb"' not in client.get("/knowledge").get_data(as_text=True)


def test_auditor_reads_the_cmdb_but_may_not_change_it(client, cmdb, sign_in) -> None:
    sign_in("audrey")
    ci = cmdb["db-01"]
    for url in ("/cmdb", f"/cmdb/{ci}", "/cmdb/types", "/cmdb/transfer", "/cmdb/export?type=server"):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/cmdb/{ci}").get_data(as_text=True)
    assert f'href="/cmdb/{ci}/edit"' not in page and "Add a relation" not in page and "Remove…" not in page
    assert client.post(f"/cmdb/{ci}/edit", data={**NEW_SERVER, "name": "renamed"}).status_code == 403
    assert client.post("/cmdb/new?type=server", data=NEW_SERVER).status_code == 403
    assert "Import a CSV file" not in client.get("/cmdb/transfer").get_data(as_text=True)
    assert get_ci(ci).name == "db-01"


def test_agent_finds_cis_by_part_of_the_name_type_status_owner_group_and_location(client, cmdb, sign_in,
                                                                                   make_server) -> None:
    make_server("DB-02", status="retired", owner_group="dba", location="Beijing DC2")
    sign_in("sam")
    by_name = texts(html(client.get("/cmdb?q=db")), "ci-list")
    assert sorted(row.split()[0] for row in by_name) == ["DB-02", "db-01"]  # the order of case is the database's
    assert texts(html(client.get("/cmdb?status=retired&owner_group=dba&type=server")), "ci-list")[0].startswith(
        "DB-02 Server Retired dba Beijing DC2")
    assert [row.split()[0] for row in texts(html(client.get("/cmdb?location=beijing")), "ci-list")] == ["DB-02"]


def test_ci_list_says_so_when_nothing_matches(client, cmdb, sign_in) -> None:
    sign_in("sam")
    page = client.get("/cmdb?q=nothing-like-this").get_data(as_text=True)
    assert "No configuration item matches these filters." in page


def test_empty_cmdb_says_a_type_is_needed_first(client, demo, sign_in) -> None:
    sign_in("adam")
    page = client.get("/cmdb").get_data(as_text=True)
    assert "there are no CI types yet" in page and 'href="/cmdb/types/new"' in page


def test_ci_list_pages_by_name_with_a_next_link(client, cmdb, sign_in, make_server) -> None:
    for n in range(50):
        make_server(f"node-{n:02d}")
    sign_in("sam")
    first = html(client.get("/cmdb"))
    assert len(texts(first, "ci-list")) == 50
    next_href = first.find(".//nav[@class='pager']//a[@rel='next']").get("href")
    second = html(client.get(next_href))
    assert [row.split()[0] for row in texts(second, "ci-list")] == ["node-48", "node-49", "web-01"]
    assert second.find(".//nav[@class='pager']//a[@rel='next']") is None


def test_damaged_page_link_starts_the_list_again_with_a_note(client, cmdb, sign_in) -> None:
    sign_in("sam")
    response = client.get("/cmdb?after=not-a-cursor")
    assert response.status_code == 200
    assert "A page link was damaged" in response.get_data(as_text=True)
    assert len(texts(html(response), "ci-list")) == 3


def test_ci_page_shows_facts_attributes_and_relations_both_ways(client, cmdb, sign_in, agent_actor, clock) -> None:
    ci = create_ci(agent_actor, clock, "server", {"name": "san-01", "location": "Rack 7", "status": "active",
                                       "attributes": {"ram_gb": 4, "virtual": False, "tier": "silver"}})
    add_relation(agent_actor, cmdb["db-01"], ci.id, "runs_on")
    sign_in("sam")
    page = html(client.get(f"/cmdb/{cmdb['db-01']}"))
    facts = facts_text(page)
    assert facts.startswith("Name db-01 Type Server Status Planned Owner group second-line Location –")
    assert "RAM (GB) 16 Virtual – Bought on – Tier –" in facts
    assert texts(page, "relations-outgoing") == ["runs on san-01 Server Active Remove…"]
    assert texts(page, "relations-incoming") == ["is needed by app-01 Server Planned Remove…"]
    san = facts_text(html(client.get(f"/cmdb/{ci.id}")))
    assert "RAM (GB) 4 Virtual No Bought on – Tier silver" in san


def test_impact_view_lists_transitive_dependants_with_their_depth(client, cmdb, sign_in) -> None:
    sign_in("audrey")
    page = html(client.get(f"/cmdb/{cmdb['db-01']}"))
    assert texts(page, "impact") == ["1 app-01 Server Planned second-line", "2 web-01 Server Planned second-line"]
    leaf = html(client.get(f"/cmdb/{cmdb['web-01']}")).get_element_by_id("impact").text_content()
    assert "Nothing depends on web-01" in leaf


def test_impact_view_pages_with_a_more_link_that_keeps_the_other_lists(client, cmdb, sign_in, agent_actor,
                                                                       make_server) -> None:
    for n in range(25):
        add_relation(agent_actor, make_server(f"dep-{n:02d}").id, cmdb["db-01"], "depends_on")
    sign_in("sam")
    first = html(client.get(f"/cmdb/{cmdb['db-01']}"))
    assert len(texts(first, "impact")) == 25
    more = first.get_element_by_id("impact").find(".//a[@rel='next']").get("href")
    assert more.startswith(f"/cmdb/{cmdb['db-01']}?impact_after=") and more.endswith("#impact")
    second = html(client.get(more))
    assert texts(second, "impact") == ["1 dep-24 Server Planned –", "2 web-01 Server Planned second-line"]


@pytest.fixture
def incident_about(runtime, cmdb):  # type: ignore[no-untyped-def]
    """Log incidents with the shipped flow: incident_about(ci_id=...) names the CI as the affected one."""
    deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")

    def log(title: str, ci_id: int | None = None, requester: str = "rita"):  # type: ignore[no-untyped-def]
        actor = actor_with(requester, "requester", *(("agent",) if ci_id is not None else ()))  # staff name the CI
        return log_ticket(runtime, "incident", title, "It stopped.", requester, None, ci_id, "medium", "medium",
                          actor)
    return log


def test_ci_page_lists_incidents_naming_it_or_linking_to_it(client, cmdb, incident_about, sign_in) -> None:
    affected = incident_about("Database down", ci_id=cmdb["db-01"])
    linked = incident_about("Slow reports")
    link(actor_with("sam", "agent"), linked.id, "ci", cmdb["db-01"])
    incident_about("Printer jam")
    sign_in("mona")
    rows = texts(html(client.get(f"/cmdb/{cmdb['db-01']}")), "ci-tickets")
    assert [row.split()[0] for row in rows] == [linked.number, affected.number]
    assert rows[0].endswith("Linked") and rows[1].endswith("Affected CI")


def test_agent_sees_only_the_incidents_of_a_ci_they_may_see(client, cmdb, incident_about, sign_in, runtime,
                                                            admin_actor) -> None:
    incident_about("Database down", ci_id=cmdb["db-01"])  # db-01 belongs to second-line: lee's group
    # an agent of neither group (not sam: the service desk has the open 'classify' task, so sees the ticket; and no
    # demo agent outside both: carl manages problems, and problem managers see every incident)
    add_user(runtime, admin_actor, "nina", ["network"], details=UserDetails(password=DEMO_PASSWORD, roles=["agent"]))
    sign_in("nina")
    page = client.get(f"/cmdb/{cmdb['db-01']}").get_data(as_text=True)
    assert "Database down" not in page
    assert "No ticket that you may see names this CI as affected or links to it." in page
    client.post("/logout")
    sign_in("lee")
    assert "Database down" in client.get(f"/cmdb/{cmdb['db-01']}").get_data(as_text=True)


def test_agent_creates_a_ci_with_typed_attributes(client, cmdb, sign_in) -> None:
    sign_in("sam")  # an English-speaking agent: the test reads the messages
    assert "RAM (GB)" in client.get("/cmdb/new?type=server").get_data(as_text=True)
    response = client.post("/cmdb/new?type=server", data={**NEW_SERVER, "name": "db-09"})
    assert response.status_code == 302
    ci = get_ci(int(response.headers["Location"].rsplit("/", 1)[1]))
    assert (ci.name, ci.status, ci.owner_group, ci.location) == ("db-09", "active", "second-line", "Shanghai DC1")
    assert ci.attributes == {"ram_gb": 64, "virtual": True, "bought_on": "2029-03-01", "tier": "gold"}
    assert "The configuration item db-09 was created." in client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_new_ci_asks_for_the_type_first(client, cmdb, sign_in) -> None:
    sign_in("sam")
    page = client.get("/cmdb/new").get_data(as_text=True)
    assert 'href="/cmdb/new?type=server"' in page
    assert client.get("/cmdb/new?type=printer").status_code == 404


def test_bad_ci_values_are_marked_field_by_field_and_the_entered_values_stay(client, cmdb, sign_in) -> None:
    sign_in("sam")
    bad = {**NEW_SERVER, "name": " ", "attr_ram_gb": "lots", "attr_bought_on": "01/03/2029", "location": "Room 9"}
    response = client.post("/cmdb/new?type=server", data=bad)
    assert response.status_code == 422
    page = html(response)
    assert page.get_element_by_id("name-error").text == "A configuration item needs a name of 1 to 200 characters."
    assert page.get_element_by_id("attr_ram_gb-error").text == "RAM (GB) must be a whole number."
    assert page.get_element_by_id("attr_bought_on-error").text == "Bought on must be a date written YYYY-MM-DD."
    assert page.get_element_by_id("attr_ram_gb").get("value") == "lots"
    assert page.get_element_by_id("location").get("value") == "Room 9"
    assert page.get_element_by_id("attr_tier").value == "gold"
    assert len(list_cis().items) == 3


def test_missing_required_attribute_is_named(client, cmdb, sign_in) -> None:
    sign_in("sam")
    page = html(client.post("/cmdb/new?type=server", data={**NEW_SERVER, "attr_ram_gb": ""}))
    assert page.get_element_by_id("attr_ram_gb-error").text == "RAM (GB) is required."


def test_duplicate_ci_name_is_refused_next_to_the_name(client, cmdb, sign_in) -> None:
    sign_in("sam")
    page = html(client.post("/cmdb/new?type=server", data={**NEW_SERVER, "name": "web-01"}))
    assert "already exists" in page.get_element_by_id("name-error").text


def test_edit_records_who_changed_what_and_from_which_ticket(client, cmdb, incident_about, sign_in) -> None:
    ticket = incident_about("Database slow", ci_id=cmdb["db-01"])
    sign_in("sam")
    form = html(client.get(f"/cmdb/{cmdb['db-01']}/edit"))
    assert form.get_element_by_id("attr_ram_gb").get("value") == "16"
    values = {**NEW_SERVER, "name": "db-01", "status": "maintenance", "location": "", "attr_virtual": "",
              "attr_bought_on": "", "attr_tier": "", "attr_ram_gb": "32", "ticket": ticket.number.lower()}
    response = client.post(f"/cmdb/{cmdb['db-01']}/edit", data=values)
    assert response.status_code == 302
    [change] = list_ci_changes(cmdb["db-01"])
    assert (change.actor, change.ticket) == ("sam", ticket.number)
    assert change.changes == {"status": ["planned", "maintenance"], "attributes.ram_gb": [16, 32]}
    history = texts(html(client.get(response.headers["Location"])), "ci-history")[0]
    assert f"Sam Service-Desk {ticket.number}" in history
    assert "Status: Planned → In maintenance" in history and "RAM (GB): 16 → 32" in history


def test_edit_with_an_unknown_ticket_is_refused_and_changes_nothing(client, cmdb, sign_in) -> None:
    sign_in("sam")
    values = {**NEW_SERVER, "name": "db-01", "attr_ram_gb": "32", "ticket": "INC-999999"}
    page = html(client.post(f"/cmdb/{cmdb['db-01']}/edit", data=values))
    assert page.get_element_by_id("ticket-error").text.startswith("There is no ticket INC-999999.")
    assert page.get_element_by_id("ticket").get("value") == "INC-999999"
    assert list_ci_changes(cmdb["db-01"]) == []


def test_saving_without_changes_records_nothing(client, cmdb, sign_in) -> None:
    sign_in("sam")
    values = {"name": "db-01", "status": "planned", "owner_group": "second-line", "location": "",
              "attr_ram_gb": "16", "attr_virtual": "", "attr_bought_on": "", "attr_tier": ""}
    response = client.post(f"/cmdb/{cmdb['db-01']}/edit", data=values, follow_redirects=True)
    assert "Nothing was changed, so nothing was recorded." in response.get_data(as_text=True)
    assert list_ci_changes(cmdb["db-01"]) == []


def test_agent_adds_a_relation_by_the_other_cis_name(client, cmdb, sign_in) -> None:
    sign_in("sam")
    response = client.post(f"/cmdb/{cmdb['db-01']}/relations",
                           data={"relation": "incoming:runs_on", "target_type": "", "target_name": "web-01"})
    assert response.status_code == 302
    page = html(client.get(f"/cmdb/{cmdb['db-01']}"))
    assert "hosts web-01 Server Planned Remove…" in texts(page, "relations-incoming")


def test_relation_to_an_unknown_ci_is_refused_and_keeps_the_name(client, cmdb, sign_in) -> None:
    sign_in("sam")
    response = client.post(f"/cmdb/{cmdb['db-01']}/relations",
                           data={"relation": "outgoing:depends_on", "target_type": "", "target_name": "db-99"})
    assert response.status_code == 400
    page = html(response)
    assert page.get_element_by_id("target_name-error").text == (
        "There is no configuration item named 'db-99'. Check the spelling.")
    assert page.get_element_by_id("target_name").get("value") == "db-99"


def test_ambiguous_name_asks_for_the_type(client, cmdb, sign_in, agent_actor, admin_actor, clock) -> None:
    save_ci_type(admin_actor, "database", "Database", [])
    create_ci(agent_actor, clock, "database", {"name": "db-01"})
    sign_in("sam")
    page = html(client.post(f"/cmdb/{cmdb['web-01']}/relations",
                            data={"relation": "outgoing:depends_on", "target_type": "", "target_name": "db-01"}))
    assert "Several configuration items are named 'db-01' (database, server)" in page.get_element_by_id(
        "target_name-error").text
    response = client.post(f"/cmdb/{cmdb['web-01']}/relations",
                           data={"relation": "outgoing:depends_on", "target_type": "database", "target_name": "db-01"})
    assert response.status_code == 302


def test_removing_a_relation_asks_for_confirmation_first(client, cmdb, sign_in) -> None:
    sign_in("sam")
    url = f"/cmdb/{cmdb['db-01']}/relations/{cmdb['app-01']}/depends_on/{cmdb['db-01']}/remove"
    confirm = client.get(url).get_data(as_text=True)
    assert "Remove the relation “app-01 depends on db-01”?" in confirm
    unconfirmed = html(client.post(url, data={}))
    assert unconfirmed.get_element_by_id("confirm-error").text == "Tick the box to confirm."
    assert texts(html(client.get(f"/cmdb/{cmdb['db-01']}")), "relations-incoming")
    response = client.post(url, data={"confirm": "y"}, follow_redirects=True)
    assert "The relation &#39;app-01 depends on db-01&#39; was removed." in response.get_data(as_text=True)
    assert texts(html(response), "relations-incoming") == []
    assert client.get(url).status_code == 404


def test_admin_defines_a_ci_type_with_attributes(client, demo, sign_in) -> None:
    sign_in("adam")
    data = {"name": "switch", "display_name": "Network switch",
            "attributes-0-name": "ports", "attributes-0-label": "Ports", "attributes-0-type": "integer",
            "attributes-0-required": "y", "attributes-0-options": "",
            "attributes-1-name": "speed", "attributes-1-label": "Speed", "attributes-1-type": "enum",
            "attributes-1-options": "1G, 10G", "attributes-2-name": "", "attributes-2-label": "",
            "attributes-2-type": "string", "attributes-2-options": ""}
    response = client.post("/cmdb/types/new", data=data)
    assert response.status_code == 302
    rows = texts(html(client.get("/cmdb/types")), "ci-types")
    assert rows == ["Network switch Show its CIs switch Ports · Whole number · required Speed · Choice from a list"]
    form = html(client.get("/cmdb/new?type=switch"))
    assert [option.get("value") for option in form.get_element_by_id("attr_speed").iter("option")] == ["", "1G", "10G"]


def test_bad_attribute_definitions_are_marked_on_their_row(client, demo, sign_in) -> None:
    sign_in("adam")
    data = {"name": "switch", "display_name": "", "attributes-0-name": "bad name", "attributes-0-label": "",
            "attributes-0-type": "string", "attributes-1-name": "speed", "attributes-1-type": "enum",
            "attributes-1-options": ""}
    response = client.post("/cmdb/types/new", data=data)
    assert response.status_code == 422
    page = html(response)
    assert "An attribute name is letters, digits and underscores." in page.get_element_by_id(
        "attributes-0-name-error").text
    assert page.get_element_by_id("attributes-1-name-error").text == "An enum attribute needs at least one option."
    assert page.get_element_by_id("attributes-0-name").get("value") == "bad name"


def test_only_admins_define_ci_types(client, cmdb, sign_in) -> None:
    sign_in("sam")
    assert client.get("/cmdb/types/new").status_code == 403
    assert 'href="/cmdb/types/new"' not in client.get("/cmdb/types").get_data(as_text=True)


def test_csv_export_and_import_round_trip_through_the_pages(client, cmdb, sign_in, agent_actor, clock) -> None:
    create_ci(agent_actor, clock, "server", {"name": "数据库-01", "location": "上海, 机房 2",
                                  "attributes": {"ram_gb": 8, "virtual": True, "tier": "gold"}})
    sign_in("sam")
    exported = client.get("/cmdb/export?type=server")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="cmdb-server.csv"'
    assert exported.mimetype == "text/csv"
    text = exported.get_data(as_text=True)
    assert text.lstrip("\ufeff") == export_cis_csv("server")
    response = client.post("/cmdb/import", data={"type": "server", "ticket": "",
                                                 "file": (io.BytesIO(text.encode("utf-8")), "cmdb-server.csv")})
    assert response.status_code == 200
    assert "The file was imported: 0 created, 0 updated, 4 unchanged." in response.get_data(as_text=True)
    assert export_cis_csv("server") == text.lstrip("\ufeff")


def test_csv_import_creates_and_updates_cis(client, cmdb, sign_in) -> None:
    sign_in("sam")
    text = "name,status,ram_gb\ndb-01,active,32\nweb-02,,8\n"
    response = client.post("/cmdb/import", data={"type": "server", "file": (io.BytesIO(text.encode()), "new.csv")})
    assert "1 created, 1 updated, 0 unchanged" in response.get_data(as_text=True)
    assert [(c.name, c.status) for c in list_cis(search="0").items][1:] == [("db-01", "active"), ("web-01", "planned"),
                                                                           ("web-02", "planned")]


def test_csv_import_with_a_bad_row_stores_nothing_and_reports_each_row(client, cmdb, sign_in) -> None:
    sign_in("sam")
    text = "name,status,ram_gb\nok-01,active,8\ndb-01,active,lots\n,active,8\n"
    response = client.post("/cmdb/import", data={"type": "server", "file": (io.BytesIO(text.encode()), "bad.csv")})
    assert response.status_code == 422
    page = html(response)
    assert "Nothing was imported: 2 rows were refused." in page.find(".//div[@data-testid='import-outcome']").text
    refused = texts(page, "refused-rows")
    assert refused[0].startswith("3 db-01 ") and "RAM (GB) must be a whole number." in refused[0]
    assert refused[1].startswith("4 – ")
    assert [c.name for c in list_cis().items] == ["app-01", "db-01", "web-01"]
    assert get_ci(cmdb["db-01"]).status == "planned"


@pytest.mark.parametrize(("content", "message"), [
    (b"name,colour\nx,red\n", "unknown: colour"),
    ("name\n数据库\n".encode("gb18030"), "The file is not UTF-8 text."),
    (b"name\nx\x00y\n", "The file contains a NUL character"),
])
def test_unreadable_csv_files_are_refused_with_a_reason(client, cmdb, sign_in, content, message) -> None:
    sign_in("sam")
    response = client.post("/cmdb/import", data={"type": "server", "file": (io.BytesIO(content), "x.csv")})
    assert response.status_code == 422
    assert message in html(response).get_element_by_id("file-error").text
    assert len(list_cis().items) == 3


def test_csv_import_without_a_file_says_to_choose_one(client, cmdb, sign_in) -> None:
    sign_in("sam")
    response = client.post("/cmdb/import", data={"type": "server"})
    assert html(response).get_element_by_id("file-error").text == "Choose a CSV file to import."


def test_ci_facts_partial_renders_for_another_page_with_a_link(app, cmdb) -> None:
    from flask import render_template_string

    from app.cmdb.queries import ci_details

    with app.test_request_context("/"):
        out = render_template_string('{% include "cmdb/_ci_facts.html" %}', ci=ci_details(cmdb["db-01"]))
    assert re.search(r"<dt>RAM \(GB\)</dt><dd>16</dd>", out)
    assert f'href="/cmdb/{cmdb["db-01"]}"' in out


def test_admin_changes_a_types_attributes_and_its_cis_follow(client, cmdb, sign_in) -> None:
    sign_in("adam")
    form = html(client.get("/cmdb/types/server"))
    assert form.get_element_by_id("attributes-0-name").get("value") == "ram_gb"
    data = {"display_name": "Server (physical)", "attributes-0-name": "ram_gb", "attributes-0-label": "Memory",
            "attributes-0-type": "integer", "attributes-0-options": "", "more_rows": "1"}
    more = html(client.post("/cmdb/types/server", data=data))
    assert more.get_element_by_id("attributes-3-name") is not None
    assert more.get_element_by_id("attributes-0-label").get("value") == "Memory"
    del data["more_rows"]
    assert client.post("/cmdb/types/server", data=data).status_code == 302
    facts = facts_text(html(client.get(f"/cmdb/{cmdb['db-01']}")))
    assert "Type Server (physical)" in facts and "Memory 16" in facts and "Tier" not in facts
