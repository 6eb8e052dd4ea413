"""Admin overrides of the shipped mail templates: one per event and language, checked before they are saved."""
from datetime import datetime

from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.events import LANGUAGES, require_event
from app.messaging.mail.models import MailTemplateOverride


class TemplateRefused(ValueError):
    """An override that cannot be rendered: the message names the part and the line."""


def override_for(event: str, language: str) -> MailTemplateOverride | None:
    """Return the admin's override of an event's mail in a language, or None (the shipped template serves)."""
    return db.session.execute(select(MailTemplateOverride).where(
        MailTemplateOverride.event == event, MailTemplateOverride.language == language)).scalar_one_or_none()


def check_template(part: str, source: str) -> None:
    """Raise TemplateRefused when a part of an override does not parse as a template."""
    try:
        SandboxedEnvironment().parse(source)
    except TemplateSyntaxError as error:
        raise TemplateRefused(f"The {part} does not parse on line {error.lineno}: {error.message}. "
                              "Correct it and save again.") from None


def save_override(event: str, language: str, subject: str, text: str, html: str, login: str,
                  now: datetime) -> MailTemplateOverride:
    """Store (or replace) the override of an event in a language, inside the caller's transaction."""
    require_event(event)
    if language not in LANGUAGES:
        raise TemplateRefused(f"The language '{language}' is not one FlowDesk mails in; use {' or '.join(LANGUAGES)}.")
    for part, source in (("subject", subject), ("text part", text), ("HTML part", html)):
        if not source.strip():
            raise TemplateRefused(f"The {part} is empty. Write it, or delete the override to use the shipped one.")
        check_template(part, source)
    row = override_for(event, language)
    if row is None:
        row = MailTemplateOverride(event=event, language=language)
        db.session.add(row)
    row.subject, row.text, row.html, row.updated_at, row.updated_by = subject.strip(), text, html, now, login
    return row


def delete_override(event: str, language: str) -> bool:
    """Remove an override, so the shipped template serves again; say whether there was one."""
    row = override_for(event, language)
    if row is not None:
        db.session.delete(row)
    return row is not None
