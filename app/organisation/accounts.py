"""Signing in: passwords, throttling of repeated failures, and the Actor of a user (API tokens: tokens.py)."""
from datetime import datetime, timedelta

from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.organisation.models import User
from app.organisation.policies import Actor, may_deploy
from app.organisation.tokens import create_token as create_token  # moved to tokens.py; kept for callers
from app.organisation.users import groups_of, lead_groups_of, require_active_user, roles_of
from app.platform.errors import NotAllowed
from app.platform.transactions import use_case
from app.workflow.runtime import Runtime

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
