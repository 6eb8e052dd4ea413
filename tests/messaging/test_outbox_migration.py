"""Migration 0013 on existing rows: delivered messages become sent, the others pending and due at once."""
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.platform.types import UtcDateTime
from tests.messaging.loopback import message, queue

WRITTEN_AT = datetime(2029, 12, 31, 9, 30, tzinfo=UTC)
SENT_AT = datetime(2029, 12, 31, 9, 31, tzinfo=UTC)
OLD_OUTBOX = sa.table("outbox_message", sa.column("id", sa.Integer), sa.column("channel", sa.String),
                      sa.column("recipient", sa.String), sa.column("subject", sa.String), sa.column("body", sa.Text),
                      sa.column("created_at", UtcDateTime()), sa.column("sent_at", UtcDateTime()),
                      sa.column("attempts", sa.Integer), sa.column("last_error", sa.Text))


def test_upgrade_keeps_delivered_messages_sent_and_queues_the_others(app) -> None:
    db.session.remove()
    downgrade(revision="0012")
    common = {"channel": "sms", "recipient": "+86 21 5555 0101", "subject": "s", "body": "b", "created_at": WRITTEN_AT}
    with db.engine.begin() as connection:
        connection.execute(sa.insert(OLD_OUTBOX), [
            {**common, "id": 1, "sent_at": SENT_AT, "attempts": 1, "last_error": None},
            {**common, "id": 2, "sent_at": None, "attempts": 3, "last_error": "gateway down"},
            {**common, "id": 3, "sent_at": None, "attempts": 0, "last_error": None},
        ])
    upgrade()
    sent, failing, fresh = message(1), message(2), message(3)
    assert (sent.status, sent.sent_at, sent.claimed_until) == ("sent", SENT_AT, None)
    assert (failing.status, failing.attempts, failing.next_attempt_at) == ("pending", 3, WRITTEN_AT)
    assert (failing.error_code, failing.error_params) == ("recorded_text", {"text": "gateway down"})  # 0041
    assert (fresh.status, fresh.next_attempt_at, fresh.resent_by) == ("pending", WRITTEN_AT, None)


def test_downgrade_keeps_the_messages(app, runtime) -> None:
    message_id = queue(runtime, "log")
    db.session.remove()
    downgrade(revision="0012")
    with db.engine.connect() as connection:
        rows = connection.execute(sa.select(OLD_OUTBOX.c.id, OLD_OUTBOX.c.sent_at)).all()
    upgrade()
    assert [tuple(row) for row in rows] == [(message_id, None)]
