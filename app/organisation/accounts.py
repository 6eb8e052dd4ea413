"""Signing in: passwords, throttling of repeated failures, API tokens, and the Actor of a user."""
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.organisation.models import ApiToken, User
from app.organisation.policies import Actor, check_may_administer, may_deploy
from app.organisation.users import groups_of, lead_groups_of, require_active_user, require_user, roles_of
from app.platform.errors import NotAllowed
from app.platform.transactions import use_case
from app.workflow.runtime import Runtime

TOKEN_USE_RESOLUTION = timedelta(minutes=1)  # how precisely a token's last use is recorded
FREE_FAILURES = 3  # failed sign-ins allowed before the wait starts
MAX_WAIT_SECONDS = 15 * 60


def actor_for(user: User) -> Actor:
    """Build the Actor of a user."""
    return Actor(user.id, user.login, user.display_name, user.language or "en", user.timezone or "UTC",
                 frozenset(groups_of(user.login)), frozenset(roles_of(user.id)), frozenset(lead_groups_of(user.id)))


def require_process_owner(login: str) -> Actor:
    """Return the Actor of the active process owner (or admin) with this login; NotFound or NotAllowed otherwise."""
    actor = actor_for(require_active_user(login))
    if not may_deploy(actor):
        raise NotAllowed(f"{login} is not a process owner, so may not deploy diagrams. Name a process owner, or ask "
                         f"an administrator to give {login} the process_owner role.")
    return actor


def active_actor(user_id: int) -> Actor | None:
    """Return the Actor of an active user (None when the id names nobody, or a deactivated account)."""
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return None
    return actor_for(user)


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
    """Check a login and password; every attempt counts as failed until the password proves right.

    Counting before the (slow) password check, in a unit of its own, means guesses sent in parallel
    cannot slip past the wait, and no transaction stays open while the password hash is computed.
    """
    user = db.session.execute(select(User).where(User.login == login.strip())).scalar_one_or_none()
    if user is None:
        check_password_hash(DUMMY_HASH, password)  # same work as for a real account
        raise SignInRefused("The login or password is wrong.", "wrong")
    user_id, password_hash, active = user.id, user.password_hash, user.active
    count_sign_in_attempt(runtime, user_id)
    if not password_hash or not check_password_hash(password_hash, password):
        raise SignInRefused("The login or password is wrong.", "wrong")
    clear_failed_sign_ins(user_id)
    if not active:
        raise SignInRefused("This account is deactivated. Ask an administrator.", "inactive")
    return user


@use_case
def count_sign_in_attempt(runtime: Runtime, user_id: int) -> None:
    """Count a sign-in attempt as failed (until its password proves right); refuse it while a wait lasts."""
    now = runtime.clock.now()
    user = db.session.execute(select(User).where(User.id == user_id).with_for_update()
                              .execution_options(populate_existing=True)).scalar_one()
    wait = login_wait(user.failed_logins, user.last_failed_login_at, now)
    if wait:
        seconds = int(wait.total_seconds()) + 1
        raise SignInRefused(f"Too many failed attempts. Try again in {seconds} seconds.", "wait", seconds)
    user.failed_logins += 1
    user.last_failed_login_at = now


@use_case
def clear_failed_sign_ins(user_id: int) -> None:
    """Forget a user's failed sign-ins once the right password was given."""
    db.session.execute(update(User).where(User.id == user_id).values(failed_logins=0, last_failed_login_at=None))


DUMMY_HASH = generate_password_hash("no account has this password")


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
