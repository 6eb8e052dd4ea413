"""The CAB's due timers (issue 15, section 2): a reminder to the members who have not decided, then an escalation to
the change managers, who may send the change back to the CAB or reject it; silence never approves. And (section 3)
nothing stale stays on the change calendar: a cancelled, rejected or backed-out change frees its window."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.organisation.models import User
from app.servicedesk.change_calendar.models import ChangeBooking, ChangeBookingCi
from app.servicedesk.desk.ticket_actions import cancel_ticket
from app.workflow.timers import fire_due_timers
from tests.change.conftest import ChangeDesk, person

pytestmark = pytest.mark.usefixtures("database_url")


def mailed(ticket) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the logins the outbox holds a CAB notice for, about this ticket, sorted."""
    emails = dict(db.session.execute(select(User.email, User.login)).all())
    rows = db.session.execute(select(OutboxMessage.recipient).where(
        OutboxMessage.ticket_number == ticket.number, OutboxMessage.event == "approval_requested")).scalars()
    return sorted(emails.get(recipient, recipient) for recipient in rows)


def at_the_cab(changes: ChangeDesk):  # type: ignore[no-untyped-def]
    """Raise a normal change and assess it: adam, lee and mona each hold a CAB task."""
    ticket = changes.raise_change()
    changes.work(ticket, "assess", "carl", impact="medium", test_plan="Send a mail", assessment="Fine")
    assert sorted(task.assignee for task in changes.tasks(ticket)) == ["adam", "lee", "mona"]
    return ticket


def test_the_cab_reminder_mails_only_the_undecided_members_and_decides_nothing(changes: ChangeDesk) -> None:
    ticket = at_the_cab(changes)
    changes.work(ticket, "cab_approval", "mona", decision="approve", comment="Fine")
    changes.clock.advance(days=2, seconds=1)
    fire_due_timers(changes.runtime)
    assert mailed(ticket) == ["adam", "lee"]
    assert sorted(task.assignee for task in changes.tasks(ticket)) == ["adam", "lee"]
    assert changes.record(ticket).stage == "cab"
    assert "Reminded the CAB members who have not decided: adam, lee." in changes.notes(ticket)[-1].body


def test_an_overdue_cab_goes_to_the_change_managers_and_is_not_approved_by_silence(changes: ChangeDesk) -> None:
    ticket = at_the_cab(changes)
    changes.work(ticket, "cab_approval", "mona", decision="approve", comment="Fine")  # one of the two needed
    changes.clock.advance(days=3, seconds=1)
    fire_due_timers(changes.runtime)
    assert changes.open_elements(ticket) == ["cab_overdue"]
    assert changes.record(ticket).stage == "cab"
    assert "carl" in mailed(ticket)  # the change managers; the reminder went to adam and lee a day before
    assert "undecided: adam, lee" in changes.notes(ticket)[-1].body
    changes.work(ticket, "cab_overdue", "carl", overdue_decision="resend", overdue_comment="Ask again")
    assert sorted(task.assignee for task in changes.tasks(ticket)) == ["adam", "lee", "mona"]
    changes.cab_approves(ticket, ("mona", "lee"))  # the new round counts its own decisions only
    assert changes.open_elements(ticket) == ["reschedule"]  # approved; its window passed while the CAB was silent


def test_change_managers_reject_an_overdue_cab_with_their_reason(changes: ChangeDesk) -> None:
    ticket = at_the_cab(changes)
    changes.clock.advance(days=3, seconds=1)
    fire_due_timers(changes.runtime)
    changes.work(ticket, "cab_overdue", "carl", overdue_decision="reject", overdue_comment="Nobody owns it")
    assert changes.record(ticket).stage == "rejected"
    assert changes.fresh(ticket).status == "cancelled"
    assert changes.notes(ticket)[-1].body.endswith("Nobody owns it")


def test_the_emergency_cab_is_reminded_after_two_hours_and_escalated_after_four(changes: ChangeDesk) -> None:
    ticket = changes.raise_change("emergency")
    changes.clock.advance(hours=2, seconds=1)
    fire_due_timers(changes.runtime)
    assert mailed(ticket) == ["adam", "mona"]
    changes.clock.advance(hours=2)
    fire_due_timers(changes.runtime)
    assert changes.open_elements(ticket) == ["cab_overdue"]


def booked_cis(ticket) -> tuple[str | None, int]:  # type: ignore[no-untyped-def]
    """Return a change's booking status and how many CIs it holds on the calendar."""
    db.session.expire_all()
    booking = db.session.execute(select(ChangeBooking).where(ChangeBooking.ticket_id == ticket.id)).scalar_one()
    count = len(db.session.execute(select(ChangeBookingCi.id).where(ChangeBookingCi.ticket_id == ticket.id)).all())
    return booking.status, count


def test_cancelling_a_booked_change_frees_its_window(changes: ChangeDesk) -> None:
    ticket = at_the_cab(changes)
    changes.cab_approves(ticket)
    assert booked_cis(ticket) == ("booked", 1)
    cancel_ticket(changes.runtime, person("carl"), ticket.number, "Vendor withdrew the patch")
    assert booked_cis(ticket) == ("released", 0)


def test_a_backed_out_change_frees_its_window_and_a_successful_one_keeps_it(changes: ChangeDesk) -> None:
    kept, backed_out = changes.raise_change("emergency"), changes.raise_change("emergency")
    for ticket, outcome in ((kept, "successful"), (backed_out, "backed_out")):
        changes.cab_approves(ticket, ("mona",))
        start = changes.clock.now() + timedelta(days=1)
        changes.work(ticket, "implement", "lee", actual_start=start.isoformat(),
                     actual_end=(start + timedelta(hours=1)).isoformat(), work_note="Done")
        changes.work(ticket, "review", "carl", outcome=outcome, review_note="Checked")
    assert booked_cis(kept) == ("booked", 1)
    assert booked_cis(backed_out) == ("released", 0)
