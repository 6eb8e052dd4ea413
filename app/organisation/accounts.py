"""Signing in: passwords, throttling of repeated failures, API tokens, and who the actor is."""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.organisation.models import ApiToken, User
from app.organisation.users import groups_of, lead_groups_of, require_user, roles_of
from app.platform.errors import NotAllowed
from app.workflow.runtime import Runtime

TOKEN_USE_RESOLUTION = timedelta(minutes=1)  # how precisely a token's last use is recorded
FREE_FAILURES = 3  # failed sign-ins allowed before the wait starts
MAX_WAIT_SECONDS = 15 * 60


@dataclass(frozen=True)
class Actor:
    """The signed-in person as every permission rule sees them."""

    id: int
    login: str
    display_name: str
    language: str
    timezone: str
    groups: frozenset[str]
    roles: frozenset[str]
    lead_of: frozenset[str]

    def has_role(self, *roles: str) -> bool:
        """Say whether the actor holds any of these roles (admins hold every role)."""
        return "admin" in self.roles or bool(self.roles.intersection(roles))


def actor_for(user: User) -> Actor:
    """Build the Actor of a user."""
    return Actor(user.id, user.login, user.display_name, user.language or "en", user.timezone or "UTC",
                 frozenset(groups_of(user.login)), frozenset(roles_of(user.id)), frozenset(lead_groups_of(user.id)))


def login_wait(failures: int, last_failed_at: datetime | None, now: datetime) -> timedelta:
    """Return how long someone must wait before the next attempt (doubles per failure past the free ones)."""
    if failures < FREE_FAILURES or last_failed_at is None:
        return timedelta(0)
    wait = timedelta(seconds=min(2 ** (failures - FREE_FAILURES + 1), MAX_WAIT_SECONDS))
    return max(timedelta(0), last_failed_at + wait - now)


class SignInRefused(NotAllowed):
    """Wrong login or password ('wrong'), a deactivated account ('inactive'), or too many failures ('wait')."""

    def __init__(self, message: str, reason: str, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.reason = reason
        self.wait_seconds = wait_seconds


def authenticate(runtime: Runtime, login: str, password: str) -> User:
    """Check a login and password; record failures so repeated guesses slow down."""
    now = runtime.clock.now()
    user = db.session.execute(select(User).where(User.login == login.strip())).scalar_one_or_none()
    if user is None:
        check_password_hash(DUMMY_HASH, password)  # same work as for a real account
        raise SignInRefused("The login or password is wrong.", "wrong")
    wait = login_wait(user.failed_logins, user.last_failed_login_at, now)
    if wait:
        db.session.rollback()
        seconds = int(wait.total_seconds()) + 1
        raise SignInRefused(f"Too many failed attempts. Try again in {seconds} seconds.", "wait", seconds)
    if not user.password_hash or not check_password_hash(user.password_hash, password):
        user.failed_logins += 1
        user.last_failed_login_at = now
        db.session.commit()
        raise SignInRefused("The login or password is wrong.", "wrong")
    if not user.active:
        db.session.rollback()
        raise SignInRefused("This account is deactivated. Ask an administrator.", "inactive")
    user.failed_logins = 0
    user.last_failed_login_at = None
    db.session.commit()
    return user


DUMMY_HASH = generate_password_hash("no account has this password")


def token_digest(token: str) -> str:
    """Hash a token for storage and lookup."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(runtime: Runtime, login: str, name: str = "cli") -> str:
    """Create an API token for a user and return it (shown once; only its hash is kept)."""
    user = require_user(login)
    token = "fd_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, name=name, token_hash=token_digest(token),
                            created_at=runtime.clock.now()))
    db.session.commit()
    return token


def user_for_token(runtime: Runtime, token: str) -> User | None:
    """Return the active user a valid, unrevoked token belongs to."""
    row = db.session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None))
    ).first()
    if row is None or not row.User.active:
        return None
    now = runtime.clock.now()
    last_used_at = row.ApiToken.last_used_at
    if last_used_at is None or now - last_used_at >= TOKEN_USE_RESOLUTION:
        row.ApiToken.last_used_at = now  # a write per minute, not per request
        db.session.commit()
    return row.User
