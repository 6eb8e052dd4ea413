"""Bounces of FlowDesk's mail: each failure attributed to the mail and the address, and the undeliverable marks.

A permanent failure (a 5.x.x report, or a 5xx refusal of the recipient by the relay) marks the address: mail to it
is held with the reason until an admin clears the mark. A temporary one (4.x.x) is only counted. Recording a bounce
never opens a ticket and never notifies anyone.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from app.extensions import db
from app.messaging.mail.models import MailBounce, UndeliverableAddress
from app.messaging.models import DEAD, PENDING, SENT, OutboxMessage
from app.messaging.outbox import Hold, OutgoingMessage, PermanentFailure
from app.messaging.reasons import BOUNCED, UNDELIVERABLE, Reason, diagnostic_words
from app.organisation.models import User
from app.organisation.policies import Actor, may_clear_bounce
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case
from app.workflow.runtime import Runtime

MARKS_LISTED = 500  # the list page shows this many marks at most
HOLD_RECHECK_SECONDS = 3600.0  # a held mail is looked at again this often; clearing the mark releases it at once


@dataclass(frozen=True)
class BounceReport:
    """A delivery failure as reported: by a DSN that came in, or by the relay refusing a recipient."""

    address: str
    permanent: bool
    status: str
    diagnostic: str = ""
    original_message_id: str | None = None
    source: str = "dsn"
    incoming_mail_id: int | None = None
    outbox_message_id: int | None = None


@dataclass(frozen=True)
class AddressMark:
    """What the pages say of an address: marked undeliverable (when, why) and how often it failed for a while."""

    address: str
    marked: bool
    status: str | None
    reason: str | None
    bounced_at: datetime | None
    temporary_count: int


def normal_address(address: str) -> str:
    """Return an address as marks are keyed: trimmed, without angle brackets, in lower case."""
    return address.strip().strip("<>").strip().lower()


def record_bounce(report: BounceReport, now: datetime) -> MailBounce:
    """Store a failure attributed to its mail, marking the address when that mail failed for good (caller's unit).

    A report that matches no mail FlowDesk sent (backscatter of forged mail, or a forged report) is kept but marks
    nothing, so a stranger cannot switch someone's mail off by sending reports about them.
    """
    address = normal_address(report.address)
    message, attributed_by = attributed_message(report, address)
    bounce = MailBounce(address=address, outbox_message_id=message.id if message else None,
                        incoming_mail_id=report.incoming_mail_id, permanent=report.permanent,
                        status=report.status[:20], diagnostic=report.diagnostic, source=report.source,
                        attributed_by=attributed_by, bounced_at=now)
    db.session.add(bounce)
    db.session.flush()
    if report.permanent and message is not None:  # a report about mail FlowDesk never sent marks nothing
        mark_undeliverable(bounce, message)
    return bounce


def attributed_message(report: BounceReport, address: str) -> tuple[OutboxMessage | None, str | None]:
    """Find the mail a failure is about: named outright, by its Message-ID, else the latest sent to the address."""
    if report.outbox_message_id is not None:
        return db.session.get(OutboxMessage, report.outbox_message_id), "message_id"
    if report.original_message_id:
        found = db.session.execute(select(OutboxMessage).where(
            OutboxMessage.channel == "email", OutboxMessage.message_id == report.original_message_id.strip())
        ).scalars().first()
        if found is not None:
            return found, "message_id"
    latest = db.session.execute(select(OutboxMessage).where(
        OutboxMessage.channel == "email", func.lower(OutboxMessage.recipient) == address,
        OutboxMessage.status.in_((SENT, DEAD))).order_by(OutboxMessage.id.desc()).limit(1)).scalars().first()
    return (latest, "address") if latest is not None else (None, None)


def mark_undeliverable(bounce: MailBounce, message: OutboxMessage) -> None:
    """Mark the bounce's address undeliverable (again, if it was cleared) and fail the mail it returned.

    The mark's reason is what the receiving server said (empty when it said nothing: pages then say the status).
    """
    mark = db.session.execute(select(UndeliverableAddress).where(
        UndeliverableAddress.address == bounce.address)).scalar_one_or_none()
    if mark is None:
        mark = UndeliverableAddress(address=bounce.address)
        db.session.add(mark)
    mark.status, mark.reason, mark.bounce_id = bounce.status, bounce.diagnostic, bounce.id
    mark.bounced_at = bounce.bounced_at
    mark.cleared_at, mark.cleared_by = None, None
    if message.status == SENT:  # it left, and came back: it never arrived
        message.status = DEAD
        message.error = Reason(BOUNCED, {"address": bounce.address, "status": bounce.status,
                                         "diagnostic": bounce.diagnostic})


def record_relay_refusal(message: OutgoingMessage, failure: PermanentFailure, now: datetime) -> None:
    """Record the relay's permanent refusal of a recipient as a bounce of that mail (in the outbox's unit)."""
    if failure.address is None:
        return
    record_bounce(BounceReport(failure.address, True, failure.status, failure.diagnostic, source="relay",
                               outbox_message_id=message.id), now)


def active_mark(address: str | None) -> UndeliverableAddress | None:
    """Return the address's undeliverable mark while it stands, else None."""
    if not address:
        return None
    return db.session.execute(select(UndeliverableAddress).where(
        UndeliverableAddress.address == normal_address(address),
        UndeliverableAddress.cleared_at.is_(None))).scalar_one_or_none()


def is_undeliverable(address: str | None) -> bool:
    """Say whether mail to the address is held because it bounced for good."""
    return active_mark(address) is not None


def address_mark(address: str | None) -> AddressMark | None:
    """Return what the pages show of an address: its mark and its temporary failures, or None when it has neither."""
    if not address:
        return None
    mark = active_mark(address)
    temporary = int(db.session.execute(select(func.count(MailBounce.id)).where(
        MailBounce.address == normal_address(address), MailBounce.permanent.is_(False))).scalar() or 0)
    if mark is None and temporary == 0:
        return None
    return AddressMark(normal_address(address), mark is not None, mark.status if mark else None,
                       diagnostic_words(mark.reason, mark.status) if mark else None, mark.bounced_at if mark else None,
                       temporary)


def mark_of_person(login: str | None) -> AddressMark | None:
    """Return what the pages show of a person's address (a ticket's requester, say), or None."""
    if not login:
        return None
    return address_mark(db.session.execute(select(User.email).where(User.login == login)).scalar())


@dataclass(frozen=True)
class MarkedAddress:
    """A line of the admins' list of undeliverable addresses: whose address it is, since when, and why."""

    address: str
    people: tuple[tuple[str, str], ...]  # (login, display name) of everyone with the address
    status: str
    reason: str
    bounced_at: datetime


def list_undeliverable(actor: Actor) -> list[MarkedAddress]:
    """Return every address marked undeliverable now, the latest first: the admins' list to check and clear."""
    if not may_clear_bounce(actor):
        raise NotAllowed(f"{actor.login} may not see the list of undeliverable addresses: only administrators, who "
                         "clear the marks, do.")
    marks = list(db.session.execute(select(UndeliverableAddress).where(UndeliverableAddress.cleared_at.is_(None))
                                    .order_by(UndeliverableAddress.bounced_at.desc(), UndeliverableAddress.id.desc())
                                    .limit(MARKS_LISTED)).scalars())
    people: dict[str, list[tuple[str, str]]] = {}
    if marks:
        for login, name, email in db.session.execute(select(User.login, User.display_name, User.email).where(
                func.lower(User.email).in_([mark.address for mark in marks])).order_by(User.login)):
            people.setdefault(normal_address(email or ""), []).append((login, name or login))
    return [MarkedAddress(mark.address, tuple(people.get(mark.address, ())), mark.status,
                          diagnostic_words(mark.reason, mark.status), mark.bounced_at) for mark in marks]


def undeliverable_gate(runtime: Runtime, message: OutgoingMessage) -> Hold | None:
    """Hold mail to a marked address, saying why; let any other pass."""
    mark = active_mark(message.recipient)
    if mark is None:
        return None
    return Hold(runtime.clock.now() + timedelta(seconds=HOLD_RECHECK_SECONDS),
                Reason(UNDELIVERABLE, {"address": mark.address, "bounced_at": mark.bounced_at.isoformat(),
                                       "status": mark.status, "diagnostic": mark.reason}))


@use_case
def clear_bounce(runtime: Runtime, actor: Actor, address: str) -> int:
    """Clear an address's undeliverable mark and release its held mail; return how many mails were released."""
    if not may_clear_bounce(actor):
        raise NotAllowed(f"{actor.login} may not clear an undeliverable mark: only administrators do. "
                         "Ask an administrator to check the address and clear it.")
    if not address or "@" not in address:
        raise InvalidValues("Give the e-mail address whose mark to clear, like name@example.com.",
                            {"address": ["Give an e-mail address, like name@example.com."]})
    mark = active_mark(address)
    if mark is None:
        raise NotFound(f"{normal_address(address)} is not marked undeliverable, so there is nothing to clear.")
    now = runtime.clock.now()
    mark.cleared_at, mark.cleared_by = now, actor.login
    released = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.channel == "email", func.lower(OutboxMessage.recipient) == mark.address,
        OutboxMessage.status == PENDING).values(next_attempt_at=now, held_code=None, held_params=None))
    return int(getattr(released, "rowcount", 0) or 0)
