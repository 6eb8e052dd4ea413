"""People, departments, groups and roles: the organisation."""
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from sqlalchemy import Select, and_, delete, or_, select
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.organisation.departments import add_department as add_department  # kept here for app.demo and older callers
from app.organisation.departments import subtree_ids
from app.organisation.models import ROLES, Department, Group, Membership, User, UserRole
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.workflow.models import ProcessInstance, UserTask, UserTaskCandidate
from app.workflow.runtime import Runtime

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
    leave_department: bool = False  # True takes the user out of their department (department_id None keeps it)


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
    if details.leave_department:
        user.department_id = None
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


USERS_PER_PAGE = 50
Selection = TypeVar("Selection", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class UserQuery:
    """What an admin searches users by; None means any."""

    text: str = ""
    group: str | None = None
    role: str | None = None
    department_id: int | None = None
    active: bool | None = None


@dataclass(frozen=True)
class UserRow:
    """A user as the admin list shows them."""

    login: str
    display_name: str
    email: str | None
    department: str | None
    active: bool
    groups: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class UserPage:
    """One page of users; next_after and previous_before are the keys of the neighbouring pages."""

    rows: list[UserRow]
    next_after: str | None
    previous_before: str | None


def search_users(query: UserQuery, after: str | None = None, before: str | None = None,
                 limit: int = USERS_PER_PAGE) -> UserPage:
    """Return a page of users by login (keyset: after or before a login), without counting every row."""
    statement = filter_users(select(User, Department.name).outerjoin(Department, Department.id == User.department_id),
                             query)
    if before is not None:
        statement = statement.where(User.login < before).order_by(User.login.desc())
    else:
        statement = statement.where(User.login > (after or "")).order_by(User.login)
    found = list(db.session.execute(statement.limit(limit + 1)).all())
    more = len(found) > limit
    found = found[:limit]
    if before is not None:
        found.reverse()
    rows = user_rows([(user, department) for user, department in found])
    first, last = (rows[0].login, rows[-1].login) if rows else (None, None)
    if before is not None:
        return UserPage(rows, last if rows else None, first if more else None)
    return UserPage(rows, last if more else None, first if after is not None else None)


def filter_users(statement: Selection, query: UserQuery) -> Selection:
    """Narrow a user query by text (login, name, e-mail), group, role, department branch and state."""
    text = query.text.strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(or_(User.login.ilike(pattern, escape="\\"),
                                        User.display_name.ilike(pattern, escape="\\"),
                                        User.email.ilike(pattern, escape="\\")))
    if query.group:
        statement = statement.where(User.login.in_(
            select(User.login).join(Membership, Membership.user_id == User.id)
            .join(Group, Group.id == Membership.group_id).where(Group.name == query.group)))
    if query.role:
        statement = statement.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == query.role)))
    if query.department_id is not None:
        statement = statement.where(User.department_id.in_(subtree_ids(query.department_id)))
    if query.active is not None:
        statement = statement.where(User.active.is_(query.active))
    return statement


def user_rows(users: list[tuple[User, str | None]]) -> list[UserRow]:
    """Attach groups and roles to users with two queries for the whole page."""
    ids = [user.id for user, _ in users]
    groups: dict[int, list[str]] = {}
    roles: dict[int, list[str]] = {}
    if ids:
        for user_id, name in db.session.execute(
                select(Membership.user_id, Group.name).join(Group, Group.id == Membership.group_id)
                .where(Membership.user_id.in_(ids)).order_by(Group.name)):
            groups.setdefault(user_id, []).append(name)
        for user_id, role in db.session.execute(
                select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(ids)).order_by(UserRole.role)):
            roles.setdefault(user_id, []).append(role)
    return [UserRow(user.login, user.display_name, user.email, department, user.active,
                    tuple(groups.get(user.id, ())), tuple(roles.get(user.id, ()))) for user, department in users]


def memberships_of(user_id: int) -> dict[str, bool]:
    """Return the groups a user belongs to, each with whether they lead it."""
    return dict(db.session.execute(
        select(Group.name, Membership.is_lead).join(Membership, Membership.group_id == Group.id)
        .where(Membership.user_id == user_id).order_by(Group.name)).all())


@dataclass(frozen=True)
class PersonalTask:
    """An open task that waits for one person: assigned to them, or offered to them by name and unclaimed."""

    id: str
    name: str
    process_id: str
    instance_id: int
    business_key: str | None
    due_at: datetime | None
    assigned: bool


def list_personal_tasks(login: str, limit: int = 200) -> list[PersonalTask]:
    """Return the open tasks only this person can move on (for reassignment when they leave)."""
    offered_by_name = select(UserTaskCandidate.task_id).where(
        UserTaskCandidate.kind == "user", UserTaskCandidate.name == login)
    rows = db.session.execute(
        select(UserTask, ProcessInstance.process_id, ProcessInstance.business_key)
        .join(ProcessInstance, ProcessInstance.id == UserTask.instance_id)
        .where(or_(UserTask.assignee == login, and_(UserTask.assignee.is_(None), UserTask.id.in_(offered_by_name))))
        .order_by(UserTask.created_at, UserTask.id).limit(limit)).all()
    return [PersonalTask(task.id, task.name, process_id, task.instance_id, key, task.due_at, task.assignee == login)
            for task, process_id, key in rows]
