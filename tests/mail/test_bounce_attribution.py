"""Bounces attributed to the mail FlowDesk sent and to the address: by the returned Message-ID, else the address."""
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.bounces import BounceReport, address_mark, clear_bounce, is_undeliverable, record_bounce
from app.messaging.mail.models import MailBounce
from app.messaging.models import DEAD, SENT, OutboxMessage
from app.messaging.reasons import BOUNCED, Reason
from app.platform.errors import NotAllowed, NotFound
from app.platform.transactions import run_unit
from app.servicedesk.intake.reading import read_mail
from tests.conftest import actor_with

CORPUS = Path(__file__).parent / "corpus"
SENT_ID = "<fd.INC-000123.7.3fa9c2d1@desk.example>"  # the Message-ID the corpus's reports return
REPORTS = ["bounce-postfix-511.eml", "bounce-exchange-5110.eml", "bounce-gmail.eml", "bounce-qq-zh.eml",
           "bounce-delayed.eml", "bounce-mailbox-full.eml"]


def sent_mail(runtime, recipient: str, message_id: str | None = None) -> int:  # type: ignore[no-untyped-def]
    """Write a mail FlowDesk sent to the outbox, as a delivery pass leaves it; return its id."""
    now = runtime.clock.now()
    row = OutboxMessage(channel="email", recipient=recipient, subject="[INC-000123] Printer offline", body="…",
                        created_at=now, next_attempt_at=now, status=SENT, sent_at=now, attempts=1,
                        message_id=message_id)
    run_unit(lambda: db.session.add(row))
    return row.id


def bounce_from(runtime, name: str) -> MailBounce:  # type: ignore[no-untyped-def]
    """Read a corpus report and record the failure it tells of, as the intake does."""
    found = read_mail((CORPUS / name).read_bytes(), "desk.example").bounce
    assert found is not None
    report = BounceReport(found.address, found.permanent, found.status, found.diagnostic, found.original_message_id)
    return run_unit(lambda: record_bounce(report, runtime.clock.now()))


@pytest.mark.parametrize("name", REPORTS)
def test_reader_finds_the_returned_message_id_and_the_servers_answer_in_a_report(name: str) -> None:
    found = read_mail((CORPUS / name).read_bytes(), "desk.example").bounce
    assert found is not None
    assert found.original_message_id == SENT_ID
    assert found.diagnostic.startswith("550 ") and found.status in found.diagnostic


def test_reader_finds_no_message_id_in_a_qmail_notice_that_returns_none() -> None:
    found = read_mail((CORPUS / "bounce-qmail.eml").read_bytes(), "desk.example").bounce
    assert found is not None and found.original_message_id is None and found.permanent


def test_bounce_is_attributed_to_the_mail_whose_message_id_it_returns(runtime) -> None:  # type: ignore[no-untyped-def]
    sent_mail(runtime, "nobody@example.com", "<fd.INC-000999.1.aaaa@desk.example>")
    returned = sent_mail(runtime, "nobody@example.com", SENT_ID)
    sent_mail(runtime, "nobody@example.com", "<fd.INC-000999.9.bbbb@desk.example>")  # later, to the same address
    bounce = bounce_from(runtime, "bounce-postfix-511.eml")
    assert (bounce.outbox_message_id, bounce.attributed_by, bounce.address) == (returned, "message_id",
                                                                                "nobody@example.com")
    assert (bounce.permanent, bounce.status, bounce.diagnostic) == (True, "5.1.1", "550 5.1.1 mailbox unavailable")


def test_bounce_without_returned_headers_is_attributed_by_the_address_to_its_latest_mail(runtime) -> None:  # type: ignore[no-untyped-def]
    sent_mail(runtime, "gone@example.net")
    latest = sent_mail(runtime, "Gone@Example.net")
    bounce = bounce_from(runtime, "bounce-qmail.eml")
    assert (bounce.outbox_message_id, bounce.attributed_by) == (latest, "address")


def test_bounce_of_mail_flowdesk_never_sent_is_kept_unattributed_and_marks_nothing(runtime) -> None:  # type: ignore[no-untyped-def]
    bounce = bounce_from(runtime, "bounce-exim.eml")
    assert (bounce.outbox_message_id, bounce.attributed_by, bounce.address) == (None, None, "left@example.com")
    assert bounce.permanent and not is_undeliverable("left@example.com")


def test_permanent_bounce_marks_the_address_and_fails_the_mail_it_returned(runtime) -> None:  # type: ignore[no-untyped-def]
    returned = sent_mail(runtime, "typo@example.com", SENT_ID)
    bounce_from(runtime, "bounce-gmail.eml")
    mark = address_mark("TYPO@example.com")
    assert mark is not None and (mark.marked, mark.status, mark.reason) == (True, "5.1.1",
                                                                            "550 5.1.1 mailbox unavailable")
    row = db.session.get(OutboxMessage, returned)
    assert row is not None and row.status == DEAD and row.error == Reason(BOUNCED, {
        "address": "typo@example.com", "status": "5.1.1", "diagnostic": "550 5.1.1 mailbox unavailable"})


def test_temporary_bounce_is_counted_and_never_marks(runtime) -> None:  # type: ignore[no-untyped-def]
    returned = sent_mail(runtime, "slow@example.org", SENT_ID)
    bounce_from(runtime, "bounce-delayed.eml")
    bounce_from(runtime, "bounce-delayed.eml")
    mark = address_mark("slow@example.org")
    assert mark is not None and (mark.marked, mark.temporary_count) == (False, 2)
    assert not is_undeliverable("slow@example.org")
    assert db.session.get(OutboxMessage, returned).status == SENT  # type: ignore[union-attr]


def test_admin_clears_a_mark_and_the_address_takes_mail_again(runtime) -> None:  # type: ignore[no-untyped-def]
    sent_mail(runtime, "old.user@example.com", SENT_ID)
    bounce_from(runtime, "bounce-exchange-5110.eml")
    clear_bounce(runtime, actor_with("ada", "admin"), " Old.User@example.com ")
    assert not is_undeliverable("old.user@example.com")
    assert db.session.execute(select(MailBounce.address)).scalars().all() == ["old.user@example.com"]  # kept


def test_agent_may_not_clear_a_mark(runtime) -> None:  # type: ignore[no-untyped-def]
    sent_mail(runtime, "old.user@example.com", SENT_ID)
    bounce_from(runtime, "bounce-exchange-5110.eml")
    with pytest.raises(NotAllowed, match="only administrators do"):
        clear_bounce(runtime, actor_with("sam", "agent"), "old.user@example.com")
    assert is_undeliverable("old.user@example.com")


def test_clearing_an_address_that_is_not_marked_says_there_is_nothing_to_clear(runtime) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match="is not marked undeliverable, so there is nothing to clear"):
        clear_bounce(runtime, actor_with("ada", "admin"), "fine@example.com")
