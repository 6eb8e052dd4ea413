"""CMDB: attribute validation, change history, relations, the impact view and CSV import/export."""
import pytest

from app.cmdb.impact import add_relation, list_impacted_cis, remove_relation
from app.cmdb.items import create_ci, list_ci_changes, list_cis, save_ci_type, update_ci
from app.cmdb.transfer import ImportRefused, export_cis_csv, import_cis_csv
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case

SERVER_ATTRIBUTES = [
    {"name": "ram_gb", "label": "RAM (GB)", "type": "integer", "required": True},
    {"name": "virtual", "label": "Virtual", "type": "boolean"},
    {"name": "bought_on", "label": "Bought on", "type": "date"},
    {"name": "tier", "label": "Tier", "type": "enum", "options": ["gold", "silver"]},
    {"name": "os", "label": "Operating system", "type": "string"},
]


@pytest.fixture
def server_type(app, admin_actor):  # type: ignore[no-untyped-def]
    return save_ci_type(admin_actor, "server", "Server", SERVER_ATTRIBUTES)


@pytest.fixture
def make_server(agent_actor, clock):  # type: ignore[no-untyped-def]
    """make_server(name, **values): create a server CI as sam, the agent."""
    def make(name, **values):  # type: ignore[no-untyped-def]
        return create_ci(agent_actor, clock, "server", {"name": name, "attributes": {"ram_gb": 16}, **values})
    return make


@pytest.fixture
def make_chain(agent_actor, make_server):  # type: ignore[no-untyped-def]
    """make_chain(names): create CIs where each one depends on the next; return their ids."""
    def make(names, kind="depends_on"):  # type: ignore[no-untyped-def]
        ids = [make_server(name).id for name in names]
        for source, target in zip(ids, ids[1:], strict=False):
            add_relation(agent_actor, source, target, kind)
        return ids
    return make


def test_ci_is_created_with_typed_attributes(server_type, agent_actor, clock) -> None:
    ci = create_ci(agent_actor, clock, "server", {"name": "db-01", "owner_group": "dba", "attributes": {
        "ram_gb": "64", "virtual": "yes", "bought_on": "2029-03-01", "tier": "gold"}})
    assert ci.status == "planned"
    assert ci.attributes == {"ram_gb": 64, "virtual": True, "bought_on": "2029-03-01", "tier": "gold"}


def test_ci_with_bad_attributes_is_refused_naming_each_field(server_type, agent_actor, clock) -> None:
    with pytest.raises(InvalidValues) as refused:
        create_ci(agent_actor, clock, "server", {"name": "db-01", "status": "broken", "attributes": {
            "virtual": "maybe", "bought_on": "01/03/2029", "tier": "bronze", "colour": "red"}})
    assert set(refused.value.errors) == {"status", "attributes.ram_gb", "attributes.virtual",
                                         "attributes.bought_on", "attributes.tier", "attributes.colour"}
    assert refused.value.errors["attributes.ram_gb"] == ["RAM (GB) is required."]
    assert list_cis().items == []


def test_ci_type_with_bad_definitions_is_refused(app, admin_actor) -> None:
    with pytest.raises(InvalidValues) as refused:
        save_ci_type(admin_actor, "switch", "Switch", [{"name": "ports", "type": "float"},
                                                       {"name": "speed", "type": "enum"}])
    assert set(refused.value.errors) == {"attributes.ports", "attributes.speed"}


def test_duplicate_ci_name_within_a_type_is_refused(server_type, make_server) -> None:
    make_server("db-01")
    with pytest.raises(Conflict):
        make_server("db-01")


def test_each_update_records_who_what_when_and_the_ticket(clock, server_type, agent_actor, make_actor,
                                                         make_server) -> None:
    ci = make_server("db-01")
    clock.advance(hours=1)
    changes = update_ci(agent_actor, clock, ci.id, {"status": "active", "attributes": {"ram_gb": 32}}, "INC-000123")
    assert changes == {"status": ["planned", "active"], "attributes.ram_gb": [16, 32]}
    update_ci(make_actor("lee", "agent"), clock, ci.id, {"location": "Room 2"})
    history = list_ci_changes(ci.id)
    assert [(h.actor, h.ticket, h.at) for h in history] == [("sam", "INC-000123", clock.now()),
                                                            ("lee", None, clock.now())]
    assert history[1].changes == {"location": [None, "Room 2"]}


def test_update_that_changes_nothing_records_nothing(server_type, agent_actor, clock, make_server) -> None:
    ci = make_server("db-01")
    assert update_ci(agent_actor, clock, ci.id, {"name": "db-01", "attributes": {"ram_gb": "16"}}) == {}
    assert list_ci_changes(ci.id) == []


def test_update_drops_attributes_the_type_no_longer_defines(server_type, agent_actor, admin_actor, clock) -> None:
    ci = create_ci(agent_actor, clock, "server", {"name": "db-01", "attributes": {"ram_gb": 16, "os": "Linux"}})
    save_ci_type(admin_actor, "server", "Server", [a for a in SERVER_ATTRIBUTES if a["name"] != "os"])
    changes = update_ci(agent_actor, clock, ci.id, {"status": "active"})
    assert changes == {"status": ["planned", "active"], "attributes.os": ["Linux", None]}


def test_refused_update_changes_nothing(server_type, agent_actor, clock, make_server) -> None:
    ci = make_server("db-01")
    with pytest.raises(InvalidValues):
        update_ci(agent_actor, clock, ci.id, {"status": "active", "attributes": {"ram_gb": "lots"}})
    assert list_cis().items[0].status == "planned"
    assert list_ci_changes(ci.id) == []


def test_relation_to_itself_is_refused(server_type, agent_actor, make_server) -> None:
    ci = make_server("db-01")
    with pytest.raises(InvalidValues, match="itself"):
        add_relation(agent_actor, ci.id, ci.id, "depends_on")


def test_duplicate_relation_is_refused(server_type, agent_actor, make_chain) -> None:
    app_id, db_id = make_chain(["app", "db"])
    with pytest.raises(Conflict, match="already has the relation depends_on"):
        add_relation(agent_actor, app_id, db_id, "depends_on")
    add_relation(agent_actor, app_id, db_id, "connected_to")


def test_unknown_relation_kind_and_missing_relation_are_refused(server_type, agent_actor, make_chain) -> None:
    app_id, db_id = make_chain(["app", "db"])
    with pytest.raises(InvalidValues):
        add_relation(agent_actor, app_id, db_id, "likes")
    with pytest.raises(NotFound):
        remove_relation(agent_actor, db_id, app_id, "depends_on")


def test_impact_view_is_transitive_with_the_shortest_depth(server_type, agent_actor, make_server, make_chain) -> None:
    web, app_server, database, disk = make_chain(["web", "app", "db", "disk"])
    add_relation(agent_actor, web, database, "runs_on")  # a shortcut: web is also one step from db
    lan = make_server("lan").id
    add_relation(agent_actor, lan, disk, "connected_to")  # connected_to does not spread impact
    impact = list_impacted_cis(disk)
    assert [(item.name, item.depth) for item in impact.items] == [("db", 1), ("web", 2), ("app", 2)]
    assert impact.next_after is None
    remove_relation(agent_actor, database, disk, "depends_on")
    assert list_impacted_cis(disk).items == []


def test_impact_view_terminates_on_a_cycle(server_type, agent_actor, make_chain) -> None:
    a, b, c = make_chain(["a", "b", "c"])
    add_relation(agent_actor, c, a, "depends_on")
    assert [(item.name, item.depth) for item in list_impacted_cis(a).items] == [("c", 1), ("b", 2)]


def test_impact_view_terminates_on_a_cycle_beyond_the_examined_ci(server_type, agent_actor, make_chain) -> None:
    a, b, c = make_chain(["a", "b", "c"])
    add_relation(agent_actor, c, b, "runs_on")  # b and c depend on each other; a is not in the cycle
    assert [(item.name, item.depth) for item in list_impacted_cis(c).items] == [("b", 1), ("a", 2)]


def test_impact_view_pages_by_depth_then_id(server_type, agent_actor, make_server) -> None:
    root = make_server("root").id
    for n in range(5):
        add_relation(agent_actor, make_server(f"dep-{n}").id, root, "depends_on")
    leaf = make_server("leaf").id
    add_relation(agent_actor, leaf, root + 1, "depends_on")
    first = list_impacted_cis(root, limit=4)
    second = list_impacted_cis(root, after=first.next_after, limit=4)
    assert [i.name for i in first.items] == ["dep-0", "dep-1", "dep-2", "dep-3"]
    assert [(i.name, i.depth) for i in second.items] == [("dep-4", 1), ("leaf", 2)]
    assert second.next_after is None


def test_ci_list_filters_and_pages(server_type, make_server) -> None:
    for n in range(5):
        make_server(f"web-{n}", owner_group="web-team")
    make_server("db-01", owner_group="dba", status="active")
    first = list_cis(owner_group="web-team", limit=3)
    second = list_cis(owner_group="web-team", after=first.next_after, limit=3)
    assert [c.name for c in first.items + second.items] == [f"web-{n}" for n in range(5)]
    assert second.next_after is None
    assert [c.name for c in list_cis(status="active", type_name="server").items] == ["db-01"]
    assert [c.name for c in list_cis(search="DB").items] == ["db-01"]
    assert list_cis(search="%").items == []


def test_csv_round_trip_changes_nothing(server_type, agent_actor, clock, make_server) -> None:
    attributes = {"ram_gb": 64, "virtual": False, "bought_on": "2029-03-01", "tier": "gold", "os": "Linux"}
    create_ci(agent_actor, clock, "server", {"name": "db-01", "owner_group": "dba", "location": "Room, 2",
                                             "attributes": attributes})
    make_server("web-01", status="active")
    exported = export_cis_csv("server")
    assert exported.splitlines()[0] == "name,owner_group,location,status,ram_gb,virtual,bought_on,tier,os"
    report = import_cis_csv(agent_actor, clock, "server", exported)
    assert (report.created, report.updated, report.unchanged, report.refused) == ([], [], [2, 3], [])
    assert export_cis_csv("server") == exported


def test_csv_import_creates_updates_and_records_the_ticket(server_type, agent_actor, clock, make_server) -> None:
    ci = make_server("db-01")
    text = "name,status,ram_gb\ndb-01,active,32\nweb-01,,8\n"
    report = import_cis_csv(agent_actor, clock, "server", text, "CHG-000007")
    assert (report.created, report.updated) == ([3], [2])
    assert list_ci_changes(ci.id)[0].ticket == "CHG-000007"
    assert [(c.name, c.status) for c in list_cis().items] == [("db-01", "active"), ("web-01", "planned")]


def test_csv_with_bad_rows_stores_nothing_and_reports_every_row(server_type, agent_actor, clock, make_server) -> None:
    ci = make_server("db-01")
    text = ("name,status,ram_gb,tier\n"
            "ok-01,active,8,gold\n"
            "db-01,active,32,gold\n"
            "db-02,active,lots,gold\n"
            ",active,8,\n"
            "ok-01,retired,8,\n"
            "bad-tier,,8,bronze\n")
    with pytest.raises(ImportRefused, match="Nothing was imported: 4 rows were refused.") as refused:
        import_cis_csv(agent_actor, clock, "server", text)
    report = refused.value.report
    assert (report.created, report.updated, report.stored) == ([2], [3], False)
    assert [(r.row, r.name) for r in report.refused] == [(4, "db-02"), (5, ""), (6, "ok-01"), (7, "bad-tier")]
    assert "RAM (GB) must be a whole number." in report.refused[0].reason
    assert "repeats row 2" in report.refused[2].reason
    assert set(refused.value.errors) == {"rows.4", "rows.5", "rows.6", "rows.7"}
    assert [(c.name, c.status, c.attributes) for c in list_cis().items] == [("db-01", "planned", {"ram_gb": 16})]
    assert list_ci_changes(ci.id) == []


def test_csv_import_that_meets_a_transient_fault_runs_again_and_stores_each_row_once(
        server_type, agent_actor, clock, make_server, fail_once) -> None:
    ci = make_server("db-01")
    fail_once("INSERT INTO configuration_item")
    report = import_cis_csv(agent_actor, clock, "server", "name,status,ram_gb\ndb-01,active,32\nweb-01,,8\n")
    assert (report.created, report.updated) == ([3], [2])
    assert [c.name for c in list_cis().items] == ["db-01", "web-01"]
    assert [change.changes for change in list_ci_changes(ci.id)] == [
        {"status": ["planned", "active"], "attributes.ram_gb": [16, 32]}]


def test_ci_changes_made_in_a_unit_that_fails_later_leave_nothing_behind(server_type, agent_actor, clock,
                                                                         make_chain) -> None:
    app_id, db_id = make_chain(["app-01", "db-01"])

    @use_case
    def retire_then_fail() -> None:
        update_ci(agent_actor, clock, db_id, {"status": "retired"}, "CHG-000001")
        remove_relation(agent_actor, app_id, db_id, "depends_on")
        create_ci(agent_actor, clock, "server", {"name": "db-02", "attributes": {"ram_gb": 8}})
        raise Conflict("The change was cancelled; nothing of it may stay.")

    with pytest.raises(Conflict):
        retire_then_fail()
    assert [(c.name, c.status) for c in list_cis().items] == [("app-01", "planned"), ("db-01", "planned")]
    assert list_ci_changes(db_id) == []
    assert [item.name for item in list_impacted_cis(db_id).items] == ["app-01"]


@pytest.mark.parametrize("roles", [("auditor",), ("requester",), ("manager", "process_owner")])
def test_people_who_may_not_edit_the_cmdb_are_refused_and_change_nothing(server_type, make_actor, clock, make_chain,
                                                                          roles) -> None:
    app_id, db_id = make_chain(["app-01", "db-01"])
    reader = make_actor("audrey", *roles)
    attempts = [
        lambda: create_ci(reader, clock, "server", {"name": "db-02", "attributes": {"ram_gb": 8}}),
        lambda: update_ci(reader, clock, db_id, {"status": "retired"}),
        lambda: add_relation(reader, db_id, app_id, "connected_to"),
        lambda: remove_relation(reader, app_id, db_id, "depends_on"),
        lambda: import_cis_csv(reader, clock, "server", "name,ram_gb\ndb-03,8\n"),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed, match="audrey may not change the CMDB"):
            attempt()
    assert [(c.name, c.status) for c in list_cis().items] == [("app-01", "planned"), ("db-01", "planned")]
    assert list_ci_changes(db_id) == [] and len(list_impacted_cis(db_id).items) == 1


def test_only_admins_define_ci_types(app, make_actor) -> None:
    with pytest.raises(NotAllowed, match="sam may not define CI types"):
        save_ci_type(make_actor("sam", "agent", "manager"), "switch", "Switch", [])
    save_ci_type(make_actor("adam", "admin"), "switch", "Switch", [])
    with pytest.raises(Conflict, match="already exists"):
        save_ci_type(make_actor("adam", "admin"), "switch", "Network switch", [], new=True)


def test_csv_with_unknown_columns_is_refused_whole(server_type, agent_actor, clock) -> None:
    with pytest.raises(InvalidValues, match="unknown: colour"):
        import_cis_csv(agent_actor, clock, "server", "name,colour\nx,red\n")
