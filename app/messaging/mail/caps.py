"""Rate caps on mail: at most so many per address per hour, and per address and ticket per hour.

What passes a cap is held, never dropped: the message stays pending until the hour allows it, its row says why
(held_code, held_params) and how often (held_count), and it goes out then with its own words and Message-ID. Counted
are the mail already sent in the last hour; a burst of a ticket's notices thus arrives spread over the hours, in
order.
"""
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.messaging.models import SENT, OutboxMessage
from app.messaging.outbox import Gate, Hold, OutgoingMessage
from app.messaging.reasons import CAP_PER_ADDRESS, CAP_PER_TICKET, Reason
from app.platform.transactions import use_case
from app.workflow.runtime import Runtime

WINDOW = timedelta(hours=1)


def mail_cap_gate(per_address: int, per_ticket: int) -> Gate:
    """Return the gate that holds mail beyond the caps (0 switches a cap off)."""
    def gate(runtime: Runtime, message: OutgoingMessage) -> Hold | None:
        return hold_over_cap(runtime, message, per_address, per_ticket)
    return gate


@use_case
def hold_over_cap(runtime: Runtime, message: OutgoingMessage, per_address: int, per_ticket: int) -> Hold | None:
    """Return a Hold when the recipient already got their share of mail this hour, else None."""
    now = runtime.clock.now()
    sent = (select(OutboxMessage.sent_at)
            .where(OutboxMessage.channel == message.channel, OutboxMessage.recipient == message.recipient,
                   OutboxMessage.status == SENT, OutboxMessage.sent_at > now - WINDOW))
    if per_address and count_of(sent) >= per_address:
        until = oldest(sent) + WINDOW
        return Hold(until, Reason(CAP_PER_ADDRESS, {"cap": per_address, "until": until.isoformat()}))
    if per_ticket and message.ticket_number:
        same_ticket = sent.where(OutboxMessage.ticket_number == message.ticket_number)
        if count_of(same_ticket) >= per_ticket:
            until = oldest(same_ticket) + WINDOW
            return Hold(until, Reason(CAP_PER_TICKET, {"cap": per_ticket, "until": until.isoformat()}))
    return None


def count_of(query: object) -> int:
    """Count the rows of a query of sent times."""
    return int(db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one())  # type: ignore[attr-defined]


def oldest(query: object) -> datetime:
    """Return the earliest sent time of a query (the mail whose hour ends first)."""
    return db.session.execute(select(func.min(query.subquery().c.sent_at))).scalar_one()  # type: ignore[attr-defined, no-any-return]
