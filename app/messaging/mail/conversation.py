"""A ticket's mail conversation: the Message-IDs of FlowDesk's mail on it and of the mail that came in on it, in the
order they were written, for the References of the next mail (so every client threads the conversation)."""
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.models import ConversationMessageId
from app.messaging.models import OutboxMessage

REFERENCES_KEPT = 20  # the first Message-ID of a ticket and the latest ones: enough for every client's threading
MESSAGE_ID_MAX = 500


def remember_message_id(number: str, message_id: str | None, seen_at: datetime) -> None:
    """Keep the Message-ID of a mail that came in on a ticket (once), for the References of FlowDesk's later mail."""
    value = (message_id or "").strip()
    if not value or len(value) > MESSAGE_ID_MAX:
        return
    known = db.session.execute(select(ConversationMessageId.id).where(
        ConversationMessageId.ticket_number == number, ConversationMessageId.message_id == value)).first()
    if known is None:
        db.session.add(ConversationMessageId(ticket_number=number, message_id=value, seen_at=seen_at))
        db.session.flush()


def conversation_message_ids(number: str) -> list[str]:
    """Return the Message-IDs of the ticket's conversation, oldest first: the first one and the latest ones.

    Mail that came in sorts before FlowDesk's mail of the same moment: FlowDesk's answers it.
    """
    sent = db.session.execute(
        select(OutboxMessage.created_at, OutboxMessage.id, OutboxMessage.message_id)
        .where(OutboxMessage.ticket_number == number, OutboxMessage.message_id.is_not(None))).all()
    came_in = db.session.execute(
        select(ConversationMessageId.seen_at, ConversationMessageId.id, ConversationMessageId.message_id)
        .where(ConversationMessageId.ticket_number == number)).all()
    ordered = sorted([(at, 1, serial, value) for at, serial, value in sent]
                     + [(at, 0, serial, value) for at, serial, value in came_in])
    found = list(dict.fromkeys(str(value) for _, _, _, value in ordered))  # a reply quotes FlowDesk's own ids
    if len(found) > REFERENCES_KEPT:
        found = found[:1] + found[-(REFERENCES_KEPT - 1):]
    return found
