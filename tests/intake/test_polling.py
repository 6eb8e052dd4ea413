"""Mailboxes polled over IMAP (a real Dovecot): new mail opens tickets, and every message ends in its folder once."""
import hashlib
import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

from flask.cli import ScriptInfo
from sqlalchemy import select

from app.cli import main
from app.extensions import db
from app.messaging.models import OutboxMessage
from app.organisation.models import User
from app.servicedesk.intake.polling import untraced
from app.servicedesk.tickets.models import Ticket, TicketAttachment
from tests.intake.conftest import ImapBox, incoming, mail, next_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def add_mailbox(cli, imap: ImapBox, *options: str) -> None:  # type: ignore[no-untyped-def]
    """Add the test mailbox by the command line."""
    result = cli("mail", "add-mailbox", "desk", "--imap", imap.url(), *options)
    assert result.exit_code == 0, result.output


def poll(cli) -> dict:  # type: ignore[no-untyped-def]
    """Run one polling pass and return the desk mailbox's counts."""
    result = cli("mail", "poll", "--json")
    assert result.exit_code == 0, result.output
    (counts,) = json.loads(result.output)
    return counts


def tickets() -> list[Ticket]:
    """Return every ticket, oldest first."""
    db.session.expire_all()
    return list(db.session.execute(select(Ticket).order_by(Ticket.id)).scalars())


def test_admin_adds_a_mailbox_and_lists_it_without_its_password(cli, imap, demo):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap, "--unknown-senders", "refuse")
    listed = cli("mail", "mailboxes", "--json")
    (row,) = json.loads(listed.output)
    assert (row["name"], row["username"], row["security"], row["unknown_senders"]) == ("desk", imap.user, "tls",
                                                                                       "refuse")
    assert imap.server.password not in listed.output


def test_a_mailbox_address_in_clear_text_is_refused_with_what_to_write(cli, demo):  # type: ignore[no-untyped-def]
    result = cli("mail", "add-mailbox", "desk", "--imap", "pop3://u:p@host/INBOX")
    assert result.exit_code == 1
    assert "must start with imaps:// or imap://" in result.stderr


def test_a_known_requesters_mail_opens_a_ticket_with_its_attachment(cli, imap, demo):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap)
    message = mail("Rita <rita@flowdesk.example>", "Printer on floor 3 jams", "Every page jams since this morning.")
    message.add_attachment(PNG, maintype="image", subtype="png", filename="jam.png")
    imap.append(message)
    counts = poll(cli)
    assert (counts["fetched"], counts["new_tickets"], counts["quarantined"]) == (1, 1, 0), [r.error for r in incoming()]
    (ticket,) = tickets()
    assert (ticket.requester, ticket.channel, ticket.title) == ("rita", "email", "Printer on floor 3 jams")
    assert "Every page jams" in ticket.description
    files = db.session.execute(select(TicketAttachment).where(TicketAttachment.ticket_id == ticket.id)).scalars()
    assert [(f.file_name, f.visibility) for f in files] == [("jam.png", "public")]
    assert (imap.count("INBOX"), imap.count("FlowDesk/Processed")) == (0, 1)
    assert counts["tickets"] == [ticket.number]


def test_a_message_left_in_the_folder_after_a_crash_is_moved_not_taken_twice(cli, imap, demo, runtime, app):  # type: ignore[no-untyped-def]
    from app.servicedesk.intake.ingestion import ingest
    from app.servicedesk.intake.mailboxes import mailbox_named
    from app.servicedesk.intake.settings import IntakeSettings

    add_mailbox(cli, imap)
    imap.append(mail("rita@flowdesk.example", "VPN drops", "Every hour."))
    with imap.client() as client:  # the pass that crashed: it took the message in, then died before moving it
        uid_validity = client.select_folder("INBOX")[b"UIDVALIDITY"]
        (uid,) = client.search()
        raw = client.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]
    ingest(runtime, IntakeSettings.from_config(app.config), mailbox_named("desk").id, uid_validity, uid, raw)
    counts = poll(cli)
    assert (counts["fetched"], counts["new_tickets"]) == (1, 1)  # the same outcome, counted again, not redone
    assert len(tickets()) == 1
    assert (imap.count("INBOX"), imap.count("FlowDesk/Processed")) == (0, 1)
    assert [row.moved for row in incoming()] == [True]


def test_a_copy_of_a_mail_in_a_second_mailbox_is_a_duplicate(cli, imap, demo, dovecot):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap)
    other = ImapBox(dovecot, next_user())
    assert cli("mail", "add-mailbox", "second", "--imap", other.url()).exit_code == 0
    message = mail("rita@flowdesk.example", "Screen flickers", "Since the update.")
    imap.append(message)
    other.append(message)
    result = cli("mail", "poll", "--json")
    by_name = {row["mailbox"]: row for row in json.loads(result.output)}
    assert (by_name["desk"]["new_tickets"], by_name["second"]["duplicates"]) == (1, 1)
    assert len(tickets()) == 1
    assert other.count("FlowDesk/Processed") == 1


def test_an_unknown_sender_gets_an_account_where_the_mailbox_creates_them(cli, imap, demo):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap, "--unknown-senders", "create")
    imap.append(mail("Wang Fang <Wang.Fang@partner.example>", "无法登录邮箱", "密码正确但无法登录。"))
    assert poll(cli)["new_tickets"] == 1
    (ticket,) = tickets()
    person = db.session.execute(select(User).where(User.login == ticket.requester)).scalar_one()
    assert (person.login, person.email, person.display_name) == ("wang.fang", "wang.fang@partner.example",
                                                                 "Wang Fang")


def test_an_unknown_sender_is_refused_politely_where_the_mailbox_refuses(cli, imap, demo):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap, "--unknown-senders", "refuse")
    imap.append(mail("stranger@elsewhere.example", "Buy now", "Hello"))
    counts = poll(cli)
    assert (counts["refused"], counts["new_tickets"]) == (1, 0)
    assert tickets() == []
    reply = db.session.execute(select(OutboxMessage)).scalar_one()
    assert reply.recipient == "stranger@elsewhere.example"
    assert "not taken in" in reply.body and "未被受理" in reply.body
    assert imap.count("FlowDesk/Refused") == 1


def test_an_auto_reply_is_stored_and_touches_no_ticket(cli, imap, demo):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap)
    imap.append(mail("rita@flowdesk.example", "Out of office", "I am away.", Auto_Submitted="auto-replied"))
    counts = poll(cli)
    assert (counts["auto"], counts["new_tickets"]) == (1, 0)
    assert tickets() == []
    assert [(row.status, row.auto_kind) for row in incoming()] == [("auto", "auto_reply")]
    assert db.session.execute(select(OutboxMessage)).first() is None


def test_a_sender_over_the_daily_cap_opens_no_more_tickets(cli, imap, demo, app):  # type: ignore[no-untyped-def]
    app.config["MAIL_MAX_PER_ADDRESS_PER_DAY"] = 2
    add_mailbox(cli, imap)
    for serial in range(4):
        imap.append(mail("rita@flowdesk.example", f"Alert {serial}", "Disk full."))
    counts = poll(cli)
    assert (counts["new_tickets"], counts["refused"]) == (2, 2)
    assert [row.status for row in incoming()] == ["ticket", "ticket", "capped", "capped"]


def test_a_mail_that_cannot_be_processed_is_quarantined_and_the_others_go_on(cli, imap, demo):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap)
    imap.append(b"Subject: no sender at all\r\n\r\nwho wrote me?\r\n")
    imap.append(mail("rita@flowdesk.example", "Keyboard broken", "Keys stick."))
    counts = poll(cli)
    assert (counts["fetched"], counts["quarantined"], counts["new_tickets"]) == (2, 1, 1)
    assert imap.count("FlowDesk/Quarantine") == 1
    listed = json.loads(cli("mail", "quarantine", "--json").output)
    assert [row["subject"] for row in listed] == ["no sender at all"]
    assert listed[0]["error"]["code"] == "no_sender" and "names no sender" in listed[0]["error"]["message"]
    retried = cli("mail", "retry", str(listed[0]["id"]))
    assert retried.exit_code == 1 and "quarantined" in retried.output  # still no sender: still in quarantine
    assert cli("mail", "discard", str(listed[0]["id"])).exit_code == 0
    assert json.loads(cli("mail", "quarantine", "--json").output) == []


def test_a_folder_of_several_batches_is_taken_in_whole_each_batch_moved_to_its_folder(  # type: ignore[no-untyped-def]
        cli, imap, demo, monkeypatch):
    monkeypatch.setattr("app.servicedesk.intake.polling.FETCH_BATCH", 2)  # the next batch is fetched meanwhile
    add_mailbox(cli, imap)
    for serial in range(4):
        imap.append(mail("rita@flowdesk.example", f"Printer {serial} jams", "Every page."))
    imap.append(b"Subject: no sender at all\r\n\r\nwho wrote me?\r\n")
    counts = poll(cli)
    assert (counts["fetched"], counts["new_tickets"], counts["quarantined"]) == (5, 4, 1)
    assert [ticket.title for ticket in tickets()] == [f"Printer {serial} jams" for serial in range(4)]
    assert (imap.count("INBOX"), imap.count("FlowDesk/Processed"), imap.count("FlowDesk/Quarantine")) == (0, 4, 1)
    assert all(row.moved for row in incoming())


def test_an_mta_pipes_one_message_in_and_a_second_delivery_is_a_duplicate(cli, imap, demo):  # type: ignore[no-untyped-def]
    add_mailbox(cli, imap)
    raw = mail("rita@flowdesk.example", "Monitor dead", "No picture.").as_bytes()
    first, again = pipe(cli, raw), pipe(cli, raw)
    (ticket,) = tickets()
    assert f"ticket ({ticket.number})" in first
    assert "duplicate" in again


def pipe(cli, raw: bytes) -> str:  # type: ignore[no-untyped-def]
    """Run flowdesk mail ingest with a message on standard input; return its output."""
    result = cli.runner.invoke(main, ["mail", "ingest", "--mailbox", "desk"], input=raw,
                               obj=ScriptInfo(create_app=lambda: cli.app), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_an_unreachable_mailbox_is_reported_and_the_pass_ends(cli, demo, app):  # type: ignore[no-untyped-def]
    assert cli("mail", "add-mailbox", "gone", "--imap", "imaps://u:p@127.0.0.1:1/INBOX").exit_code == 0
    result = cli("mail", "poll")
    assert result.exit_code == 1
    assert "gone: fetched 0" in result.output and "error:" in result.output


def test_the_scheduler_job_polls_every_active_mailbox_and_skips_paused_ones(cli, imap, demo, app, dovecot):  # type: ignore[no-untyped-def]
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.organisation.policies import system_actor
    from app.scheduler import add_jobs, mail_job
    from app.servicedesk.intake.mailboxes import mailbox_named, set_mailbox_active

    add_mailbox(cli, imap)
    paused = ImapBox(dovecot, next_user())
    assert cli("mail", "add-mailbox", "paused", "--imap", paused.url()).exit_code == 0
    set_mailbox_active(system_actor(), mailbox_named("paused").id, False)
    imap.append(mail("rita@flowdesk.example", "Scanner offline", "Since Monday."))
    paused.append(mail("rita@flowdesk.example", "Waits for the resume", "Later."))
    scheduler = BackgroundScheduler(timezone="UTC")
    add_jobs(scheduler, app)
    assert scheduler.get_job("mail").trigger.interval.total_seconds() == app.config["MAIL_POLL_SECONDS"]
    mail_job(app)
    assert [ticket.title for ticket in tickets()] == ["Scanner offline"]
    assert paused.count("INBOX") == 1


def test_a_mailbox_on_the_imap_port_upgrades_with_starttls_before_signing_in(cli, imap, demo):  # type: ignore[no-untyped-def]
    result = cli("mail", "add-mailbox", "desk", "--imap", imap.server.starttls_url(imap.user))
    assert result.exit_code == 0, result.output
    imap.append(mail("rita@flowdesk.example", "Phone lost", "Left it on the train."))
    counts = poll(cli)
    assert (counts["new_tickets"], counts["error"]) == (1, None)
    assert json.loads(cli("mail", "mailboxes", "--json").output)[0]["security"] == "starttls"


def test_a_file_the_attachment_service_refuses_becomes_a_note_not_a_lost_mail(cli, imap, demo):  # type: ignore[no-untyped-def]
    from app.servicedesk.tickets.models import TicketNote

    add_mailbox(cli, imap)
    message = mail("rita@flowdesk.example", "Strange program", "See the file.")
    message.add_attachment(b"MZ\x90\x00" * 8, maintype="application", subtype="x-msdownload", filename="setup.exe")
    message.add_attachment(PNG, maintype="image", subtype="png", filename="shot.png")
    message.add_attachment(PNG, maintype="image", subtype="png", filename="shot-again.png")
    imap.append(message)
    assert poll(cli)["new_tickets"] == 1
    (ticket,) = tickets()
    kept = db.session.execute(select(TicketAttachment.file_name).where(TicketAttachment.ticket_id == ticket.id))
    assert list(kept.scalars()) == ["shot.png"]  # the same content once
    notes = db.session.execute(select(TicketNote.body).where(TicketNote.ticket_id == ticket.id,
                                                             TicketNote.visibility == "internal")).scalars()
    assert any("'setup.exe' was not kept" in body for body in notes)


def test_a_mailbox_whose_password_no_longer_opens_is_reported_with_what_to_do(cli, imap, demo, app):  # type: ignore[no-untyped-def]
    from app.platform.secret_box import seal
    from app.servicedesk.intake.mailboxes import mailbox_named
    from app.servicedesk.intake.models import Mailbox

    add_mailbox(cli, imap)
    db.session.execute(Mailbox.__table__.update().values(secret=seal(b"another installation's key", "pw")))
    db.session.commit()  # as if the secret key had changed since the mailbox was added
    result = cli("mail", "poll")
    assert result.exit_code == 1
    assert "enter the password or token again" in result.output
    db.session.expire_all()
    assert "enter the password or token again" in (mailbox_named("desk").last_error or "")


PDF = b"%PDF-1.7\n" + b"\x01" * 2048 + b"\n%%EOF\n"


def poll_in_a_process_that_dies(app, imap: ImapBox, files: Path, crash_at: str) -> int:  # type: ignore[no-untyped-def]
    """Run `flowdesk mail poll` in its own process, told to kill itself (SIGKILL) at a crash point; return its code."""
    env = {**os.environ, "FLOWDESK_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "FLOWDESK_SECRET_KEY": app.config["SECRET_KEY"], "FLOWDESK_ATTACHMENT_DIR": str(files),
           "FLOWDESK_INSTANCE_DIR": str(files.parent), "FLOWDESK_MAIL_IMAP_CA_FILE": imap.server.ca_file,
           "FLOWDESK_CRASH_AT": crash_at}
    flowdesk = str(Path(sys.executable).with_name("flowdesk"))
    return subprocess.run([flowdesk, "mail", "poll"], env=env, capture_output=True, timeout=120).returncode


def test_a_poll_killed_after_writing_a_mails_files_leaves_no_ticket_and_the_next_poll_makes_one(  # type: ignore[no-untyped-def]
        cli, imap, demo, app, tmp_path):
    files = tmp_path / "files"
    app.config["ATTACHMENT_DIR"] = str(files)
    add_mailbox(cli, imap)
    message = mail("rita@flowdesk.example", "Printer jams", "Photo and report attached.")
    message.add_attachment(PNG, maintype="image", subtype="png", filename="jam.png")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="report.pdf")
    imap.append(message)
    assert poll_in_a_process_that_dies(app, imap, files, "intake.before_commit") == -signal.SIGKILL
    db.session.rollback()  # end this session's read, begun before the other process committed
    assert tickets() == []
    assert [(row.status, row.moved) for row in incoming()] == [("received", False)]  # the raw mail was kept
    assert len([path for path in files.rglob("*") if path.is_file()]) == 2  # the dead unit's files, without rows
    assert poll(cli)["new_tickets"] == 1
    (ticket,) = tickets()
    rows = list(db.session.execute(select(TicketAttachment).where(TicketAttachment.ticket_id == ticket.id)).scalars())
    assert sorted(row.file_name for row in rows) == ["jam.png", "report.pdf"]
    assert all(hashlib.sha256((files / row.storage_key[:2] / row.storage_key).read_bytes()).hexdigest() == row.sha256
               for row in rows)
    assert [(row.status, row.moved) for row in incoming()] == [("ticket", True)]
    assert (imap.count("INBOX"), imap.count("FlowDesk/Processed")) == (0, 1)


def test_the_polls_client_leaves_imaplib_untraced_unless_its_log_is_on(dovecot):  # type: ignore[no-untyped-def]
    box = ImapBox(dovecot, next_user())
    logger = logging.getLogger("imapclient.imaplib")
    with box.client() as client:
        assert client._imap.debug == 5  # IMAPClient's own level: every fetched mail formatted for the log
        assert untraced(client)._imap.debug == 0
    level, disabled = logger.level, logger.disabled  # an app's logging set-up may have disabled it
    logger.setLevel(logging.DEBUG)
    logger.disabled = False
    try:
        with box.client() as client:
            assert untraced(client)._imap.debug == 5  # someone reads the trace: it stays
    finally:
        logger.setLevel(level)
        logger.disabled = disabled
