"""The admin's user list: search by text, group, role, department branch and state, one keyset page at a time."""
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, or_, select

from app.extensions import db
from app.organisation.departments import subtree_ids
from app.organisation.models import Department, Group, Membership, User, UserRole

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
