"""The quarantine: mail that could not be processed, for an admin to look at, retry or discard.

A retry processes the stored bytes again (no IMAP needed); a discarded message stays recorded, with who discarded it.
"""
from email import policy
from email.parser import BytesParser
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import Actor, check_may_administer
from app.platform.errors import Conflict, NotFound
from app.platform.transactions import use_case
from app.servicedesk.intake.ingestion import Ingested, process_stored
from app.servicedesk.intake.models import IncomingMail, Mailbox
from app.servicedesk.intake.settings import IntakeSettings
from app.workflow.runtime import Runtime

LIST_LIMIT = 200
PREVIEW_MAX_CHARS = 20_000


def list_quarantine(limit: int = LIST_LIMIT) -> list[dict[str, Any]]:
    """Return the quarantined messages, newest first, without their bytes."""
    rows = db.session.execute(
        select(IncomingMail.id, IncomingMail.sender, IncomingMail.subject, IncomingMail.received_at,
               IncomingMail.error, IncomingMail.reason, IncomingMail.attempts, IncomingMail.size_bytes,
               Mailbox.name.label("mailbox"))
        .outerjoin(Mailbox, Mailbox.id == IncomingMail.mailbox_id)
        .where(IncomingMail.status == "quarantined").order_by(IncomingMail.id.desc()).limit(limit)).all()
    return [dict(row._mapping) for row in rows]


def require_quarantined(mail_id: int) -> IncomingMail:
    """Return a quarantined message or raise NotFound / Conflict."""
    row = db.session.get(IncomingMail, mail_id)
    if row is None:
        raise NotFound(f"There is no incoming mail {mail_id}; list the quarantine with 'flowdesk mail quarantine'.")
    if row.status != "quarantined":
        raise Conflict(f"Mail {mail_id} is not in quarantine (it is {row.status}); nothing to do.")
    return row


def mail_preview(mail_id: int) -> dict[str, Any]:
    """Return a quarantined message's facts and its source as text (shown escaped, never rendered)."""
    row = require_quarantined(mail_id)
    source = row.raw[:PREVIEW_MAX_CHARS * 4].decode("utf-8", errors="replace")[:PREVIEW_MAX_CHARS]
    try:
        headers = BytesParser(policy=policy.compat32).parsebytes(row.raw, headersonly=True).items()
    except Exception:  # damaged headers: the source shows what there is
        headers = []
    return {"id": row.id, "sender": row.sender, "subject": row.subject, "received_at": row.received_at,
            "error": row.error, "reason": row.reason, "attempts": row.attempts, "size_bytes": row.size_bytes,
            "headers": [(name, str(value)) for name, value in headers][:60], "source": source,
            "truncated": len(row.raw) > len(source.encode())}


def retry_mail(runtime: Runtime, settings: IntakeSettings, actor: Actor, mail_id: int) -> Ingested:
    """Process a quarantined message again (admins only); it lands in quarantine again if it still fails."""
    check_may_administer(actor, "retry a quarantined mail")
    require_quarantined(mail_id)
    db.session.rollback()
    return process_stored(runtime, settings, mail_id)


@use_case
def discard_mail(runtime: Runtime, actor: Actor, mail_id: int) -> None:
    """Give up on a quarantined message (admins only): it stays recorded as discarded, with who did it."""
    check_may_administer(actor, "discard a quarantined mail")
    row = require_quarantined(mail_id)
    row.status = "discarded"
    row.error = f"{row.error or ''}\nDiscarded by {actor.login} at {runtime.clock.now():%Y-%m-%d %H:%M} UTC.".strip()
