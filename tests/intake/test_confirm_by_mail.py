"""A mailed reply to a resolved incident: a thanks confirms the fix (as the link does), anything else reopens it
through the diagram's requester_reopen message; the resolution mail says which is which."""
from sqlalchemy import select

from app.extensions import db
from app.servicedesk.tickets.models import TicketNote, TicketWatcher
from app.workflow.models import HistoryEvent
from tests.incident.conftest import Desk
from tests.intake.conftest import ImapBox, incoming, mail
from tests.intake.test_polling import poll
from tests.intake.test_replies import filed_by_mail
from tests.messaging.mail_scenes import speak

RITA = "rita@flowdesk.example"


def resolved_by_mail(cli, imap: ImapBox, desk: Desk) -> str:  # type: ignore[no-untyped-def]
    """Rita files by mail; the desk classifies, accepts and resolves; return the ticket number."""
    ticket = filed_by_mail(cli, imap, desk)
    desk.classify()
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")
    desk.work("resolve", desk.task("resolve").assignee, outcome="resolved", resolution="Cleaned the rollers.")
    assert desk.ticket.status == "resolved" and "confirm_fix" in desk.open_tasks()
    return ticket.number


def correlated(desk: Desk) -> list[str]:
    """Return the elements that caught a message in the ticket's instance."""
    return list(db.session.execute(select(HistoryEvent.element_id).where(
        HistoryEvent.instance_id == desk.ticket.instance_id, HistoryEvent.kind == "message_correlated")).scalars())


def test_a_requester_confirms_the_fix_by_replying_thanks_and_the_incident_closes(cli, imap, desk):  # type: ignore[no-untyped-def]
    number = resolved_by_mail(cli, imap, desk)
    imap.append(mail(RITA, f"Re: [{number}] Your incident is resolved",
                     "Thanks, it works!\n\nOn Monday, FlowDesk wrote:\n> Cleaned the rollers."))
    assert poll(cli)["replies"] == 1
    assert desk.ticket.status == "closed"
    assert "Closed: the requester confirmed the fix." in desk.notes() and "Thanks, it works!" in desk.notes()
    assert correlated(desk) == []  # the task was completed as on the page, no reopen message was sent
    row = incoming()[-1]
    assert (row.status, row.detector) == ("confirmed", "subject_tag")


def test_a_chinese_requester_confirms_the_fix_by_replying_thanks_in_chinese(cli, imap, desk):  # type: ignore[no-untyped-def]
    number = resolved_by_mail(cli, imap, desk)
    imap.append(mail(RITA, f"回复：[{number}] 您的事件已解决", "好了，谢谢！"))
    assert poll(cli)["replies"] == 1
    assert desk.ticket.status == "closed"


def test_a_requester_who_thanks_but_says_it_still_fails_reopens_the_incident(cli, imap, desk):  # type: ignore[no-untyped-def]
    number = resolved_by_mail(cli, imap, desk)
    imap.append(mail(RITA, f"Re: [{number}] Your incident is resolved", "Thanks, but page two still jams."))
    assert poll(cli)["replies"] == 1
    assert desk.ticket.status == "in_progress" and "resolve" in desk.open_tasks()
    assert correlated(desk) == ["reopened_by_mail"]
    assert "Reopened: Thanks, but page two still jams." in desk.notes()
    assert incoming()[-1].status == "reopened"


def test_a_chinese_requester_who_says_it_still_fails_reopens_the_incident(cli, imap, desk):  # type: ignore[no-untyped-def]
    number = resolved_by_mail(cli, imap, desk)
    imap.append(mail(RITA, f"答复：[{number}] 您的事件已解决", "还是不行，第二页仍然卡纸。"))
    assert poll(cli)["replies"] == 1
    assert desk.ticket.status == "in_progress" and correlated(desk) == ["reopened_by_mail"]


def test_a_thanks_from_a_watcher_confirms_nothing(cli, imap, desk):  # type: ignore[no-untyped-def]
    number = resolved_by_mail(cli, imap, desk)
    db.session.add(TicketWatcher(ticket_id=desk.ticket.id, login="sam"))  # the desk agent, who may see it
    db.session.commit()
    imap.append(mail("sam@flowdesk.example", f"Re: [{number}] Printer jams", "Thanks, it works!"))
    assert poll(cli)["replies"] == 1
    assert desk.ticket.status == "resolved" and "confirm_fix" in desk.open_tasks()
    notes = db.session.execute(select(TicketNote.author, TicketNote.body).where(
        TicketNote.ticket_id == desk.ticket.id, TicketNote.author == "sam", TicketNote.event.is_(None))).all()
    assert [tuple(note) for note in notes] == [("sam", "Thanks, it works!")]


def test_the_resolution_mail_tells_the_requester_how_to_confirm_or_reopen_by_mail(cli, imap, desk):  # type: ignore[no-untyped-def]
    resolved_by_mail(cli, imap, desk)
    (resolved,) = [row for row in desk.outbox(RITA) if row.event == "incident_resolved"]
    assert 'reply with only a thanks, such as "Thanks, it works"' in resolved.body
    assert "any other reply reopens the incident" in resolved.html


def test_a_chinese_requester_is_told_in_chinese_how_to_confirm_by_mail(cli, imap, desk):  # type: ignore[no-untyped-def]
    speak("rita", "zh_CN")
    resolved_by_mail(cli, imap, desk)
    (resolved,) = [row for row in desk.outbox(RITA) if row.event == "incident_resolved"]
    assert "或只回复一句感谢" in resolved.body and "其他任何回复都会重新打开事件" in resolved.html
