"""Approval by e-mail reply: the approver answers the approval mail with approve or reject (English or Chinese) on its
first line and decides, as the signed link does; the mail's approval tag names her, so someone else's reply decides
nothing, and an unclear or late reply gets a polite answer saying what to write or why it came too late."""
import pytest
from sqlalchemy import select

from app.cmdb.items import save_ci_type
from app.demo import create_demo_reporting_lines
from app.extensions import db
from app.messaging.models import OutboxMessage
from app.servicedesk.catalogue.progress import request_progress
from app.servicedesk.intake.approval_replies import ReplyDecision, read_decision
from app.servicedesk.intake.senders import APPROVAL_REPLY_SUBJECT
from app.servicedesk.tickets.models import Ticket
from tests.catalogue.conftest import Catalogue, person
from tests.incident.conftest import Desk
from tests.intake.conftest import ImapBox, incoming, mail
from tests.intake.test_polling import add_mailbox, poll

MONA = "mona@flowdesk.example"


@pytest.mark.parametrize(("text", "expected"), [
    ("Approved\n\nWithin this year's budget.", ReplyDecision("approve", "Within this year's budget.")),
    ("yes, go ahead", ReplyDecision("approve", "go ahead")),
    ("同意。\n预算内。", ReplyDecision("approve", "预算内。")),
    ("批准", ReplyDecision("approve", "")),
    ("Reject - not this quarter", ReplyDecision("reject", "not this quarter")),
    ("No.", ReplyDecision("reject", "")),
    ("拒绝：明年再买", ReplyDecision("reject", "明年再买")),
    ("不同意", ReplyDecision("reject", "")),
    ("Nope, call me", ReplyDecision(None, "")),
    ("Yesterday I said so", ReplyDecision(None, "")),
    ("Maybe, can we talk?", ReplyDecision(None, "")),
    ("", ReplyDecision(None, "")),
])
def test_the_first_line_of_a_reply_decides_in_english_or_chinese(text: str, expected: ReplyDecision) -> None:
    assert read_decision(text) == expected


def ordered_laptop(runtime, clock, imap: ImapBox, cli) -> tuple[Catalogue, Ticket]:  # type: ignore[no-untyped-def]
    """Rita orders a laptop (mona, her line manager, approves); the desk mailbox is polled."""
    create_demo_reporting_lines()
    save_ci_type(person("adam"), "laptop", "Laptop", [])
    shelf = Catalogue(runtime, clock)
    shelf.item()
    add_mailbox(cli, imap)
    [ticket] = shelf.order("rita")
    return shelf, ticket


def approval_subject(login_address: str) -> str:
    """Return the subject of the approval mail sent to an address."""
    row = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == login_address,
                                                         OutboxMessage.event == "approval_requested")).scalar_one()
    return row.subject


def replies_to(address: str) -> list[OutboxMessage]:
    """Return the polite replies to approval replies queued for an address."""
    db.session.expire_all()
    return list(db.session.execute(select(OutboxMessage).where(
        OutboxMessage.recipient == address, OutboxMessage.subject == APPROVAL_REPLY_SUBJECT)
        .order_by(OutboxMessage.id)).scalars())  # in the order queued: PostgreSQL moves an updated row to the end


def test_the_approver_approves_by_replying_and_the_request_goes_to_fulfilment(  # type: ignore[no-untyped-def]
        runtime, clock, desk: Desk, imap: ImapBox, cli) -> None:
    shelf, ticket = ordered_laptop(runtime, clock, imap, cli)
    subject = approval_subject(MONA)
    assert subject.startswith(f"[{ticket.number}]") and "[approval " in subject
    imap.append(mail(f"Mona <{MONA}>", f"Re: {subject}", f"同意\n预算内。\n\n> {subject}"))
    assert poll(cli)["replies"] == 1
    assert [task.element_id for task in shelf.tasks(ticket)] == ["prepare"]
    [line] = request_progress(shelf.fresh(ticket)).approvals
    assert (line.approver, line.state, line.comment) == ("mona", "approved", "预算内。")
    assert incoming()[-1].status == "decided"


def test_a_reply_from_someone_else_with_the_approvers_tag_decides_nothing(  # type: ignore[no-untyped-def]
        runtime, clock, desk: Desk, imap: ImapBox, cli) -> None:
    shelf, ticket = ordered_laptop(runtime, clock, imap, cli)
    imap.append(mail("carl@flowdesk.example", f"Re: {approval_subject(MONA)}", "Approve"))
    assert poll(cli)["refused"] == 1
    assert [task.assignee for task in shelf.tasks(ticket)] == ["mona"]
    assert (incoming()[-1].error.code, len(replies_to("carl@flowdesk.example"))) == ("approval_not_yours", 1)


def test_an_unclear_reply_says_what_to_write_and_a_late_one_why_it_decided_nothing(  # type: ignore[no-untyped-def]
        runtime, clock, desk: Desk, imap: ImapBox, cli) -> None:
    shelf, ticket = ordered_laptop(runtime, clock, imap, cli)
    subject = approval_subject(MONA)
    imap.append(mail(MONA, f"Re: {subject}", "Can we talk about it first?"))
    assert poll(cli)["refused"] == 1
    [unclear] = replies_to(MONA)
    assert "approve (or yes, 同意, 批准) or reject" in unclear.body and "同意（或 批准" in unclear.body
    shelf.approve(ticket, "approve_manager", "mona")  # decided on the page meanwhile
    imap.append(mail(MONA, f"Re: {subject}", "Reject"))
    assert poll(cli)["refused"] == 1
    assert "no longer waits for your decision" in replies_to(MONA)[-1].body
    assert [task.element_id for task in shelf.tasks(ticket)] == ["prepare"]
    assert [row.error.code for row in incoming()[-2:]] == ["approval_unclear", "approval_stale"]
