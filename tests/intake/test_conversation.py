"""The conversation by mail: the acknowledgement, FlowDesk's mail threading under the requester's, and the people
working a ticket told of a mailed reply."""
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.preferences import save_own_preferences
from app.messaging.models import OutboxMessage
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from tests.incident.conftest import MONDAY_10
from tests.intake.conftest import incoming, mail
from tests.intake.test_polling import add_mailbox, poll, tickets
from tests.intake.test_replies import filed_by_mail
from tests.messaging.mail_scenes import speak

RITA = "rita@flowdesk.example"


def mails_to(address: str, event: str | None = None) -> list[OutboxMessage]:
    """Return the e-mail rows queued for an address (of one event, when given), oldest first."""
    db.session.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.recipient == address, OutboxMessage.channel == "email")
    if event is not None:
        query = query.where(OutboxMessage.event == event)
    return list(db.session.execute(query.order_by(OutboxMessage.id)).scalars())


def test_a_requester_who_files_by_mail_gets_an_acknowledgement_threaded_under_her_mail(cli, imap, desk):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap)
    filed = mail("Rita <rita@flowdesk.example>", "Printer jams", "Every page jams on floor 3.")
    imap.append(filed)
    poll(cli)
    (ticket,) = tickets()
    (acknowledgement,) = mails_to(RITA, "mail_received")
    assert acknowledgement.subject == f"[{ticket.number}] We received your mail: Printer jams"
    assert acknowledgement.thread_references == filed["Message-ID"]
    assert f"opened {ticket.number} for it" in acknowledgement.body


def test_a_chinese_requester_gets_her_acknowledgement_in_chinese(cli, imap, desk):  # type: ignore[no-untyped-def]
    speak("rita", "zh_CN")
    add_mailbox(cli, imap)
    imap.append(mail("rita@flowdesk.example", "打印机卡纸", "三楼的打印机每页都卡纸。"))
    poll(cli)
    (ticket,) = tickets()
    (acknowledgement,) = mails_to(RITA, "mail_received")
    assert acknowledgement.subject == f"[{ticket.number}] 我们已收到您的邮件: 打印机卡纸"
    assert f"并为其创建了 {ticket.number}" in acknowledgement.body


def test_an_auto_submitted_mail_is_never_acknowledged(cli, imap, desk):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap)
    imap.append(mail("rita@flowdesk.example", "Delivery report", "Your order shipped.", Auto_Submitted="auto-generated"))
    imap.append(mail("rita@flowdesk.example", "Newsletter", "News of the week.", Precedence="bulk"))
    counts = poll(cli)
    assert (counts["auto"], counts["new_tickets"]) == (2, 0)
    assert mails_to(RITA) == []


def test_mail_from_flowdesks_own_address_is_never_acknowledged(cli, imap, desk, app):  # type: ignore[no-untyped-def]
    app.config["MAIL_FROM"] = "FlowDesk <desk@flowdesk.example>"
    add_mailbox(cli, imap)
    imap.append(mail("FlowDesk <desk@flowdesk.example>", "Printer jams", "Forwarded to the desk by a rule."))
    assert poll(cli)["new_tickets"] == 1
    assert mails_to("desk@flowdesk.example") == []


def test_flowdesks_later_mail_names_the_requesters_message_ids_in_references(cli, imap, desk):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap)
    filed = mail("Rita <rita@flowdesk.example>", "Printer jams", "Every page jams on floor 3.")
    imap.append(filed)
    poll(cli)
    (ticket,) = tickets()
    desk.number = ticket.number
    again = mail(RITA, f"Re: [{ticket.number}] Printer jams", "It jams on A4 too.")
    imap.append(again)  # a client that sends no In-Reply-To or References
    desk.clock.set(MONDAY_10 + timedelta(minutes=5))
    assert poll(cli)["replies"] == 1
    desk.clock.set(MONDAY_10 + timedelta(minutes=10))
    desk.classify()
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")
    (acknowledgement,) = mails_to(RITA, "mail_received")
    (in_progress,) = mails_to(RITA, "incident_in_progress")
    references = in_progress.thread_references.split()
    assert references[:3] == [filed["Message-ID"], acknowledgement.message_id, again["Message-ID"]]


def test_a_mailed_note_on_an_unassigned_ticket_tells_its_group(cli, imap, desk):  # type: ignore[no-untyped-def]
    ticket = filed_by_mail(cli, imap, desk)
    imap.append(mail(RITA, f"Re: [{ticket.number}] Printer jams", "It jams on A4 too."))
    assert poll(cli)["replies"] == 1
    (told,) = mails_to("sam@flowdesk.example", "ticket_replied")
    assert told.subject == f"[{ticket.number}] A reply by mail: Printer jams"
    assert "Rita Requester replied by mail:" in told.body and "It jams on A4 too." in told.body


def test_a_mailed_note_tells_the_assignee_and_not_the_group(cli, imap, desk):  # type: ignore[no-untyped-def]
    ticket = filed_by_mail(cli, imap, desk)
    desk.classify()
    assignee = desk.task("take_or_pass").assignee
    desk.work("take_or_pass", assignee, decision="accept")
    imap.append(mail(RITA, f"Re: [{ticket.number}] Printer jams", "It jams on A4 too."))
    assert poll(cli)["replies"] == 1
    db.session.expire_all()
    told = db.session.execute(select(OutboxMessage.recipient).where(OutboxMessage.event == "ticket_replied")).scalars()
    assert list(told) == [require_user(assignee).email]


def test_an_assignee_who_turned_reply_mail_off_is_not_told(cli, imap, desk):  # type: ignore[no-untyped-def]
    save_own_preferences(actor_for(require_user("sam")), {"ticket_replied": (False, "never")})
    ticket = filed_by_mail(cli, imap, desk)
    imap.append(mail(RITA, f"Re: [{ticket.number}] Printer jams", "It jams on A4 too."))
    assert poll(cli)["replies"] == 1
    assert mails_to("sam@flowdesk.example", "ticket_replied") == []


def test_an_auto_reply_on_a_ticket_tells_nobody(cli, imap, desk):  # type: ignore[no-untyped-def]
    ticket = filed_by_mail(cli, imap, desk)
    imap.append(mail(RITA, f"Automatic reply: [{ticket.number}] We received your mail", "I am away until Monday.",
                     Auto_Submitted="auto-replied"))
    assert poll(cli)["auto"] == 1
    db.session.expire_all()
    assert db.session.execute(select(OutboxMessage).where(OutboxMessage.event == "ticket_replied")).first() is None
    assert [row.status for row in incoming()][-1] == "auto"


def test_a_suppliers_later_mail_with_only_their_case_id_lands_on_the_ticket_it_came_with(cli, imap, desk):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap, "--foreign-id", r"\[Case #(\d+)\]")
    imap.append(mail("Vendor Support <support@vendor.example>", "[Case #12345] RMA for printer P3", "RMA opened."))
    assert poll(cli)["new_tickets"] == 1
    (ticket,) = tickets()
    imap.append(mail("support@vendor.example", "Update: [Case #12345] part shipped", "The fuser ships today."))
    counts = poll(cli)
    assert (counts["replies"], counts["new_tickets"]) == (1, 0)
    row = incoming()[-1]
    assert (row.status, row.ticket_id, row.detector) == ("reply", ticket.id, "foreign_id")


def test_a_case_id_first_seen_on_a_reply_to_flowdesk_is_remembered_on_that_ticket(cli, imap, desk):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap, "--foreign-id", r"\[Case #(\d+)\]")
    imap.append(mail("Rita <rita@flowdesk.example>", "Printer jams", "Every page jams on floor 3."))
    poll(cli)
    (ticket,) = tickets()
    imap.append(mail(RITA, f"Re: [{ticket.number}] Printer jams [Case #777]", "The vendor opened case 777."))
    imap.append(mail(RITA, "Fwd: [Case #777] Your case", "Their answer, forwarded."))
    counts = poll(cli)
    assert (counts["replies"], counts["new_tickets"]) == (2, 0)
    assert [(row.ticket_id, row.detector) for row in incoming()[1:]] == [(ticket.id, "subject_tag"),
                                                                        (ticket.id, "foreign_id")]


def test_a_ticket_id_pattern_without_a_group_is_refused_with_how_to_write_it(cli, imap, desk):  # type: ignore[no-untyped-def]
    result = cli("mail", "add-mailbox", "desk", "--imap", imap.url(), "--foreign-id", r"Case \d+")
    assert result.exit_code == 1
    assert "exactly one group" in result.stderr and r"\[Case #(\d+)\]" in result.stderr
    assert cli("mail", "mailboxes", "--json").output.strip() == "[]"


def test_an_unknown_sender_writing_chinese_gets_an_account_and_acknowledgement_in_chinese(cli, imap, desk):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap)
    imap.append(mail("王芳 <wang.fang@partner.example>", "打印机卡纸", "三楼的打印机每页都卡纸，请尽快处理。"))
    imap.append(mail("Tom <tom@partner.example>", "Printer jams", "Every page jams. Thanks, 李明"))
    assert poll(cli)["new_tickets"] == 2
    assert [require_user(login).language for login in ("wang.fang", "tom")] == ["zh_CN", "en"]
    (acknowledgement,) = mails_to("wang.fang@partner.example", "mail_received")
    assert "我们已收到您的邮件" in acknowledgement.subject
    (english,) = mails_to("tom@partner.example", "mail_received")
    assert "We received your mail" in english.subject
