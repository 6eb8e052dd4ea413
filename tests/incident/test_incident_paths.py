"""Every path of the incident flow, driven through the services as the desk's people would work it."""
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.platform.errors import InvalidValues
from app.workflow.models import ProcessInstance
from tests.incident.conftest import Desk

REQUESTER = "rita@flowdesk.example"


def accept(desk: Desk) -> None:
    """The assignee the flow chose accepts the incident."""
    task = desk.task("take_or_pass")
    desk.work("take_or_pass", task.assignee, decision="accept")


def resolve(desk: Desk, resolution: str = "Replaced the fuser unit.") -> None:
    """The assignee resolves the incident."""
    desk.work("resolve", desk.ticket.assignee, outcome="resolved", resolution=resolution)


def test_accept_resolve_and_confirm_closes_the_incident(desk: Desk) -> None:
    ticket = desk.log()
    assert ticket.status == "new" and ticket.instance_id is not None
    assert desk.instance.business_key == ticket.number
    desk.classify()
    assert desk.ticket.status == "assigned" and desk.ticket.assignee == "sam"
    desk.clock.set(desk.clock.now() + timedelta(minutes=20))
    accept(desk)
    assert desk.ticket.status == "in_progress"
    assert desk.ticket.responded_at == desk.clock.now()
    resolve(desk)
    assert desk.ticket.status == "resolved"
    assert desk.subjects(REQUESTER)[-1] == f"[{ticket.number}] Your incident is resolved"
    desk.work("confirm_fix", "rita", confirmation="confirm")
    assert desk.ticket.status == "closed" and desk.ticket.closed_at is not None
    assert desk.instance.status == "completed"  # the satisfaction survey asks how it went, not this flow
    assert "Resolved: Replaced the fuser unit." in desk.notes()


def test_assignee_returns_the_incident_to_the_service_desk_with_a_reason(desk: Desk) -> None:
    desk.log()
    desk.classify()
    desk.work("take_or_pass", "sam", decision="return", reason="Needs a category first.")
    ticket = desk.ticket
    assert (ticket.assigned_group, ticket.assignee, ticket.reassignment_count) == ("service-desk", None, 1)
    assert "Returned to the service desk: Needs a category first." in desk.notes()
    assert set(desk.open_tasks()) == {"classify"}


def test_returning_without_a_reason_is_refused_and_changes_nothing(desk: Desk) -> None:
    desk.log()
    desk.classify()
    with pytest.raises(InvalidValues) as refused:
        desk.work("take_or_pass", "sam", decision="return", reason="")
    assert "Reason is required when Decision is “Return to the service desk” / “Forward to another group”." in refused.value.errors["reason"]
    assert desk.ticket.reassignment_count == 0 and set(desk.open_tasks()) == {"take_or_pass"}


def test_forward_goes_to_the_other_group_and_round_robin_picks_its_members_in_turn(desk: Desk) -> None:
    desk.log()
    desk.classify()
    desk.work("take_or_pass", "sam", decision="forward", reason="Network, not printing.",
              forward_group="second-line")
    first = desk.ticket
    assert (first.assigned_group, first.assignee, first.reassignment_count) == ("second-line", "carl", 1)
    assert desk.task("take_or_pass").assignee == "carl"
    other = Desk(desk.runtime, desk.clock)
    other.log(title="VPN drops")
    other.classify()
    other.work("take_or_pass", "sam", decision="forward", reason="Network.", forward_group="second-line")
    assert other.ticket.assignee == "lee"


def test_forwarding_needs_an_existing_group(desk: Desk) -> None:
    desk.log()
    desk.classify()
    with pytest.raises(InvalidValues) as refused:
        desk.work("take_or_pass", "sam", decision="forward", reason="Not ours.")
    assert refused.value.errors["forward_group"] == ["Forward to is required when Decision is “Forward to another group”."]
    with pytest.raises(InvalidValues) as refused:
        desk.work("take_or_pass", "sam", decision="forward", reason="Not ours.", forward_group="nobody")
    assert "forward_group" in refused.value.errors


def test_major_incident_waits_for_a_manager_who_approves(desk: Desk) -> None:
    desk.log(impact="high", urgency="high")
    desk.classify(impact="high", urgency="high")
    assert desk.ticket.priority == "P1"
    assert set(desk.open_tasks()) == {"approve_major"}
    with pytest.raises(Exception):  # noqa: B017 - sam is no manager: refused before anything changes
        desk.work("approve_major", "sam", claim=True, approval="approve")
    desk.work("approve_major", "mona", claim=True, approval="approve")
    assert set(desk.open_tasks()) == {"take_or_pass"}
    assert "Major incident approved." in desk.notes()


def test_refused_major_incident_goes_back_to_classification(desk: Desk) -> None:
    desk.log(impact="high", urgency="high")
    desk.classify(impact="high", urgency="high")
    with pytest.raises(InvalidValues):
        desk.work("approve_major", "mona", claim=True, approval="refuse")  # a refusal needs a comment
    desk.task("approve_major")  # still open after the refused submission
    desk.work("approve_major", "mona", approval="refuse", approval_comment="One printer is not a major incident.")
    assert set(desk.open_tasks()) == {"classify"}
    assert "Major incident refused, back to classification: One printer is not a major incident." in desk.notes()
    desk.classify(impact="low", urgency="medium")
    assert desk.ticket.priority == "P4" and set(desk.open_tasks()) == {"take_or_pass"}


def test_category_marked_for_approval_needs_it_whatever_the_priority(desk: Desk) -> None:
    from app.servicedesk.tickets.categories import create_category
    category = create_category("Data centre", requires_approval=True)
    desk.log()
    desk.classify(category=str(category.id))
    assert desk.ticket.priority == "P3" and set(desk.open_tasks()) == {"approve_major"}


def test_requester_reopens_and_the_assignee_works_it_again(desk: Desk) -> None:
    desk.log()
    desk.classify()
    accept(desk)
    resolve(desk)
    with pytest.raises(InvalidValues):
        desk.work("confirm_fix", "rita", confirmation="reopen")
    desk.work("confirm_fix", "rita", confirmation="reopen", reopen_reason="Still jams on A3 paper.")
    ticket = desk.ticket
    assert ticket.status == "in_progress" and ticket.resolved_at is None and ticket.auto_close_at is None
    assert desk.task("resolve").assignee == "sam"
    assert "Reopened: Still jams on A3 paper." in desk.notes()
    resolve(desk, "Cleaned the A3 tray.")
    desk.work("confirm_fix", "rita", confirmation="confirm")
    assert desk.ticket.status == "closed"


def test_unanswered_resolution_closes_after_three_working_days_and_not_before(desk: Desk) -> None:
    # Resolved on Thursday 26 November at 11:00 Shanghai: three working days later is Tuesday 1 December.
    desk.log()
    desk.classify()
    accept(desk)
    desk.clock.set(datetime(2026, 11, 26, 3, 0, tzinfo=UTC))
    resolve(desk)
    due = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    assert desk.ticket.auto_close_at == due
    desk.at(due - timedelta(seconds=1))
    assert desk.ticket.status == "resolved" and "confirm_fix" in desk.open_tasks()
    desk.at(due)
    assert desk.ticket.status == "closed"
    assert "Closed automatically: no answer in time." in desk.notes()
    assert desk.open_tasks() == {} and desk.instance.status == "completed"


def test_only_the_requester_answers_confirms_and_rates(desk: Desk) -> None:
    desk.log()
    desk.classify()
    accept(desk)
    resolve(desk)
    with pytest.raises(Exception):  # noqa: B017 - the task is rita's alone
        desk.work("confirm_fix", "sam", confirmation="confirm")
    assert desk.ticket.status == "resolved"


def test_finished_instance_has_its_ticket_closed(desk: Desk) -> None:
    desk.log()
    desk.classify()
    accept(desk)
    resolve(desk)
    desk.work("confirm_fix", "rita", confirmation="confirm")
    instance = db.session.get(ProcessInstance, desk.ticket.instance_id)
    assert instance.status == "completed" and desk.ticket.status == "closed"


def test_incident_started_without_a_ticket_gets_one_in_the_same_step(desk: Desk) -> None:
    from sqlalchemy import select

    from app.servicedesk.tickets.models import Ticket
    from app.workflow.instances.lifecycle import start_instance
    instance_id = start_instance(desk.runtime, "incident", {"title": "VPN down", "description": "Since 9:00."},
                                 actor="rita")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert (ticket.title, ticket.requester, ticket.instance_id, ticket.status) == ("VPN down", "rita", instance_id,
                                                                                    "new")
    assert db.session.get(ProcessInstance, instance_id).business_key == ticket.number
    desk.number = ticket.number
    assert set(desk.open_tasks()) == {"classify"} and ticket.response_due_at is not None


def test_start_form_refuses_an_incident_without_a_title_and_stores_nothing(desk: Desk) -> None:
    from sqlalchemy import select

    from app.servicedesk.tickets.models import Ticket
    from app.workflow.instances.lifecycle import start_instance
    with pytest.raises(InvalidValues):
        start_instance(desk.runtime, "incident", {"title": ""}, actor="rita")
    assert db.session.execute(select(Ticket.id)).first() is None
    assert db.session.execute(select(ProcessInstance.id)).first() is None
