"""A laptop ordered from the catalogue: approvals by rule from organisation data, the finance level above 10,000,
fulfilment handing a CI to the requester, orders for others, a pinned version surviving an item edit, levels deciding
by approval by rule (any, N of M, the requester excluded), and the signed approval link."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.messaging.mail.links import LinkClaim
from app.messaging.models import OutboxMessage
from app.organisation.delegations import set_delegation
from app.organisation.groups import add_group, add_member
from app.organisation.models import Department
from app.platform.errors import Conflict
from app.servicedesk.catalogue.items import save_item
from app.servicedesk.catalogue.models import CatalogueApproval, CatalogueRequest
from app.servicedesk.catalogue.progress import request_progress
from app.servicedesk.portal.mail_actions import act_on_link, step_of_link
from app.servicedesk.tickets.models import TicketNote, TicketWatcher
from app.workflow.deployment import deploy_diagram
from app.workflow.models import ProcessDefinition
from tests.catalogue.conftest import EDITOR, PROCESSES, Catalogue, person


def approvers_of(ticket_id: int) -> list[tuple[str, str]]:
    """Return (level, approver) as the rules resolved them for a request."""
    rows = db.session.execute(select(CatalogueApproval.element_id, CatalogueApproval.approver).where(
        CatalogueApproval.ticket_id == ticket_id).order_by(CatalogueApproval.id)).all()
    return [(str(level), str(login)) for level, login in rows]


def test_laptop_goes_to_the_line_manager_and_fulfilment_hands_a_ci_to_the_requester(catalogue: Catalogue) -> None:
    [ticket] = catalogue.order("rita")
    assert ticket.number.startswith("REQ-")
    assert approvers_of(ticket.id) == [("approve_manager", "mona")]
    catalogue.approve(ticket, "approve_manager", "mona")
    catalogue.work(ticket, "prepare", "sam", asset_tag="LT-0042")
    catalogue.work(ticket, "hand_over", "sam", fulfilment_note="Handed over at the desk.")
    laptop = db.session.execute(select(ConfigurationItem).where(ConfigurationItem.name == "LT-0042")).scalar_one()
    assert (laptop.owner_login, laptop.status) == ("rita", "active")
    stored = catalogue.fresh(ticket)
    assert (stored.status, stored.ci_id) == ("closed", laptop.id)


def set_head(department: str, login: str) -> None:
    """Make someone the head of a demo department."""
    row = db.session.execute(select(Department).where(Department.name == department)).scalar_one()
    row.head_login = login
    db.session.commit()


def test_total_above_10000_adds_the_cost_centre_owner_as_finance_level(catalogue: Catalogue) -> None:
    [ticket] = catalogue.order("rita", quantity=2)  # 2 × 8,000 CNY
    catalogue.approve(ticket, "approve_manager", "mona")
    assert approvers_of(ticket.id) == [("approve_manager", "mona"), ("approve_finance", "carl")]
    catalogue.approve(ticket, "approve_finance", "carl")
    assert [task.element_id for task in catalogue.tasks(ticket)] == ["prepare"]


def test_a_total_of_10000_or_less_needs_no_finance_level(catalogue: Catalogue) -> None:
    [ticket] = catalogue.order("rita", quantity=1)
    catalogue.approve(ticket, "approve_manager", "mona")
    assert [level for level, _ in approvers_of(ticket.id)] == ["approve_manager"]
    assert [task.element_id for task in catalogue.tasks(ticket)] == ["prepare"]


def test_a_rejection_closes_the_request_before_fulfilment(catalogue: Catalogue) -> None:
    [ticket] = catalogue.order("rita")
    catalogue.approve(ticket, "approve_manager", "mona", approved=False)
    assert catalogue.fresh(ticket).status == "closed"
    assert catalogue.tasks(ticket) == []


def test_an_order_for_several_people_opens_one_request_each_approved_by_their_own_manager(
        catalogue: Catalogue) -> None:
    tickets = catalogue.order("carl", requested_for=("rita", "sam"))
    assert [ticket.requester for ticket in tickets] == ["rita", "sam"]
    assert all(ticket.number.startswith("REQ-") for ticket in tickets)
    assert [approvers_of(ticket.id) for ticket in tickets] == [[("approve_manager", "mona")]] * 2
    watchers = db.session.execute(select(TicketWatcher.login).where(TicketWatcher.ticket_id == tickets[0].id)).all()
    assert [row[0] for row in watchers] == ["carl"]


def test_a_manager_ordering_for_her_report_never_approves_it_herself(catalogue: Catalogue) -> None:
    set_head("Finance", "carl")
    [ticket] = catalogue.order("mona", requested_for=("rita",))  # rita's line manager is mona, who ordered
    assert approvers_of(ticket.id) == [("approve_manager", "carl")]


def test_a_request_in_flight_keeps_its_version_when_the_item_is_pinned_to_a_new_one(catalogue: Catalogue) -> None:
    [first] = catalogue.order("rita")
    changed = (PROCESSES / "catalogue_laptop.bpmn").read_bytes().replace(
        b'name="Prepare the laptop"', b'name="Image and enrol the laptop"')
    version_2 = deploy_diagram(catalogue.runtime, changed, "catalogue_laptop.bpmn", "olga")
    save_item(catalogue.runtime, EDITOR, "new-laptop", {"name": "Laptop (2027 models)", "version": 2,
                                                        "process_id": "catalogue_laptop", "unit_price": 9000,
                                                        "max_quantity": 3})
    [second] = catalogue.order("rita")
    versions = dict(db.session.execute(select(CatalogueRequest.ticket_id, CatalogueRequest.definition_id)).all())
    assert versions[second.id] != versions[first.id]
    assert db.session.get(ProcessDefinition, versions[second.id]).version == 2
    assert version_2 is not None
    catalogue.approve(first, "approve_manager", "mona")
    assert [task.name for task in catalogue.tasks(first)] == ["Prepare the laptop"]
    catalogue.work(first, "prepare", "sam", asset_tag="LT-0043")
    catalogue.work(first, "hand_over", "sam", fulfilment_note="Done.")
    assert catalogue.fresh(first).status == "closed"
    prices = dict(db.session.execute(select(CatalogueRequest.ticket_id, CatalogueRequest.unit_price)).all())
    assert (prices[first.id], prices[second.id]) == (8000, 9000)


def group_level(catalogue: Catalogue, members: tuple[str, ...], decision: str) -> None:
    """Pin the laptop to a version whose first level is the group 'buyers', deciding by the rule given."""
    add_group(EDITOR, "buyers")
    for login in members:
        add_member(EDITOR, "buyers", login)
    changed = (PROCESSES / "catalogue_laptop.bpmn").read_bytes().replace(
        b'<camunda:inputParameter name="rule">line_manager</camunda:inputParameter>',
        b'<camunda:inputParameter name="rule">group:buyers</camunda:inputParameter>').replace(
        b'<camunda:property name="flowdesk:decision" value="any"/>',
        f'<camunda:property name="flowdesk:decision" value="{decision}"/>'.encode(), 1)
    deploy_diagram(catalogue.runtime, changed, "catalogue_laptop.bpmn", "olga")
    save_item(catalogue.runtime, EDITOR, "new-laptop", {"name": "New laptop", "process_id": "catalogue_laptop",
                                                        "unit_price": 8000, "max_quantity": 3})


def test_a_group_level_of_two_of_three_passes_at_the_second_approval_and_no_longer_needs_the_third(
        catalogue: Catalogue) -> None:
    group_level(catalogue, ("adam", "lee", "sam"), "n-of-m:2")
    [agreed, refused] = catalogue.order("rita") + catalogue.order("rita")
    assert approvers_of(agreed.id) == [("approve_manager", "adam"), ("approve_manager", "lee"),
                                       ("approve_manager", "sam")]
    catalogue.approve(agreed, "approve_manager", "lee")
    assert catalogue.fresh(agreed).status == "in_progress"  # one of two approvals
    catalogue.approve(agreed, "approve_manager", "sam", comment="Budgeted.")
    assert [task.element_id for task in catalogue.tasks(agreed)] == ["prepare"]  # adam's task is cancelled
    lines = request_progress(catalogue.fresh(agreed)).approvals
    assert [(line.approver, line.state, line.comment) for line in lines] == [
        ("adam", "not_needed", None), ("lee", "approved", None), ("sam", "approved", "Budgeted.")]
    catalogue.approve(refused, "approve_manager", "lee", approved=False)
    catalogue.approve(refused, "approve_manager", "sam", approved=False)  # two approvals can no longer come
    assert (catalogue.fresh(refused).status, catalogue.tasks(refused)) == ("closed", [])


def test_a_level_deciding_by_any_passes_on_the_first_approval(catalogue: Catalogue) -> None:
    group_level(catalogue, ("lee", "sam"), "any")
    [ticket] = catalogue.order("rita")
    catalogue.approve(ticket, "approve_manager", "sam")
    assert [task.element_id for task in catalogue.tasks(ticket)] == ["prepare"]


def test_the_requester_in_the_approving_group_never_gets_an_approval_task(catalogue: Catalogue) -> None:
    group_level(catalogue, ("lee", "rita", "sam"), "any")
    [ticket] = catalogue.order("rita")
    assert sorted(task.assignee for task in catalogue.tasks(ticket)) == ["lee", "sam"]


def test_a_rejection_tells_the_requester_who_rejected_and_why(catalogue: Catalogue) -> None:
    [ticket] = catalogue.order("rita")
    catalogue.approve(ticket, "approve_manager", "mona", approved=False, comment="Not this quarter.")
    notes = db.session.execute(select(TicketNote.event, TicketNote.body).where(TicketNote.ticket_id == ticket.id)
                               .order_by(TicketNote.id)).all()
    assert notes[-1] == ("catalogue_rejected_comment", "Not this quarter.")
    [line] = request_progress(catalogue.fresh(ticket)).approvals
    assert (line.state, line.comment) == ("rejected", "Not this quarter.")


def test_an_approver_away_has_her_delegate_mailed_whose_link_decides_for_her(catalogue: Catalogue) -> None:
    now = catalogue.clock.now()
    set_delegation(person("mona"), "mona", "lee", now, now + timedelta(days=7), "On leave", now)
    db.session.commit()
    [ticket] = catalogue.order("rita")
    asked = db.session.execute(select(OutboxMessage.recipient).where(
        OutboxMessage.event == "approval_requested")).scalars().all()
    assert asked == ["lee@flowdesk.example"]
    act_on_link(catalogue.runtime, LinkClaim("lee", ticket.number, "approve"), comment="For Mona.",
                decision="approve")
    [line] = request_progress(catalogue.fresh(ticket)).approvals
    assert (line.approver, line.state, line.comment, line.delegate_name) == (
        "mona", "approved", "For Mona.", "Lee Second-Line")


def test_the_signed_link_approves_once_and_only_for_its_approver(catalogue: Catalogue) -> None:
    [ticket] = catalogue.order("rita")
    assert step_of_link(LinkClaim("sam", ticket.number, "approve")) is None  # not an approver of it
    link = LinkClaim("mona", ticket.number, "approve")
    act_on_link(catalogue.runtime, link, comment="Fine.", decision="approve")
    with pytest.raises(Conflict):
        act_on_link(catalogue.runtime, link, decision="reject")
    assert [task.element_id for task in catalogue.tasks(ticket)] == ["prepare"]
