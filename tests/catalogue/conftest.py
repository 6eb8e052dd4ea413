"""Fixtures of the request catalogue: the demo organisation with its reporting lines, and catalogue items over the
shipped diagrams."""
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from app.cmdb.items import save_ci_type
from app.demo import create_demo_reporting_lines
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.policies import Actor, system_actor
from app.organisation.users import require_user
from app.servicedesk.catalogue.items import save_item
from app.servicedesk.catalogue.orders import Order, order_item
from app.servicedesk.tickets.models import Ticket
from app.workflow.deployment import deploy_diagram
from app.workflow.models import UserTask
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import claim_task, complete_task
from engine.clock import FixedClock
from tests.incident.conftest import MONDAY_10, PROCESSES

EDITOR = system_actor("olga")
LAPTOP_FORM = {"model": "standard", "details": "My old laptop no longer boots."}


def person(login: str) -> Actor:
    """Return a demo person as an actor."""
    return actor_for(require_user(login))


@dataclass
class Catalogue:
    """Orders from the catalogue and works its requests as requesters, approvers and the service desk would."""

    runtime: Runtime
    clock: FixedClock

    def deploy(self, process: str) -> None:
        """Deploy one shipped catalogue diagram (a new version when it changed)."""
        name = f"{process}.bpmn"
        deploy_diagram(self.runtime, (PROCESSES / name).read_bytes(), name, "olga")

    def item(self, key: str = "new-laptop", process: str = "catalogue_laptop", **values: Any) -> None:
        """Add (or change) an item over a shipped diagram, deploying the diagram first."""
        self.deploy(process)
        save_item(self.runtime, EDITOR, key, {"name": key.replace("-", " ").capitalize(), "process_id": process,
                                              "unit_price": 8000, "max_quantity": 3, "on_behalf": "many", **values})

    def order(self, login: str = "rita", key: str = "new-laptop", values: dict[str, Any] | None = None,
              quantity: int = 1, requested_for: tuple[str, ...] = ()) -> list[Ticket]:
        """Order an item as a demo person."""
        return order_item(self.runtime, person(login), key, Order(values or LAPTOP_FORM, quantity, requested_for))

    def tasks(self, ticket: Ticket) -> list[UserTask]:
        """Return the open user tasks of a request, oldest first."""
        return list(db.session.execute(select(UserTask).where(UserTask.instance_id == ticket.instance_id)
                                       .order_by(UserTask.created_at, UserTask.id)).scalars())

    def task(self, ticket: Ticket, element_id: str, assignee: str | None = None) -> UserTask:
        """Return the open task of an element (the one assigned to someone, when named)."""
        found = [row for row in self.tasks(ticket) if row.element_id == element_id
                 and (assignee is None or row.assignee == assignee)]
        assert found, f"no open {element_id} for {assignee}; open: {[(t.element_id, t.assignee) for t in self.tasks(ticket)]}"
        return found[0]

    def approve(self, ticket: Ticket, element_id: str, login: str, approved: bool = True, comment: str = "") -> None:
        """Answer an approval task as its approver (decision and comment, as approval by rule's form asks)."""
        task = self.task(ticket, element_id, login)
        complete_task(self.runtime, task.id, login, {"decision": "approve" if approved else "reject",
                                                    "comment": comment})

    def work(self, ticket: Ticket, element_id: str, login: str, **values: Any) -> None:
        """Claim and complete a fulfilment task."""
        task = self.task(ticket, element_id)
        claim_task(self.runtime, task.id, login)
        complete_task(self.runtime, task.id, login, values)

    def fresh(self, ticket: Ticket) -> Ticket:
        """Return the ticket as stored now."""
        db.session.expire_all()
        return db.session.execute(select(Ticket).where(Ticket.id == ticket.id)).scalar_one()


@pytest.fixture
def catalogue(runtime: Runtime, clock: FixedClock, demo: list[str]) -> Catalogue:
    """The demo organisation with its reporting lines and cost centres, the laptop item, a Monday morning."""
    clock.set(MONDAY_10)
    create_demo_reporting_lines()
    save_ci_type(person("adam"), "laptop", "Laptop", [])
    shelf = Catalogue(runtime, clock)
    shelf.item()
    return shelf
