"""A ticket's status and assignment follow its process: the flow's steps move them, and nothing else does."""
from datetime import UTC, datetime, timedelta

import pytest

from app.platform.errors import Conflict, InvalidValues
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import apply_status
from tests.incident.conftest import Desk


def test_ticket_walks_its_statuses_as_the_flow_moves_it(desk: Desk) -> None:
    assert desk.log().status == "new"
    desk.classify()
    assert desk.ticket.status == "assigned" and desk.ticket.responded_at is None
    desk.clock.advance(minutes=20)
    desk.work("take_or_pass", "sam", decision="accept")
    assert desk.ticket.status == "in_progress" and desk.ticket.responded_at == desk.clock.now()
    desk.work("resolve", "sam", outcome="need_info", question="Which tray?")
    assert desk.ticket.status == "pending_requester"
    desk.work("answer_question", "rita", answer="Tray 2.")
    assert desk.ticket.status == "in_progress"
    desk.clock.advance(hours=1)
    desk.work("resolve", "sam", outcome="resolved", resolution="Cleaned tray 2.")
    assert desk.ticket.status == "resolved" and desk.ticket.resolved_at == desk.clock.now()
    desk.clock.advance(hours=1)
    desk.work("confirm_fix", "rita", confirmation="confirm")
    assert desk.ticket.status == "closed" and desk.ticket.closed_at == desk.clock.now()


def test_first_assignment_by_the_flow_is_not_a_reassignment(desk: Desk) -> None:
    desk.log()
    desk.classify()
    ticket = desk.ticket
    assert (ticket.status, ticket.assigned_group, ticket.assignee, ticket.reassignment_count) == (
        "assigned", "service-desk", "sam", 0)
    assert "Assigned to Sam Service-Desk (round robin)" in desk.notes()


def test_every_forward_counts_as_a_reassignment_with_its_reason_noted(desk: Desk) -> None:
    desk.log()
    desk.classify()
    desk.work("take_or_pass", "sam", decision="forward", reason="Needs the network team.",
              forward_group="second-line")
    assignee = desk.task("take_or_pass").assignee
    desk.work("take_or_pass", assignee, decision="forward", reason="Back to the desk.", forward_group="service-desk")
    assert desk.ticket.reassignment_count == 2
    notes = desk.notes()
    assert "Forwarded to second-line: Needs the network team." in notes
    assert "Forwarded to service-desk: Back to the desk." in notes


def ticket_in(status: str) -> Ticket:
    return Ticket(number="INC-000001", status=status)


NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def test_closed_ticket_cannot_reopen() -> None:
    with pytest.raises(Conflict) as refused:
        apply_status(ticket_in("closed"), "in_progress", NOW)
    assert "nothing: it is final" in str(refused.value)


def test_new_ticket_cannot_jump_to_closed() -> None:
    with pytest.raises(Conflict):
        apply_status(ticket_in("new"), "closed", NOW)


def test_unknown_status_is_refused() -> None:
    with pytest.raises(InvalidValues):
        apply_status(ticket_in("new"), "parked", NOW)


def test_reopening_a_resolved_ticket_clears_its_resolution_time() -> None:
    ticket = ticket_in("resolved")
    ticket.resolved_at = NOW - timedelta(hours=1)
    apply_status(ticket, "in_progress", NOW)
    assert (ticket.status, ticket.resolved_at, ticket.updated_at) == ("in_progress", None, NOW)
