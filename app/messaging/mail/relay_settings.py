"""The outgoing-mail settings in force: what the environment sets wins, then what an admin saved on the settings
page (one row, mail_out_settings), then the defaults of app/config.py.

FLOWDESK_SMTP_URL sets the whole relay (host, port, security, user, password); FLOWDESK_MAIL_FROM the From address
and name; FLOWDESK_MAIL_DOMAIN the Message-ID domain; FLOWDESK_BASE_URL the start of links; the two
FLOWDESK_MAIL_CAP_* variables the rate caps. The page shows a field the environment sets read-only.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import formataddr, parseaddr
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model, db
from app.messaging.mail.smtp import SmtpRelay, parse_smtp_url
from app.platform.mail_settings import MailSettings, signing_key
from app.platform.secret_box import SecretUnreadable, unseal
from app.platform.types import UtcDateTime

SETTINGS_ROW_ID = 1
SECURITIES = ("none", "starttls", "tls")
DEFAULT_SMTP_PORTS = {"none": 25, "starttls": 587, "tls": 465}
# The environment variable behind each field of the page.
VARIABLE_OF_FIELD = {
    "smtp_host": "FLOWDESK_SMTP_URL", "smtp_port": "FLOWDESK_SMTP_URL", "smtp_security": "FLOWDESK_SMTP_URL",
    "smtp_user": "FLOWDESK_SMTP_URL", "smtp_password": "FLOWDESK_SMTP_URL",
    "from_address": "FLOWDESK_MAIL_FROM", "from_name": "FLOWDESK_MAIL_FROM",
    "mail_domain": "FLOWDESK_MAIL_DOMAIN", "base_url": "FLOWDESK_BASE_URL",
    "cap_per_address_per_hour": "FLOWDESK_MAIL_CAP_PER_ADDRESS_PER_HOUR",
    "cap_per_ticket_per_hour": "FLOWDESK_MAIL_CAP_PER_TICKET_PER_HOUR",
}


class MailOutSettingsRow(Model):
    """What an admin saved on /admin/mail-settings: one row; None means 'not set here'."""

    __tablename__ = "mail_out_settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    smtp_host: Mapped[str | None] = mapped_column(String(255))
    smtp_port: Mapped[int | None] = mapped_column(Integer)
    smtp_security: Mapped[str] = mapped_column(String(10), default="starttls")  # none, starttls, tls
    smtp_user: Mapped[str | None] = mapped_column(String(255))
    smtp_password: Mapped[str | None] = mapped_column(Text)  # sealed: app/platform/secret_box.py
    from_address: Mapped[str | None] = mapped_column(String(254))
    from_name: Mapped[str | None] = mapped_column(String(120))
    mail_domain: Mapped[str | None] = mapped_column(String(255))
    base_url: Mapped[str | None] = mapped_column(String(500))
    cap_per_address_per_hour: Mapped[int | None] = mapped_column(Integer)
    cap_per_ticket_per_hour: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_by: Mapped[str | None] = mapped_column(String(80))


@dataclass(frozen=True)
class MailOutSettings:
    """The outgoing-mail settings in force, and which fields the environment sets."""

    relay: SmtpRelay | None
    from_address: str
    from_name: str
    domain: str
    base_url: str
    cap_per_address_per_hour: int
    cap_per_ticket_per_hour: int
    from_environment: frozenset[str] = frozenset()
    password_set: bool = False
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def mail_from(self) -> str:
        """Return the From header: 'Name <address>', or the address alone."""
        return formataddr((self.from_name, self.from_address)) if self.from_name else self.from_address


def environment_fields(config: Mapping[str, Any]) -> frozenset[str]:
    """Return the page's fields the environment sets (MAIL_ENVIRONMENT names the variables; SMTP_URL always counts)."""
    variables = set(config.get("MAIL_ENVIRONMENT", ()))
    if config.get("SMTP_URL"):
        variables.add("FLOWDESK_SMTP_URL")
    return frozenset(name for name, variable in VARIABLE_OF_FIELD.items() if variable in variables)


def read_settings_row() -> MailOutSettingsRow | None:
    """Return the saved row, or None when nothing was saved yet."""
    return db.session.get(MailOutSettingsRow, SETTINGS_ROW_ID)


def mail_out_settings(config: Mapping[str, Any], row: MailOutSettingsRow | None) -> MailOutSettings:
    """Return the settings in force: the environment's, else the row's, else the configuration's defaults."""
    env = environment_fields(config)
    saved = row if row is not None else MailOutSettingsRow(smtp_security="starttls")
    default_name, default_address = parseaddr(str(config["MAIL_FROM"]))

    def pick(name: str, page_value: Any, config_value: Any) -> Any:
        return config_value if name in env or page_value in (None, "") else page_value

    relay, password_set, problems = relay_in_force(config, saved, "smtp_host" in env)
    from_env = "from_address" in env
    return MailOutSettings(
        relay, pick("from_address", saved.from_address, default_address),
        default_name if from_env or not saved.from_address else (saved.from_name or ""),
        pick("mail_domain", saved.mail_domain, str(config["MAIL_DOMAIN"])),
        pick("base_url", saved.base_url, str(config["BASE_URL"])).rstrip("/"),
        int(pick("cap_per_address_per_hour", saved.cap_per_address_per_hour,
                 config.get("MAIL_CAP_PER_ADDRESS_PER_HOUR", 30))),
        int(pick("cap_per_ticket_per_hour", saved.cap_per_ticket_per_hour,
                 config.get("MAIL_CAP_PER_TICKET_PER_HOUR", 8))),
        env, password_set, problems)


def relay_in_force(config: Mapping[str, Any], saved: MailOutSettingsRow,
                   from_env: bool) -> tuple[SmtpRelay | None, bool, tuple[str, ...]]:
    """Return the relay (FLOWDESK_SMTP_URL's, else the page's, else None), whether a password is set, and problems."""
    if from_env:
        relay = parse_smtp_url(str(config["SMTP_URL"]))
        return relay, bool(relay.password), ()
    if not saved.smtp_host:
        return None, bool(saved.smtp_password), ()
    password: str | None = None
    problems: tuple[str, ...] = ()
    if saved.smtp_password:
        try:
            password = unseal(signing_key(config.get("SECRET_KEY")), saved.smtp_password)
        except SecretUnreadable as unreadable:
            problems = (str(unreadable),)
    security = saved.smtp_security
    return (SmtpRelay(saved.smtp_host, saved.smtp_port or DEFAULT_SMTP_PORTS[security], security == "tls",
                      security == "starttls", saved.smtp_user or None, password),
            bool(saved.smtp_password), problems)


def settings_in_force(config: Mapping[str, Any]) -> MailOutSettings:
    """Read the saved row and return the settings in force (the defaults before the table exists)."""
    try:
        row = read_settings_row()
    except (OperationalError, ProgrammingError):  # a database not migrated yet: the configuration alone
        db.session.rollback()
        row = None
    return mail_out_settings(config, row)


def mail_settings_in_force(config: Mapping[str, Any]) -> MailSettings:
    """Return what composing mail needs now: the base URL and Message-ID domain in force, and the signing key.

    Read inside the caller's unit or page read when mail is composed or a link is made, so that an admin's change on
    the mail settings page reaches every process at once, with no restart and no read when no mail is made.
    """
    settings = mail_out_settings(config, read_settings_row())
    return MailSettings(settings.base_url.rstrip("/"), settings.domain, signing_key(config["SECRET_KEY"]))
