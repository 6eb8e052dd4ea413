"""Delegations while away: who stands in for a person's approvals, from when until when, and why.

A person sets their own; an admin sets anyone's. An approval task created while a delegation is in force goes to
the delegate (engine/approval: the delegate is assigned, the member and the delegate are both recorded).
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.organisation.models import Delegation, User
from app.organisation.policies import Actor, may_manage_delegations_of
from app.organisation.users import require_active_user, require_user
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case
from engine.clock import current_time

MAX_DELEGATION = timedelta(days=366)
MAX_REASON = 500


@dataclass(frozen=True)
class DelegationView:
    """A delegation as pages list it."""

    id: int
    from_login: str
    to_login: str
    to_name: str
    starts_at: datetime
    ends_at: datetime
    reason: str
    created_by: str
    withdrawn_at: datetime | None

    def in_force(self, at: datetime) -> bool:
        """Say whether the delegation hands approvals on at this moment."""
        return self.withdrawn_at is None and self.starts_at <= at < self.ends_at


def delegation_errors(from_login: str, to_login: str, starts_at: datetime | None, ends_at: datetime | None,
                      reason: str, now: datetime) -> dict[str, list[str]]:
    """Return what is wrong with a delegation's fields, by field, in sentences that say what to write."""
    errors: dict[str, list[str]] = {}
    if not to_login.strip():
        errors["to_login"] = [_("Name the person who decides for you while you are away.")]
    elif to_login.strip() == from_login:
        errors["to_login"] = [_("A person cannot stand in for themself; name someone else.")]
    if starts_at is None:
        errors["starts_at"] = [_("Give the date and time the delegation starts.")]
    if ends_at is None:
        errors["ends_at"] = [_("Give the date and time the delegation ends.")]
    if starts_at is not None and ends_at is not None:
        if ends_at <= starts_at:
            errors["ends_at"] = [_("The end must come after the start.")]
        elif ends_at <= now:
            errors["ends_at"] = [_("The end has already passed; give a moment still to come.")]
        elif ends_at - starts_at > MAX_DELEGATION:
            errors["ends_at"] = [_("A delegation lasts a year at most; set an earlier end.")]
    if not reason.strip():
        errors["reason"] = [_("Say why (for example: on leave), so that the history explains who decided.")]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [_("Keep the reason to %(most)s characters.", most=MAX_REASON)]
    return errors


def check_may_manage(actor: Actor, user: User) -> None:
    """Refuse (NotAllowed) unless the actor is the person or an admin."""
    if not may_manage_delegations_of(actor, user.id):
        raise NotAllowed(f"{actor.login} may not change the delegations of {user.login}: people set their own, "
                         "administrators anyone's.")


@use_case
def set_delegation(actor: Actor, from_login: str, to_login: str, starts_at: datetime | None,
                   ends_at: datetime | None, reason: str, now: datetime) -> int:
    """Record that to_login decides from_login's approvals from starts_at until ends_at; return its id."""
    owner = require_user(from_login)
    check_may_manage(actor, owner)
    errors = delegation_errors(from_login, to_login, starts_at, ends_at, reason, now)
    if errors:
        raise InvalidValues("The delegation was not saved: " + " ".join(m for ms in errors.values() for m in ms),
                            errors)
    assert starts_at is not None and ends_at is not None  # noqa: S101 - checked by delegation_errors
    try:
        delegate = require_active_user(to_login.strip())
    except NotFound:
        raise InvalidValues(f"There is no active user '{to_login.strip()}'; name someone who can sign in.",
                            {"to_login": [_("There is no active user '%(login)s'; name someone who can sign in.",
                                            login=to_login.strip())]}) from None
    overlapping = overlapping_delegation(owner.id, starts_at, ends_at)
    if overlapping is not None:
        message = _("This overlaps the delegation to %(login)s (%(start)s - %(end)s UTC); withdraw it first or "
                    "choose other dates.", login=overlapping.to_login,
                    start=f"{overlapping.starts_at:%Y-%m-%d %H:%M}", end=f"{overlapping.ends_at:%Y-%m-%d %H:%M}")
        raise InvalidValues(message, {"starts_at": [message]})
    row = Delegation(from_user_id=owner.id, to_user_id=delegate.id, starts_at=starts_at, ends_at=ends_at,
                     reason=reason.strip(), created_by=actor.login, created_at=now)
    db.session.add(row)
    db.session.flush()
    return row.id


@use_case
def withdraw_delegation(actor: Actor, delegation_id: int, now: datetime) -> None:
    """Withdraw a delegation: approvals created from now on go to the person again."""
    row = db.session.get(Delegation, delegation_id)
    if row is None or row.withdrawn_at is not None:
        raise NotFound(f"There is no delegation {delegation_id} in force or to come; reload the page.")
    check_may_manage(actor, db.session.get(User, row.from_user_id))  # type: ignore[arg-type]
    row.withdrawn_at = now
    row.withdrawn_by = actor.login


def overlapping_delegation(user_id: int, starts_at: datetime, ends_at: datetime) -> DelegationView | None:
    """Return a delegation of the person, not withdrawn, whose time overlaps this one, if any."""
    for view in select_views(Delegation.from_user_id == user_id, Delegation.withdrawn_at.is_(None)):
        if view.starts_at < ends_at and starts_at < view.ends_at:
            return view
    return None


def delegations_of(login: str) -> list[DelegationView]:
    """Return a person's delegations, latest start first."""
    user = require_user(login)
    return select_views(Delegation.from_user_id == user.id)


def delegates_in_force(members: Sequence[str], at: datetime) -> dict[str, str]:
    """Return the delegate in force at a moment for each of these people who has one, by login."""
    if not members:
        return {}
    owner = aliased(User)
    delegate = aliased(User)
    rows = db.session.execute(
        select(owner.login, delegate.login).select_from(Delegation)
        .join(owner, owner.id == Delegation.from_user_id).join(delegate, delegate.id == Delegation.to_user_id)
        .where(owner.login.in_(list(members)), Delegation.withdrawn_at.is_(None), Delegation.starts_at <= at,
               Delegation.ends_at > at, delegate.active.is_(True))
        .order_by(Delegation.starts_at))
    return {member: stand_in for member, stand_in in rows}


def select_views(*conditions: object) -> list[DelegationView]:
    """Return the delegations meeting the conditions as views, latest start first."""
    owner = aliased(User)
    delegate = aliased(User)
    rows = db.session.execute(
        select(Delegation, owner.login, delegate.login, delegate.display_name).select_from(Delegation)
        .join(owner, owner.id == Delegation.from_user_id).join(delegate, delegate.id == Delegation.to_user_id)
        .where(*conditions).order_by(Delegation.starts_at.desc()))  # type: ignore[arg-type]
    return [DelegationView(row.id, from_login, to_login, to_name, row.starts_at, row.ends_at, row.reason,
                           row.created_by, row.withdrawn_at) for row, from_login, to_login, to_name in rows]


def delegates_of_step(context: object, members: Sequence[str]) -> dict[str, str]:
    """Return the delegates in force at the running step's moment (the engine's approval tasks ask this)."""
    return delegates_in_force(members, current_time())


def delegations_for(actor: Actor, login: str) -> list[DelegationView]:
    """Return a person's delegations for someone who may manage them (raises NotAllowed, NotFound)."""
    check_may_manage(actor, require_user(login))
    return delegations_of(login)
