"""The whole conversation by mail against the real servers (Dovecot in, aiosmtpd out): filed by mail, acknowledged,
asked on the page, answered by a reply without References, resolved, confirmed by mail, closed."""
from email.message import EmailMessage

from app.messaging import mail_marks
from tests.intake.conftest import incoming, mail
from tests.intake.test_polling import add_mailbox, poll, tickets
from tests.intake.test_replies import ask_on_the_page
from tests.messaging.mail_scenes import parts

RITA = "rita@flowdesk.example"
DOMAIN = "flowdesk.localhost"  # the test app's MAIL_DOMAIN


def delivered(cli, receiver) -> EmailMessage:  # type: ignore[no-untyped-def]
    """Run one outbox pass and return the newest mail the receiver got for Rita."""
    result = cli("mail", "send-pending")
    assert result.exit_code == 0, result.output
    return receiver.to(RITA)[-1]


def test_a_requester_files_answers_and_confirms_by_mail_and_the_incident_closes(cli, imap, desk, client, app,  # type: ignore[no-untyped-def]
                                                                                smtp_receiver):
    app.config["SMTP_URL"], app.config["MAIL_FROM"] = smtp_receiver.url, "FlowDesk <desk@flowdesk.example>"
    add_mailbox(cli, imap)
    filed = mail("Rita <rita@flowdesk.example>", "Printer jams", "Every page jams on floor 3.")
    imap.append(filed)
    assert poll(cli)["new_tickets"] == 1
    (ticket,) = tickets()
    desk.number = ticket.number

    acknowledgement = delivered(cli, smtp_receiver)
    assert acknowledgement["Subject"] == f"[{ticket.number}] We received your mail: Printer jams"
    assert acknowledgement["In-Reply-To"] == filed["Message-ID"]
    assert acknowledgement["References"] == filed["Message-ID"]
    assert acknowledgement["Auto-Submitted"] == "auto-generated"

    ask_on_the_page(desk, client, "Which tray do you print from?")
    question = delivered(cli, smtp_receiver)
    assert question["Subject"] == f"[{ticket.number}] A question about your incident"
    answer = mail(RITA, f"Re: {question['Subject']}", "The A3 tray.\n\n> Which tray do you print from?")
    imap.append(answer)  # her client sends neither In-Reply-To nor References
    assert poll(cli)["replies"] == 1
    assert desk.ticket.status == "in_progress" and "resolve" in desk.open_tasks()

    desk.work("resolve", desk.ticket.assignee, outcome="resolved", resolution="Cleaned the A3 tray's rollers.")
    resolution = delivered(cli, smtp_receiver)
    references = resolution["References"].split()
    assert references[0] == filed["Message-ID"] and answer["Message-ID"] in references
    assert mail_marks.ticket_of_message_id(resolution["Message-ID"], DOMAIN) == ticket.number
    text, _ = parts(resolution)
    assert 'reply with only a thanks, such as "Thanks, it works"' in text

    thanks = mail(RITA, f"Re: {resolution['Subject']}", "Thanks, it works!",
                  In_Reply_To=resolution["Message-ID"], References=resolution["References"] + " "
                  + resolution["Message-ID"])
    imap.append(thanks)
    assert poll(cli)["replies"] == 1
    assert desk.ticket.status == "closed"
    assert [(row.status, row.detector) for row in incoming()] == [
        ("ticket", None), ("answer", "subject_tag"), ("confirmed", "message_id+subject_tag")]
    closed = delivered(cli, smtp_receiver)
    assert closed["Subject"] == f"[{ticket.number}] Your incident is closed"
    assert thanks["Message-ID"] in closed["References"].split()
    assert len(set(closed["References"].split())) == len(closed["References"].split())  # each id once
