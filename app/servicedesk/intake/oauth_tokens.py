"""OAuth2 mailboxes (Microsoft 365, Gmail): the access token FlowDesk signs in with over IMAP (XOAUTH2) is renewed with
the mailbox's refresh token at its provider's token endpoint (RFC 6749 section 6, spoken by Authlib) when it has
expired, or when the server refuses it. The new tokens are sealed at rest like a password (app/platform/secret_box.py).

Getting the first refresh token (the consent of the mailbox's owner) is the operator's step: docs/mail-oauth2.md.
"""
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from imapclient import IMAPClient
from imapclient.exceptions import LoginError

from app.extensions import db
from app.organisation.policies import Actor, check_may_administer
from app.platform.errors import InvalidValues
from app.platform.secret_box import seal, unseal
from app.platform.transactions import use_case
from app.servicedesk.intake.mailboxes import MailboxSettings, add_mailbox, mailbox_named, require_mailbox
from app.servicedesk.intake.models import Mailbox
from app.servicedesk.intake.settings import IntakeSettings
from app.workflow.runtime import Runtime

EARLY = timedelta(seconds=60)  # a token this close to its end is renewed before use: the pass outlives it otherwise


class TokenRefreshFailed(Exception):
    """The token endpoint refused the refresh token or could not be reached; the message says what to do."""


@dataclass(frozen=True)
class OAuthClient:
    """How a mailbox renews its access token: the registered app, its provider's token endpoint, the refresh token."""

    client_id: str
    client_secret: str | None
    token_url: str
    refresh_token: str
    scope: str | None = None


@dataclass(frozen=True)
class FreshTokens:
    """What the token endpoint answered: a new access token, perhaps a new refresh token, and when it expires."""

    access_token: str
    refresh_token: str | None
    expires_at: datetime | None


def check_token_url(url: str) -> None:
    """Refuse a token endpoint that is not https:// (plain http:// only on this machine's loopback)."""
    parts = urlsplit(url.strip())
    loopback = parts.hostname == "localhost" or is_loopback_address(parts.hostname or "")
    if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and loopback)):
        raise InvalidValues("The token endpoint must be an https:// address, such as "
                            "https://login.microsoftonline.com/TENANT/oauth2/v2.0/token.",
                            {"oauth_token_url": ["Write the token endpoint with https://."]})


def is_loopback_address(host: str) -> bool:
    """Say whether a host is a loopback IP address."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def request_fresh_tokens(client: OAuthClient, now: datetime, timeout_seconds: float) -> FreshTokens:
    """Ask the token endpoint for a new access token with the refresh token; raise TokenRefreshFailed with why."""
    session = OAuth2Session(client.client_id, client.client_secret, scope=client.scope,
                            token_endpoint_auth_method="client_secret_post" if client.client_secret else "none")
    try:
        token = session.refresh_token(client.token_url, refresh_token=client.refresh_token, timeout=timeout_seconds)
    except OAuthError as refused:
        raise TokenRefreshFailed(
            f"The token endpoint {client.token_url} refused the refresh token ({refused.error}: "
            f"{refused.description or 'no description'}). Sign in to the mailbox's account again to get a new "
            "refresh token and store it with 'flowdesk mail set-oauth2'.") from None
    except (requests.RequestException, ValueError) as failed:
        raise TokenRefreshFailed(f"The token endpoint {client.token_url} could not be asked for a new access token: "
                                 f"{failed}. The next pass tries again.") from None
    expires_in = token.get("expires_in")
    return FreshTokens(str(token["access_token"]), token.get("refresh_token"),
                       now + timedelta(seconds=int(expires_in)) if expires_in else None)


@dataclass(frozen=True)
class TokenState:
    """A mailbox's current access token, when it expires, and how to renew it (None: it cannot be renewed)."""

    access_token: str
    expires_at: datetime | None
    client: OAuthClient | None


def read_token_state(key: bytes, mailbox_id: int) -> TokenState:
    """Return a mailbox's tokens, unsealed, and end the read."""
    mailbox = require_mailbox(mailbox_id)
    client = None
    if mailbox.oauth_client_id and mailbox.oauth_token_url and mailbox.oauth_refresh_token:
        client = OAuthClient(mailbox.oauth_client_id,
                             unseal(key, mailbox.oauth_client_secret) if mailbox.oauth_client_secret else None,
                             mailbox.oauth_token_url, unseal(key, mailbox.oauth_refresh_token), mailbox.oauth_scope)
    state = TokenState(unseal(key, mailbox.secret), mailbox.oauth_expires_at, client)
    db.session.rollback()  # end the read before talking to the network
    return state


@use_case
def store_fresh_tokens(runtime: Runtime, key: bytes, mailbox_id: int, fresh: FreshTokens) -> None:
    """Seal and keep a mailbox's new access token (and the new refresh token, when the provider rotated it)."""
    mailbox = require_mailbox(mailbox_id)
    mailbox.secret = seal(key, fresh.access_token)
    mailbox.oauth_expires_at = fresh.expires_at
    if fresh.refresh_token:
        mailbox.oauth_refresh_token = seal(key, fresh.refresh_token)


def renewed_access_token(runtime: Runtime, settings: IntakeSettings, mailbox_id: int, client: OAuthClient) -> str:
    """Renew a mailbox's access token at its token endpoint, keep the new tokens sealed, and return the new one."""
    fresh = request_fresh_tokens(client, runtime.clock.now(), settings.imap_timeout_seconds)
    store_fresh_tokens(runtime, settings.key, mailbox_id, fresh)
    return fresh.access_token


def sign_in_with_oauth2(runtime: Runtime, settings: IntakeSettings, client: IMAPClient, mailbox_id: int,
                        username: str) -> None:
    """Sign in with XOAUTH2: renew the access token first when it expired, or once when the server refuses it."""
    state = read_token_state(settings.key, mailbox_id)
    token, renewed = state.access_token, False
    if state.client is not None and state.expires_at is not None and state.expires_at - EARLY <= runtime.clock.now():
        token, renewed = renewed_access_token(runtime, settings, mailbox_id, state.client), True
    try:
        client.oauth2_login(username, token)
    except LoginError:
        if state.client is None or renewed:
            raise  # nothing (new) to sign in with: the mailbox shows the server's refusal
        client.oauth2_login(username, renewed_access_token(runtime, settings, mailbox_id, state.client))


@use_case
def set_mailbox_oauth2(runtime: Runtime, actor: Actor, name: str, client: OAuthClient) -> Mailbox:
    """Make a mailbox sign in with OAuth2 and renew its token with this client (admins only); secrets are sealed."""
    check_may_administer(actor, f"set the OAuth2 sign-in of the mailbox '{name}'")
    check_token_url(client.token_url)
    if not client.client_id.strip() or not client.refresh_token.strip():
        raise InvalidValues("OAuth2 needs the app's client id and a refresh token; see docs/mail-oauth2.md.",
                            {"oauth_client_id": ["Enter the client id and the refresh token."]})
    mailbox, key = mailbox_named(name), runtime.mail.secret_key
    mailbox.auth_method = "oauth2"
    mailbox.oauth_client_id, mailbox.oauth_token_url = client.client_id.strip(), client.token_url.strip()
    mailbox.oauth_client_secret = seal(key, client.client_secret) if client.client_secret else None
    mailbox.oauth_refresh_token = seal(key, client.refresh_token.strip())
    mailbox.oauth_scope = client.scope or None
    mailbox.oauth_expires_at = runtime.clock.now()  # renew at the next pass: the stored access token may be stale
    return mailbox


@use_case
def add_oauth2_mailbox(runtime: Runtime, actor: Actor, name: str, url: str, settings: MailboxSettings,
                       client: OAuthClient) -> Mailbox:
    """Add a mailbox that signs in with OAuth2 and renews its token with this client, in one unit (admins only)."""
    add_mailbox(runtime, actor, name, url, settings)
    return set_mailbox_oauth2(runtime, actor, name, client)
