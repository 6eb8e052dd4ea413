"""A laptop ordered from the catalogue: approvals by rule from organisation data, the finance level above 10,000,
fulfilment handing a CI to the requester, orders for others, and a pinned version surviving an item edit."""
from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.servicedesk.catalogue.models import CatalogueApproval
from tests.catalogue.conftest import Catalogue


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
