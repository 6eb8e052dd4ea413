"""Tickets: numbering, priority, group choice, the started process, notes, watchers, links.

Statuses and assignment follow the flow: tests/incident/test_ticket_statuses.py.
"""
from pathlib import Path

import pytest

from app.cmdb.items import create_ci, save_ci_type
from app.extensions import db
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.servicedesk.tickets.categories import category_tree, create_category, update_category
from app.servicedesk.tickets.classification import override_priority
from app.servicedesk.tickets.note_events import note_text
from app.servicedesk.tickets.notes import (
    add_note,
    add_watcher,
    link,
    list_links,
    list_notes,
    list_watchers,
    remove_watcher,
    unlink,
)
from app.servicedesk.tickets.records import log_ticket
from app.workflow.deployment import deploy_diagram
from app.workflow.models import ProcessInstance
from tests.conftest import actor_with

PROCESSES = Path(__file__).parents[2] / "processes"


@pytest.fixture
def incident_process(runtime):  # type: ignore[no-untyped-def]
    """Deploy the shipped incident flow."""
    return deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "owner")


def log(runtime, **values):  # type: ignore[no-untyped-def]
    """Log an incident with sensible defaults."""
    arguments = {"kind": "incident", "title": "Printer on fire", "description": "Third floor.",
                 "requester": "rita", "category_id": None, "ci_id": None, "impact": "medium",
                 "urgency": "medium", "actor": "rita", "channel": "portal", **values}
    login = arguments["actor"]
    staff = login != arguments["requester"] or arguments["ci_id"] is not None or arguments["channel"] != "portal"
    return log_ticket(runtime, **{**arguments, "actor": actor_with(login, "agent" if staff else "requester")})


def make_ci(runtime, admin, owner_group):  # type: ignore[no-untyped-def]
    save_ci_type(admin, "server", "Server", [])
    return create_ci(admin, runtime.clock, "server", {"name": "db-01", "owner_group": owner_group})


def test_tickets_are_numbered_by_kind_from_their_id(runtime, incident_process) -> None:
    deploy_diagram(runtime, (PROCESSES / "request.bpmn").read_bytes(), "request.bpmn", "owner")
    first = log(runtime)
    second = log(runtime)
    category = create_category("Access", process_id="incident")
    request = log(runtime, kind="request", category_id=category.id)
    assert first.number == f"INC-{first.id:06d}"
    assert request.number == f"REQ-{request.id:06d}"
    assert len({first.number, second.number}) == 2


def test_unknown_kind_is_refused(runtime, incident_process) -> None:
    with pytest.raises(InvalidValues):
        log(runtime, kind="complaint")


def test_priority_comes_from_the_matrix(runtime, incident_process) -> None:
    ticket = log(runtime, impact="high", urgency="high")
    assert (ticket.priority, ticket.priority_source) == ("P1", "matrix")


def test_unknown_impact_is_refused_and_nothing_is_stored(runtime, incident_process) -> None:
    with pytest.raises(InvalidValues):
        log(runtime, impact="enormous")
    assert db.session.query(ProcessInstance).count() == 0


def test_agent_overrides_priority_with_a_reason(runtime, incident_process, actor) -> None:
    ticket = override_priority(runtime, actor("sam"), log(runtime).number, "P1", "The CEO's laptop.")
    assert (ticket.priority, ticket.priority_source, ticket.priority_reason) == ("P1", "override", "The CEO's laptop.")
    note = list_notes(ticket.id)[-1]
    assert (note.event, note.body, note_text(note)) == (
        "priority_set", "The CEO's laptop.", "Priority set to P1: The CEO's laptop.")


def test_override_without_a_reason_is_refused(runtime, incident_process, actor) -> None:
    ticket = log(runtime)
    with pytest.raises(InvalidValues) as refused:
        override_priority(runtime, actor("sam"), ticket.number, "P1", "  ")
    assert "reason" in refused.value.errors


def test_requester_may_not_override_the_priority(runtime, incident_process, actor) -> None:
    ticket = log(runtime)
    with pytest.raises(NotAllowed):
        override_priority(runtime, actor("rita"), ticket.number, "P1", "Mine first.")
    assert list_notes(ticket.id) == []


def test_monitoring_event_keeps_its_priority(runtime, incident_process) -> None:
    ticket = log(runtime, channel="monitoring", actor="zabbix", impact="low", urgency="low", given_priority="P2")
    assert (ticket.priority, ticket.priority_source) == ("P2", "monitoring")


def test_ci_owner_group_gets_the_ticket(runtime, incident_process, admin_actor) -> None:
    category = create_category("Database", default_group="dba")
    ci = make_ci(runtime, admin_actor, "storage")
    assert log(runtime, ci_id=ci.id, category_id=category.id).assigned_group == "storage"


def test_category_default_group_gets_the_ticket_without_ci_owner(runtime, incident_process, admin_actor) -> None:
    category = create_category("Database", default_group="dba")
    ci = make_ci(runtime, admin_actor, None)
    assert log(runtime, ci_id=ci.id, category_id=category.id).assigned_group == "dba"


def test_service_desk_gets_the_ticket_otherwise(runtime, incident_process) -> None:
    assert log(runtime).assigned_group == "service-desk"


def test_logging_starts_the_process_with_the_number_as_business_key(runtime, incident_process) -> None:
    ticket = log(runtime)
    instance = db.session.get(ProcessInstance, ticket.instance_id)
    assert instance is not None
    assert (instance.process_id, instance.business_key, instance.status) == ("incident", ticket.number, "running")


def test_process_starts_with_the_ticket_facts_beside_its_start_form(runtime, incident_process) -> None:
    from app.workflow.instances.lifecycle import show_instance

    ticket = log(runtime)
    variables = show_instance(runtime, ticket.instance_id).variables
    assert variables["ticket"] == ticket.number
    assert (variables["priority"], variables["assigned_group"]) == (ticket.priority, ticket.assigned_group)
    assert variables["title"] == ticket.title


def test_category_naming_a_process_that_is_not_deployed_is_refused(runtime, incident_process) -> None:
    with pytest.raises(InvalidValues, match="No process 'missing' is deployed"):
        create_category("Hardware", process_id="missing")
    category = create_category("Hardware", process_id="incident")
    with pytest.raises(InvalidValues, match="No process 'missing' is deployed"):
        update_category(category.id, process_id="missing")


def test_process_that_cannot_start_leaves_no_ticket(runtime) -> None:
    with pytest.raises(NotFound):
        log(runtime)
    from app.servicedesk.tickets.models import Ticket
    assert db.session.query(Ticket).count() == 0


def test_category_tree_nests_children(runtime) -> None:
    hardware = create_category("Hardware")
    create_category("Printer", parent_id=hardware.id, default_group="desktop")
    update_category(hardware.id, sla_policy="standard")
    [root] = category_tree()
    assert (root.name, root.sla_policy, [child.name for child in root.children]) == ("Hardware", "standard",
                                                                                      ["Printer"])


def test_category_cannot_move_below_itself(runtime) -> None:
    hardware = create_category("Hardware")
    printer = create_category("Printer", parent_id=hardware.id)
    with pytest.raises(Conflict):
        update_category(hardware.id, parent_id=printer.id)


def test_requester_sees_only_public_notes(runtime, incident_process, actor) -> None:
    ticket = log(runtime)
    add_note(runtime, actor("sam"), ticket.number, "Looking into it.", "public")
    add_note(runtime, actor("sam"), ticket.number, "Probably the toner.", "internal")
    assert [note.body for note in list_notes(ticket.id, public_only=True)] == ["Looking into it."]
    assert len(list_notes(ticket.id)) == 2


def test_staff_notes_are_internal_unless_they_say_otherwise(runtime, incident_process, actor) -> None:
    note = add_note(runtime, actor("sam"), log(runtime).number, "Ordered toner.")
    assert (note.author, note.visibility) == ("sam", "internal")


def test_requester_notes_are_public(runtime, incident_process, actor) -> None:
    note = add_note(runtime, actor("rita"), log(runtime).number, "It smokes now.")
    assert (note.author, note.visibility) == ("rita", "public")


def test_requester_may_not_write_internal_notes_and_nothing_is_stored(runtime, incident_process, actor) -> None:
    ticket = log(runtime)
    with pytest.raises(NotAllowed) as refused:
        add_note(runtime, actor("rita"), ticket.number, "Secret.", "internal")
    assert "make the note public" in str(refused.value)
    assert list_notes(ticket.id) == []


def test_nobody_notes_a_ticket_they_may_not_see(runtime, incident_process, actor) -> None:
    ticket = log(runtime)
    with pytest.raises(NotFound):
        add_note(runtime, actor("lee"), ticket.number, "Not my business.", "public")  # another group's agent
    assert list_notes(ticket.id) == []


def test_watchers_are_added_once_and_removed(runtime, incident_process) -> None:
    ticket = log(runtime)
    mona, rita = actor_with("mona", "manager"), actor_with("rita", "requester")
    add_watcher(mona, ticket.id)
    add_watcher(mona, ticket.id)
    add_watcher(rita, ticket.id)  # her own ticket
    remove_watcher(rita, ticket.id)
    assert list_watchers(ticket.id) == ["mona"]
    with pytest.raises(NotFound):  # watching lets one see a ticket: lee's group does not have it
        add_watcher(actor_with("lee", "agent"), ticket.id)


def test_tickets_link_to_tickets_and_cis(runtime, incident_process, admin_actor) -> None:
    first, second = log(runtime), log(runtime)
    ci = make_ci(runtime, admin_actor, "dba")
    link(admin_actor, first.id, "caused_by", second.id)
    link(admin_actor, first.id, "ci", ci.id)
    assert [(row.kind, row.target_ticket_id, row.target_ci_id) for row in list_links(first.id)] == [
        ("caused_by", second.id, None), ("ci", None, ci.id)]
    unlink(admin_actor, first.id, "ci", ci.id)
    assert len(list_links(first.id)) == 1


def test_self_links_are_refused(runtime, incident_process, admin_actor) -> None:
    ticket = log(runtime)
    with pytest.raises(Conflict):
        link(admin_actor, ticket.id, "related", ticket.id)


def test_duplicate_links_are_refused(runtime, incident_process, admin_actor) -> None:
    first, second = log(runtime), log(runtime)
    link(admin_actor, first.id, "related", second.id)
    with pytest.raises(Conflict):
        link(admin_actor, first.id, "related", second.id)


def test_links_to_missing_targets_are_refused(runtime, incident_process, admin_actor) -> None:
    with pytest.raises(NotFound):
        link(admin_actor, log(runtime).id, "ci", 999)
