"""A service desk with the shipped incident flow, and a driver that works its tasks like people do."""
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.organisation.accounts import actor_for
from app.organisation.groups import add_member
from app.organisation.policies import system_actor
from app.organisation.users import require_user
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.servicedesk.tickets.note_events import note_text
from app.servicedesk.tickets.records import log_ticket
from app.workflow.deployment import deploy_diagram
from app.workflow.models import ProcessInstance, UserTask
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.timers import fire_due_timers
from engine.clock import FixedClock

PROCESSES = Path(__file__).parents[2] / "processes"
# Monday 23 November 2026, 10:00 in Shanghai (the default calendar's zone): a plain working day.
MONDAY_10 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@dataclass
class Desk:
    """Drives one incident through its flow as the people on the desk would."""

    runtime: Runtime
    clock: FixedClock
    number: str = ""

    def log(self, **values: Any) -> Ticket:
        """Log an incident (defaults: rita's printer, medium impact and urgency)."""
        arguments = {"kind": "incident", "title": "Printer jams", "description": "Every page jams on floor 3.",
                     "requester": "rita", "category_id": None, "ci_id": None, "impact": "medium",
                     "urgency": "medium", "actor": "sam", "channel": "agent", **values}
        ticket = log_ticket(self.runtime, **{**arguments, "actor": actor_for(require_user(arguments["actor"]))})
        self.number = ticket.number
        return ticket

    @property
    def ticket(self) -> Ticket:
        """Return the ticket as stored now."""
        db.session.expire_all()
        return db.session.execute(select(Ticket).where(Ticket.number == self.number)).scalar_one()

    @property
    def instance(self) -> ProcessInstance:
        """Return the ticket's process instance."""
        return db.session.get(ProcessInstance, self.ticket.instance_id)

    def open_tasks(self) -> dict[str, UserTask]:
        """Return the instance's open user tasks by element id."""
        rows = db.session.execute(select(UserTask).where(UserTask.instance_id == self.ticket.instance_id)).scalars()
        return {row.element_id: row for row in rows}

    def task(self, element_id: str) -> UserTask:
        """Return an open task, failing with what is open instead."""
        tasks = self.open_tasks()
        assert element_id in tasks, f"{element_id} is not open; open: {sorted(tasks)}"
        return tasks[element_id]

    def work(self, element_id: str, user: str, claim: bool = False, **values: Any) -> None:
        """Complete an open task as a user (claiming it first from the group queue when asked)."""
        task = self.task(element_id)
        if claim:
            claim_task(self.runtime, task.id, user)
        complete_task(self.runtime, task.id, user, values)

    def classify(self, **values: Any) -> None:
        """The service desk classifies with the logged values unless told otherwise."""
        self.work("classify", "sam", claim=True, **{"impact": "medium", "urgency": "medium", **values})

    def at(self, moment: datetime) -> list[Any]:
        """Move the clock to a moment and fire the timers due by then."""
        self.clock.set(moment)
        return fire_due_timers(self.runtime).fired

    def notes(self) -> list[str]:
        """Return what the ticket's notes say in English (events rendered), oldest first."""
        return [note_text(note) for note in db.session.execute(
            select(TicketNote).where(TicketNote.ticket_id == self.ticket.id).order_by(TicketNote.id)).scalars()]

    def outbox(self, recipient: str | None = None) -> list[OutboxMessage]:
        """Return the messages queued (for one recipient e-mail or phone, when given)."""
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if recipient is not None:
            query = query.where(OutboxMessage.recipient == recipient)
        return list(db.session.execute(query).scalars())

    def subjects(self, recipient: str) -> list[str]:
        """Return the subjects of the messages queued for one recipient."""
        return [message.subject for message in self.outbox(recipient)]


@pytest.fixture
def desk(runtime: Runtime, clock: FixedClock, demo: list[str]) -> Desk:
    """The demo organisation, the shipped incident flow and a clock on a Monday morning in Shanghai."""
    clock.set(MONDAY_10)
    deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")
    add_member(system_actor(), "second-line", "carl")  # two members, so round-robin has a rotation to show
    return Desk(runtime, clock)
