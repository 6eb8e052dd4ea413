"""What the intake tells people: the requester that her mail opened a ticket (threaded under her mail), and the
ticket's assignee (or its group) that a reply landed on it. Both go the normal way (app/messaging/mail/compose.py):
in the recipient's language, on the channels they chose.

Automatic mail never gets here (the intake stores it before any of this), and FlowDesk's own address is never
acknowledged, so no two robots answer each other.
"""
from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.messaging.mail.conversation import remember_message_id
from app.organisation.accounts import actor_for
from app.organisation.models import User
from app.servicedesk.incident.flow import recipients
from app.servicedesk.intake.reading import IncomingMail
from app.servicedesk.intake.settings import IntakeSettings
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.visibility import may_read_ticket
from app.workflow.runtime import Runtime

ACKNOWLEDGED = Notice("mail_received", "We received your mail", titled=True)


def facts_of(ticket: Ticket) -> TicketFacts:
    """Return what a notice may say of the ticket."""
    return TicketFacts(ticket.number, ticket.title, ticket.instance_id, ticket.priority, ticket.assigned_group,
                       ticket.assignee, ticket.reassignment_count)


def join_conversation(runtime: Runtime, ticket: Ticket, mail: IncomingMail) -> None:
    """Keep the mail's Message-ID and the ones it refers to on the ticket, for the References of FlowDesk's mail."""
    for message_id in (*mail.references, mail.in_reply_to, mail.message_id):
        remember_message_id(ticket.number, message_id, runtime.clock.now())


def acknowledge(runtime: Runtime, settings: IntakeSettings, ticket: Ticket, requester: User,
                mail: IncomingMail) -> bool:
    """Tell the requester her mail opened the ticket, threaded under her mail; say whether it was queued."""
    sender = mail.sender.address.lower() if mail.sender else ""
    if mail.auto is not None or not sender or sender == settings.own_address:
        return False
    return queue_ticket_notice(runtime.mail, ACKNOWLEDGED, facts_of(ticket), requester, True, runtime.clock.now())


def tell_of_reply(runtime: Runtime, ticket: Ticket, author: User, text: str) -> list[str]:
    """Tell the assignee, or the group when nobody is assigned, that a reply by mail landed on the ticket."""
    notice = Notice("ticket_replied", "A reply by mail", text, titled=True,
                    extras={"author": author.display_name or author.login})
    told = []
    for person in recipients(ticket, "assignee"):
        if person.login == author.login:
            continue
        reads = may_read_ticket(actor_for(person), ticket.id)
        if queue_ticket_notice(runtime.mail, notice, facts_of(ticket), person, reads, runtime.clock.now()):
            told.append(person.login)
    return told
