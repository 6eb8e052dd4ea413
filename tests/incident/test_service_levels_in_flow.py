"""SLA deadlines on the business calendar, the pause while waiting for the requester, and every
escalation level of the incident flow firing at its moment, once, and not before.

The default calendar: Asia/Shanghai, Monday to Friday 09:00-12:00 and 13:00-18:00, with the Chinese
statutory holidays and adjusted working days. P3 targets: response 4 working hours, resolution 24
working hours, warning at 75% (18 working hours). Local times in comments are Shanghai times.
"""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisation.models import User
from app.service_levels.models import TicketEscalation
from app.service_levels.sla_clock import SlaState
from app.servicedesk.tickets.deadlines import ticket_sla_status
from tests.incident.conftest import Desk

SAM = "sam@flowdesk.example"  # leads the service desk: the group lead and the service-desk manager
MONA = "mona@flowdesk.example"  # a duty manager


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def escalations(desk: Desk) -> list[str]:
    return list(db.session.execute(select(TicketEscalation.level).where(
        TicketEscalation.ticket_id == desk.ticket.id).order_by(TicketEscalation.id)).scalars())


def accept(desk: Desk) -> None:
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")


def test_deadlines_are_computed_on_working_hours_across_lunch_and_the_weekend(desk: Desk) -> None:
    desk.clock.set(utc(2026, 11, 27, 8, 0))  # Friday 16:00
    ticket = desk.log()
    assert ticket.response_due_at == utc(2026, 11, 30, 3, 0)  # Fri 16-18 (2h) + Mon 09-11 (2h)
    assert ticket.resolution_due_at == utc(2026, 12, 2, 8, 0)  # 2h + Mon, Tue 8h each + Wed 09-16 (6h) = 24h
    assert ticket.sla_policy == "built-in"


def test_deadlines_skip_chinese_holidays_and_count_adjusted_working_days(desk: Desk) -> None:
    # Wednesday 30 September 2026, 17:00: 1 October to 7 October are National Day holidays and
    # Saturday 10 October is a working day made up for them.
    desk.clock.set(utc(2026, 9, 30, 9, 0))
    ticket = desk.log()
    assert ticket.response_due_at == utc(2026, 10, 8, 4, 0)  # 1h on 30 Sep + Thu 8 Oct 09-12
    assert ticket.resolution_due_at == utc(2026, 10, 10, 9, 0)  # ... Fri 9 Oct + Saturday 10 Oct until 17:00


def test_response_breach_notifies_the_group_lead_at_the_deadline_and_not_before(desk: Desk) -> None:
    ticket = desk.log()  # Monday 10:00: response due 15:00 (07:00 UTC)
    desk.at(utc(2026, 11, 23, 6, 59, 59))
    assert escalations(desk) == [] and desk.outbox(SAM) == []
    desk.at(utc(2026, 11, 23, 7, 0))
    assert escalations(desk) == ["response_breach"]
    assert desk.subjects(SAM) == [f"[{ticket.number}] Response target missed: Printer jams"]
    assert ticket_sla_status(desk.ticket, desk.clock.now()).state is SlaState.BREACHED
    assert "classify" in desk.open_tasks()  # a notification: the work itself stays where it was


def test_response_breach_is_raised_once_even_when_its_timer_fires_again(desk: Desk) -> None:
    desk.log()
    desk.at(utc(2026, 11, 23, 7, 0))
    desk.classify()  # the take-or-pass step has the same, already passed, response timer
    desk.at(utc(2026, 11, 23, 7, 1))
    assert escalations(desk) == ["response_breach"] and len(desk.outbox(SAM)) == 2  # breach + "assigned to you"


def test_accepting_in_time_meets_the_response_target_and_nobody_is_told(desk: Desk) -> None:
    desk.log()
    desk.classify()
    accept(desk)
    desk.at(utc(2026, 11, 23, 8, 0))
    assert escalations(desk) == []
    assert ticket_sla_status(desk.ticket, desk.clock.now()).state is SlaState.ON_TRACK


def test_resolution_warning_tells_the_assignee_at_75_percent(desk: Desk) -> None:
    ticket = desk.log()
    desk.classify()
    accept(desk)
    warning = utc(2026, 11, 25, 4, 0)  # Wednesday 12:00 = 18 working hours after Monday 10:00
    assert desk.ticket.resolution_warning_at == warning
    desk.at(warning - timedelta(seconds=1))
    assert escalations(desk) == []
    desk.at(warning)
    assert escalations(desk) == ["resolution_warning"]
    assert desk.subjects(SAM)[-1] == f"[{ticket.number}] Resolution target close: Printer jams"
    assert ticket_sla_status(desk.ticket, desk.clock.now()).state is SlaState.WARNING
    assert "resolve" in desk.open_tasks()


def test_resolution_breach_moves_the_incident_to_the_duty_managers_queue(desk: Desk) -> None:
    db.session.execute(User.__table__.update().where(User.login == "mona").values(phone="+86 21 5555 0101"))
    db.session.commit()
    ticket = desk.log()
    desk.classify()
    accept(desk)
    due = utc(2026, 11, 26, 2, 0)  # Thursday 10:00
    desk.at(due - timedelta(seconds=1))
    assert "resolve" in desk.open_tasks() and "resolution_breach" not in escalations(desk)
    desk.at(due)
    assert escalations(desk) == ["resolution_warning", "resolution_breach"]
    assert set(desk.open_tasks()) == {"duty_resolve"}
    assert desk.ticket.assigned_group == "duty-managers"
    assert desk.subjects(MONA) == [f"[{ticket.number}] Resolution target missed: escalated to the duty managers: "
                                   "Printer jams"]
    assert [m.channel for m in desk.outbox("+86 21 5555 0101")] == ["sms"]
    desk.clock.set(due + timedelta(hours=1))
    desk.work("duty_resolve", "mona", claim=True, resolution="Swapped the printer for a spare.")
    assert desk.ticket.status == "resolved" and set(desk.open_tasks()) == {"confirm_fix"}
    assert ticket_sla_status(desk.ticket, desk.clock.now()).state is SlaState.BREACHED


def test_waiting_for_the_requester_pauses_the_clock_and_moves_the_deadlines(desk: Desk) -> None:
    desk.log()
    desk.classify()
    accept(desk)
    assert desk.ticket.resolution_due_at == utc(2026, 11, 26, 2, 0)
    desk.clock.set(utc(2026, 11, 23, 3, 0))  # Monday 11:00
    desk.work("resolve", "sam", outcome="need_info", question="Which tray do you print from?")
    ticket = desk.ticket
    assert ticket.status == "pending_requester" and ticket.resolution_due_at is None
    assert desk.task("answer_question").assignee == "rita"
    assert desk.subjects("rita@flowdesk.example")[-1].endswith("A question about your incident")
    desk.at(utc(2026, 11, 26, 2, 0))  # the old deadline passes while waiting: nothing fires
    assert escalations(desk) == []
    desk.clock.set(utc(2026, 11, 26, 3, 0))  # Thursday 11:00: waited 3 working days (Mon 11:00 to Thu 11:00)
    desk.work("answer_question", "rita", answer="The A3 tray.")
    ticket = desk.ticket
    assert ticket.status == "in_progress"
    assert ticket.resolution_due_at == utc(2026, 12, 1, 2, 0)  # Thursday 10:00 + 24 working hours = Tuesday 10:00
    assert desk.task("resolve").due_at == ticket.resolution_due_at
    desk.at(utc(2026, 12, 1, 1, 59, 59))
    assert "resolution_breach" not in escalations(desk)
    desk.at(utc(2026, 12, 1, 2, 0))
    assert "resolution_breach" in escalations(desk)


def test_more_reassignments_than_the_limit_notify_the_service_desk_manager(desk: Desk) -> None:
    ticket = desk.log()
    desk.classify()
    groups = ["second-line", "service-desk", "second-line", "service-desk"]
    for count, group in enumerate(groups, start=1):
        task = desk.task("take_or_pass")
        desk.work("take_or_pass", task.assignee or "sam", claim=task.assignee is None, decision="forward",
                  reason=f"Move {count}.", forward_group=group)
        assert desk.ticket.reassignment_count == count
        expected = ["reassignments_exceeded"] if count > 3 else []
        assert [level for level in escalations(desk) if level == "reassignments_exceeded"] == expected
    assert f"[{ticket.number}] Reassigned too often: Printer jams" in desk.subjects(SAM)


@pytest.mark.parametrize(("impact", "urgency", "priority", "response"), [
    ("high", "high", "P1", utc(2026, 11, 23, 2, 30)),
    ("high", "medium", "P2", utc(2026, 11, 23, 3, 0)),
    ("low", "low", "P4", utc(2026, 11, 24, 2, 0)),  # 8 working hours: Monday 10-18 less lunch (7h), Tuesday 09-10
])
def test_classification_sets_the_priority_and_its_targets(desk: Desk, impact: str, urgency: str, priority: str,
                                                            response: datetime) -> None:
    desk.log()
    desk.classify(impact=impact, urgency=urgency)
    ticket = desk.ticket
    assert ticket.priority == priority
    assert ticket.response_due_at == response


def test_resolution_warning_also_tells_the_rest_of_the_group(desk: Desk) -> None:
    ticket = desk.log()
    desk.classify()
    desk.work("take_or_pass", "sam", decision="forward", reason="Network.", forward_group="second-line")
    accept(desk)  # carl has it; lee is the rest of second-line
    desk.at(utc(2026, 11, 25, 4, 0))
    subject = f"[{ticket.number}] Resolution target close: Printer jams"
    assert subject in desk.subjects("carl@flowdesk.example")
    assert f"[{ticket.number}] 解决目标临近: Printer jams" in desk.subjects("lee@flowdesk.example")  # lee reads Chinese
    assert subject not in desk.subjects(SAM)
