"""Browser sessions: one row per sign-in, ended by signing out, by time, or all at once.

A sign-in stores a random key in the (signed) session cookie and its hash here, with the user's session
version. A request is signed in only while its key's row exists, the version still matches the user's,
the person has not been idle longer than the idle limit, and the sign-in is younger than the absolute
limit. Signing out deletes the row; raising the user's version (sign out everywhere, a new password,
an administrator's reset, deactivation) ends every session of theirs at once.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from app.extensions import db
from app.organisation.account_runtime import AccountRuntime
from app.organisation.models import User, UserSession
from app.organisation.policies import Actor, check_may_administer
from app.platform.errors import NotFound
from app.platform.transactions import use_case

SEEN_RESOLUTION = timedelta(minutes=1)  # how precisely the last request of a session is recorded
USER_AGENT_LENGTH = 200


@dataclass(frozen=True)
class SessionLimits:
    """How long a session lasts: idle (since its last request) and absolute (since sign-in)."""

    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class StartedSession:
    """What the session cookie keeps of a sign-in."""

    key: str
    version: int


@dataclass(frozen=True)
class SessionView:
    """One live sign-in of a person, as their profile page lists it."""

    id: int
    started_at: datetime
    last_seen_at: datetime
    user_agent: str | None


def key_digest(key: str) -> str:
    """Hash a session key for storage and lookup."""
    return hashlib.sha256(key.encode()).hexdigest()


def session_expired(started_at: datetime, last_seen_at: datetime, now: datetime, limits: SessionLimits) -> bool:
    """Say whether a session has been idle too long or has lived too long."""
    return now - last_seen_at > limits.idle or now - started_at > limits.absolute


@use_case
def start_session(runtime: AccountRuntime, user_id: int, user_agent: str | None,
                  limits: SessionLimits) -> StartedSession:
    """Record a sign-in and return its key (for the cookie); the person's sessions past their time go."""
    now = runtime.clock.now()
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("The account no longer exists; nobody was signed in.")
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id, or_(
        UserSession.session_version != user.session_version, UserSession.started_at < now - limits.absolute,
        UserSession.last_seen_at < now - limits.idle)))
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user_id, key_hash=key_digest(key), session_version=user.session_version,
                               started_at=now, last_seen_at=now, user_agent=(user_agent or "")[:USER_AGENT_LENGTH]))
    return StartedSession(key, user.session_version)


def resume_session(runtime: AccountRuntime, user_id: int, key: str, version: int | None,
                   limits: SessionLimits) -> User | None:
    """Return the active user a session cookie still signs in, or None (and forget a session past its time)."""
    if not key or version is None:
        return None
    row = db.session.execute(
        select(UserSession, User).join(User, User.id == UserSession.user_id)
        .where(UserSession.key_hash == key_digest(key), UserSession.user_id == user_id)).first()
    if row is None:
        return None
    session, user = row.UserSession, row.User
    now = runtime.clock.now()
    current = user.active and session.session_version == user.session_version == version
    if not current or session_expired(session.started_at, session.last_seen_at, now, limits):
        end_session(key)
        return None
    if now - session.last_seen_at >= SEEN_RESOLUTION:
        record_session_use(runtime, session.id)
    return user


@use_case
def record_session_use(runtime: AccountRuntime, session_id: int) -> None:
    """Record that a session was used now: a write per minute at most, not one per request."""
    now = runtime.clock.now()
    db.session.execute(update(UserSession).where(UserSession.id == session_id,
                                                 UserSession.last_seen_at <= now - SEEN_RESOLUTION)
                       .values(last_seen_at=now))


@use_case
def end_session(key: str) -> None:
    """End one sign-in (signing out): its cookie signs nobody in any more."""
    db.session.execute(delete(UserSession).where(UserSession.key_hash == key_digest(key)))


def end_every_session(user: User) -> None:
    """End every session of a person, inside the caller's unit (a new password, deactivation)."""
    user.session_version += 1
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


@use_case
def end_own_sessions(actor: Actor) -> None:
    """Sign the actor out everywhere: every browser they signed in with."""
    user = db.session.execute(select(User).where(User.id == actor.id).with_for_update()).scalar_one()
    end_every_session(user)


@use_case
def end_sessions_of(runtime: AccountRuntime, actor: Actor, login: str) -> None:
    """Sign a person out everywhere (administrators only), e.g. when a device of theirs was lost."""
    check_may_administer(actor, f"sign '{login}' out everywhere")
    user = db.session.execute(select(User).where(User.login == login).with_for_update()).scalar_one_or_none()
    if user is None:
        raise NotFound(f"There is no user '{login}'.")
    end_every_session(user)
    by = actor.login_unless(user.id)
    if by is not None:  # signing oneself out everywhere is no news to oneself
        runtime.account_changed(runtime, user.id, "signed_out_everywhere", by, "")


def list_sessions(user_id: int, now: datetime, limits: SessionLimits) -> list[SessionView]:
    """Return a person's live sessions, most recently used first."""
    rows = db.session.execute(select(UserSession).join(User, User.id == UserSession.user_id).where(
        UserSession.user_id == user_id, UserSession.session_version == User.session_version)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())).scalars()
    return [SessionView(row.id, row.started_at, row.last_seen_at, row.user_agent) for row in rows
            if not session_expired(row.started_at, row.last_seen_at, now, limits)]
