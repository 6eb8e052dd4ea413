"""API tokens: created for a person with a scope and an expiry, listed with their last use, revoked.

Only a token's hash is stored. A 'read' token may only read (GET); a 'write' token may do whatever its
person may. A token stops working when it expires, is revoked, or its person is deactivated.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from app.extensions import db
from app.organisation.account_runtime import AccountRuntime
from app.organisation.models import ApiToken, User
from app.organisation.policies import Actor, check_may_administer, may_manage_credentials_of
from app.organisation.users import require_user
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case

TOKEN_USE_RESOLUTION = timedelta(minutes=1)  # how precisely a token's last use is recorded
TOKEN_SCOPES = ("read", "write")
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365
TOKEN_NAME_LENGTH = 100


@dataclass(frozen=True)
class TokenHolder:
    """Who a valid token signs in, and what it may do."""

    user: User
    scope: str


@dataclass(frozen=True)
class TokenView:
    """A token as its lists show it (never the token itself)."""

    id: int
    login: str
    name: str
    scope: str
    created_at: datetime
    created_by: str | None
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None
    status: str  # active, expired, revoked


def token_digest(token: str) -> str:
    """Hash a token for storage and lookup."""
    return hashlib.sha256(token.encode()).hexdigest()


def scope_allows(scope: str, method: str) -> bool:
    """Say whether a token of this scope may make a request with this HTTP method."""
    return scope == "write" or method.upper() in READ_METHODS


def token_status(revoked_at: datetime | None, expires_at: datetime | None, now: datetime) -> str:
    """Name a token's state: revoked, expired or active."""
    if revoked_at is not None:
        return "revoked"
    if expires_at is not None and expires_at <= now:
        return "expired"
    return "active"


@use_case
def create_token(runtime: AccountRuntime, actor: Actor, login: str, name: str = "cli", scope: str = "write",
                 days: int = DEFAULT_TOKEN_DAYS) -> str:
    """Create an API token for a user and return it (shown once; only its hash is kept)."""
    check_may_administer(actor, f"create an API token for '{login}'")
    errors: dict[str, list[str]] = {}
    if scope not in TOKEN_SCOPES:
        errors["scope"] = [f"A token's scope is one of: {', '.join(TOKEN_SCOPES)}."]
    if not 1 <= days <= MAX_TOKEN_DAYS:
        errors["days"] = [f"A token lives 1 to {MAX_TOKEN_DAYS} days."]
    if not name.strip() or len(name) > TOKEN_NAME_LENGTH:
        errors["name"] = [f"Give the token a name of 1 to {TOKEN_NAME_LENGTH} characters saying what it is for."]
    if errors:
        raise InvalidValues("No token was created: " + " ".join(m for ms in errors.values() for m in ms), errors)
    user = require_user(login)
    if not user.active:
        raise NotAllowed(f"The account '{login}' is deactivated; reactivate it before giving it a token.")
    token = "fd_" + secrets.token_urlsafe(32)
    now = runtime.clock.now()
    db.session.add(ApiToken(user_id=user.id, name=name.strip(), token_hash=token_digest(token), created_at=now,
                            scope=scope, expires_at=now + timedelta(days=days), created_by=actor.login))
    runtime.account_changed(runtime, user.id, "token_created", actor.login_unless(user.id), name.strip())
    return token


def holder_of_token(runtime: AccountRuntime, token: str) -> TokenHolder | None:
    """Return who a valid token signs in: unrevoked, unexpired, of an active user (and note the token's use)."""
    now = runtime.clock.now()
    row = db.session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None),
               or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now))
    ).first()
    if row is None or not row.User.active:
        return None
    last_used_at = row.ApiToken.last_used_at
    if last_used_at is None or now - last_used_at >= TOKEN_USE_RESOLUTION:
        record_token_use(runtime, row.ApiToken.id)
    return TokenHolder(row.User, row.ApiToken.scope)


@use_case
def record_token_use(runtime: AccountRuntime, token_id: int) -> None:
    """Record that a token was used now: a write per minute at most, not one per request."""
    now = runtime.clock.now()
    db.session.execute(
        update(ApiToken).where(ApiToken.id == token_id, or_(ApiToken.last_used_at.is_(None),
                                                            ApiToken.last_used_at <= now - TOKEN_USE_RESOLUTION))
        .values(last_used_at=now))


def list_tokens(runtime: AccountRuntime, actor: Actor, login: str | None = None) -> list[TokenView]:
    """Return a person's tokens (all people's when login is None: administrators only), newest first."""
    query = select(ApiToken, User.login).join(User, User.id == ApiToken.user_id)
    if login is None:
        check_may_administer(actor, "list every API token")
    else:
        user = require_user(login)
        if not may_manage_credentials_of(actor, user.id):
            raise NotAllowed(f"{actor.login} may not see the API tokens of '{login}'.")
        query = query.where(ApiToken.user_id == user.id)
    now = runtime.clock.now()
    rows = db.session.execute(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()
    return [token_view(token, owner, now) for token, owner in rows]


def token_view(token: ApiToken, login: str, now: datetime) -> TokenView:
    """Describe a token for a list."""
    return TokenView(token.id, login, token.name, token.scope, token.created_at, token.created_by, token.expires_at,
                     token.last_used_at, token.revoked_at, token.revoked_by,
                     token_status(token.revoked_at, token.expires_at, now))


@use_case
def revoke_token(runtime: AccountRuntime, actor: Actor, token_id: int) -> TokenView:
    """Revoke a token at once (its person or an administrator); revoking a revoked token changes nothing."""
    token = db.session.get(ApiToken, token_id)
    if token is None or not may_manage_credentials_of(actor, token.user_id):
        raise NotFound(f"There is no API token {token_id} of yours. List them with 'flowdesk tokens list'.")
    now = runtime.clock.now()
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = now, actor.login
        runtime.account_changed(runtime, token.user_id, "token_revoked", actor.login_unless(token.user_id), token.name)
    owner = db.session.execute(select(User.login).where(User.id == token.user_id)).scalar_one()
    return token_view(token, owner, now)
