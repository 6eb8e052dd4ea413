"""Mailboxes: admins add, change and list the IMAP mailboxes FlowDesk polls, and what a new mail there becomes.

A mailbox is given as one URL, imaps://USER:PASS@HOST:PORT/FOLDER (TLS from the first byte) or
imap://USER:PASS@HOST:PORT/FOLDER (STARTTLS, required: FlowDesk never sends a password in clear). OAuth2 (Microsoft
365, Gmail) uses the same URL with the access token as the password and auth_method 'oauth2' (XOAUTH2).
"""
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import Actor, check_may_administer
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.secret_box import seal
from app.platform.transactions import use_case
from app.servicedesk.intake.foreign_ids import check_patterns
from app.servicedesk.intake.models import Mailbox
from app.servicedesk.tickets.categories import require_category
from app.workflow.runtime import Runtime

SECURITY_OF_SCHEME = {"imaps": "tls", "imap": "starttls"}
DEFAULT_PORTS = {"tls": 993, "starttls": 143}
UNKNOWN_SENDER_POLICIES = ("create", "refuse")
AUTH_METHODS = ("password", "oauth2")
TICKET_KINDS = ("incident", "request")
CLOSED_REPLY_POLICIES = ("new", "refuse")


@dataclass(frozen=True)
class ImapAddress:
    """Where a mailbox is and how to sign in to it."""

    host: str
    port: int
    security: str
    username: str
    secret: str
    folder: str


@dataclass(frozen=True)
class MailboxSettings:
    """What a new mail of a mailbox becomes, and where messages go once handled."""

    ticket_kind: str = "incident"
    category_id: int | None = None
    process_id: str | None = None
    default_group: str | None = None
    unknown_senders: str = "create"
    auth_method: str = "password"
    processed_folder: str = "FlowDesk/Processed"
    refused_folder: str = "FlowDesk/Refused"
    quarantine_folder: str = "FlowDesk/Quarantine"
    foreign_id_patterns: str = ""  # other systems' ticket ids, one pattern a line (intake/foreign_ids.py)


def parse_imap_url(url: str) -> ImapAddress:
    """Read an imaps:// or imap:// URL; refuse anything else with what to write instead."""
    parts = urlsplit(url.strip())
    security = SECURITY_OF_SCHEME.get(parts.scheme.lower())
    example = "imaps://USER:PASS@HOST:993/INBOX"
    if security is None:
        raise InvalidValues(f"The mailbox address must start with imaps:// or imap://, like {example}.",
                            {"imap": [f"Write the address like {example}."]})
    try:
        port = parts.port or DEFAULT_PORTS[security]
    except ValueError:
        raise InvalidValues(f"The port of the mailbox address is not a number; write it like {example}.",
                            {"imap": ["The port is not a number."]}) from None
    if not parts.hostname or not parts.username or parts.password is None:
        raise InvalidValues(f"The mailbox address needs a host, a user and a password, like {example}.",
                            {"imap": ["Give the host, the user and the password."]})
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return ImapAddress(parts.hostname, port, security, unquote(parts.username), unquote(parts.password), folder)


def check_settings(settings: MailboxSettings) -> None:
    """Refuse unknown policies, kinds and categories, and folders that collide with the polled one."""
    errors: dict[str, list[str]] = {}
    if settings.unknown_senders not in UNKNOWN_SENDER_POLICIES:
        errors["unknown_senders"] = [f"Use one of {', '.join(UNKNOWN_SENDER_POLICIES)}."]
    if settings.auth_method not in AUTH_METHODS:
        errors["auth_method"] = [f"Use one of {', '.join(AUTH_METHODS)}."]
    if settings.ticket_kind not in TICKET_KINDS:
        errors["ticket_kind"] = [f"Use one of {', '.join(TICKET_KINDS)}."]
    folders = [settings.processed_folder, settings.refused_folder, settings.quarantine_folder]
    if any(not folder.strip() for folder in folders):
        errors["folders"] = ["Name the folders for processed, refused and quarantined mail."]
    if errors:
        raise InvalidValues("The mailbox was not saved; correct the marked fields.", errors)
    check_patterns(settings.foreign_id_patterns)
    if settings.category_id is not None:
        require_category(settings.category_id)


@use_case
def add_mailbox(runtime: Runtime, actor: Actor, name: str, url: str, settings: MailboxSettings) -> Mailbox:
    """Add a mailbox to poll (admins only); its name is how the CLI and the pages call it."""
    check_may_administer(actor, f"add the mailbox '{name}'")
    name = name.strip()
    if not name or len(name) > 80:
        raise InvalidValues("A mailbox needs a name of 1 to 80 characters.", {"name": ["Enter a name."]})
    if db.session.execute(select(Mailbox.id).where(Mailbox.name == name)).first():
        raise Conflict(f"A mailbox named '{name}' exists already; choose another name or change that one.")
    address = parse_imap_url(url)
    check_settings(settings)
    settings = replace(settings, foreign_id_patterns=check_patterns(settings.foreign_id_patterns))
    mailbox = Mailbox(name=name, host=address.host, port=address.port, security=address.security,
                      username=address.username, secret=seal(runtime.mail.secret_key, address.secret),
                      folder=address.folder,
                      active=True, created_at=runtime.clock.now(), **settings.__dict__)
    if address.folder in (settings.processed_folder, settings.refused_folder, settings.quarantine_folder):
        raise InvalidValues("The polled folder cannot also be where handled mail goes; name other folders.",
                            {"folders": ["Choose folders other than the polled one."]})
    db.session.add(mailbox)
    db.session.flush()
    return mailbox


@use_case
def set_mailbox_active(actor: Actor, mailbox_id: int, active: bool) -> Mailbox:
    """Pause or resume the polling of a mailbox (admins only)."""
    check_may_administer(actor, "pause or resume a mailbox")
    mailbox = require_mailbox(mailbox_id)
    mailbox.active = active
    return mailbox


@use_case
def record_error(runtime: Runtime, mailbox_id: int, error: str | None) -> None:
    """Stamp a mailbox's last pass and its error, if any (None: the pass went well)."""
    mailbox = require_mailbox(mailbox_id)
    mailbox.last_polled_at, mailbox.last_error = runtime.clock.now(), error


def require_mailbox(mailbox_id: int) -> Mailbox:
    """Return a mailbox or raise NotFound."""
    mailbox = db.session.get(Mailbox, mailbox_id)
    if mailbox is None:
        raise NotFound(f"There is no mailbox {mailbox_id}; list them with 'flowdesk mail mailboxes'.")
    return mailbox


def mailbox_named(name: str) -> Mailbox:
    """Return a mailbox by name or raise NotFound."""
    mailbox = db.session.execute(select(Mailbox).where(Mailbox.name == name.strip())).scalar_one_or_none()
    if mailbox is None:
        raise NotFound(f"There is no mailbox named '{name}'; list them with 'flowdesk mail mailboxes'.")
    return mailbox


def list_mailboxes() -> list[Mailbox]:
    """Return every mailbox by name."""
    return list(db.session.execute(select(Mailbox).order_by(Mailbox.name)).scalars())


def mailbox_dict(mailbox: Mailbox) -> dict[str, Any]:
    """Return a mailbox as JSON-able data, without its password or token."""
    return {"id": mailbox.id, "name": mailbox.name, "host": mailbox.host, "port": mailbox.port,
            "security": mailbox.security, "username": mailbox.username, "auth_method": mailbox.auth_method,
            "folder": mailbox.folder, "processed_folder": mailbox.processed_folder,
            "refused_folder": mailbox.refused_folder, "quarantine_folder": mailbox.quarantine_folder,
            "ticket_kind": mailbox.ticket_kind, "category_id": mailbox.category_id, "process_id": mailbox.process_id,
            "default_group": mailbox.default_group, "unknown_senders": mailbox.unknown_senders,
            "foreign_id_patterns": (mailbox.foreign_id_patterns or "").splitlines(),
            "active": mailbox.active, "last_polled_at": mailbox.last_polled_at, "last_error": mailbox.last_error,
            "oauth_token_url": mailbox.oauth_token_url, "oauth_expires_at": mailbox.oauth_expires_at}
