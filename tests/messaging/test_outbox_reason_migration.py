"""Migration 0041 on rows of its day: the English sentences FlowDesk wrote become reason codes and parameters, a text
it does not recognise is kept whole, and the downgrade writes the sentences back."""
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.messaging.mail.models import UndeliverableAddress
from app.messaging.reasons import Reason, english_text
from app.platform.types import UtcDateTime
from tests.messaging.loopback import message

WRITTEN_AT = datetime(2029, 12, 31, 9, 0, tzinfo=UTC)
OLD_OUTBOX = sa.table("outbox_message", sa.column("id", sa.Integer), sa.column("channel", sa.String),
                      sa.column("recipient", sa.String), sa.column("subject", sa.String), sa.column("body", sa.Text),
                      sa.column("created_at", UtcDateTime()), sa.column("next_attempt_at", UtcDateTime()),
                      sa.column("status", sa.String), sa.column("attempts", sa.Integer),
                      sa.column("last_error", sa.Text), sa.column("held_reason", sa.Text))
OLD_MARKS = sa.table("mail_undeliverable_address", sa.column("address", sa.String), sa.column("status", sa.String),
                     sa.column("reason", sa.Text), sa.column("bounced_at", UtcDateTime()))
PERMANENT = " This is a permanent refusal, so the message is not retried."
INTERRUPTED = ("The last attempt was interrupted before its outcome was recorded (the sending process stopped). The "
               "message may have arrived; resending it uses the same idempotency key.")
# id: (status, last_error, held_reason) as FlowDesk wrote them before 0041
OLD_ROWS = {
    1: ("dead", "The mail server at 127.0.0.1:2525 refused the recipient gone@partner.example with 550: 5.1.1 No such "
                "mailbox here" + PERMANENT, None),
    2: ("pending", "The mail server at relay.example:587 refused the message with 451: 4.3.0 Try again: later.", None),
    3: ("pending", "The mail server at relay.example:587 could not be reached: [Errno 111] Connection refused", None),
    4: ("pending", "The SMS gateway refused the message with HTTP 429: over quota", None),
    5: ("dead", "The SMS gateway at http://sms.example/send could not be reached: timed out", None),
    6: ("dead", "The mail to gone@partner.example came back from the receiving server: delivery status 5.1.1. The "
                "address is marked undeliverable; check it and clear the mark, then resend.", None),
    7: ("dead", INTERRUPTED, None),
    8: ("dead", "gateway down", None),
    9: ("pending", None, "Held by the cap of 3 mails per address per hour; it goes out from 2029-12-31T10:30:00+00:00."),
    10: ("pending", "The mail server at relay.example:587 could not be reached: timed out",
         "Held: mail to gone@partner.example bounced on 2029-12-31 09:30 UTC (550 5.1.1 No such mailbox here). An "
         "administrator checks the address and clears the mark to send it."),
    11: ("sent", None, "Held by the cap of 1 mails per address and ticket per hour; it goes out from "
                       "2029-12-31T10:00:00+00:00."),
    12: ("pending", None, "Held by the cap of 3 mails per address per hour; it goes out from someday."),
}


def write_old_rows() -> None:
    """Write the rows and two undeliverable marks as a FlowDesk at revision 0039 stored them."""
    with db.engine.begin() as connection:
        connection.execute(sa.insert(OLD_OUTBOX), [
            {"id": id_, "channel": "email", "recipient": "gone@partner.example", "subject": "s", "body": "b",
             "created_at": WRITTEN_AT, "next_attempt_at": WRITTEN_AT, "status": status, "attempts": 1,
             "last_error": error, "held_reason": held} for id_, (status, error, held) in OLD_ROWS.items()])
        connection.execute(sa.insert(OLD_MARKS), [
            {"address": "gone@partner.example", "status": "5.1.1", "reason": "delivery status 5.1.1",
             "bounced_at": WRITTEN_AT},
            {"address": "left@example.com", "status": "5.1.1", "reason": "550 5.1.1 mailbox unavailable",
             "bounced_at": WRITTEN_AT}])


def mark_reasons() -> dict[str, str]:
    """Return each undeliverable mark's stored reason by address."""
    db.session.expire_all()
    return {mark.address: mark.reason for mark in db.session.execute(sa.select(UndeliverableAddress)).scalars()}


def test_upgrade_turns_each_english_sentence_into_its_code_and_keeps_what_it_does_not_know(app) -> None:
    db.session.remove()
    downgrade(revision="0039")
    write_old_rows()
    upgrade()
    errors = {id_: message(id_).error for id_ in OLD_ROWS}
    assert errors[1] == Reason("smtp_recipient_refused", {"server": "127.0.0.1:2525", "recipient": "gone@partner.example",
                                                          "smtp_code": 550, "answer": "5.1.1 No such mailbox here",
                                                          "permanent": True})
    assert errors[2] == Reason("smtp_message_refused", {"server": "relay.example:587", "smtp_code": 451,
                                                        "answer": "4.3.0 Try again: later."})
    assert errors[3] == Reason("smtp_unreachable", {"server": "relay.example:587",
                                                    "detail": "[Errno 111] Connection refused"})
    assert errors[4] == Reason("sms_refused", {"http_status": 429, "answer": "over quota"})
    assert errors[5] == Reason("sms_unreachable", {"gateway": "http://sms.example/send", "detail": "timed out"})
    assert errors[6] == Reason("bounced", {"address": "gone@partner.example", "status": "5.1.1", "diagnostic": ""})
    assert (errors[7], errors[8]) == (Reason("interrupted"), Reason("recorded_text", {"text": "gateway down"}))
    assert [id_ for id_, error in errors.items() if error is None] == [9, 11, 12]
    for id_ in (1, 2, 3, 4, 5, 6, 7):  # the app says exactly what the row said
        assert english_text(errors[id_]) == OLD_ROWS[id_][1]
    held = {id_: message(id_).held for id_ in OLD_ROWS}
    assert held[9] == Reason("cap_per_address", {"cap": 3, "until": "2029-12-31T10:30:00+00:00"})
    assert held[10] == Reason("undeliverable", {"address": "gone@partner.example", "bounced_at": "2029-12-31T09:30:00+00:00",
                                                "status": "", "diagnostic": "550 5.1.1 No such mailbox here"})
    assert english_text(held[10]) == OLD_ROWS[10][2]
    assert held[11] is None  # the hold of a sent message was over, and no page showed it
    assert held[12] == Reason("recorded_text", {"text": OLD_ROWS[12][2]})  # not a time: kept whole
    assert mark_reasons() == {"gone@partner.example": "", "left@example.com": "550 5.1.1 mailbox unavailable"}


def test_downgrade_writes_the_english_sentences_back(app) -> None:
    db.session.remove()
    downgrade(revision="0039")
    write_old_rows()
    upgrade()
    db.session.remove()
    downgrade(revision="0039")
    with db.engine.connect() as connection:
        rows = {row.id: (row.status, row.last_error, row.held_reason)
                for row in connection.execute(sa.select(OLD_OUTBOX))}
    assert rows == {**OLD_ROWS, 11: ("sent", None, None)}
    upgrade()
    assert mark_reasons()["gone@partner.example"] == ""
