"""Why mail was refused, capped or quarantined is stored as a reason code and its parameters: the pages say it in the
reader's language and filter by it, the CLI's --json gives {code, params, message}, and migration 0047 turns the
sentences FlowDesk wrote before into codes (and back)."""
import json
from dataclasses import replace
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.messaging.reasons import Reason
from app.organisation.policies import system_actor
from app.platform.types import UtcDateTime
from app.servicedesk.intake.ingestion import Ingested, ingest
from app.servicedesk.intake.mailboxes import MailboxSettings, add_mailbox, mailbox_named
from app.servicedesk.intake.models import IncomingMail
from app.servicedesk.intake.reasons import mail_reason_english
from app.servicedesk.intake.settings import IntakeSettings
from app.workflow.runtime import Runtime
from tests.messaging.mail_scenes import speak


def mail(sender: str, subject: str) -> bytes:
    """Return a small mail's bytes."""
    return f"From: {sender}\r\nTo: desk@flowdesk.example\r\nSubject: {subject}\r\n\r\nPlease help.\r\n".encode()


def refuse_and_cap(runtime: Runtime, app: Flask) -> tuple[Ingested, Ingested]:
    """Take in a stranger's mail on a mailbox that refuses strangers, and Rita's second mail over a cap of one."""
    add_mailbox(runtime, system_actor(), "desk", "imaps://u:p@imap.example.com/INBOX",
                MailboxSettings(unknown_senders="refuse"))
    settings = replace(IntakeSettings.from_config(app.config), max_per_address_per_day=1)
    box = mailbox_named("desk").id
    refused = ingest(runtime, settings, box, None, None, mail("stranger@elsewhere.example", "Free offer"))
    ingest(runtime, settings, box, None, None, mail("rita@flowdesk.example", "Printer jams"))
    capped = ingest(runtime, settings, box, None, None, mail("rita@flowdesk.example", "Printer still jams"))
    return refused, capped


def test_refused_and_capped_mail_keep_a_code_and_parameters_never_a_sentence(runtime, desk, app) -> None:  # type: ignore[no-untyped-def]
    refused, capped = refuse_and_cap(runtime, app)
    assert (refused.status, capped.status) == ("refused", "capped")
    db.session.expire_all()
    rows = {row.id: row for row in db.session.execute(sa.select(IncomingMail)).scalars()}
    assert rows[refused.mail_id].error == Reason("unknown_sender", {"address": "stranger@elsewhere.example",
                                                                    "mailbox": "desk"})
    assert rows[capped.mail_id].error == Reason("daily_cap", {"address": "rita@flowdesk.example", "count": 1,
                                                              "cap": 1})
    assert mail_reason_english(rows[capped.mail_id].error) == (
        "rita@flowdesk.example sent 1 mails in the last 24 hours; the limit is 1, so this one is only stored.")


def test_an_admin_reads_why_mail_was_refused_in_his_language_and_filters_by_reason(  # type: ignore[no-untyped-def]
        runtime, desk, app, client, sign_in) -> None:
    refuse_and_cap(runtime, app)
    sign_in("adam")
    page = client.get("/admin/mail-refused").get_data(as_text=True)
    assert "stranger@elsewhere.example is not the address of an active person" in page
    assert "rita@flowdesk.example sent 1 mails in the last 24 hours" in page
    only_capped = client.get("/admin/mail-refused?reason=daily_cap").get_data(as_text=True)
    assert "sent 1 mails" in only_capped and "stranger@elsewhere.example is not" not in only_capped
    unknown = client.get("/admin/mail-refused?reason=spam")
    assert unknown.status_code == 302 and unknown.headers["Location"].endswith("/admin/mail-refused")
    speak("adam", "zh_CN")
    chinese = client.get("/admin/mail-refused").get_data(as_text=True)
    assert "不是任何在职人员的邮箱地址" in chinese and "上限为 1 封" in chinese
    assert "is not the address of an active person" not in chinese


def test_the_cli_gives_each_refusal_as_code_parameters_and_english(runtime, desk, app, cli) -> None:  # type: ignore[no-untyped-def]
    refuse_and_cap(runtime, app)
    listed = json.loads(cli("mail", "refused", "--json", "--reason", "unknown_sender").output)
    assert [row["error"] for row in listed] == [{
        "code": "unknown_sender", "params": {"address": "stranger@elsewhere.example", "mailbox": "desk"},
        "message": "stranger@elsewhere.example is not the address of an active person and the mailbox “desk” "
                   "refuses unknown senders; a polite reply told the sender."}]
    assert "sent 1 mails in the last 24 hours" in cli("mail", "refused").output
    refused = cli("mail", "refused", "--reason", "spam")
    assert refused.exit_code != 0 and "There is no incoming mail reason 'spam'" in refused.output


OLD_MAIL = sa.table("mail_incoming", sa.column("id", sa.Integer), sa.column("raw", sa.LargeBinary),
                    sa.column("size_bytes", sa.Integer), sa.column("received_at", UtcDateTime()),
                    sa.column("status", sa.String), sa.column("attempts", sa.Integer),
                    sa.column("moved", sa.Boolean), sa.column("error", sa.Text), sa.column("reason", sa.String))
# id: (status, error, reason) as FlowDesk wrote them before 0047
OLD_ROWS = {
    1: ("capped", "rita@flowdesk.example sent 31 mails in the last 24 hours; the limit is 30.", None),
    2: ("refused", "x@elsewhere.example is not the address of an active person and the mailbox 'Help desk' refuses "
                   "unknown senders.", None),
    3: ("refused", "INC-000042 is closed; its category refuses replies to closed tickets.", None),
    4: ("auto", "A permanent delivery failure (5.1.1) for gone@partner.example, attributed to outbox message 17.",
        None),
    5: ("auto", "A temporary delivery failure (4.2.2) for full@partner.example, attributed to no mail FlowDesk sent.",
        None),
    6: ("quarantined", "NoSender: The mail names no sender address, so nobody could be its requester.", "no_sender"),
    7: ("discarded", "InvalidValues: The file is empty.\nDiscarded by adam at 2029-12-31 09:30 UTC.", "refused"),
    8: ("refused", "refused by a rule an operator wrote", None),
    9: ("ticket", None, None),
}
NEW_REASONS = {
    1: Reason("daily_cap", {"address": "rita@flowdesk.example", "count": 31, "cap": 30}),
    2: Reason("unknown_sender", {"address": "x@elsewhere.example", "mailbox": "Help desk"}),
    3: Reason("closed_ticket", {"number": "INC-000042"}),
    4: Reason("bounce_permanent", {"status": "5.1.1", "address": "gone@partner.example", "outbox_message_id": 17}),
    5: Reason("bounce_temporary", {"status": "4.2.2", "address": "full@partner.example"}),
    6: Reason("no_sender", {"detail": "NoSender: The mail names no sender address, so nobody could be its requester."}),
    7: Reason("service_refused", {"detail": "InvalidValues: The file is empty.", "discarded_by": "adam",
                                  "discarded_at": "2029-12-31T09:30:00+00:00"}),
    8: Reason("recorded_text", {"text": "refused by a rule an operator wrote"}),
    9: None,
}


def write_old_rows() -> None:
    """Write incoming mail as a FlowDesk at revision 0046 stored it."""
    with db.engine.begin() as connection:
        connection.execute(sa.insert(OLD_MAIL), [
            {"id": id_, "raw": b"Subject: x\r\n\r\nx\r\n", "size_bytes": 17, "status": status, "attempts": 1,
             "moved": True, "received_at": datetime(2029, 12, 31, 9, 0, tzinfo=UTC), "error": error, "reason": reason}
            for id_, (status, error, reason) in OLD_ROWS.items()])


def test_migration_0047_turns_the_old_sentences_into_codes_and_the_downgrade_writes_them_back(app) -> None:  # type: ignore[no-untyped-def]
    db.session.remove()
    downgrade(revision="0046")
    write_old_rows()
    upgrade()
    db.session.expire_all()
    reasons = {row.id: row.error for row in db.session.execute(sa.select(IncomingMail)).scalars()}
    assert reasons == NEW_REASONS
    db.session.remove()
    downgrade(revision="0046")
    with db.engine.connect() as connection:
        rows = {row.id: (row.status, row.error, row.reason) for row in connection.execute(sa.select(OLD_MAIL))}
    assert rows == OLD_ROWS
    upgrade()
