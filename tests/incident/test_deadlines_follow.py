"""Deadlines follow what they depend on: a priority override or a category change that changes the SLA
policy moves the ticket's deadlines and the flow's waiting timers in one unit, recorded in the history.

The default calendar: Asia/Shanghai, Monday to Friday 09:00-12:00 and 13:00-18:00. Tickets are logged on
Monday 23 November 2026 at 10:00 there (02:00 UTC). Local times in comments are Shanghai times.
"""
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisation.accounts import Actor, actor_for
from app.organisation.users import require_user
from app.platform.errors import InvalidValues, NotAllowed
from app.service_levels.models import TicketEscalation
from app.service_levels.policies import save_calendar, save_policy
from app.servicedesk.tickets.categories import create_category
from app.servicedesk.tickets.classification import change_category, override_priority
from app.workflow import variables
from app.workflow.models import HistoryEvent, ProcessInstance, Timer
from tests.incident.conftest import MONDAY_10, Desk


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def actor(login: str) -> Actor:
    return actor_for(require_user(login))


def timers(desk: Desk) -> dict[str, datetime]:
    rows = db.session.execute(select(Timer.element_id, Timer.due_at).where(
        Timer.instance_id == desk.ticket.instance_id)).all()
    return {element_id: due_at for element_id, due_at in rows}


def escalations(desk: Desk) -> list[str]:
    return list(db.session.execute(select(TicketEscalation.level).where(
        TicketEscalation.ticket_id == desk.ticket.id).order_by(TicketEscalation.id)).scalars())


def history(desk: Desk, kind: str) -> list[dict]:
    rows = db.session.execute(select(HistoryEvent.data).where(
        HistoryEvent.instance_id == desk.ticket.instance_id, HistoryEvent.kind == kind)
        .order_by(HistoryEvent.seq)).scalars()
    return [json.loads(row) for row in rows]


def working_on(desk: Desk, impact: str, urgency: str) -> None:
    """Log, classify and accept an incident: the assignee works on it, the resolution timers wait."""
    desk.log(impact=impact, urgency=urgency)
    desk.classify(impact=impact, urgency=urgency)
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")
    assert "resolve" in desk.open_tasks()


def round_the_clock() -> str:
    return json.dumps({"timezone": "UTC", "hours": {day: [["00:00", "24:00"]] for day in
                                                     ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}})


def test_agent_raising_p4_to_p1_brings_the_deadlines_and_the_timers_forward(desk: Desk) -> None:
    working_on(desk, "low", "low")
    assert desk.ticket.priority == "P4"
    assert timers(desk) == {"resolution_warning": utc(2026, 11, 26, 9, 0),  # Thursday 17:00: 30 working hours
                            "resolution_breached": utc(2026, 11, 30, 2, 0)}  # next Monday 10:00: 40 working hours
    desk.clock.set(utc(2026, 11, 23, 3, 0))  # Monday 11:00
    override_priority(desk.runtime, actor("sam"), desk.number, "P1", "The trading floor is down.")
    ticket = desk.ticket
    assert (ticket.priority, ticket.priority_source) == ("P1", "override")
    assert ticket.resolution_due_at == utc(2026, 11, 23, 7, 0)  # Monday 15:00: 4 working hours after 10:00
    assert ticket.resolution_warning_at == utc(2026, 11, 23, 6, 0)  # Monday 14:00: 3 working hours
    assert timers(desk) == {"resolution_warning": utc(2026, 11, 23, 6, 0),
                            "resolution_breached": utc(2026, 11, 23, 7, 0)}
    assert desk.task("resolve").due_at == ticket.resolution_due_at
    [moved] = history(desk, "deadlines_moved")
    assert moved["deadlines"]["resolution_due_at"] == {"from": "2026-11-30T02:00:00+00:00",
                                                       "to": "2026-11-23T07:00:00+00:00"}
    assert "P4 -> P1" in moved["reason"] and "trading floor" in moved["reason"]
    assert {timer["element_id"]: timer["to"] for timer in moved["timers"]} == {
        "resolution_warning": "2026-11-23T06:00:00+00:00", "resolution_breached": "2026-11-23T07:00:00+00:00"}


def test_moved_timers_fire_at_their_new_moments(desk: Desk) -> None:
    working_on(desk, "low", "low")
    desk.clock.set(utc(2026, 11, 23, 3, 0))
    override_priority(desk.runtime, actor("sam"), desk.number, "P1", "The trading floor is down.")
    assert desk.at(utc(2026, 11, 23, 5, 59, 59)) == [] and escalations(desk) == []
    assert [timer.element_id for timer in desk.at(utc(2026, 11, 23, 6, 0))] == ["resolution_warning"]
    assert escalations(desk) == ["resolution_warning"]
    assert [timer.element_id for timer in desk.at(utc(2026, 11, 23, 7, 0))] == ["resolution_breached"]
    assert escalations(desk) == ["resolution_warning", "resolution_breach"]
    assert set(desk.open_tasks()) == {"duty_resolve"}


def test_lowering_p2_to_p4_keeps_the_timers_quiet_at_the_old_moments(desk: Desk) -> None:
    working_on(desk, "high", "medium")
    assert desk.ticket.priority == "P2"
    old_warning, old_breach = utc(2026, 11, 23, 9, 0), utc(2026, 11, 24, 2, 0)  # Monday 17:00, Tuesday 10:00
    assert timers(desk) == {"resolution_warning": old_warning, "resolution_breached": old_breach}
    desk.clock.set(utc(2026, 11, 23, 3, 0))
    override_priority(desk.runtime, actor("mona"), desk.number, "P4", "Only one user, who has a workaround.")
    assert desk.at(old_warning) == [] and desk.at(old_breach) == []
    assert escalations(desk) == [] and "resolve" in desk.open_tasks()
    assert [timer.element_id for timer in desk.at(utc(2026, 11, 26, 9, 0))] == ["resolution_warning"]


def test_deadline_already_passed_fires_on_the_next_timer_pass(desk: Desk) -> None:
    working_on(desk, "low", "low")
    desk.clock.set(utc(2026, 11, 23, 8, 0))  # Monday 16:00: the P1 warning (14:00) and breach (15:00) are past
    override_priority(desk.runtime, actor("sam"), desk.number, "P1", "The trading floor is down.")
    assert escalations(desk) == [] and "resolve" in desk.open_tasks()
    fired = [timer.element_id for timer in desk.at(desk.clock.now())]
    assert fired == ["resolution_warning", "resolution_breached"]
    assert escalations(desk) == ["resolution_warning", "resolution_breach"]


def test_response_timer_of_the_waiting_classification_moves_too(desk: Desk) -> None:
    desk.log(impact="low", urgency="low")  # P4: response due Tuesday 10:00
    assert timers(desk) == {"response_breached_classify": utc(2026, 11, 24, 2, 0)}
    override_priority(desk.runtime, actor("sam"), desk.number, "P2", "Payroll runs today.")
    assert timers(desk) == {"response_breached_classify": utc(2026, 11, 23, 3, 0)}  # 60 working minutes
    assert desk.task("classify").due_at == utc(2026, 11, 23, 3, 0)
    assert [timer.element_id for timer in desk.at(utc(2026, 11, 23, 3, 0))] == ["response_breached_classify"]
    assert escalations(desk) == ["response_breach"]


def test_category_with_another_policy_moves_the_deadlines_and_the_timers(desk: Desk) -> None:
    save_calendar("24x7", round_the_clock(), MONDAY_10)
    save_policy("gold", "24x7", {"P3": (60, 120)}, MONDAY_10)
    trading = create_category("Trading floor", sla_policy="gold")
    working_on(desk, "medium", "medium")
    assert timers(desk)["resolution_breached"] == utc(2026, 11, 26, 2, 0)  # 24 working hours on office hours
    desk.clock.set(MONDAY_10 + timedelta(minutes=30))
    change_category(desk.runtime, actor("sam"), desk.number, trading.id, None, "It is a trading terminal.")
    ticket = desk.ticket
    assert (ticket.category_id, ticket.sla_policy) == (trading.id, "gold")
    assert ticket.resolution_due_at == MONDAY_10 + timedelta(hours=2)
    assert timers(desk) == {"resolution_warning": MONDAY_10 + timedelta(minutes=90),
                            "resolution_breached": MONDAY_10 + timedelta(hours=2)}
    [moved] = history(desk, "deadlines_moved")
    assert moved["deadlines"]["policy"] == {"from": "built-in", "to": "gold"}
    assert [timer.element_id for timer in desk.at(MONDAY_10 + timedelta(minutes=90))] == ["resolution_warning"]
    assert [timer.element_id for timer in desk.at(MONDAY_10 + timedelta(hours=2))] == ["resolution_breached"]


def test_category_with_the_same_policy_moves_nothing(desk: Desk) -> None:
    hardware = create_category("Hardware")  # no policy of its own: the same built-in one
    working_on(desk, "medium", "medium")
    before = (timers(desk), desk.ticket.resolution_due_at, desk.instance.state_json)
    change_category(desk.runtime, actor("sam"), desk.number, hardware.id, None, "It is the printer.")
    assert desk.ticket.category_id == hardware.id
    assert (timers(desk), desk.ticket.resolution_due_at) == before[:2]
    assert history(desk, "deadlines_moved") == []
    [changed] = history(desk, "variables_changed")
    assert changed["variables"] == {"category": str(hardware.id), "ci": None} and changed["timers"] == []


def test_failure_during_the_change_leaves_ticket_instance_and_timers_as_they_were(desk: Desk, monkeypatch) -> None:
    working_on(desk, "low", "low")
    instance = desk.instance
    before = (desk.ticket.priority, desk.ticket.resolution_due_at, instance.lock_version, instance.state_json,
              instance.history_seq, timers(desk), desk.notes())

    def broken(*args: object) -> None:
        raise RuntimeError("the disk is full")
    monkeypatch.setattr(variables, "refresh_open_tasks", broken)
    with pytest.raises(RuntimeError):
        override_priority(desk.runtime, actor("sam"), desk.number, "P1", "The trading floor is down.")
    db.session.expire_all()
    instance = db.session.get(ProcessInstance, desk.ticket.instance_id)
    assert (desk.ticket.priority, desk.ticket.resolution_due_at, instance.lock_version, instance.state_json,
            instance.history_seq, timers(desk), desk.notes()) == before


def test_requester_may_not_override_the_priority(desk: Desk) -> None:
    desk.log()
    with pytest.raises(NotAllowed):
        override_priority(desk.runtime, actor("rita"), desk.number, "P1", "Mine is the most important.")
    assert desk.ticket.priority == "P3"


def test_override_without_a_reason_is_refused_and_moves_nothing(desk: Desk) -> None:
    working_on(desk, "low", "low")
    before = timers(desk)
    with pytest.raises(InvalidValues) as refused:
        override_priority(desk.runtime, actor("sam"), desk.number, "P1", "  ")
    assert "reason" in refused.value.errors
    assert timers(desk) == before and desk.ticket.priority == "P4"
