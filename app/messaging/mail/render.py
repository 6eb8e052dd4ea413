"""Render one notification mail (subject, text part, HTML part with inlined CSS) in the recipient's language.

The shipped templates live in app/templates/mail/<event>.txt and .html; an admin's override of an event in a
language (app/messaging/mail/overrides.py) is rendered instead, in Jinja's sandbox, with the same variables.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import css_inline
from flask_babel import force_locale, gettext, ngettext
from jinja2 import BaseLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from app.messaging.mail.models import MailTemplateOverride

MAIL_TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates" / "mail"


def mail_loader() -> BaseLoader:
    """Load mail/<name> from the shipped mail templates and nothing else (an override may extend mail/base.html)."""
    return PrefixLoader({"mail": FileSystemLoader(MAIL_TEMPLATES_DIR)})


def translating(environment: Environment) -> Environment:
    """Give an environment the _() of the catalogs (in the locale forced around each rendering)."""
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return environment


# The shipped templates (mail/<event>.html|.txt under app/templates); the pages' context is no part of a mail.
_SHIPPED = translating(Environment(loader=mail_loader(), autoescape=select_autoescape(["html"])))
_SANDBOX = translating(SandboxedEnvironment(loader=mail_loader(), autoescape=True))
_TEXT_SANDBOX = translating(SandboxedEnvironment(loader=mail_loader(), autoescape=False))


@dataclass(frozen=True)
class RenderedMail:
    """A mail's words: the subject (without the ticket tag), the text part and the HTML part."""

    subject: str
    text: str
    html: str


def render_mail(event: str, language: str, variables: dict[str, Any],
                override: MailTemplateOverride | None) -> RenderedMail:
    """Render an event's mail in a language from the override, or else from the shipped templates."""
    with force_locale(language):
        if override is not None:
            subject = _TEXT_SANDBOX.from_string(override.subject).render(variables)
            text = _TEXT_SANDBOX.from_string(override.text).render(variables)
            html = _SANDBOX.from_string(override.html).render(variables)
        else:
            subject = str(variables["shipped_subject"])
            text = _SHIPPED.get_template(f"mail/{event}.txt").render(variables)
            html = _SHIPPED.get_template(f"mail/{event}.html").render(variables)
    footer = str(variables.get("footer") or "")
    if footer and footer not in text:  # an override without the reference: replies must still find the ticket
        text = f"{text.rstrip()}\n\n-- \n{footer}\n"
    if footer and footer not in html:
        html = html.replace("</body>", f"<p class=\"footer\">{footer}</p></body>") if "</body>" in html \
            else f"{html}<p>{footer}</p>"
    return RenderedMail(" ".join(subject.split()), text.strip() + "\n", inline_css(html))


def shipped_source(event: str, part: str) -> str:
    """Return the source of a shipped template part ('html' or 'txt'), the starting point of an override."""
    return (MAIL_TEMPLATES_DIR / f"{event}.{part}").read_text(encoding="utf-8")


def inline_css(html: str) -> str:
    """Move the <style> rules into style attributes, as mail clients that drop <style> need."""
    return str(css_inline.inline(html))


def translated(phrase: str, language: str) -> str:
    """Return an English phrase in the given language (itself where the catalog has no entry)."""
    with force_locale(language):
        return str(gettext(phrase))
