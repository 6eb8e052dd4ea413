"""A catalogue request is surveyed when it is fulfilled, by its item's rule, which wins over the default."""
from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import system_actor
from app.servicedesk.catalogue.models import CatalogueItem
from app.servicedesk.surveys.models import Survey
from app.servicedesk.surveys.rules import save_rule
from app.workflow.deployment import deploy_diagram
from tests.catalogue.conftest import Catalogue, catalogue  # noqa: F401  (the catalogue's fixture)
from tests.incident.conftest import PROCESSES
from tests.surveys.conftest import RULE


def test_fulfilled_laptop_is_surveyed_by_its_items_rule(catalogue: Catalogue) -> None:  # noqa: F811
    deploy_diagram(catalogue.runtime, (PROCESSES / "survey.bpmn").read_bytes(), "survey.bpmn", "olga")
    item_id = db.session.execute(select(CatalogueItem.id).where(CatalogueItem.key == "new-laptop")).scalar_one()
    save_rule(system_actor("adam"), catalogue.clock, "default", False, RULE)
    save_rule(system_actor("adam"), catalogue.clock, f"item:{item_id}", True, RULE)
    [ticket] = catalogue.order()
    catalogue.approve(ticket, "approve_manager", "mona")
    catalogue.work(ticket, "prepare", "sam", asset_tag="LT-0042")
    catalogue.work(ticket, "hand_over", "sam", fulfilment_note="Handed over at the desk.")
    survey = db.session.execute(select(Survey).where(Survey.ticket_id == ticket.id)).scalar_one()
    assert (survey.rule_key, survey.status, survey.requester) == (f"item:{item_id}", "scheduled", "rita")
