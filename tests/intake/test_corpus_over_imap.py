"""The whole mail corpus (tests/mail/corpus) delivered to a real Dovecot and polled: every message is accounted for
as its manifest expects, the collector never stops, and polling again changes nothing."""
import json
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.organisation.models import User
from app.servicedesk.intake.ingestion import ingest
from app.servicedesk.intake.mailboxes import mailbox_named
from app.servicedesk.intake.models import FOLDER_OF_STATUS
from app.servicedesk.intake.settings import IntakeSettings
from app.servicedesk.tickets.models import Ticket, TicketAttachment, TicketNote
from tests.intake.conftest import ImapBox, incoming
from tests.intake.test_polling import add_mailbox, poll

CORPUS = Path(__file__).parent.parent / "mail" / "corpus"
EXPECTED: dict[str, dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
OWN_DOMAIN = "desk.example"  # the corpus's own echo carries a Message-ID of this domain
# IMAP cannot carry a zero-byte message (Dovecot refuses it at APPEND); tests/mail/test_reading.py reads it directly.
NOT_OVER_IMAP = {"unreadable-empty.eml"}
DELIVERED = sorted(set(EXPECTED) - NOT_OVER_IMAP)
CRASHED_BEFORE_MOVING = 20  # messages a first pass took in and died before moving
PROCESSED = ("ticket", "reply", "answer", "reopened", "refused", "duplicate")
FOLDERS = {"processed": "FlowDesk/Processed", "refused": "FlowDesk/Refused", "quarantine": "FlowDesk/Quarantine"}


def expected_status(expected: dict[str, Any]) -> tuple[str, ...]:
    """Return the statuses a message may end in, from its manifest entry."""
    if expected.get("auto"):
        return ("auto",)  # stored only: an auto-reply, a bounce, a list or bulk mail, our own echo
    if expected.get("unreadable") or not expected.get("sender"):
        return ("quarantined",)  # nothing to read, or nobody to be its requester
    return PROCESSED


def deliver_corpus(imap: ImapBox) -> dict[int, str]:
    """Append every corpus message to the INBOX in one connection; return the file name of each UID."""
    with imap.client() as client:
        client.multiappend("INBOX", [(CORPUS / name).read_bytes() for name in DELIVERED])
        client.select_folder("INBOX", readonly=True)
        uids = sorted(client.search())
    assert len(uids) == len(DELIVERED), "Dovecot refused the corpus at APPEND (MULTIAPPEND is all or nothing)"
    return dict(zip(uids, DELIVERED, strict=True))


def take_in_without_moving(imap: ImapBox, app, runtime, uids: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Take messages in as a pass that died before moving them would have: stored and processed, left in INBOX."""
    settings = IntakeSettings.from_config(app.config)
    mailbox_id = mailbox_named("desk").id
    with imap.client() as client:
        uid_validity = client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"]
        fetched = client.fetch(uids, ["BODY.PEEK[]"])
    for uid in uids:
        ingest(runtime, settings, mailbox_id, uid_validity, uid, fetched[uid][b"BODY[]"])


def snapshot() -> dict[str, Any]:
    """Return what polling may change: the rows of every message and how many tickets, notes, files, mails and
    people there are."""
    counted = {model.__name__: db.session.execute(select(func.count()).select_from(model)).scalar()
               for model in (Ticket, TicketNote, TicketAttachment, OutboxMessage, User)}
    rows = [(row.uid, row.status, row.ticket_id, row.attempts, row.moved) for row in incoming()]
    return {"counted": counted, "rows": rows}


def test_the_whole_corpus_polled_from_dovecot_is_accounted_for_and_a_second_poll_changes_nothing(  # type: ignore[no-untyped-def]
        cli, imap, demo, app, runtime):
    app.config["MAIL_DOMAIN"] = OWN_DOMAIN
    app.config["MAIL_MAX_PER_ADDRESS_PER_DAY"] = len(EXPECTED)  # many corpus mails share a sender: read each, not cap it
    add_mailbox(cli, imap)
    name_of_uid = deliver_corpus(imap)
    take_in_without_moving(imap, app, runtime, sorted(name_of_uid)[:CRASHED_BEFORE_MOVING])
    counts = poll(cli)
    assert (counts["fetched"], counts["error"]) == (len(DELIVERED), None)
    rows = {row.uid: row for row in incoming()}
    assert sorted(rows) == sorted(name_of_uid)  # one row each, the crashed pass's not taken twice
    wrong = {name_of_uid[uid]: (row.status, row.error) for uid, row in rows.items()
             if row.status not in expected_status(EXPECTED[name_of_uid[uid]])}
    assert wrong == {}
    assert all(row.moved for row in rows.values())
    by_folder = Counter(FOLDER_OF_STATUS[row.status] for row in rows.values())
    assert {kind: imap.count(folder) for kind, folder in FOLDERS.items()} == \
        {kind: by_folder[kind] for kind in FOLDERS}
    assert imap.count("INBOX") == 0
    before = snapshot()
    again = poll(cli)
    assert (again["fetched"], again["error"]) == (0, None)
    assert snapshot() == before
