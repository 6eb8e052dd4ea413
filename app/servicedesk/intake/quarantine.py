"""The quarantine: mail that could not be processed, for an admin to look at, retry or discard; and the list of
mail refused or capped, each with why.

A retry processes the stored bytes again (no IMAP needed); a discarded message stays recorded, with who discarded it.
"""
from email import policy
from email.parser import BytesParser
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.messaging.reasons import Reason
from app.organisation.policies import Actor, check_may_administer
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import use_case
from app.servicedesk.intake import reasons
from app.servicedesk.intake.ingestion import Ingested, process_stored
from app.servicedesk.intake.models import IncomingMail, Mailbox
from app.servicedesk.intake.settings import IntakeSettings
from app.workflow.runtime import Runtime

LIST_LIMIT = 200
QUARANTINED = ("quarantined",)
REFUSED = ("refused", "capped")  # the mail that went to the mailbox's refused folder, each with why
PREVIEW_MAX_CHARS = 20_000


def list_quarantine(limit: int = LIST_LIMIT, reason: str | None = None) -> list[dict[str, Any]]:
    """Return the quarantined messages (of one reason code, when given), newest first, without their bytes."""
    return list_mail(QUARANTINED, reason, limit)


def list_refused(limit: int = LIST_LIMIT, reason: str | None = None) -> list[dict[str, Any]]:
    """Return the refused and capped messages (of one reason code, when given), newest first, without their bytes."""
    return list_mail(REFUSED, reason, limit)


def list_mail(statuses: tuple[str, ...], reason: str | None, limit: int) -> list[dict[str, Any]]:
    """Return the messages of some statuses and a reason code (any when None), newest first; error is a Reason."""
    query = (select(IncomingMail.id, IncomingMail.status, IncomingMail.sender, IncomingMail.subject,
                    IncomingMail.received_at, IncomingMail.error_code, IncomingMail.error_params,
                    IncomingMail.attempts, IncomingMail.size_bytes, Mailbox.name.label("mailbox"))
             .outerjoin(Mailbox, Mailbox.id == IncomingMail.mailbox_id)
             .where(IncomingMail.status.in_(statuses)).order_by(IncomingMail.id.desc()).limit(limit))
    if reason is not None:
        query = query.where(IncomingMail.error_code == known_reason(reason))
    return [listed(dict(row._mapping)) for row in db.session.execute(query).all()]


def listed(row: dict[str, Any]) -> dict[str, Any]:
    """Return a listed row with its code and parameters as one Reason under 'error'."""
    code, params = row.pop("error_code"), row.pop("error_params")
    row["error"] = Reason(code, params or {}) if code else None
    return row


def known_reason(code: str) -> str:
    """Return a reason code to filter by, or refuse one FlowDesk does not know."""
    if code not in reasons.MAIL_REASONS:
        raise InvalidValues(f"There is no incoming mail reason '{code}'; use one of {', '.join(reasons.MAIL_REASONS)}.",
                            {"reason": [f"Choose one of {', '.join(reasons.MAIL_REASONS)}."]})
    return code


def count_by_reason(statuses: tuple[str, ...]) -> dict[str, int]:
    """Count the messages of some statuses for each reason code they have."""
    rows = db.session.execute(select(IncomingMail.error_code, func.count(IncomingMail.id))
                              .where(IncomingMail.status.in_(statuses), IncomingMail.error_code.isnot(None))
                              .group_by(IncomingMail.error_code)).all()
    return {str(code): int(count) for code, count in rows}


def count_lists() -> dict[str, int]:
    """Count the quarantined mail and the refused or capped mail."""
    rows = db.session.execute(select(IncomingMail.status, func.count(IncomingMail.id))
                              .where(IncomingMail.status.in_(QUARANTINED + REFUSED))
                              .group_by(IncomingMail.status)).all()
    counts = {status: int(count) for status, count in rows}
    return {"quarantine": sum(counts.get(status, 0) for status in QUARANTINED),
            "refused": sum(counts.get(status, 0) for status in REFUSED)}


def mail_dict(row: dict[str, Any]) -> dict[str, Any]:
    """Return a listed message as JSON-ready data: times in ISO 8601, the reason as code, parameters and English."""
    return {**row, "received_at": row["received_at"].isoformat(), "error": reasons.mail_reason_dict(row["error"])}


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
            "error": row.error, "attempts": row.attempts, "size_bytes": row.size_bytes,
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
    reason = row.error or Reason(reasons.UNEXPECTED, {})
    row.error = Reason(reason.code, {**reason.params, "discarded_by": actor.login,
                                     "discarded_at": runtime.clock.now().isoformat()})
