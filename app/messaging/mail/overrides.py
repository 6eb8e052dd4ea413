"""Admin overrides of the shipped mail templates: one per event and language, checked before they are saved."""
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.events import LANGUAGES, UNTICKETED_EVENTS, require_event
from app.messaging.mail.models import MailTemplateOverride
from app.organisation.policies import Actor, may_administer
from app.platform.errors import InvalidValues, NotAllowed
from app.platform.transactions import use_case
from app.workflow.runtime import Runtime


class TemplateRefused(ValueError):
    """An override that cannot be rendered: the message names the part and the line."""


def override_for(event: str, language: str) -> MailTemplateOverride | None:
    """Return the admin's override of an event's mail in a language, or None (the shipped template serves)."""
    return db.session.execute(select(MailTemplateOverride).where(
        MailTemplateOverride.event == event, MailTemplateOverride.language == language)).scalar_one_or_none()


def list_overrides() -> dict[tuple[str, str], MailTemplateOverride]:
    """Return the admins' overrides by (event, language)."""
    rows = db.session.execute(select(MailTemplateOverride)).scalars()
    return {(row.event, row.language): row for row in rows}


def check_template(part: str, source: str) -> None:
    """Raise TemplateRefused when a part of an override does not parse as a template."""
    try:
        SandboxedEnvironment(extensions=["jinja2.ext.i18n"]).parse(source)
    except TemplateSyntaxError as error:
        raise TemplateRefused(f"The {part} does not parse on line {error.lineno}: {error.message}. "
                              "Correct it and save again.") from None


def require_overridable(event: str, language: str) -> None:
    """Raise ValueError unless mail of this event is sent and this language is one FlowDesk mails in."""
    if event not in UNTICKETED_EVENTS:
        require_event(event)
    if language not in LANGUAGES:
        raise ValueError(f"The language '{language}' is not one FlowDesk mails in; use {' or '.join(LANGUAGES)}.")


@use_case
def save_mail_template(runtime: Runtime, actor: Actor, event: str, language: str, subject: str, text: str,
                       html: str) -> MailTemplateOverride:
    """Store (or replace) an admin's override of an event's mail in a language (admins only)."""
    if not may_administer(actor):
        raise NotAllowed("Only administrators may change the mail templates.")
    require_overridable(event, language)
    errors: dict[str, list[str]] = {}
    for name, part, source in (("subject", "subject", subject), ("text", "text part", text),
                               ("html", "HTML part", html)):
        try:
            if not source.strip():
                raise TemplateRefused(f"The {part} is empty. Write it, or delete the override to use the shipped one.")
            check_template(part, source)
        except TemplateRefused as refused:
            errors[name] = [str(refused)]
    if errors:
        raise InvalidValues("The template was not saved: " + " ".join(m for ms in errors.values() for m in ms), errors)
    now, login = runtime.clock.now(), actor.login
    row = override_for(event, language)
    if row is None:
        row = MailTemplateOverride(event=event, language=language)
        db.session.add(row)
    row.subject, row.text, row.html, row.updated_at, row.updated_by = subject.strip(), text, html, now, login
    return row


@use_case
def delete_mail_template(actor: Actor, event: str, language: str) -> bool:
    """Remove an override, so the shipped template serves again; say whether there was one (admins only)."""
    if not may_administer(actor):
        raise NotAllowed("Only administrators may change the mail templates.")
    row = override_for(event, language)
    if row is not None:
        db.session.delete(row)
    return row is not None
