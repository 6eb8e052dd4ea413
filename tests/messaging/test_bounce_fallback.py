"""While a person's address is marked undeliverable their notices also go by SMS, where they have a phone number."""
from sqlalchemy import select, update

from app.extensions import db
from app.messaging.mail.bounces import BounceReport, record_bounce
from app.messaging.mail.compose import Notice, TicketFacts, queue_process_mail, queue_ticket_notice
from app.messaging.models import PENDING, SENT, OutboxMessage
from app.organisation.models import User
from app.platform.transactions import run_unit

RITA = "rita@flowdesk.example"
PHONE = "+44 20 7946 0101"
QUESTION = Notice("incident_question", "A question about your incident")


def rita_with_phone(phone: str | None) -> None:
    """Give rita a phone number (or none)."""
    run_unit(lambda: db.session.execute(update(User).where(User.login == "rita").values(phone=phone)))


def mark_rita(runtime) -> None:  # type: ignore[no-untyped-def]
    """Send rita a mail, then record its permanent bounce (it marks her address)."""
    now = runtime.clock.now()
    sent = OutboxMessage(channel="email", recipient=RITA, subject="Earlier", body="…", created_at=now,
                         next_attempt_at=now, status=SENT, sent_at=now, attempts=1)
    run_unit(lambda: db.session.add(sent))
    run_unit(lambda: record_bounce(BounceReport(RITA, True, "5.1.1", "550 5.1.1 User unknown"), now))


def queue_both(runtime) -> None:  # type: ignore[no-untyped-def]
    """Queue a ticket notice and a diagram's message to rita."""
    def queue() -> None:
        rita = db.session.execute(select(User).where(User.login == "rita")).scalar_one()
        now = runtime.clock.now()
        queue_ticket_notice(runtime.mail, QUESTION, TicketFacts("INC-000042", "Printer jams", None), rita, True, now)
        queue_process_mail(runtime.mail, rita, "Your laptop is ready", "Collect it at the desk.", None, now)
    run_unit(queue)


def channels() -> list[tuple[str, str]]:
    """Return (channel, recipient) of every waiting outbox row, oldest first."""
    db.session.expire_all()
    return [(row.channel, row.recipient) for row in db.session.execute(
        select(OutboxMessage).where(OutboxMessage.status == PENDING).order_by(OutboxMessage.id)).scalars()]


def test_marked_person_with_a_phone_gets_each_notice_by_sms_too(runtime, demo) -> None:  # type: ignore[no-untyped-def]
    rita_with_phone(PHONE)
    mark_rita(runtime)
    queue_both(runtime)
    assert channels() == [("email", RITA), ("sms", PHONE), ("email", RITA), ("sms", PHONE)]


def test_person_whose_address_takes_mail_gets_no_sms_for_a_notice_that_is_not_urgent(runtime, demo) -> None:  # type: ignore[no-untyped-def]
    rita_with_phone(PHONE)
    queue_both(runtime)
    assert channels() == [("email", RITA), ("email", RITA)]


def test_marked_person_without_a_phone_gets_the_mail_queued_only(runtime, demo) -> None:  # type: ignore[no-untyped-def]
    rita_with_phone(None)
    mark_rita(runtime)
    queue_both(runtime)
    assert channels() == [("email", RITA), ("email", RITA)]
