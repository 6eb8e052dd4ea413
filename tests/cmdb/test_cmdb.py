"""CMDB: attribute validation, change history, relations, the impact view and CSV import/export."""
import pytest

from app.cmdb.impact import add_relation, list_impacted_cis, remove_relation
from app.cmdb.items import create_ci, list_ci_changes, list_cis, save_ci_type, update_ci
from app.cmdb.transfer import export_cis_csv, import_cis_csv
from app.platform.errors import Conflict, InvalidValues, NotFound

SERVER_ATTRIBUTES = [
    {"name": "ram_gb", "label": "RAM (GB)", "type": "integer", "required": True},
    {"name": "virtual", "label": "Virtual", "type": "boolean"},
    {"name": "bought_on", "label": "Bought on", "type": "date"},
    {"name": "tier", "label": "Tier", "type": "enum", "options": ["gold", "silver"]},
    {"name": "os", "label": "Operating system", "type": "string"},
]


@pytest.fixture
def server_type(app):  # type: ignore[no-untyped-def]
    return save_ci_type("server", "Server", SERVER_ATTRIBUTES)


def make_server(runtime, name, **values):  # type: ignore[no-untyped-def]
    return create_ci(runtime, "server", {"name": name, "attributes": {"ram_gb": 16}, **values})


def make_chain(runtime, names, kind="depends_on"):  # type: ignore[no-untyped-def]
    """Create CIs where each one depends on the next; return their ids."""
    ids = [make_server(runtime, name).id for name in names]
    for source, target in zip(ids, ids[1:], strict=False):
        add_relation(source, target, kind)
    return ids


def test_ci_is_created_with_typed_attributes(runtime, server_type) -> None:
    ci = create_ci(runtime, "server", {"name": "db-01", "owner_group": "dba", "attributes": {
        "ram_gb": "64", "virtual": "yes", "bought_on": "2029-03-01", "tier": "gold"}})
    assert ci.status == "planned"
    assert ci.attributes == {"ram_gb": 64, "virtual": True, "bought_on": "2029-03-01", "tier": "gold"}


def test_ci_with_bad_attributes_is_refused_naming_each_field(runtime, server_type) -> None:
    with pytest.raises(InvalidValues) as refused:
        create_ci(runtime, "server", {"name": "db-01", "status": "broken", "attributes": {
            "virtual": "maybe", "bought_on": "01/03/2029", "tier": "bronze", "colour": "red"}})
    assert set(refused.value.errors) == {"status", "attributes.ram_gb", "attributes.virtual",
                                         "attributes.bought_on", "attributes.tier", "attributes.colour"}
    assert refused.value.errors["attributes.ram_gb"] == ["RAM (GB) is required."]
    assert list_cis().items == []


def test_ci_type_with_bad_definitions_is_refused(app) -> None:
    with pytest.raises(InvalidValues) as refused:
        save_ci_type("switch", "Switch", [{"name": "ports", "type": "float"}, {"name": "speed", "type": "enum"}])
    assert set(refused.value.errors) == {"attributes.ports", "attributes.speed"}


def test_duplicate_ci_name_within_a_type_is_refused(runtime, server_type) -> None:
    make_server(runtime, "db-01")
    with pytest.raises(Conflict):
        make_server(runtime, "db-01")


def test_each_update_records_who_what_when_and_the_ticket(runtime, clock, server_type) -> None:
    ci = make_server(runtime, "db-01")
    clock.advance(hours=1)
    changes = update_ci(runtime, ci.id, {"status": "active", "attributes": {"ram_gb": 32}}, "sam", "INC-000123")
    assert changes == {"status": ["planned", "active"], "attributes.ram_gb": [16, 32]}
    update_ci(runtime, ci.id, {"location": "Room 2"}, "lee")
    history = list_ci_changes(ci.id)
    assert [(h.actor, h.ticket, h.at) for h in history] == [("sam", "INC-000123", clock.now()),
                                                            ("lee", None, clock.now())]
    assert history[1].changes == {"location": [None, "Room 2"]}


def test_update_that_changes_nothing_records_nothing(runtime, server_type) -> None:
    ci = make_server(runtime, "db-01")
    assert update_ci(runtime, ci.id, {"name": "db-01", "attributes": {"ram_gb": "16"}}, "sam") == {}
    assert list_ci_changes(ci.id) == []


def test_update_drops_attributes_the_type_no_longer_defines(runtime, server_type) -> None:
    ci = create_ci(runtime, "server", {"name": "db-01", "attributes": {"ram_gb": 16, "os": "Linux"}})
    save_ci_type("server", "Server", [a for a in SERVER_ATTRIBUTES if a["name"] != "os"])
    changes = update_ci(runtime, ci.id, {"status": "active"}, "sam")
    assert changes == {"status": ["planned", "active"], "attributes.os": ["Linux", None]}


def test_refused_update_changes_nothing(runtime, server_type) -> None:
    ci = make_server(runtime, "db-01")
    with pytest.raises(InvalidValues):
        update_ci(runtime, ci.id, {"status": "active", "attributes": {"ram_gb": "lots"}}, "sam")
    assert list_cis().items[0].status == "planned"
    assert list_ci_changes(ci.id) == []


def test_relation_to_itself_is_refused(runtime, server_type) -> None:
    ci = make_server(runtime, "db-01")
    with pytest.raises(InvalidValues, match="itself"):
        add_relation(ci.id, ci.id, "depends_on")


def test_duplicate_relation_is_refused(runtime, server_type) -> None:
    app_id, db_id = make_chain(runtime, ["app", "db"])
    with pytest.raises(Conflict, match="already has the relation depends_on"):
        add_relation(app_id, db_id, "depends_on")
    add_relation(app_id, db_id, "connected_to")


def test_unknown_relation_kind_and_missing_relation_are_refused(runtime, server_type) -> None:
    app_id, db_id = make_chain(runtime, ["app", "db"])
    with pytest.raises(InvalidValues):
        add_relation(app_id, db_id, "likes")
    with pytest.raises(NotFound):
        remove_relation(db_id, app_id, "depends_on")


def test_impact_view_is_transitive_with_the_shortest_depth(runtime, server_type) -> None:
    web, app_server, database, disk = make_chain(runtime, ["web", "app", "db", "disk"])
    add_relation(web, database, "runs_on")  # a shortcut: web is also one step from db
    lan = make_server(runtime, "lan").id
    add_relation(lan, disk, "connected_to")  # connected_to does not spread impact
    impact = list_impacted_cis(disk)
    assert [(item.name, item.depth) for item in impact.items] == [("db", 1), ("web", 2), ("app", 2)]
    assert impact.next_after is None
    remove_relation(database, disk, "depends_on")
    assert list_impacted_cis(disk).items == []


def test_impact_view_terminates_on_a_cycle(runtime, server_type) -> None:
    a, b, c = make_chain(runtime, ["a", "b", "c"])
    add_relation(c, a, "depends_on")
    assert [(item.name, item.depth) for item in list_impacted_cis(a).items] == [("c", 1), ("b", 2)]


def test_impact_view_terminates_on_a_cycle_beyond_the_examined_ci(runtime, server_type) -> None:
    a, b, c = make_chain(runtime, ["a", "b", "c"])
    add_relation(c, b, "runs_on")  # b and c depend on each other; a is not in the cycle
    assert [(item.name, item.depth) for item in list_impacted_cis(c).items] == [("b", 1), ("a", 2)]


def test_impact_view_pages_by_depth_then_id(runtime, server_type) -> None:
    root = make_server(runtime, "root").id
    for n in range(5):
        add_relation(make_server(runtime, f"dep-{n}").id, root, "depends_on")
    leaf = make_server(runtime, "leaf").id
    add_relation(leaf, root + 1, "depends_on")
    first = list_impacted_cis(root, limit=4)
    second = list_impacted_cis(root, after=first.next_after, limit=4)
    assert [i.name for i in first.items] == ["dep-0", "dep-1", "dep-2", "dep-3"]
    assert [(i.name, i.depth) for i in second.items] == [("dep-4", 1), ("leaf", 2)]
    assert second.next_after is None


def test_ci_list_filters_and_pages(runtime, server_type) -> None:
    for n in range(5):
        make_server(runtime, f"web-{n}", owner_group="web-team")
    make_server(runtime, "db-01", owner_group="dba", status="active")
    first = list_cis(owner_group="web-team", limit=3)
    second = list_cis(owner_group="web-team", after=first.next_after, limit=3)
    assert [c.name for c in first.items + second.items] == [f"web-{n}" for n in range(5)]
    assert second.next_after is None
    assert [c.name for c in list_cis(status="active", type_name="server").items] == ["db-01"]
    assert [c.name for c in list_cis(search="DB").items] == ["db-01"]
    assert list_cis(search="%").items == []


def test_csv_round_trip_changes_nothing(runtime, server_type) -> None:
    create_ci(runtime, "server", {"name": "db-01", "owner_group": "dba", "location": "Room, 2", "attributes": {
        "ram_gb": 64, "virtual": False, "bought_on": "2029-03-01", "tier": "gold", "os": "Linux"}})
    make_server(runtime, "web-01", status="active")
    exported = export_cis_csv("server")
    assert exported.splitlines()[0] == "name,owner_group,location,status,ram_gb,virtual,bought_on,tier,os"
    report = import_cis_csv(runtime, "server", exported, "sam")
    assert (report.created, report.updated, report.unchanged, report.refused) == ([], [], [2, 3], [])
    assert export_cis_csv("server") == exported


def test_csv_import_creates_updates_and_records_the_ticket(runtime, server_type) -> None:
    ci = make_server(runtime, "db-01")
    text = "name,status,ram_gb\ndb-01,active,32\nweb-01,,8\n"
    report = import_cis_csv(runtime, "server", text, "sam", "CHG-000007")
    assert (report.created, report.updated) == ([3], [2])
    assert list_ci_changes(ci.id)[0].ticket == "CHG-000007"
    assert [(c.name, c.status) for c in list_cis().items] == [("db-01", "active"), ("web-01", "planned")]


def test_csv_bad_rows_are_reported_with_row_numbers_and_change_nothing(runtime, server_type) -> None:
    make_server(runtime, "db-01")
    text = ("name,status,ram_gb,tier\n"
            "ok-01,active,8,gold\n"
            "db-01,active,lots,gold\n"
            ",active,8,\n"
            "ok-01,retired,8,\n"
            "bad-tier,,8,bronze\n")
    report = import_cis_csv(runtime, "server", text, "sam")
    assert report.created == [2]
    assert [(r.row, r.name) for r in report.refused] == [(3, "db-01"), (4, ""), (5, "ok-01"), (6, "bad-tier")]
    assert "RAM (GB) must be a whole number." in report.refused[0].reason
    assert "repeats row 2" in report.refused[2].reason
    assert [(c.name, c.status) for c in list_cis().items] == [("db-01", "planned"), ("ok-01", "active")]


def test_csv_with_unknown_columns_is_refused_whole(runtime, server_type) -> None:
    with pytest.raises(InvalidValues, match="unknown: colour"):
        import_cis_csv(runtime, "server", "name,colour\nx,red\n", "sam")
