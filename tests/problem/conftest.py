"""Fixtures of problem management: the demo organisation with the shipped incident and problem flows."""
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from app.cmdb.items import create_ci, save_ci_type
from app.cmdb.queries import find_ci_type
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.policies import Actor
from app.organisation.users import require_user
from app.servicedesk.problem.problems import open_problem
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.servicedesk.tickets.records import log_ticket
from app.workflow.deployment import deploy_diagram
from app.workflow.models import UserTask
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import claim_task, complete_task
from engine.clock import FixedClock
from tests.incident.conftest import MONDAY_10, PROCESSES


def person(login: str) -> Actor:
    """Return a demo person as an actor."""
    return actor_for(require_user(login))


@dataclass
class ProblemDesk:
    """Drives problems and incidents as the problem manager (carl) and the service desk (sam) would."""

    runtime: Runtime
    clock: FixedClock

    def incident(self, title: str = "Mail does not arrive", **values: Any) -> Ticket:
        """Log an incident for rita through the service desk."""
        arguments = {"kind": "incident", "title": title, "description": "Mail sent to me never arrives.",
                     "requester": "rita", "category_id": None, "ci_id": None, "impact": "medium",
                     "urgency": "medium", "actor": person("sam"), "channel": "agent", **values}
        return log_ticket(self.runtime, **arguments)

    def problem(self, title: str = "Mail server drops messages", **values: Any) -> Ticket:
        """Open a problem as carl, the problem manager."""
        return open_problem(self.runtime, person("carl"), title, "Several incidents about lost mail.", **values)

    def tasks(self, ticket: Ticket) -> dict[str, UserTask]:
        """Return the open user tasks of a ticket's process by element id."""
        rows = db.session.execute(select(UserTask).where(UserTask.instance_id == ticket.instance_id)).scalars()
        return {row.element_id: row for row in rows}

    def work(self, ticket: Ticket, element_id: str, user: str = "carl", **values: Any) -> None:
        """Claim and complete an open task of the ticket's process."""
        tasks = self.tasks(ticket)
        assert element_id in tasks, f"{element_id} is not open; open: {sorted(tasks)}"
        claim_task(self.runtime, tasks[element_id].id, user)
        complete_task(self.runtime, tasks[element_id].id, user, values)

    def ci(self, name: str) -> int:
        """Create a server CI owned by second-line; return its id."""
        if find_ci_type("server") is None:
            save_ci_type(person("adam"), "server", "Server", [])
        return create_ci(person("sam"), self.clock, "server", {"name": name, "owner_group": "second-line"}).id

    def fresh(self, ticket: Ticket) -> Ticket:
        """Return the ticket as stored now."""
        db.session.expire_all()
        return db.session.execute(select(Ticket).where(Ticket.id == ticket.id)).scalar_one()

    def fresh_number(self, number: str) -> Ticket:
        """Return a ticket by number as stored now."""
        db.session.expire_all()
        return db.session.execute(select(Ticket).where(Ticket.number == number)).scalar_one()

    def notes(self, ticket: Ticket) -> list[TicketNote]:
        """Return a ticket's notes, oldest first."""
        return list(db.session.execute(select(TicketNote).where(TicketNote.ticket_id == ticket.id)
                                       .order_by(TicketNote.id)).scalars())


@pytest.fixture
def problems(runtime: Runtime, clock: FixedClock, demo: list[str]) -> ProblemDesk:
    """The demo organisation, the shipped incident and problem flows, a clock on a Monday morning in Shanghai."""
    clock.set(MONDAY_10)
    for name in ("incident.bpmn", "problem.bpmn"):
        deploy_diagram(runtime, (PROCESSES / name).read_bytes(), name, "olga")
    return ProblemDesk(runtime, clock)
