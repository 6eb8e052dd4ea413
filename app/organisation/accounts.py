"""Signing in: passwords and the Actor of a user (API tokens: tokens.py; throttling: the web edge)."""
import functools
import secrets

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.organisation.account_runtime import AccountRuntime
from app.organisation.models import User
from app.organisation.policies import Actor, may_deploy
from app.organisation.tokens import create_token as create_token  # moved to tokens.py; kept for callers
from app.organisation.users import (
    DEFAULT_PASSWORD_HASH_METHOD,
    memberships_of,
    require_active_user,
    roles_of,
)
from app.platform.errors import NotAllowed


def actor_for(user: User) -> Actor:
    """Build the Actor of a user: their groups and the ones they lead in one read, their roles in another."""
    memberships = memberships_of(user.id)  # group name -> leads it
    return Actor(user.id, user.login, user.display_name, user.language or "en", user.timezone or "UTC",
                 frozenset(memberships), frozenset(roles_of(user.id)),
                 frozenset(name for name, lead in memberships.items() if lead))


def require_process_owner(login: str) -> Actor:
    """Return the Actor of the active process owner (or admin) with this login; NotFound or NotAllowed otherwise."""
    actor = actor_for(require_active_user(login))
    if not may_deploy(actor):
        raise NotAllowed(f"{login} is not a process owner, so may not deploy diagrams. Name a process owner, or ask "
                         f"an administrator to give {login} the process_owner role.")
    return actor


class SignInRefused(NotAllowed):
    """Wrong login or password ('wrong'), or a deactivated account ('inactive')."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def authenticate(runtime: AccountRuntime, login: str, password: str,
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
