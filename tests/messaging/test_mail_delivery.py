"""Mail out through a real SMTP receiver: both parts, the recipient's language, threading, marks, caps and outages."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging import mail_marks
from app.messaging.mail.bounces import is_undeliverable
from app.messaging.mail.links import read_link
from app.messaging.models import OutboxMessage
from app.messaging.reasons import (
    CAP_PER_ADDRESS,
    CAP_PER_TICKET,
    SMTP_MESSAGE_REFUSED,
    SMTP_RECIPIENT_REFUSED,
    SMTP_UNREACHABLE,
    UNDELIVERABLE,
)
from tests.incident.conftest import Desk
from tests.messaging.loopback import queue
from tests.messaging.mail_scenes import RITA, links_in, parts, resolved_incident, send_pending, speak

DOMAIN = "flowdesk.localhost"  # the test app's MAIL_DOMAIN


@pytest.fixture
def relay(app, smtp_receiver):  # type: ignore[no-untyped-def]
    """Point the app's mail at the loopback receiver."""
    app.config["SMTP_URL"] = smtp_receiver.url
    app.config["MAIL_FROM"] = "FlowDesk <desk@flowdesk.example>"
    return smtp_receiver


def rows_to(address: str) -> list[OutboxMessage]:
    """Return the mail rows to an address, oldest first, as stored now."""
    db.session.expire_all()
    rows = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == address,
                                                          OutboxMessage.channel == "email")
                              .order_by(OutboxMessage.id)).scalars().all()
    db.session.rollback()
    return list(rows)


def test_requester_gets_the_resolution_mail_with_both_parts_and_the_marks(desk: Desk, app, runtime, relay) -> None:
    number = resolved_incident(desk)
    report = send_pending(app, runtime)
    assert report["counts"]["sent"] >= 2 and report["counts"]["failed"] == 0
    mail = relay.to(RITA)[-1]
    assert mail["Subject"] == f"[{number}] Your incident is resolved"
    assert mail["From"] == "FlowDesk <desk@flowdesk.example>"
    assert mail["Auto-Submitted"] == "auto-generated" and mail["X-Auto-Response-Suppress"] == "All"
    assert "List-Unsubscribe" not in mail
    assert mail_marks.ticket_of_message_id(mail["Message-ID"], DOMAIN) == number
    text, html = parts(mail)
    assert "Replaced the fuser unit." in text and "Replaced the fuser unit." in html
    assert "closes automatically after 3 working days" in text
    key = app.config["SECRET_KEY"].encode()
    assert mail_marks.tickets_in_footer(text, key) == [number] and mail_marks.tickets_in_footer(html, key) == [number]
    assert "<style" not in html and 'style="' in html  # the CSS is inlined for clients that drop <style>


def test_ticket_mail_threads_under_the_tickets_earlier_message_ids(desk: Desk, app, runtime, relay) -> None:
    number = resolved_incident(desk)
    send_pending(app, runtime)
    earlier, resolved = relay.to(RITA)[-2:]
    assert earlier["Subject"] == f"[{number}] Your incident is being worked on"
    assert resolved["In-Reply-To"] == earlier["Message-ID"]
    references = resolved["References"].split()
    assert references[-1] == earlier["Message-ID"] and earlier["Message-ID"] != resolved["Message-ID"]
    assert all(mail_marks.ticket_of_message_id(reference, DOMAIN) == number for reference in references)


def test_resolution_mail_offers_signed_links_to_view_and_confirm(desk: Desk, app, runtime, relay) -> None:
    number = resolved_incident(desk)
    send_pending(app, runtime)
    text, html = parts(relay.to(RITA)[-1])
    links = links_in(text)
    assert links and links == links_in(html.replace("&amp;", "&"))
    claims = [read_link(app.config["SECRET_KEY"], link.rsplit("/", 1)[1], runtime.clock.now()) for link in links]
    assert {(claim.login, claim.number, claim.action) for claim in claims} == {("rita", number, "confirm"),
                                                                               ("rita", number, "view")}


def test_chinese_reader_gets_her_mail_in_chinese(desk: Desk, app, runtime, relay) -> None:
    speak("rita", "zh_CN")
    number = resolved_incident(desk, "更换了定影器。")
    send_pending(app, runtime)
    mail = relay.to(RITA)[-1]
    assert mail["Subject"] == f"[{number}] 您的事件已解决"
    text, html = parts(mail)
    assert "请确认已修复或重新打开事件" in text and "更换了定影器。" in text
    assert 'lang="zh-CN"' in html and "确认已修复" in html and "Please confirm" not in html
    assert mail_marks.tickets_in_footer(text, app.config["SECRET_KEY"].encode()) == [number]


def test_mail_beyond_the_per_ticket_cap_is_held_on_its_row_and_sent_when_the_hour_allows(desk: Desk, app, runtime,
                                                                                      relay, clock) -> None:
    app.config["MAIL_CAP_PER_TICKET_PER_HOUR"] = 1
    resolved_incident(desk)
    report = send_pending(app, runtime)
    assert report["counts"]["held"] >= 1
    held = [row for row in rows_to(RITA) if row.status == "pending"]
    assert held and all(row.held_code == CAP_PER_TICKET and row.held_params["cap"] == 1 for row in held)
    assert all(row.held_count == 1 and row.attempts == 0 for row in held)
    sent_before = len(relay.to(RITA))
    clock.advance(hours=1)
    send_pending(app, runtime)
    assert len(relay.to(RITA)) == sent_before + 1  # one more this hour: held, never dropped
    for _ in range(5):
        clock.advance(hours=1)
        send_pending(app, runtime)
    assert all(row.status == "sent" for row in rows_to(RITA))


def test_relay_that_is_down_keeps_mail_pending_and_sends_it_once_when_back(desk: Desk, app, runtime, relay,
                                                                          clock) -> None:
    relay.stop()
    resolved_incident(desk)
    report = send_pending(app, runtime)
    assert report["counts"]["sent"] == 0 and report["counts"]["failed"] >= 1
    failed = report["messages"][0]
    assert failed["outcome"] == "failed" and failed["reason"]["code"] == SMTP_UNREACHABLE
    assert failed["reason"]["message"].startswith(f"The mail server at 127.0.0.1:{relay.port} could not be reached: ")
    relay.start()
    clock.advance(minutes=1)
    send_pending(app, runtime)
    subjects = [mail["Subject"] for mail in relay.to(RITA)]
    assert len(subjects) == len(set(subjects)) == len(rows_to(RITA))
    assert all(row.status == "sent" for row in rows_to(RITA))
    # the retry is the same mail: the Message-ID written with the row, not a new one
    assert [mail["Message-ID"] for mail in relay.to(RITA)] == [row.message_id for row in rows_to(RITA)]


def test_recipient_the_relay_refuses_for_good_is_dead_at_once_and_its_address_marked(desk: Desk, app, runtime,
                                                                                       relay) -> None:
    relay.refused.add(RITA)
    resolved_incident(desk)
    send_pending(app, runtime)
    first, *later = rows_to(RITA)
    assert first.status == "dead" and first.attempts == 1
    assert (first.error_code, first.error_params) == (SMTP_RECIPIENT_REFUSED, {
        "server": f"127.0.0.1:{relay.port}", "recipient": RITA, "smtp_code": 550,
        "answer": "5.1.1 No such mailbox here", "permanent": True})  # the relay's answer, verbatim
    assert later and all(row.status == "pending" and row.attempts == 0 and row.held_code == UNDELIVERABLE
                         and row.held_params["address"] == RITA for row in later)
    assert relay.to(RITA) == []


def test_recipient_the_relay_defers_is_retried_and_its_address_not_marked(desk: Desk, app, runtime, clock,
                                                                          relay) -> None:
    relay.deferred.add(RITA)
    resolved_incident(desk)
    send_pending(app, runtime)
    rows = rows_to(RITA)
    assert all(row.status == "pending" and row.attempts == 1 and row.held is None for row in rows)
    assert (rows[0].error_code, rows[0].error_params["smtp_code"]) == (SMTP_RECIPIENT_REFUSED, 451)
    assert "permanent" not in rows[0].error_params
    relay.deferred.clear()
    clock.advance(minutes=5)
    send_pending(app, runtime)
    assert all(row.status == "sent" for row in rows_to(RITA)) and len(relay.to(RITA)) == len(rows)


def test_message_the_relay_refuses_for_good_is_dead_at_once_and_marks_no_address(desk: Desk, app, runtime,
                                                                                 relay) -> None:
    relay.refused_words = "Replaced the fuser unit."
    resolved_incident(desk)
    send_pending(app, runtime)
    resolved = rows_to(RITA)[-1]
    assert resolved.status == "dead" and resolved.attempts == 1 and resolved.error_code == SMTP_MESSAGE_REFUSED
    assert (resolved.error_params["smtp_code"], resolved.error_params["answer"]) == (554, "5.6.0 Message content rejected")
    assert not is_undeliverable(RITA)
    assert all(row.status == "sent" for row in rows_to(RITA)[:-1])


def test_relay_login_uses_the_user_and_password_of_the_url(desk: Desk, app, runtime, relay) -> None:
    relay.stop()
    relay.password = "p@ss/word"
    relay.start()
    app.config["SMTP_URL"] = f"smtp://desk%40flowdesk.example:p%40ss%2Fword@127.0.0.1:{relay.port}"
    resolved_incident(desk)
    assert send_pending(app, runtime)["counts"]["failed"] == 0
    assert relay.logins[0] == ("desk@flowdesk.example", "p@ss/word") and relay.to(RITA)


def test_mail_beyond_the_per_address_cap_waits_for_the_hour_whatever_its_ticket(app, runtime, relay, clock) -> None:
    app.config["MAIL_CAP_PER_ADDRESS_PER_HOUR"] = 2
    for number in range(3):
        queue(runtime, "email", "mona@flowdesk.example", f"[INC-00000{number}] Breach", "A target was missed.")
    report = send_pending(app, runtime)
    assert (report["counts"]["sent"], report["counts"]["held"]) == (2, 1)
    (held,) = [line for line in report["messages"] if line["outcome"] == "held"]
    until = clock.now() + timedelta(hours=1)
    assert held["reason"] == {"code": CAP_PER_ADDRESS, "params": {"cap": 2, "until": until.isoformat()},
                              "message": "Held by the cap of 2 mails per address per hour; it goes out from "
                                         f"{until:%Y-%m-%d %H:%M} UTC."}
    clock.advance(minutes=59)
    assert send_pending(app, runtime)["counts"]["sent"] == 0
    clock.advance(minutes=1)
    assert send_pending(app, runtime)["counts"]["sent"] == 1
    assert len(relay.to("mona@flowdesk.example")) == 3


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r"])
def test_a_line_break_in_a_subject_cannot_add_a_header_or_a_recipient(app, runtime, relay, breaker) -> None:  # 5.2.3
    queue(runtime, "email", RITA, f"Printer jams{breaker}Bcc: eve@evil.example", f"Body{breaker}Bcc: eve@evil.example")
    report = send_pending(app, runtime)
    assert report["counts"]["sent"] == 1, report
    (received,) = relay.received
    assert received.rcpt_tos == [RITA]
    assert "Bcc" not in received.mail
    assert received.mail["Subject"] == "Printer jams Bcc: eve@evil.example"  # one line: text, not a header
    assert all("eve@" not in value for name, value in received.mail.items() if name != "Subject")
