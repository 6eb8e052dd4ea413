"""A small hand-checked set of tickets for the report tests, written straight into the tables the roll-up reads."""
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from app.extensions import db
from app.platform.transactions import use_case
from app.service_levels.models import TicketEscalation
from app.servicedesk.surveys.answers import RATED_ON_TICKET
from app.servicedesk.surveys.models import Survey
from app.servicedesk.tickets.models import Ticket, TicketNote


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """Return a UTC moment in 2026 (Shanghai office hours are 01:00-04:00 and 05:00-10:00 UTC, Monday to Friday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@use_case
def add_ticket(number: str, kind: str = "incident", group: str = "service-desk", priority: str = "P3",
               created_at: datetime = at(2, 2), assignee: str | None = None, policy: str = "standard",
               reopened: int = 0, escalated_at: tuple[datetime, ...] = (), survey: tuple[str, int | None] | None = None,
               survey_reason: str = "sampled_in", **values: Any) -> int:
    """Store a ticket with the given values (and its reopen notes, escalations and survey: status and score, and
    why; a survey answered by a rating on the incident's old rate step, RATED_ON_TICKET, was never sent); return its
    id."""
    sent = survey is not None and survey[0] in ("sent", "answered", "expired") and survey_reason != RATED_ON_TICKET
    fields: dict[str, Any] = {
        "number": number, "kind": kind, "channel": "agent", "title": f"{number} title", "description": "-",
        "requester": "rita", "impact": "medium", "urgency": "medium", "priority": priority,
        "priority_source": "matrix", "priority_reason": "-", "status": "assigned", "assigned_group": group,
        "assignee": assignee, "sla_policy": policy, "reassignment_count": 0, "created_at": created_at,
        "updated_at": values.get("resolved_at") or values.get("closed_at") or created_at, **values}
    ticket = Ticket(**fields)
    db.session.add(ticket)
    db.session.flush()
    for _ in range(reopened):
        db.session.add(TicketNote(ticket_id=ticket.id, author="rita", at=created_at, body="again",
                                  visibility="public", event="reopened", event_params="{}"))
    for moment in escalated_at:
        db.session.add(TicketEscalation(ticket_id=ticket.id, level=f"level-{moment.isoformat()}", raised_at=moment,
                                        recipients=""))
    if survey is not None:
        db.session.add(Survey(ticket_id=ticket.id, requester="rita", rule_key="default", status=survey[0],
                              reason=survey_reason, decided_at=ticket.resolved_at, comment_below=3, score=survey[1],
                              sent_at=ticket.resolved_at if sent else None))
    return ticket.id


def store_hand_checked() -> None:
    """Store the hand-checked tickets (their expected KPIs are worked out in test_kpis.py), inside an app context."""
    add_ticket("INC-1", created_at=at(2, 2), responded_at=at(2, 2, 30), resolved_at=at(2, 6), status="resolved",
               response_due_at=at(2, 3), resolution_due_at=at(2, 8), survey=("answered", 5), assignee="sam")
    add_ticket("INC-2", created_at=at(2, 3), responded_at=at(2, 5, 30), resolved_at=at(3, 3), status="resolved",
               response_due_at=at(2, 4), resolution_due_at=at(3, 10), reassignment_count=1, policy="vip",
               assignee="sam", survey=("expired", None))
    add_ticket("INC-3", group="second-line", created_at=at(3, 1), responded_at=at(3, 1, 10),
               resolved_at=at(4, 2), status="resolved", response_due_at=at(3, 2), resolution_due_at=at(3, 9),
               reopened=1, survey=("answered", 3), survey_reason=RATED_ON_TICKET)
    add_ticket("INC-4", group="second-line", priority="P1", created_at=at(4, 2), escalated_at=(at(4, 2, 30),))
    add_ticket("REQ-5", kind="request", priority="P4", created_at=at(5, 2), responded_at=at(5, 2, 20))
    add_ticket("PRB-6", kind="problem", group="second-line", created_at=at(26, 2, month=10))
    add_ticket("INC-7", created_at=at(30, 2, month=10), escalated_at=(at(31, 2, month=10),))
    add_ticket("INC-8", created_at=at(3, 2), closed_at=at(3, 4), status="cancelled")


@pytest.fixture
def hand_checked(app: Any) -> Callable[[], None]:
    """Store the hand-checked tickets when called (in the test's app)."""
    return store_hand_checked
