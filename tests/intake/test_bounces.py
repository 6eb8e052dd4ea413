"""A bounce marks an address: FlowDesk mails through a real SMTP receiver (aiosmtpd), the report comes back through a
real Dovecot, and the mark holds the next mail, sends an SMS instead and shows on the pages until an admin clears it.

The SMS gateway is the one part stood in for: a loopback HTTP server (tests/messaging/loopback.py), the far end of a
provider FlowDesk would POST to.
"""
import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.messaging.mail.bounces import address_mark
from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.messaging.models import OutboxMessage
from app.messaging.reasons import BOUNCED, UNDELIVERABLE
from app.organisation.models import User
from app.platform.transactions import run_unit
from app.servicedesk.tickets.models import Ticket
from tests.intake.conftest import ImapBox, incoming
from tests.intake.test_polling import add_mailbox, poll, tickets
from tests.messaging.conftest import gateway, smtp_receiver  # noqa: F401  (the loopback gateway and receiver)
from tests.messaging.mail_scenes import RITA, resolved_incident, send_pending

RITA_PHONE = "+44 20 7946 0101"
BANNER = f"Mail to {RITA} bounced on "


def report_of(message_id: str, status: str = "5.1.1", answer: str = "550 5.1.1 <rita@flowdesk.example>: "
              "Recipient address rejected: User unknown") -> bytes:
    """Return a delivery status notification (RFC 3464) for a mail FlowDesk sent, as Postfix writes one."""
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.flowdesk.example>\r\n"
        "To: servicedesk@flowdesk.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Date: Mon, 07 Dec 2026 10:20:00 +0000\r\n"
        "Message-ID: <dsn.1@mx.flowdesk.example>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.flowdesk.example\r\n\r\n"
        f"Final-Recipient: rfc822; {RITA}\r\nAction: failed\r\nStatus: {status}\r\n"
        f"Diagnostic-Code: smtp; {answer}\r\n"
        "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: FlowDesk <desk@flowdesk.example>\r\nTo: {RITA}\r\nSubject: Your incident\r\n"
        f"Message-ID: {message_id}\r\n"
        "--b--\r\n").encode()


@pytest.fixture
def wired(app, smtp_receiver, gateway):  # type: ignore[no-untyped-def]  # noqa: F811
    """Mail goes to the loopback receiver, SMS to the loopback gateway, and rita has a phone number."""
    app.config.update(SMTP_URL=smtp_receiver.url, MAIL_FROM="FlowDesk <desk@flowdesk.example>",
                      SMS_GATEWAY_URL=gateway.url)
    run_unit(lambda: db.session.execute(update(User).where(User.login == "rita").values(phone=RITA_PHONE)))
    return smtp_receiver, gateway


def notify_rita(runtime, number: str) -> None:  # type: ignore[no-untyped-def]
    """Queue one more notice of her ticket to rita, as the incident flow does."""
    def queue() -> None:
        ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar_one()
        rita = db.session.execute(select(User).where(User.login == "rita")).scalar_one()
        facts = TicketFacts(number, ticket.title, ticket.instance_id)
        queue_ticket_notice(runtime.mail, Notice("incident_question", "A question about your incident"), facts,
                            rita, True, runtime.clock.now())
    run_unit(queue)


def rows_to(address: str) -> list[OutboxMessage]:
    """Return the outbox rows to an address, oldest first."""
    db.session.expire_all()
    return list(db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == address)
                                   .order_by(OutboxMessage.id)).scalars())


def test_a_bounce_marks_an_address_until_an_admin_clears_it(app, runtime, cli, client, sign_in, imap: ImapBox,  # type: ignore[no-untyped-def]
                                                            desk, wired) -> None:
    receiver, sms = wired
    number = resolved_incident(desk)
    send_pending(app, runtime)
    returned = receiver.to(RITA)[-1]
    add_mailbox(cli, imap)
    imap.append(report_of(returned["Message-ID"]))
    counts = poll(cli)
    assert (counts["fetched"], counts["new_tickets"], counts["quarantined"]) == (1, 0, 0)
    assert [(row.status, row.auto_kind) for row in incoming()] == [("auto", "bounce")]
    assert [ticket.number for ticket in tickets()] == [number]  # a bounce opens no ticket
    mark = address_mark(RITA)
    assert mark is not None and mark.marked and mark.reason.startswith("550 5.1.1")
    failed = next(row for row in rows_to(RITA) if row.message_id == returned["Message-ID"])
    assert failed.status == "dead" and failed.error_code == BOUNCED and failed.error_params["address"] == RITA

    sign_in("sam")
    assert BANNER in client.get(f"/tickets/{number}").get_data(as_text=True)
    sign_in("adam")
    person_page = client.get("/admin/users/rita").get_data(as_text=True)
    assert BANNER in person_page and "Recipient address rejected: User unknown" in person_page

    mails_before, sms_before = len(receiver.to(RITA)), len(sms.sms)
    notify_rita(runtime, number)
    send_pending(app, runtime)
    held = rows_to(RITA)[-1]
    assert held.status == "pending" and held.held_code == UNDELIVERABLE and held.held_params["address"] == RITA
    assert len(receiver.to(RITA)) == mails_before
    assert [text["to"] for text in sms.sms[sms_before:]] == [RITA_PHONE]

    cleared = client.post("/admin/mail/bounces/clear", data={"address": RITA, "next": "/admin/users/rita"})
    assert cleared.status_code == 302 and cleared.headers["Location"].endswith("/admin/users/rita")
    assert BANNER not in client.get("/admin/users/rita").get_data(as_text=True)
    send_pending(app, runtime)
    assert rows_to(RITA)[-1].status == "sent" and len(receiver.to(RITA)) == mails_before + 1


def test_a_temporary_bounce_is_only_counted_and_mail_keeps_going(app, runtime, cli, client, sign_in,  # type: ignore[no-untyped-def]
                                                                 imap: ImapBox, desk, wired) -> None:
    receiver, _ = wired
    number = resolved_incident(desk)
    send_pending(app, runtime)
    add_mailbox(cli, imap)
    imap.append(report_of(receiver.to(RITA)[-1]["Message-ID"], "4.2.2", "452 4.2.2 Mailbox full"))
    assert poll(cli)["new_tickets"] == 0
    mark = address_mark(RITA)
    assert mark is not None and (mark.marked, mark.temporary_count) == (False, 1)
    sign_in("adam")
    page = client.get("/admin/users/rita").get_data(as_text=True)
    assert BANNER not in page and f"Mail to {RITA} failed for a while 1 time; it is still sent." in page
    notify_rita(runtime, number)
    send_pending(app, runtime)
    assert rows_to(RITA)[-1].status == "sent"


def test_admin_clears_a_mark_from_the_command_line(app, runtime, cli, imap: ImapBox, desk, wired) -> None:  # type: ignore[no-untyped-def]
    receiver, _ = wired
    resolved_incident(desk)
    send_pending(app, runtime)
    add_mailbox(cli, imap)
    imap.append(report_of(receiver.to(RITA)[-1]["Message-ID"]))
    poll(cli)
    result = cli("mail", "clear-bounce", RITA.upper())
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"The mark on {RITA} was cleared;")
    again = cli("mail", "clear-bounce", RITA)
    assert again.exit_code == 1 and "is not marked undeliverable, so there is nothing to clear" in again.stderr
