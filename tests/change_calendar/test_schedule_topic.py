"""The change.schedule topic through a diagram: a colliding window goes back to a person; an agent's override is
refused, a change manager's with a reason books over the block and shows in the history; booking again replaces."""
import json
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.servicedesk.change_calendar.models import ChangeBooking, ChangeBookingCi
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.servicedesk.tickets.note_events import note_text
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import HistoryEvent, UserTask
from app.workflow.tasks.actions import claim_task, complete_task
from tests.change_calendar.conftest import ChangeDesk

COLLIDING = {"planned_start": "2026-09-06T01:00:00+08:00", "planned_end": "2026-09-06T03:00:00+08:00"}


def start(changes: ChangeDesk, ticket: Ticket, cis: list[int], who: str = "sam", **window: str) -> int:
    """Start the test diagram for a change, as `who`, with its planned window."""
    variables = {"ticket": ticket.number, "affected_cis": cis, "implementer": "lee", **(window or COLLIDING)}
    return start_instance(changes.runtime, "change_schedule", variables, business_key=ticket.number, actor=who,
                          more_variables=True)


def open_tasks(instance_id: int) -> dict[str, str]:
    """Return the open user tasks of an instance: element id -> task id."""
    db.session.expire_all()
    rows = db.session.execute(select(UserTask).where(UserTask.instance_id == instance_id)).scalars()
    return {row.element_id: row.id for row in rows}


def reschedule(changes: ChangeDesk, instance_id: int, who: str, **values: Any) -> None:
    """Claim and complete the 'choose another window' task."""
    task_id = open_tasks(instance_id)["reschedule"]
    claim_task(changes.runtime, task_id, who)
    complete_task(changes.runtime, task_id, who, values)


def logged(instance_id: int) -> list[str]:
    """Return the automatic steps' history lines of an instance, oldest first."""
    rows = db.session.execute(select(HistoryEvent).where(HistoryEvent.instance_id == instance_id,
                                                         HistoryEvent.kind == "topic_logged")
                              .order_by(HistoryEvent.seq)).scalars()
    return [json.loads(row.data)["message"] for row in rows]


def booking_of(ticket: Ticket) -> tuple[ChangeBooking | None, list[int]]:
    """Return a change's booking and its CIs as stored now."""
    db.session.expire_all()
    booking = db.session.execute(select(ChangeBooking).where(ChangeBooking.ticket_id == ticket.id)).scalar_one_or_none()
    cis = db.session.execute(select(ChangeBookingCi.ci_id).where(ChangeBookingCi.ticket_id == ticket.id)
                             .order_by(ChangeBookingCi.ci_id)).scalars()
    return booking, list(cis)


def test_a_change_manager_overrides_a_block_with_a_reason_and_an_agent_may_not(changes: ChangeDesk, deploy) -> None:  # type: ignore[no-untyped-def]
    deploy("change_schedule.bpmn", "olga")
    database = changes.ci("db-01")
    booked, mine = changes.change("Upgrade PostgreSQL"), changes.change("Patch the kernel")
    changes.book(booked, "2026-09-05T22:00:00+08:00", "2026-09-06T02:00:00+08:00", [database])
    instance_id = start(changes, mine, [database])
    assert list(open_tasks(instance_id)) == ["reschedule"] and booking_of(mine) == (None, [])
    assert logged(instance_id)[-1].startswith(f"Schedule refused: [block] {booked.number} is booked on db-01")

    reschedule(changes, instance_id, "sam", schedule_override_reason="The kernel fix cannot wait.", **COLLIDING)
    assert list(open_tasks(instance_id)) == ["reschedule"] and booking_of(mine) == (None, [])
    assert logged(instance_id)[-1].startswith("Override by sam refused (not a change manager)")

    reschedule(changes, instance_id, "carl", schedule_override_reason="The kernel fix cannot wait.", **COLLIDING)
    assert list(open_tasks(instance_id)) == ["implement"]
    booking, cis = booking_of(mine)
    assert booking is not None and cis == [database]
    assert (booking.override_reason, booking.booked_by, booking.implementer) == (
        "The kernel fix cannot wait.", "carl", "lee")
    assert logged(instance_id)[-1].startswith("Schedule block overridden by carl: The kernel fix cannot wait.")
    notes = db.session.execute(select(TicketNote).where(TicketNote.ticket_id == mine.id)).scalars().all()
    assert [note_text(note) for note in notes] == [
        "Window booked over a collision block, 2026-09-05T17:00+00:00 to 2026-09-05T19:00+00:00: "
        "The kernel fix cannot wait."]


def test_a_free_window_is_booked_and_booking_the_change_again_replaces_it(changes: ChangeDesk, deploy) -> None:  # type: ignore[no-untyped-def]
    deploy("change_schedule.bpmn", "olga")
    first, second = changes.ci("web-01"), changes.ci("web-02")
    mine = changes.change("Renew certificates")
    instance_id = start(changes, mine, [first])
    assert list(open_tasks(instance_id)) == ["implement"]
    assert logged(instance_id) == ["Window booked 2026-09-05T17:00:00+00:00 to 2026-09-05T19:00:00+00:00"]
    start(changes, mine, [second], planned_start="2026-09-07T01:00:00+08:00", planned_end="2026-09-07T02:00:00+08:00")
    booking, cis = booking_of(mine)
    assert booking is not None and cis == [second]
    assert booking.starts_at.isoformat() == "2026-09-06T17:00:00+00:00"
    assert db.session.execute(select(ChangeBooking.id)).all() == [(booking.id,)]
