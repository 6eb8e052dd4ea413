"""A message's raw bytes live in a row of their own (migration 0056): the message's row changes with its outcome and
its move without rewriting them, and the bytes read back the same before and after, up and down the migration."""
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.platform.types import UtcDateTime
from app.servicedesk.intake.ingestion import header_block, header_facts
from app.servicedesk.intake.models import IncomingMail, IncomingMailRaw

OLD_MAIL = sa.table("mail_incoming", sa.column("id", sa.Integer), sa.column("raw", sa.LargeBinary),
                    sa.column("size_bytes", sa.Integer), sa.column("received_at", UtcDateTime()),
                    sa.column("status", sa.String), sa.column("attempts", sa.Integer), sa.column("moved", sa.Boolean))
OLD_BYTES = {1: b"Subject: first\r\n\r\nPrinter jams.\r\n", 2: b"\x00\xff binary, as a hostile mail may be" * 50}


def test_migration_0056_moves_the_raw_bytes_to_their_own_table_and_the_downgrade_brings_them_back(app) -> None:  # type: ignore[no-untyped-def]
    db.session.remove()
    downgrade(revision="0055")
    with db.engine.begin() as connection:
        connection.execute(sa.insert(OLD_MAIL), [
            {"id": id_, "raw": raw, "size_bytes": len(raw), "status": "ticket", "attempts": 1, "moved": True,
             "received_at": datetime(2029, 12, 31, 9, 0, tzinfo=UTC)} for id_, raw in OLD_BYTES.items()])
    upgrade()
    assert {row.id: row.raw for row in db.session.execute(sa.select(IncomingMail)).scalars()} == OLD_BYTES
    assert "raw" not in {column["name"] for column in sa.inspect(db.engine).get_columns("mail_incoming")}
    db.session.remove()
    downgrade(revision="0055")
    with db.engine.connect() as connection:
        assert {row.id: row.raw for row in connection.execute(sa.select(OLD_MAIL))} == OLD_BYTES
    upgrade()


def test_a_message_row_is_stored_with_its_bytes_apart_and_deleting_it_deletes_them(app) -> None:  # type: ignore[no-untyped-def]
    row = IncomingMail(raw=b"Subject: hi\r\n\r\nhello\r\n", size_bytes=22, status="received", attempts=0, moved=False,
                       received_at=datetime(2029, 12, 31, 9, 0, tzinfo=UTC))
    db.session.add(row)
    db.session.commit()
    assert db.session.execute(sa.select(IncomingMailRaw.raw).where(IncomingMailRaw.mail_id == row.id)).scalar_one() \
        == b"Subject: hi\r\n\r\nhello\r\n"
    db.session.execute(sa.delete(IncomingMail).where(IncomingMail.id == row.id))
    db.session.commit()
    assert db.session.execute(sa.select(sa.func.count()).select_from(IncomingMailRaw)).scalar_one() == 0


def test_the_stored_header_facts_come_from_the_header_block_alone_whichever_line_ends_it_uses() -> None:
    body = b"Subject: a line of the body, not a header\n\nMessage-ID: <not-a-header@example>\n" * 1000
    for ending in (b"\r\n", b"\n"):
        raw = ending.join([b"From: Rita <rita@flowdesk.example>", b"Subject: Printer jams",
                           b"Message-ID: <one@flowdesk.example>", b"", b""]) + body
        assert header_facts(raw) == ("<one@flowdesk.example>", "rita@flowdesk.example", "Printer jams")
    assert header_block(b"Subject: x\r\n\nbody\r\n\r\nmore") == b"Subject: x\r\n\n"  # a bare LF ends it first
