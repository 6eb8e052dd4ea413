"""The outbox: messages written with a step are delivered afterwards, failures retried."""
from app.extensions import db
from app.messaging.models import OutboxMessage
from app.messaging.outbox import MAX_ATTEMPTS, deliver_outbox, enqueue_message


def queue_one(runtime) -> None:
    """Write one message to the outbox and commit, as a step would."""
    enqueue_message("log", "sam@example.org", "Task waiting", "Please look at INC-1", None, runtime.clock.now())
    db.session.commit()


def test_outbox_delivers_each_message_once(runtime) -> None:
    queue_one(runtime)
    delivered = []
    assert deliver_outbox(runtime, {"log": delivered.append}) == {"sent": 1, "failed": 0}
    assert deliver_outbox(runtime, {"log": delivered.append}) == {"sent": 0, "failed": 0}
    assert [m.subject for m in delivered] == ["Task waiting"]


def test_failed_delivery_is_recorded_and_retried_later(runtime) -> None:
    queue_one(runtime)

    def broken(message: OutboxMessage) -> None:
        raise ConnectionError("relay refused")
    assert deliver_outbox(runtime, {"log": broken}) == {"sent": 0, "failed": 1}
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    assert (message.attempts, message.last_error, message.sent_at) == (1, "relay refused", None)
    assert deliver_outbox(runtime, {"log": lambda m: None}) == {"sent": 1, "failed": 0}


def test_message_of_a_channel_without_a_sender_waits_untouched_until_one_is_configured(runtime) -> None:
    queue_one(runtime)
    for _ in range(MAX_ATTEMPTS + 2):
        assert deliver_outbox(runtime, {"sms": lambda m: None}) == {"sent": 0, "failed": 0}
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    assert (message.attempts, message.last_error, message.sent_at) == (0, None, None)
    assert deliver_outbox(runtime, {"log": lambda m: None}) == {"sent": 1, "failed": 0}
