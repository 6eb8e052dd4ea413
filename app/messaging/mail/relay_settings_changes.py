"""Admins change the outgoing-mail settings (checked, saved in one unit, audited) and send themselves a test mail."""
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask_babel import force_locale, gettext

from app.extensions import db
from app.messaging.mail.relay_settings import (
    SECURITIES,
    SETTINGS_ROW_ID,
    MailOutSettingsRow,
    environment_fields,
    read_settings_row,
    settings_in_force,
)
from app.messaging.mail.smtp import SmtpSender
from app.messaging.outbox import OutgoingMessage, PermanentFailure
from app.organisation.models import User
from app.organisation.policies import Actor, check_may_configure_mail
from app.platform.errors import InvalidValues
from app.platform.mail_settings import signing_key
from app.platform.secret_box import seal
from app.platform.transactions import use_case
from app.workflow.instances.history import NewEvent, append_events

AUDIT_STREAM = "mail-settings"  # the history stream of the changes: who changed what, never a password
ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})*$")
PLAIN_FIELDS = ("smtp_host", "smtp_port", "smtp_security", "smtp_user", "from_address", "from_name", "mail_domain",
                "base_url", "cap_per_address_per_hour", "cap_per_ticket_per_hour")


@dataclass(frozen=True)
class MailSettingsChange:
    """What the page sent: text as typed; password None keeps the stored one, clear_password removes it."""

    smtp_host: str = ""
    smtp_port: str = ""
    smtp_security: str = "starttls"
    smtp_user: str = ""
    password: str | None = None
    clear_password: bool = False
    from_address: str = ""
    from_name: str = ""
    mail_domain: str = ""
    base_url: str = ""
    cap_per_address_per_hour: str = ""
    cap_per_ticket_per_hour: str = ""


def whole_number(text: str, low: int, high: int, errors: dict[str, list[str]], name: str, message: str) -> int | None:
    """Return the number typed (None when empty), or note the message when it is not one from low to high."""
    if not text.strip():
        return None
    if text.strip().isdigit() and low <= int(text) <= high:
        return int(text)
    errors[name] = [message]
    return None


def checked_values(change: MailSettingsChange) -> dict[str, Any]:
    """Return the values to store, or raise InvalidValues naming each field that is wrong and what to write."""
    errors: dict[str, list[str]] = {}
    host = change.smtp_host.strip()
    values: dict[str, Any] = {
        "smtp_host": host or None, "smtp_security": change.smtp_security, "smtp_user": change.smtp_user.strip() or None,
        "from_address": change.from_address.strip() or None, "from_name": change.from_name.strip() or None,
        "mail_domain": change.mail_domain.strip().lower() or None, "base_url": change.base_url.strip() or None}
    values["smtp_port"] = whole_number(change.smtp_port, 1, 65535, errors, "smtp_port",
                                       "The port must be a whole number from 1 to 65535, such as 587.")
    for name in ("cap_per_address_per_hour", "cap_per_ticket_per_hour"):
        values[name] = whole_number(getattr(change, name), 0, 100000, errors, name,
                                    "Enter a whole number of mails per hour (0 switches the cap off).")
    if host and not HOST_NAME.match(host):
        errors["smtp_host"] = ["Enter the relay's host name or IP address alone, such as smtp.example.com."]
    if change.smtp_security not in SECURITIES:
        errors["smtp_security"] = ["Choose none, STARTTLS or TLS."]
    if not host and (values["smtp_user"] or change.password):
        errors["smtp_host"] = ["Enter the relay's host name: a user and password need a relay to sign in to."]
    if values["from_address"] and not ADDRESS.match(values["from_address"]):
        errors["from_address"] = ["This is not an e-mail address; write one like servicedesk@example.com."]
    if values["mail_domain"] and not HOST_NAME.match(values["mail_domain"]):
        errors["mail_domain"] = ["Enter a domain name alone, such as example.com (no @, no scheme)."]
    check_base_url(values["base_url"], errors)
    if errors:
        raise InvalidValues("The mail settings were not saved; correct the marked fields.", errors)
    return values


def check_base_url(url: str | None, errors: dict[str, list[str]]) -> None:
    """Note an error unless the base URL is empty or an http(s) address with a host."""
    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        errors["base_url"] = ["This is not a web address; write it with its scheme, such as https://desk.example.com."]


@use_case
def save_mail_settings(config: Mapping[str, Any], actor: Actor, change: MailSettingsChange,
                       now: datetime) -> list[str]:
    """Save the page's settings (admins only) in one unit, audited; return the names of the fields that changed.

    Fields the environment sets are left as they were: the environment wins and the page shows them read-only.
    """
    check_may_configure_mail(actor, "change the mail settings")
    values = checked_values(change)
    locked = environment_fields(config)
    row = read_settings_row() or MailOutSettingsRow(id=SETTINGS_ROW_ID, smtp_security="starttls")
    changed: dict[str, Any] = {}
    for name in PLAIN_FIELDS:
        if name not in locked and getattr(row, name) != values[name]:
            changed[name] = {"from": getattr(row, name), "to": values[name]}
            setattr(row, name, values[name])
    password_change = change_password(config, row, change) if "smtp_password" not in locked else None
    if password_change:
        changed["smtp_password"] = password_change  # what happened to it, never its value
    if changed:
        row.updated_at, row.updated_by = now, actor.login
        db.session.add(row)
        append_events(AUDIT_STREAM, None, [NewEvent("mail_settings_changed", None, {"changed": changed})],
                      actor.login, now)
    return list(changed)


def change_password(config: Mapping[str, Any], row: MailOutSettingsRow, change: MailSettingsChange) -> str | None:
    """Seal a new password or clear the stored one; return 'set', 'changed', 'cleared' or None."""
    if change.password:
        said = "changed" if row.smtp_password else "set"
        row.smtp_password = seal(signing_key(config.get("SECRET_KEY")), change.password)
        return said
    if change.clear_password and row.smtp_password:
        row.smtp_password = None
        return "cleared"
    return None


def own_address(actor: Actor) -> str | None:
    """Return the actor's e-mail address, if their account has one."""
    user = db.session.get(User, actor.id)
    return user.email if user is not None and user.email else None


def own_language(actor: Actor) -> str:
    """Return the language the actor reads FlowDesk in (English when their account has none)."""
    user = db.session.get(User, actor.id)
    return user.language if user is not None and user.language else "en"


def send_test_mail(config: Mapping[str, Any], actor: Actor, now: datetime) -> str:
    """Send a test mail to the admin's own address through the relay in force; return where it went.

    Raises InvalidValues with a full sentence when there is no relay or no address, and RuntimeError with the
    relay's own answer when the relay refuses the mail or cannot be reached.
    """
    check_may_configure_mail(actor, "send a test mail")
    settings, address, language = settings_in_force(config), own_address(actor), own_language(actor)
    db.session.rollback()  # end the read before talking to the relay
    if settings.relay is None:
        raise InvalidValues("No mail relay is set: enter the relay's host and save, then send the test mail.", {})
    if not address:
        raise InvalidValues("Your account has no e-mail address; add one on your profile, then send the test mail.",
                            {})
    with force_locale(language):  # written in the admin's language, as every mail to a person is
        subject = gettext("FlowDesk test mail")
        body = gettext("This test mail was sent by %(login)s from the mail settings page. If you read it, FlowDesk "
                       "can send mail through this relay.", login=actor.login)
    message = OutgoingMessage(0, "email", address, subject, body, now, 1, now)
    sender = SmtpSender(settings.relay, settings.mail_from, settings.domain,
                        float(config.get("SMTP_TIMEOUT_SECONDS", 20.0)))
    try:
        sender(message)
    except PermanentFailure as refused:  # the relay's 5xx: reported the same way as every other refusal
        raise RuntimeError(str(refused)) from None
    return address
