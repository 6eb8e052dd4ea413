"""What a mail does to tickets: open one with its attachments, or land on one as a note or as the requester's answer.

The requester's reply is a BPMN message where the ticket's process waits for the requester (processes/incident.bpmn:
the message boundary events on 'Answer the question' and 'Confirm the fix'): it is delivered by ticket number
(business key) and moves the flow exactly as the form does. A reply to a resolved incident that only thanks and
confirms (app/servicedesk/intake/confirmations.py) completes 'Confirm the fix' as the confirm link does; any other
reply is the requester_reopen message. Otherwise the reply is a public note by its author, and the assignee (or the
group) is told of it.
"""
import hashlib

from sqlalchemy import select

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.models import User
from app.organisation.policies import Actor, is_read_only, system_actor
from app.platform.errors import InvalidValues
from app.platform.limits import NOTE_MAX, TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX
from app.servicedesk.intake.confirmations import reads_as_confirmation
from app.servicedesk.intake.models import Mailbox
from app.servicedesk.intake.notices import tell_of_reply
from app.servicedesk.intake.reading import IncomingMail, strip_subject_prefixes
from app.servicedesk.intake.senders import MAIL_ACTOR
from app.servicedesk.intake.settings import IntakeSettings
from app.servicedesk.tickets.attachments import NewFile, add_attachments
from app.servicedesk.tickets.models import Ticket, TicketAttachment, TicketLink, TicketNote
from app.servicedesk.tickets.notes import add_note
from app.servicedesk.tickets.records import log_ticket
from app.servicedesk.tickets.visibility import may_read_ticket
from app.workflow.models import UserTask
from app.workflow.outside.messages import Message, correlate
from app.workflow.outside.subscriptions import subscribed_instances
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import complete_task

# The messages an incident waits for from its requester (processes/incident.bpmn), the variable each carries and
# its form field's maxlength (the whole mail stays one click away): the answer to a question, and a reply to a
# resolved incident that does not read as a confirmation, which reopens it with the mail as the reason.
REQUESTER_MESSAGES = (("requester_answer", "answer", 4000, "answer"),
                      ("requester_reopen", "reopen_reason", 2000, "reopened"))
CONFIRM_STEP = "confirm_fix"  # the requester's confirmation task of processes/incident.bpmn
NO_TEXT = "(The mail has no text; see its attachments.)"


def open_ticket(runtime: Runtime, settings: IntakeSettings, mailbox: Mailbox, mail: IncomingMail,
                requester: User) -> Ticket:
    """Log a ticket for the mail's sender through the ticket service, then keep its attachments."""
    title = strip_subject_prefixes(mail.subject) or mail.text.strip().split("\n", 1)[0] or "(no subject)"
    title = title[:TICKET_TITLE_MAX]
    description = (mail.text.strip() or mail.full_text.strip() or NO_TEXT)[:TICKET_DESCRIPTION_MAX]
    ticket = log_ticket(runtime, mailbox.ticket_kind, title, description, requester.login, mailbox.category_id,
                        None, "medium", "medium", system_actor(MAIL_ACTOR), channel="email",
                        default_group=mailbox.default_group, process_id=mailbox.process_id)
    if mail.attachments:  # the requester's actor (three reads) only for a mail with files
        keep_attachments(runtime, settings, ticket, mail, actor_for(requester), new_ticket=True)
    return ticket


def land_reply(runtime: Runtime, settings: IntakeSettings, ticket: Ticket, mail: IncomingMail,
               author: User) -> str:
    """Put a reply on its ticket: a message to its process where the process waits for the requester, else a
    public note that the assignee (or the group) is told of.

    Returns 'answer' (the question answered), 'confirmed' or 'reopened' (a resolved incident, by the rule of
    app/servicedesk/intake/confirmations.py) or 'reply' (a note).
    """
    actor = actor_for(author)
    text = mail.text.strip() or NO_TEXT
    keep_attachments(runtime, settings, ticket, mail, actor)
    if author.login == ticket.requester:
        waited = answer_waiting_step(runtime, ticket, author, mail.text.strip(), text)
        if waited is not None:
            return waited
    add_note(runtime, actor, ticket.number, text[:NOTE_MAX], "public")
    tell_of_reply(runtime, ticket, author, text[:NOTE_MAX])
    return "reply"


def answer_waiting_step(runtime: Runtime, ticket: Ticket, requester: User, written: str, text: str) -> str | None:
    """Deliver the requester's reply to the step her ticket's process waits on; None when it waits for nothing."""
    confirm_task = open_confirmation(ticket, requester.login)
    if confirm_task is not None and reads_as_confirmation(written, names_on(ticket, requester)):
        add_note(runtime, actor_for(requester), ticket.number, text[:NOTE_MAX], "public")
        complete_task(runtime, confirm_task, requester.login, {"confirmation": "confirm"})
        return "confirmed"
    for name, variable, longest, outcome in REQUESTER_MESSAGES:
        if subscribed_instances(name, ticket.number, None):
            correlate(runtime, requester.login, Message(name, business_key=ticket.number,
                                                        variables={variable: text[:longest]}))
            return outcome
    return None


def open_confirmation(ticket: Ticket, login: str) -> str | None:
    """Return the id of the requester's open 'Confirm the fix' task of the ticket's instance, if it waits."""
    if ticket.instance_id is None:
        return None
    return db.session.execute(select(UserTask.id).where(
        UserTask.instance_id == ticket.instance_id, UserTask.element_id == CONFIRM_STEP,
        UserTask.assignee == login)).scalar()


def names_on(ticket: Ticket, requester: User) -> list[str]:
    """Return the names a thanks may carry: the requester's and the assignee's."""
    names = [requester.display_name or "", requester.login]
    if ticket.assignee:
        assignee = db.session.execute(select(User).where(User.login == ticket.assignee)).scalar()
        names += [assignee.display_name or "", assignee.login] if assignee else [ticket.assignee]
    return names


def may_reply_on(ticket: Ticket, person: User) -> bool:
    """Say whether a person's mail may land on a ticket: when they may write and may see it, the rule every page
    and add_note follow (its requester, a requester watching it, staff who see it); anyone else's opens a ticket."""
    actor = actor_for(person)
    return not is_read_only(actor) and may_read_ticket(actor, ticket.id)


def link_to_closed(ticket: Ticket, closed: Ticket, at_login: str) -> None:
    """Link a ticket opened by a reply to the closed ticket it answered, and say so on both."""
    db.session.add(TicketLink(ticket_id=ticket.id, kind="related", target_ticket_id=closed.id))
    for on, body in ((ticket, f"Opened by a mail replying to the closed ticket {closed.number}."),
                     (closed, f"A mail replying to this closed ticket opened {ticket.number}.")):
        db.session.add(TicketNote(ticket_id=on.id, author=at_login, at=ticket.created_at, body=body,
                                  visibility="internal"))


def keep_attachments(runtime: Runtime, settings: IntakeSettings, ticket: Ticket, mail: IncomingMail,
                     actor: Actor, new_ticket: bool = False) -> None:
    """Attach the mail's files through the attachment service (its limits and checks), each content once.

    A file the service refuses does not stop the mail: an internal note says which file and why. The files' digests
    come with the read mail (the reading pool hashed them); a ticket opened by this mail has no files to compare.
    """
    if not mail.attachments:
        return
    seen: set[str] = set() if new_ticket else set(db.session.execute(
        select(TicketAttachment.sha256).where(TicketAttachment.ticket_id == ticket.id)).scalars())
    files: list[NewFile] = []
    for attachment in mail.attachments:
        digest = attachment.sha256 or hashlib.sha256(attachment.data).hexdigest()
        if digest not in seen:  # else an inline image quoted again, or the same file sent twice
            seen.add(digest)
            files.append(NewFile(attachment.name, attachment.content_type, attachment.data, digest))
    if not files:
        return
    kept = add_attachments(runtime, settings.attachments, actor, ticket.number, files, "public")
    for file, outcome in zip(files, kept, strict=True):
        if isinstance(outcome, InvalidValues):
            db.session.add(TicketNote(ticket_id=ticket.id, author=MAIL_ACTOR, at=runtime.clock.now(),
                                      visibility="internal",
                                      body=f"The mail's file '{file.name}' was not kept: {outcome}"))
