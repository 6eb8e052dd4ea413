"""Signing in: passwords, API tokens, and the Actor of a user."""
import functools
import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.organisation.models import ApiToken, User
from app.organisation.policies import Actor, check_may_administer
from app.organisation.users import (
    DEFAULT_PASSWORD_HASH_METHOD,
    groups_of,
    lead_groups_of,
    require_user,
    roles_of,
)
from app.platform.errors import NotAllowed
from app.platform.transactions import use_case
from app.workflow.runtime import Runtime

TOKEN_USE_RESOLUTION = timedelta(minutes=1)  # how precisely a token's last use is recorded


def actor_for(user: User) -> Actor:
    """Build the Actor of a user."""
    return Actor(user.id, user.login, user.display_name, user.language or "en", user.timezone or "UTC",
                 frozenset(groups_of(user.login)), frozenset(roles_of(user.id)), frozenset(lead_groups_of(user.id)))


def active_actor(user_id: int) -> Actor | None:
    """Return the Actor of an active user (None when the id names nobody, or a deactivated account)."""
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return None
    return actor_for(user)


class SignInRefused(NotAllowed):
    """Wrong login or password ('wrong'), or a deactivated account ('inactive')."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def authenticate(runtime: Runtime, login: str, password: str,
                 password_hash_method: str = DEFAULT_PASSWORD_HASH_METHOD) -> User:
    """Check a login and password, doing the same work whether or not the login names an account.

    An unknown login (or an account without a password) checks a dummy hash made with the method real
    passwords are hashed with, so neither the answer nor its time tells which logins exist. Throttling
    repeated failures is the web edge's job (per login and client address, and per address), so that
    nobody can lock an account for everyone else.
    """
    user = db.session.execute(select(User).where(User.login == login.strip())).scalar_one_or_none()
    password_hash = user.password_hash if user is not None else None
    matches = check_password_hash(password_hash or dummy_hash(password_hash_method), password)
    if user is None or not password_hash or not matches:
        raise SignInRefused("The login or password is wrong.", "wrong")
    if not user.active:
        raise SignInRefused("This account is deactivated. Ask an administrator.", "inactive")
    return user


@functools.cache
def dummy_hash(method: str) -> str:
    """Return a hash, made with a method, of a password that no account has."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def token_digest(token: str) -> str:
    """Hash a token for storage and lookup."""
    return hashlib.sha256(token.encode()).hexdigest()


@use_case
def create_token(runtime: Runtime, actor: Actor, login: str, name: str = "cli") -> str:
    """Create an API token for a user and return it (shown once; only its hash is kept)."""
    check_may_administer(actor, f"create an API token for '{login}'")
    user = require_user(login)
    token = "fd_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, name=name, token_hash=token_digest(token),
                            created_at=runtime.clock.now()))
    return token


def user_for_token(runtime: Runtime, token: str) -> User | None:
    """Return the active user a valid, unrevoked token belongs to (and note the token's use)."""
    row = db.session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None))
    ).first()
    if row is None or not row.User.active:
        return None
    last_used_at = row.ApiToken.last_used_at
    if last_used_at is None or runtime.clock.now() - last_used_at >= TOKEN_USE_RESOLUTION:
        record_token_use(runtime, row.ApiToken.id)
    return row.User


@use_case
def record_token_use(runtime: Runtime, token_id: int) -> None:
    """Record that a token was used now: a write per minute at most, not one per request."""
    now = runtime.clock.now()
    db.session.execute(
        update(ApiToken).where(ApiToken.id == token_id, or_(ApiToken.last_used_at.is_(None),
                                                            ApiToken.last_used_at <= now - TOKEN_USE_RESOLUTION))
        .values(last_used_at=now))
