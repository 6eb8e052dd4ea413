"""Replies by mail: they land on their ticket, and the requester's answer moves the flow as the answer form does."""
from sqlalchemy import select

from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.servicedesk.tickets.models import Ticket, TicketLink, TicketNote, TicketWatcher
from app.workflow.models import HistoryEvent
from tests.incident.conftest import Desk
from tests.intake.conftest import ImapBox, incoming, mail
from tests.intake.test_polling import add_mailbox, poll, tickets


def filed_by_mail(cli, imap: ImapBox, desk: Desk) -> Ticket:  # type: ignore[no-untyped-def]
    """Rita files an incident by mail; the desk driver follows its ticket."""
    add_mailbox(cli, imap)
    imap.append(mail("Rita <rita@flowdesk.example>", "Printer jams", "Every page jams on floor 3."))
    assert poll(cli)["new_tickets"] == 1
    (ticket,) = tickets()
    desk.number = ticket.number
    return ticket


def ask_on_the_page(desk: Desk, client, question: str) -> None:  # type: ignore[no-untyped-def]
    """The service desk classifies, the assignee accepts, then asks the requester a question on the task page."""
    desk.classify()
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")
    task = desk.task("resolve")
    response = client.post("/login", data={"login": task.assignee, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    response = client.post(f"/tasks/{task.id}", data={"outcome": "need_info", "question": question})
    assert response.status_code in (200, 302), response.get_data(as_text=True)
    assert desk.ticket.status == "pending_requester" and "answer_question" in desk.open_tasks()


def test_a_requester_answers_by_a_reply_without_references_and_the_flow_moves_on(cli, imap, desk, client):  # type: ignore[no-untyped-def]
    ticket = filed_by_mail(cli, imap, desk)
    ask_on_the_page(desk, client, "Which tray do you print from?")
    # Foxmail-style reply: no In-Reply-To, no References, the subject tag behind a Chinese prefix
    imap.append(mail("rita@flowdesk.example", f"回复：[{ticket.number}] Printer jams",
                     "The A3 tray.\n\n在 2026年11月23日 写道：\n> Which tray do you print from?"))
    counts = poll(cli)
    assert (counts["replies"], counts["new_tickets"]) == (1, 0)
    assert desk.ticket.status == "in_progress"
    assert "answer_question" not in desk.open_tasks() and "resolve" in desk.open_tasks()
    answers = db.session.execute(select(TicketNote).where(TicketNote.ticket_id == ticket.id,
                                                          TicketNote.author == "rita")).scalars()
    assert [(note.body, note.visibility) for note in answers] == [("The A3 tray.", "public")]
    caught = db.session.execute(select(HistoryEvent.element_id).where(
        HistoryEvent.instance_id == desk.ticket.instance_id, HistoryEvent.kind == "message_correlated")).scalars()
    assert list(caught) == ["answered_by_mail"]
    (row,) = [row for row in incoming() if row.status == "answer"]
    assert (row.detector, row.ticket_id) == ("subject_tag", ticket.id)


def test_a_reply_while_nothing_waits_for_the_requester_is_a_public_note(cli, imap, desk):  # type: ignore[no-untyped-def]
    ticket = filed_by_mail(cli, imap, desk)
    imap.append(mail("rita@flowdesk.example", f"Re: [{ticket.number}] Printer jams", "It jams on A4 too."))
    assert poll(cli)["replies"] == 1
    notes = db.session.execute(select(TicketNote.body, TicketNote.visibility).where(
        TicketNote.ticket_id == ticket.id, TicketNote.author == "rita")).all()
    assert [tuple(note) for note in notes] == [("It jams on A4 too.", "public")]
    assert "classify" in desk.open_tasks()  # the flow did not move


def test_a_stranger_naming_someone_elses_ticket_opens_a_ticket_of_their_own(cli, imap, desk):  # type: ignore[no-untyped-def]
    ticket = filed_by_mail(cli, imap, desk)
    imap.append(mail("lee@flowdesk.example", f"Re: [{ticket.number}] Printer jams", "Mine too!"))
    assert poll(cli)["new_tickets"] == 1
    assert [t.requester for t in tickets()] == ["rita", "lee"]
    assert db.session.execute(select(TicketNote).where(TicketNote.ticket_id == ticket.id,
                                                       TicketNote.author == "lee")).first() is None


def test_a_reply_to_a_closed_ticket_opens_a_new_linked_ticket(cli, imap, desk):  # type: ignore[no-untyped-def]
    ticket = filed_by_mail(cli, imap, desk)
    db.session.execute(db.update(Ticket).where(Ticket.id == ticket.id).values(status="closed"))
    db.session.commit()
    imap.append(mail("rita@flowdesk.example", f"Re: [{ticket.number}] Printer jams", "It is back."))
    assert poll(cli)["new_tickets"] == 1
    old, new = tickets()
    link = db.session.execute(select(TicketLink).where(TicketLink.ticket_id == new.id)).scalar_one()
    assert (link.kind, link.target_ticket_id) == ("related", old.id)


def test_a_reply_to_a_resolved_incident_reopens_it_through_its_flow(cli, imap, desk):  # type: ignore[no-untyped-def]
    ticket = filed_by_mail(cli, imap, desk)
    desk.classify()
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")
    desk.work("resolve", desk.task("resolve").assignee, outcome="resolved", resolution="Cleaned the rollers.")
    assert desk.ticket.status == "resolved" and "confirm_fix" in desk.open_tasks()
    imap.append(mail("rita@flowdesk.example", f"答复：[{ticket.number}] Printer jams", "Still jams on page two."))
    assert poll(cli)["replies"] == 1
    assert desk.ticket.status == "in_progress"
    assert "confirm_fix" not in desk.open_tasks() and "resolve" in desk.open_tasks()
    assert "Reopened: Still jams on page two." in desk.notes()
    assert [row.status for row in incoming()][-1] == "reopened"


def test_a_category_that_refuses_replies_to_closed_tickets_answers_politely(cli, imap, desk, client, sign_in):  # type: ignore[no-untyped-def]
    from app.messaging.models import OutboxMessage
    from app.servicedesk.tickets.categories import create_category

    category = create_category("Printers")
    db.session.commit()
    sign_in("adam")
    response = client.post(f"/admin/categories/{category.id}", data={
        "name": "Printers", "parent_id": "", "process_id": "", "default_group": "", "sla_policy": "",
        "closed_reply_policy": "refuse"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert cli("mail", "add-mailbox", "desk", "--imap", imap.url(), "--category", str(category.id)).exit_code == 0
    imap.append(mail("rita@flowdesk.example", "Printer jams", "Again."))
    assert poll(cli)["new_tickets"] == 1
    (ticket,) = tickets()
    db.session.execute(db.update(Ticket).where(Ticket.id == ticket.id).values(status="closed"))
    db.session.commit()
    imap.append(mail("rita@flowdesk.example", f"Re: [{ticket.number}] Printer jams", "It is back."))
    assert poll(cli)["refused"] == 1
    assert len(tickets()) == 1
    reply = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == "rita@flowdesk.example")
                               .order_by(OutboxMessage.id.desc())).scalars().first()
    assert "closed" in reply.body and "已关闭" in reply.body


def test_a_staff_watcher_who_no_longer_sees_the_ticket_opens_a_ticket_of_his_own_by_replying(cli, imap, desk):  # type: ignore[no-untyped-def]
    ticket = filed_by_mail(cli, imap, desk)  # the service desk's ticket: lee (second line) does not see it
    db.session.add(TicketWatcher(ticket_id=ticket.id, login="lee"))  # watched while it was his group's
    db.session.commit()
    imap.append(mail("lee@flowdesk.example", f"Re: [{ticket.number}] Printer jams", "Is this still open?"))
    assert poll(cli)["new_tickets"] == 1  # not quarantined, and nothing lands where he may not write
    notes = db.session.execute(select(TicketNote.body).where(TicketNote.ticket_id == ticket.id,
                                                             TicketNote.author == "lee")).scalars().all()
    assert notes == []
    assert incoming()[-1].status == "ticket"


def test_an_agent_who_sees_the_ticket_replies_by_mail_as_a_public_note(cli, imap, desk):  # type: ignore[no-untyped-def]
    ticket = filed_by_mail(cli, imap, desk)
    imap.append(mail("sam@flowdesk.example", f"Re: [{ticket.number}] Printer jams", "Which printer is it?"))
    assert poll(cli)["replies"] == 1
    notes = db.session.execute(select(TicketNote.body, TicketNote.visibility).where(
        TicketNote.ticket_id == ticket.id, TicketNote.author == "sam", TicketNote.event.is_(None))).all()
    assert [tuple(note) for note in notes] == [("Which printer is it?", "public")]
