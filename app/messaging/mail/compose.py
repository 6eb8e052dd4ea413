"""Queue a ticket's notification for one person: by e-mail (rendered, marked and threaded) and/or SMS, as they chose.

Runs inside the caller's step transaction: the mail is rendered now, in the recipient's language, so the outbox row
holds exactly what goes out (retries resend the same words and the same Message-ID).
"""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.extensions import db
from app.messaging import mail_marks
from app.messaging.mail.bounces import is_undeliverable
from app.messaging.mail.conversation import conversation_message_ids
from app.messaging.mail.events import PROCESS_MESSAGE, mail_language
from app.messaging.mail.links import LinkClaim, sign_link
from app.messaging.mail.overrides import override_for
from app.messaging.mail.preferences import channels_for
from app.messaging.mail.render import render_mail, translated
from app.messaging.models import PENDING, OutboxMessage
from app.messaging.outbox import enqueue_message
from app.organisation.models import User
from app.platform.mail_settings import MailSettings


@dataclass(frozen=True)
class TicketFacts:
    """What a notification may say of its ticket."""

    number: str
    title: str
    instance_id: int | None
    priority: str | None = None
    group: str | None = None
    assignee: str | None = None
    reassignments: int = 0


@dataclass(frozen=True)
class Notice:
    """One thing to tell: the event, its headline (an English phrase the catalogs translate), and its details.

    detail is the person-written text (a description, a question, a resolution); actions name the one-click
    links the mail offers besides 'view'; extras are the event's own template variables. reply_decides: a reply
    to the mail decides the recipient's approval, so its subject carries her approval tag (mail_marks).
    """

    event: str
    headline: str
    detail: str | None = None
    titled: bool = False
    urgent: bool = False
    actions: tuple[str, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)
    reply_decides: bool = False


def queue_ticket_notice(settings: MailSettings, notice: Notice, ticket: TicketFacts, person: User, reads: bool,
                        now: datetime) -> bool:
    """Queue the notice to the person on the channels they chose; say whether anything was queued.

    reads: the person may open the ticket. Someone who may not gets its number and the headline only. While the
    person's address is marked undeliverable the mail is queued (and held) and an SMS goes too, where they have a
    phone number.
    """
    wants_email, wants_sms = channels_for(person, notice.event, notice.urgent)
    language = mail_language(person.language)
    headline = translated(notice.headline, language)
    shown = f"{headline}: {ticket.title}" if notice.titled and reads else headline
    queued = False
    if wants_email:
        queue_ticket_mail(settings, notice, ticket, person, reads, now, shown)
        queued = True
        wants_sms = wants_sms or is_undeliverable(person.email)  # the mail is held: SMS says it meanwhile
    if wants_sms and person.phone:
        enqueue_message("sms", person.phone, mail_marks.tagged_subject(ticket.number, shown),
                        f"{ticket.number}: {shown}", ticket.instance_id, now)
        queued = True
    return queued


def queue_ticket_mail(settings: MailSettings, notice: Notice, ticket: TicketFacts, person: User, reads: bool,
                      now: datetime, shown: str) -> OutboxMessage:
    """Render the mail in the person's language and write it to the outbox with its threading headers."""
    language = mail_language(person.language)
    variables = {
        **notice.extras, "event": notice.event, "language": language, "name": person.display_name,
        "number": ticket.number, "title": ticket.title if reads else None,
        "headline": translated(notice.headline, language), "detail": notice.detail if reads else None,
        "reads": reads, "priority": ticket.priority, "group": ticket.group, "assignee": ticket.assignee,
        "reassignments": ticket.reassignments, "shipped_subject": shown,
        "links": mail_links(settings, person.login, ticket.number, notice.actions if reads else (), now),
        "footer": mail_marks.footer_token(ticket.number, settings.secret_key),
        "reply_decides": notice.reply_decides and reads,
    }
    rendered = render_mail(notice.event, language, variables, override_for(notice.event, language))
    references = conversation_message_ids(ticket.number)
    subject = mail_marks.tagged_subject(ticket.number, rendered.subject)
    if notice.reply_decides and reads:
        subject = f"{subject[:280]} {mail_marks.approval_tag(ticket.number, person.login, settings.secret_key)}"
    row = OutboxMessage(
        channel="email", recipient=person.email or person.login, body=rendered.text, html=rendered.html,
        subject=subject[:300], instance_id=ticket.instance_id,
        created_at=now, status=PENDING, next_attempt_at=now, attempts=0, event=notice.event,
        ticket_number=ticket.number, thread_references=" ".join(references) or None)
    db.session.add(row)
    db.session.flush()
    row.message_id = mail_marks.message_id(ticket.number, row.id, settings.domain)
    return row


def queue_process_mail(settings: MailSettings, person: User, subject: str, body: str, instance_id: int | None,
                       now: datetime) -> None:
    """Queue a diagram's own message (flowdesk.notify) as a mail in the person's language, with no ticket.

    While the person's address is marked undeliverable an SMS goes too, where they have a phone number.
    """
    queue_unticketed_mail(settings, person, PROCESS_MESSAGE, mail_language(person.language), subject,
                          body if body != subject else None, instance_id, now)
    if person.phone and is_undeliverable(person.email):  # the mail is held: SMS says it meanwhile
        enqueue_message("sms", person.phone, subject, body, instance_id, now)


def queue_unticketed_mail(settings: MailSettings, person: User, event: str, language: str, headline: str,
                          detail: str | None, instance_id: int | None, now: datetime) -> None:
    """Render a mail with no ticket (a diagram's message, an account notice) in a language and queue it."""
    variables: dict[str, Any] = {
        "event": event, "language": language, "name": person.display_name, "number": None, "title": None,
        "headline": headline, "detail": detail, "reads": True, "links": {}, "footer": "", "shipped_subject": headline}
    rendered = render_mail(event, language, variables, override_for(event, language))
    row = OutboxMessage(channel="email", recipient=person.email or person.login, subject=rendered.subject[:300],
                        body=rendered.text, html=rendered.html, instance_id=instance_id, created_at=now,
                        status=PENDING, next_attempt_at=now, attempts=0, event=event)
    db.session.add(row)
    db.session.flush()
    row.message_id = mail_marks.message_id(None, row.id, settings.domain)


def mail_links(settings: MailSettings, login: str, number: str, actions: tuple[str, ...],
               now: datetime) -> dict[str, str]:
    """Return the signed one-click links of a mail: always 'view', and the actions the event offers."""
    return {action: f"{settings.base_url}/mail/link/"
                    f"{sign_link(settings.secret_key, LinkClaim(login, number, action), now)}"
            for action in ("view", *actions)}
