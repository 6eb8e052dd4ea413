"""What one outbox pass did, message by message: for `flowdesk mail send-pending`."""
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.messaging.channels import configured_senders, deliver_configured
from app.messaging.models import PENDING, OutboxMessage
from app.messaging.outbox import OutgoingMessage
from app.messaging.reasons import Reason
from app.workflow.runtime import Runtime


@dataclass(frozen=True)
class PassLine:
    """One message the pass handled: its outcome, and why when it was not sent."""

    id: int
    channel: str
    recipient: str
    subject: str
    outcome: str  # sent, failed, dead, held, deferred
    reason: dict[str, Any] | None  # code, params and the English message (app/messaging/reasons.py)


def run_send_pending(runtime: Runtime, config: Mapping[str, Any]) -> dict[str, Any]:
    """Run one outbox pass; return the counts, each message's line, and the channels nobody sends yet."""
    handled: list[tuple[OutgoingMessage, str]] = []
    counts = deliver_configured(runtime, config, lambda message, outcome: handled.append((message, outcome)))
    lines = [line_of(message, outcome) for message, outcome in handled]
    db.session.rollback()
    return {"counts": counts, "messages": [asdict(line) for line in lines], "waiting": unsent_channels(config)}


def line_of(message: OutgoingMessage, outcome: str) -> PassLine:
    """Describe one handled message, with the reason its row records when it did not go."""
    row = db.session.get(OutboxMessage, message.id)
    reason: Reason | None = None
    if row is not None and outcome in ("failed", "dead"):
        reason = row.error
    elif row is not None and outcome == "held":
        reason = row.held
    return PassLine(message.id, message.channel, message.recipient, message.subject, outcome,
                    reason.to_dict() if reason else None)


def unsent_channels(config: Mapping[str, Any]) -> dict[str, int]:
    """Count the pending messages of channels that have no sender configured (they wait for one)."""
    senders = configured_senders(config)
    rows = db.session.execute(select(OutboxMessage.channel, func.count()).where(OutboxMessage.status == PENDING)
                              .group_by(OutboxMessage.channel)).all()
    waiting = {channel: count for channel, count in rows if channel not in senders}
    db.session.rollback()
    return waiting
