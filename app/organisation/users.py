"""Users: adding and changing people, their groups and roles; finding them for pages and tasks."""
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, delete, select

from app.extensions import db
from app.organisation.account_runtime import AccountRuntime
from app.organisation.models import GROUP_NAME, GROUP_NAME_RULE, ROLES, Department, Group, Membership, User, UserRole
from app.organisation.passwords import password_problems, personal_words_of, store_password
from app.organisation.policies import Actor, check_may_administer, may_deactivate, may_give_roles
from app.organisation.sessions import end_every_session
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case

LANGUAGES = ("en", "zh_CN")
DEFAULT_PASSWORD_HASH_METHOD = "scrypt"  # callers pass the app's PASSWORD_HASH_METHOD setting


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
    leave_department: bool = False  # True takes the user out of their department (department_id None keeps it)


@use_case
def add_user(runtime: AccountRuntime, actor: Actor, login: str, groups: Sequence[str], display_name: str | None = None,
             email: str | None = None, details: UserDetails | None = None, *,
             password_hash_method: str = DEFAULT_PASSWORD_HASH_METHOD) -> User:
    """Create a user with group memberships (new groups are created) and roles (requester by default)."""
    login = login.strip()
    check_may_administer(actor, f"add the user '{login}'")
    if not login:
        raise Conflict("A login cannot be empty.")
    if db.session.execute(select(User.id).where(User.login == login)).first():
        raise Conflict(f"A user with login '{login}' already exists.")
    details = details or UserDetails()
    user = User(login=login, display_name=display_name or details.display_name or login,
                email=email or details.email, active=True, created_at=runtime.clock.now(),
                language="en", timezone="UTC", failed_logins=0)
    db.session.add(user)
    db.session.flush()
    _apply_details(user, UserDetails(**{**details.__dict__, "groups": list(groups) or details.groups or [],
                                         "roles": details.roles or ["requester"]}), password_hash_method)
    return user


@use_case
def update_user(actor: Actor, login: str, details: UserDetails, *,
                password_hash_method: str = DEFAULT_PASSWORD_HASH_METHOD) -> User:
    """Change a user's details, memberships or roles; admins keep the admin role on their own account."""
    check_may_administer(actor, f"change the user '{login}'")
    user = require_user(login)
    if details.roles is not None and not may_give_roles(actor, user.id, details.roles):
        raise NotAllowed("You cannot remove the administrator role from your own account; another "
                         "administrator can.")
    _apply_details(user, details, password_hash_method)
    return user


@use_case
def update_own_profile(actor: Actor, display_name: str, language: str, timezone: str) -> User:
    """Change what a person sets for themselves: the name people see, their language and time zone."""
    details = UserDetails(display_name=display_name.strip(), language=language, timezone=timezone.strip())
    errors = detail_errors(details)
    if not details.display_name:
        errors["display_name"] = ["Enter the name people see."]
    elif len(details.display_name) > 200:
        errors["display_name"] = ["A display name has at most 200 characters."]
    if errors:
        raise InvalidValues("The profile was not saved: " + " ".join(m for ms in errors.values() for m in ms), errors)
    user = require_user(actor.login)
    user.display_name, user.language, user.timezone = display_name.strip(), language, timezone.strip()
    return user


def _apply_details(user: User, details: UserDetails, password_hash_method: str) -> None:
    """Set the given fields on a user (validated), replacing groups and roles when given."""
    errors = detail_errors(details, personal_words_of(user, details.display_name, details.email))
    if errors:
        raise InvalidValues("The user was not saved: " + " ".join(m for ms in errors.values() for m in ms), errors)
    for name in ("display_name", "email", "phone", "department_id", "language", "timezone"):
        value = getattr(details, name)
        if value is not None:
            setattr(user, name, value or None if name in ("email", "phone") else value)
    if details.leave_department:
        user.department_id = None
    if details.password:
        store_password(user, details.password, password_hash_method)
    if details.groups is not None:
        _set_memberships(user, details.groups, details.lead_of)
    if details.roles is not None:
        db.session.execute(delete(UserRole).where(UserRole.user_id == user.id))
        db.session.add_all(UserRole(user_id=user.id, role=role) for role in sorted(set(details.roles)))


def detail_errors(details: UserDetails, personal_words: Sequence[str] = ()) -> dict[str, list[str]]:
    """Return field errors for user details (unknown roles, bad group names, languages, zones, weak passwords)."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(details.roles or ()) - set(ROLES))
    if unknown:
        errors["roles"] = [f"Unknown role(s): {', '.join(unknown)}. Use: {', '.join(ROLES)}."]
    misnamed = [name.strip() for name in details.groups or () if name.strip() and not GROUP_NAME.match(name.strip())]
    if misnamed:
        errors["groups"] = [f"'{name}' is not a group name. {GROUP_NAME_RULE}" for name in misnamed]
    if details.language is not None and details.language not in LANGUAGES:
        errors["language"] = [f"Language must be one of: {', '.join(LANGUAGES)}."]
    if details.timezone is not None and not valid_timezone(details.timezone):
        errors["timezone"] = [f"'{details.timezone}' is not a time zone; use a name such as Asia/Shanghai."]
    if details.password:
        problems = password_problems(details.password, personal_words)
        if problems:
            errors["password"] = [problem.message for problem in problems]
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


def _set_memberships(user: User, groups: Sequence[str], lead_of: Sequence[str]) -> None:
    """Replace a user's group memberships."""
    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    for name in dict.fromkeys(g.strip() for g in groups if g.strip()):
        group = _ensure_group(name)
        db.session.add(Membership(user_id=user.id, group_id=group.id, is_lead=name in lead_of))


@use_case
def set_active(actor: Actor, login: str, active: bool) -> User:
    """Deactivate (or reactivate) a user; a deactivated user cannot sign in, their tasks stay."""
    check_may_administer(actor, f"{'reactivate' if active else 'deactivate'} the user '{login}'")
    user = require_user(login)
    if not active and not may_deactivate(actor, user.id):
        raise NotAllowed("You cannot deactivate your own account; another administrator can.")
    user.active = active
    if not active:
        end_every_session(user)
    return user


def _ensure_group(name: str) -> Group:
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


def require_user(login: str) -> User:
    """Return a user (active or not) or raise NotFound."""
    user = db.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    if user is None:
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


def memberships_of(user_id: int) -> dict[str, bool]:
    """Return the groups a user belongs to, each with whether they lead it."""
    return dict(db.session.execute(
        select(Group.name, Membership.is_lead).join(Membership, Membership.group_id == Group.id)
        .where(Membership.user_id == user_id).order_by(Group.name)).all())
