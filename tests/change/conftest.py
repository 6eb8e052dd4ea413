"""Fixtures of change management: the demo organisation, the shipped change, incident and problem flows, CIs, and a
stand-in for the calendar's collision check."""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.cmdb.impact import add_relation
from app.cmdb.items import create_ci, save_ci_type
from app.cmdb.queries import find_ci_type
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.policies import Actor
from app.organisation.users import require_user
from app.servicedesk.change.changes import raise_change
from app.servicedesk.change.models import ChangeRecord
from app.servicedesk.change.risk_answers import QuestionValues, save_question
from app.servicedesk.change.templates import TemplateValues, approve_template, propose_template
from app.servicedesk.change.values import ChangeValues
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.servicedesk.tickets.records import log_ticket
from app.workflow.deployment import deploy_diagram
from app.workflow.models import ProcessInstance, UserTask
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import claim_task, complete_task
from engine.clock import FixedClock
from engine.topics import TopicRegistry, default_topics
from forms.fields import read_moment
from tests.incident.conftest import MONDAY_10, PROCESSES

CHANGE_DIAGRAMS = ("change-standard.bpmn", "change-normal.bpmn", "change-emergency.bpmn", "incident.bpmn",
                   "problem.bpmn")


@pytest.fixture
def topics() -> TopicRegistry:
    """The default topics; the app adds the flows' own (the change calendar's collision check among them)."""
    return default_topics()


def person(login: str) -> Actor:
    """Return a demo person as an actor."""
    return actor_for(require_user(login))


@dataclass
class ChangeDesk:
    """Drives changes as the demo people would: sam raises, carl owns and manages, the CAB decides."""

    runtime: Runtime
    clock: FixedClock

    def ci(self, name: str, type_name: str = "server") -> int:
        """Create a CI owned by second-line; return its id."""
        if find_ci_type(type_name) is None:
            save_ci_type(person("adam"), type_name, type_name.capitalize(), [])
        return create_ci(person("sam"), self.clock, type_name, {"name": name, "owner_group": "second-line"}).id

    def relate(self, source: int, target: int) -> None:
        """Make a CI depend on another."""
        add_relation(person("sam"), source, target, "depends_on")

    def values(self, change_type: str = "normal", **given: Any) -> ChangeValues:
        """Return the values of a change tomorrow night on a fresh CI, carl owning it and lee implementing it."""
        start = self.clock.now() + timedelta(days=1)
        arguments: dict[str, Any] = {
            "change_type": change_type, "title": "Patch the mail server", "reason": "Security fix CVE-2026-1",
            "owner": "carl", "owner_group": "second-line", "implementer": "lee",
            "planned_start": start.isoformat(), "planned_end": (start + timedelta(hours=2)).isoformat(),
            "implementation_plan": "Install the patch and restart.", "backout_plan": "Uninstall the patch.",
            "test_plan": "Send a mail; it arrives.", "impact": "medium", **given}
        if "ci_ids" not in given and change_type != "standard":
            arguments["ci_ids"] = [self.ci(f"mail-{len(self.tickets()) + 1:02d}")]
        return ChangeValues(**arguments)

    def raise_change(self, change_type: str = "normal", login: str = "sam", **given: Any) -> Ticket:
        """Raise a change as a demo person."""
        return raise_change(self.runtime, person(login), self.values(change_type, **given))

    def tickets(self) -> list[Ticket]:
        """Return every ticket."""
        return list(db.session.execute(select(Ticket)).scalars())

    def tasks(self, ticket: Ticket) -> list[UserTask]:
        """Return the open user tasks of a ticket's process."""
        return list(db.session.execute(select(UserTask).where(UserTask.instance_id == ticket.instance_id)
                                       .order_by(UserTask.id)).scalars())

    def open_elements(self, ticket: Ticket) -> list[str]:
        """Return the element ids of the open tasks of a ticket's process, sorted."""
        return sorted(task.element_id for task in self.tasks(ticket))

    def work(self, ticket: Ticket, element_id: str, user: str, **values: Any) -> None:
        """Complete the open task of an element that is the user's (claiming a group's task first)."""
        db.session.expire_all()
        mine = [task for task in self.tasks(ticket) if task.element_id == element_id
                and task.assignee in (None, user)]
        assert mine, f"{element_id} is not open for {user}; open: {self.open_elements(ticket)}"
        if mine[0].assignee is None:
            claim_task(self.runtime, mine[0].id, user)
        complete_task(self.runtime, mine[0].id, user, values)

    def record(self, ticket: Ticket) -> ChangeRecord:
        """Return a change's record as stored now."""
        db.session.expire_all()
        return db.session.execute(select(ChangeRecord).where(ChangeRecord.ticket_id == ticket.id)).scalar_one()

    def fresh(self, ticket: Ticket) -> Ticket:
        """Return the ticket as stored now."""
        db.session.expire_all()
        return db.session.execute(select(Ticket).where(Ticket.id == ticket.id)).scalar_one()

    def fresh_number(self, number: str) -> Ticket:
        """Return a ticket by number as stored now."""
        db.session.expire_all()
        return db.session.execute(select(Ticket).where(Ticket.number == number)).scalar_one()

    def instance_status(self, ticket: Ticket) -> str:
        """Return the status of the ticket's instance."""
        db.session.expire_all()
        return db.session.get(ProcessInstance, ticket.instance_id).status

    def notes(self, ticket: Ticket) -> list[TicketNote]:
        """Return a ticket's notes, oldest first."""
        return list(db.session.execute(select(TicketNote).where(TicketNote.ticket_id == ticket.id)
                                       .order_by(TicketNote.id)).scalars())

    def incident(self, **values: Any) -> Ticket:
        """Log an incident for rita through the service desk."""
        arguments = {"kind": "incident", "title": "Mail does not arrive", "description": "Mail never arrives.",
                     "requester": "rita", "category_id": None, "ci_id": None, "impact": "medium",
                     "urgency": "medium", "actor": person("sam"), "channel": "agent", **values}
        return log_ticket(self.runtime, **arguments)

    def template(self, key: str = "restart-mail-queue", group: str = "second-line") -> int:
        """Propose a standard change as carl and approve it as adam; return its id."""
        proposed = propose_template(self.runtime, person("carl"), TemplateValues(
            key, "Restart the mail queue", "Restart a stuck queue.", group, "Restart the queue runner.",
            "Start it again.", "Send a test mail.", "low"))
        return approve_template(self.runtime, person("adam"), proposed.id).id

    def cab_approves(self, ticket: Ticket, members: tuple[str, ...] = ("mona", "lee")) -> None:
        """Let these CAB members approve, one after another; the CAB's rule decides at the last of them (2 of the
        members for a normal change, any one for an emergency), so each must still have the task open."""
        for member in members:
            self.work(ticket, "cab_approval", member, decision="approve", comment="Fine")
        assert "cab_approval" not in self.open_elements(ticket), "the CAB's rule has not decided yet"

    def moment(self, hours: int) -> str:
        """Return the moment some hours from now as ISO text with its offset."""
        return (self.clock.now() + timedelta(hours=hours)).astimezone(UTC).isoformat()


@pytest.fixture
def changes(runtime: Runtime, clock: FixedClock, demo: list[str]) -> ChangeDesk:
    """The demo organisation, the shipped change, incident and problem flows, a questionnaire, a Monday morning."""
    clock.set(MONDAY_10)
    for name in CHANGE_DIAGRAMS:
        deploy_diagram(runtime, (PROCESSES / name).read_bytes(), name, "olga")
    for text, weight in (("Downtime?", 30), ("First time?", 20), ("Long backout?", 20), ("Customer data?", 30)):
        save_question(person("adam"), None, QuestionValues(text, text + " (zh)", weight))
    return ChangeDesk(runtime, clock)


def utc(text: str) -> datetime:
    """Return an ISO moment as aware UTC."""
    moment = read_moment(text)
    assert moment is not None
    return moment.astimezone(UTC)
