"""People, departments, groups and roles: the organisation."""
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from sqlalchemy import Select, delete, select
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import ROLES, Department, Group, Membership, User, UserRole
from app.services.errors import Conflict, InvalidValues, NotFound
from app.services.runtime import Runtime

LANGUAGES = ("en", "zh_CN")
MIN_PASSWORD_LENGTH = 8


@dataclass
class UserDetails:
    """What an admin sets on a user; None leaves a field unchanged on update."""

    display_name: str | None = None
    email: str | None = None
    phone: str | None = None
    department_id: int | None = None
    language: str | None = None
    timezone: str | None = None
    password: str | None = None
    groups: Sequence[str] | None = None
    roles: Sequence[str] | None = None
    lead_of: Sequence[str] = field(default_factory=tuple)


def add_user(runtime: Runtime, login: str, groups: Sequence[str], display_name: str | None = None,
             email: str | None = None, details: UserDetails | None = None) -> User:
    """Create a user with group memberships (new groups are created) and roles (requester by default)."""
    login = login.strip()
    if not login:
        raise Conflict("A login cannot be empty.")
    if db.session.execute(select(User.id).where(User.login == login)).first():
        db.session.rollback()
        raise Conflict(f"A user with login '{login}' already exists.")
    details = details or UserDetails()
    user = User(login=login, display_name=display_name or details.display_name or login,
                email=email or details.email, active=True, created_at=runtime.clock.now(),
                language="en", timezone="UTC", failed_logins=0)
    db.session.add(user)
    db.session.flush()
    apply_details(user, UserDetails(**{**details.__dict__, "groups": list(groups) or details.groups or [],
                                        "roles": details.roles or ["requester"]}))
    db.session.commit()
    return user


def update_user(login: str, details: UserDetails) -> User:
    """Change a user's details, memberships or roles."""
    user = require_user(login)
    apply_details(user, details)
    db.session.commit()
    return user


def apply_details(user: User, details: UserDetails) -> None:
    """Set the given fields on a user (validated), replacing groups and roles when given."""
    errors = detail_errors(details)
    if errors:
        db.session.rollback()
        raise InvalidValues("The user was not saved: " + " ".join(m for ms in errors.values() for m in ms), errors)
    for name in ("display_name", "email", "phone", "department_id", "language", "timezone"):
        value = getattr(details, name)
        if value is not None:
            setattr(user, name, value or None if name in ("email", "phone") else value)
    if details.password:
        user.password_hash = generate_password_hash(details.password,
                                                    method=current_app.config["PASSWORD_HASH_METHOD"])
    if details.groups is not None:
        set_memberships(user, details.groups, details.lead_of)
    if details.roles is not None:
        db.session.execute(delete(UserRole).where(UserRole.user_id == user.id))
        db.session.add_all(UserRole(user_id=user.id, role=role) for role in sorted(set(details.roles)))


def detail_errors(details: UserDetails) -> dict[str, list[str]]:
    """Return field errors for user details (unknown roles, languages, zones, short passwords)."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(details.roles or ()) - set(ROLES))
    if unknown:
        errors["roles"] = [f"Unknown role(s): {', '.join(unknown)}. Use: {', '.join(ROLES)}."]
    if details.language is not None and details.language not in LANGUAGES:
        errors["language"] = [f"Language must be one of: {', '.join(LANGUAGES)}."]
    if details.timezone is not None and not valid_timezone(details.timezone):
        errors["timezone"] = [f"'{details.timezone}' is not a time zone; use a name such as Asia/Shanghai."]
    if details.password is not None and 0 < len(details.password) < MIN_PASSWORD_LENGTH:
        errors["password"] = [f"A password needs at least {MIN_PASSWORD_LENGTH} characters."]
    if details.department_id is not None and db.session.get(Department, details.department_id) is None:
        errors["department_id"] = [f"Department {details.department_id} does not exist."]
    return errors


def valid_timezone(name: str) -> bool:
    """Say whether a name is an IANA time zone."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def set_memberships(user: User, groups: Sequence[str], lead_of: Sequence[str]) -> None:
    """Replace a user's group memberships."""
    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    for name in dict.fromkeys(g.strip() for g in groups if g.strip()):
        group = ensure_group(name)
        db.session.add(Membership(user_id=user.id, group_id=group.id, is_lead=name in lead_of))


def set_active(login: str, active: bool) -> User:
    """Deactivate (or reactivate) a user; a deactivated user cannot sign in, their tasks stay."""
    user = require_user(login)
    user.active = active
    db.session.commit()
    return user


def ensure_group(name: str) -> Group:
    """Return the group with this name, creating it if needed."""
    group = db.session.execute(select(Group).where(Group.name == name)).scalar_one_or_none()
    if group is None:
        group = Group(name=name)
        db.session.add(group)
        db.session.flush()
    return group


def groups_of(login: str) -> list[str]:
    """Return the names of the groups a user belongs to."""
    return [name for name in db.session.execute(select_group_names(login).order_by(Group.name)).scalars()]


def select_group_names(login: str) -> Select[Any]:
    """Return a query for the names of a user's groups, to embed in other queries."""
    return (select(Group.name).join(Membership, Membership.group_id == Group.id)
            .join(User, User.id == Membership.user_id).where(User.login == login))


def roles_of(user_id: int) -> list[str]:
    """Return a user's roles."""
    return list(db.session.execute(
        select(UserRole.role).where(UserRole.user_id == user_id).order_by(UserRole.role)).scalars())


def lead_groups_of(user_id: int) -> list[str]:
    """Return the groups a user leads."""
    return list(db.session.execute(
        select(Group.name).join(Membership, Membership.group_id == Group.id)
        .where(Membership.user_id == user_id, Membership.is_lead.is_(True)).order_by(Group.name)).scalars())


def require_user(login: str) -> User:
    """Return a user (active or not) or raise NotFound."""
    user = db.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    if user is None:
        db.session.rollback()
        raise NotFound(f"There is no user '{login}'. Add one with 'flowdesk users add {login} --groups ...'.")
    return user


def require_active_user(login: str) -> User:
    """Return an active user or raise NotFound."""
    user = db.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    if user is None or not user.active:
        raise NotFound(f"There is no active user '{login}'. Add one with 'flowdesk users add {login} --groups ...'.")
    return user


def list_users() -> list[tuple[User, list[str]]]:
    """Return every user with their groups."""
    users = db.session.execute(select(User).order_by(User.login)).scalars().all()
    return [(user, groups_of(user.login)) for user in users]


def add_department(name: str, parent_id: int | None = None) -> Department:
    """Create a department under a parent (or at the top)."""
    if parent_id is not None and db.session.get(Department, parent_id) is None:
        db.session.rollback()
        raise NotFound(f"Department {parent_id} does not exist.")
    department = Department(name=name.strip(), parent_id=parent_id)
    db.session.add(department)
    db.session.commit()
    return department
