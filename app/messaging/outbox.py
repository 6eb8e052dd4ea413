"""Send what steps wrote to the outbox; delivery happens after the step's transaction committed."""
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.workflow.runtime import Runtime

Sender = Callable[[OutboxMessage], None]
logger = logging.getLogger("flowdesk.outbox")
MAX_ATTEMPTS = 5


def enqueue_message(channel: str, recipient: str, subject: str, body: str, instance_id: int | None,
                    now: datetime) -> None:
    """Add a message to the outbox inside the caller's transaction."""
    db.session.execute(insert(OutboxMessage).values(
        channel=channel, recipient=recipient, subject=subject, body=body, instance_id=instance_id,
        created_at=now, attempts=0,
    ))


def log_sender(message: OutboxMessage) -> None:
    """Deliver a message to the application log (the default channel until mail arrives)."""
    logger.info("to %s: %s", message.recipient, message.subject)


def deliver_outbox(runtime: Runtime, senders: Mapping[str, Sender], batch_size: int = 100) -> dict[str, Any]:
    """Send unsent messages whose channel has a sender; count what was sent and what failed.

    Messages of a channel without a sender wait untouched until one is configured.
    """
    rows = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS,
                                    OutboxMessage.channel.in_(sorted(senders)))
        .order_by(OutboxMessage.id).limit(batch_size).with_for_update(skip_locked=True)
    ).scalars().all()
    sent = failed = 0
    for message in rows:
        message.attempts += 1
        try:
            senders[message.channel](message)
        except Exception as exc:  # a sender's failure is recorded and retried on a later pass
            message.last_error = str(exc)
            failed += 1
            continue
        message.sent_at = runtime.clock.now()
        message.last_error = None
        sent += 1
    db.session.commit()
    return {"sent": sent, "failed": failed}
