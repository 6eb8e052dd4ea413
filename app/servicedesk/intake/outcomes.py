"""What one mail means, decided in order: machine mail is only stored, a sender over the daily cap only counted,
a reply to an approval mail decides its sender's approval (app/servicedesk/intake/approval_replies.py), a reply
lands on its ticket, anything else opens a ticket (or is refused politely, per the mailbox's policy) and
is acknowledged to its sender, threaded under her mail.

Every mail that lands on a ticket joins its conversation (its Message-IDs go into the References of FlowDesk's later
mail) and leaves the other systems' ids it carries remembered on the ticket."""
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.messaging import mail_marks
from app.messaging.mail.bounces import BounceReport, record_bounce
from app.messaging.reasons import Reason, ReasonValue
from app.organisation.models import User
from app.servicedesk.intake import reasons
from app.servicedesk.intake.approval_replies import decide_by_reply, tagged_for
from app.servicedesk.intake.foreign_ids import foreign_ids_in, numbers_of_foreign_ids, remember_foreign_ids
from app.servicedesk.intake.mail_tickets import land_reply, link_to_closed, may_reply_on, open_ticket
from app.servicedesk.intake.models import IncomingMail, Mailbox
from app.servicedesk.intake.notices import acknowledge, join_conversation
from app.servicedesk.intake.reading import Address, Bounce
from app.servicedesk.intake.reading import IncomingMail as ReadMail
from app.servicedesk.intake.senders import create_requester, language_written, person_with_address, send_refusal
from app.servicedesk.intake.settings import IntakeSettings
from app.servicedesk.intake.threading import ThreadMatch, find_thread
from app.servicedesk.tickets.models import Category, Ticket
from app.workflow.runtime import Runtime

CLOSED = ("closed", "cancelled")


class NoSender(ValueError):
    """The mail names no sender address: nobody could be its requester (it waits in quarantine)."""


@dataclass(frozen=True)
class Outcome:
    """What became of a mail, for its row."""

    status: str
    ticket: Ticket | None = None
    detector: str | None = None
    auto_kind: str | None = None
    reason: Reason | None = None

    @property
    def ticket_id(self) -> int | None:
        """Return the id of the ticket the mail touched."""
        return self.ticket.id if self.ticket else None

    @property
    def ticket_number(self) -> str | None:
        """Return the number of the ticket the mail touched."""
        return self.ticket.number if self.ticket else None


def decide_outcome(runtime: Runtime, settings: IntakeSettings, mailbox: Mailbox, row: IncomingMail, mail: ReadMail,
                   sent_today: int) -> Outcome:
    """Act on a read mail inside the caller's unit; raise when it cannot be processed (quarantine)."""
    if mail.bounce is not None:
        return bounce_outcome(runtime, mail.bounce, row)
    if mail.auto:
        return Outcome("auto", auto_kind=mail.auto)  # stored, never reopening, notifying or answering
    if sent_today >= settings.max_per_address_per_day:
        return Outcome("capped", reason=Reason(reasons.DAILY_CAP, {
            "address": row.sender or "", "count": sent_today, "cap": settings.max_per_address_per_day}))
    if mail.sender is None or not mail.sender.address:
        raise NoSender("The mail names no sender address, so nobody could be its requester.")
    foreign = foreign_ids_in(mailbox, mail.subject)
    match = find_thread(mail.in_reply_to, mail.references, mail.subject, mail.full_text, settings.domain,
                        settings.key, numbers_of_foreign_ids(foreign))
    ticket = ticket_numbered(match.number)
    person = person_with_address(sender_of(mail).address)
    tagged = approval_tagged(settings, ticket, mail)
    if ticket is not None and person is not None and tagged is not None:
        join_conversation(runtime, ticket, mail)
        status, reason = decide_by_reply(runtime, ticket, person, mail, tagged)
        return Outcome(status, ticket, match.detector, reason=reason)
    if ticket is not None and person is not None and may_reply_on(ticket, person):
        join_conversation(runtime, ticket, mail)  # before landing: the mail it causes threads under this one
        outcome = answer_ticket(runtime, settings, mailbox, mail, ticket, person, match)
    else:
        outcome = new_ticket(runtime, settings, mailbox, mail, person)
    if outcome.ticket is not None and outcome.status != "refused":
        remember_foreign_ids(outcome.ticket, foreign, runtime.clock.now())
    return outcome


def approval_tagged(settings: IntakeSettings, ticket: Ticket | None, mail: ReadMail) -> str | None:
    """Return the approver a reply's approval tag names on its open ticket, or None (no tag, or a forged one)."""
    signature = mail_marks.approval_signature_in(mail.subject)
    if signature is None or ticket is None:
        return None
    return tagged_for(signature, ticket, settings.key)


def bounce_outcome(runtime: Runtime, found: Bounce, row: IncomingMail) -> Outcome:
    """Record a delivery failure against the mail and address it names; it opens no ticket and notifies nobody."""
    bounce = record_bounce(BounceReport(found.address, found.permanent, found.status, found.diagnostic,
                                        found.original_message_id, incoming_mail_id=row.id), runtime.clock.now())
    code = reasons.BOUNCE_PERMANENT if found.permanent else reasons.BOUNCE_TEMPORARY
    params: dict[str, ReasonValue] = {"status": found.status, "address": bounce.address}
    if bounce.outbox_message_id:
        params["outbox_message_id"] = bounce.outbox_message_id
    return Outcome("auto", auto_kind="bounce", reason=Reason(code, params))


def sender_of(mail: ReadMail) -> Address:
    """Return the sender of a mail decide_outcome accepted (it refuses one without a sender address)."""
    if mail.sender is None:
        raise NoSender("The mail names no sender address, so nobody could be its requester.")
    return mail.sender


def ticket_numbered(number: str | None) -> Ticket | None:
    """Return the ticket a detector named, its row locked, or None when there is no such ticket."""
    if number is None:
        return None
    return db.session.execute(select(Ticket).where(Ticket.number == number).with_for_update()
                              .execution_options(populate_existing=True)).scalar_one_or_none()


def answer_ticket(runtime: Runtime, settings: IntakeSettings, mailbox: Mailbox, mail: ReadMail, ticket: Ticket,
                  person: User, match: ThreadMatch) -> Outcome:
    """Land a reply on its ticket; a reply to a closed ticket follows its category's policy."""
    if ticket.status not in CLOSED:
        return Outcome(land_reply(runtime, settings, ticket, mail, person), ticket, match.detector)
    if closed_reply_policy(ticket) == "refuse":
        send_refusal(sender_of(mail).address, mail.subject, "closed_ticket", runtime.clock.now())
        return Outcome("refused", ticket, match.detector, reason=Reason(reasons.CLOSED_TICKET,
                                                                        {"number": ticket.number}))
    opened = open_ticket(runtime, settings, mailbox, mail, person)
    link_to_closed(opened, ticket, "mail")
    join_conversation(runtime, opened, mail)
    acknowledge(runtime, settings, opened, person, mail)
    return Outcome("ticket", opened, match.detector)


def closed_reply_policy(ticket: Ticket) -> str:
    """Return what a reply to this closed ticket does: its category's policy, else a new linked ticket."""
    if ticket.category_id is None:
        return "new"
    return db.session.execute(select(Category.closed_reply_policy)
                              .where(Category.id == ticket.category_id)).scalar() or "new"


def new_ticket(runtime: Runtime, settings: IntakeSettings, mailbox: Mailbox, mail: ReadMail,
               person: User | None) -> Outcome:
    """Open a ticket for the sender; an unknown sender gets an account or a polite refusal, per the mailbox."""
    if person is None:
        if mailbox.unknown_senders == "refuse" or address_taken(sender_of(mail).address):
            send_refusal(sender_of(mail).address, mail.subject, "unknown_sender", runtime.clock.now())
            return Outcome("refused", reason=Reason(reasons.UNKNOWN_SENDER, {
                "address": sender_of(mail).address, "mailbox": mailbox.name}))
        person = create_requester(runtime, sender_of(mail).address, sender_of(mail).name,
                                  language_written(f"{mail.subject}\n{mail.text}"))
    ticket = open_ticket(runtime, settings, mailbox, mail, person)
    join_conversation(runtime, ticket, mail)  # before the acknowledgement: it threads under her mail
    acknowledge(runtime, settings, ticket, person, mail)
    return Outcome("ticket", ticket)


def address_taken(address: str) -> bool:
    """Say whether an account (a deactivated one, or several) has the address: no new account is made for it."""
    return db.session.execute(select(User.id).where(func.lower(User.email) == address.lower())
                              .limit(1)).first() is not None
