"""How pages name people and groups: display names looked up in one query."""
from collections.abc import Collection, Iterable

from sqlalchemy import select

from app.extensions import db
from app.organisation.models import Group, Membership, User, UserRole
from app.organisation.policies import group_works_tickets


def display_names(logins: Collection[str | None]) -> dict[str, str]:
    """Return login -> display name for the known logins among these (unknown ones are left out)."""
    wanted = {login for login in logins if login}
    if not wanted:
        return {}
    rows = db.session.execute(select(User.login, User.display_name).where(User.login.in_(wanted))).all()
    return {login: name or login for login, name in rows}


def group_names(names: Collection[str]) -> dict[str, str]:
    """Return group name -> the name people see (its display name when it has one)."""
    wanted = set(names)
    if not wanted:
        return {}
    rows = db.session.execute(select(Group.name, Group.display_name).where(Group.name.in_(wanted))).all()
    return {name: shown or name for name, shown in rows}


def group_members(group: str, leads_only: bool = False) -> list[User]:
    """Return the active members (or leads) of a group."""
    query = (select(User).join(Membership, Membership.user_id == User.id).join(Group, Group.id == Membership.group_id)
             .where(Group.name == group, User.active.is_(True)).order_by(User.login))
    if leads_only:
        query = query.where(Membership.is_lead.is_(True))
    return list(db.session.execute(query).scalars())


def people_named(logins: Iterable[str]) -> list[User]:
    """Return the active users with these logins."""
    wanted = sorted(set(logins))
    if not wanted:
        return []
    return list(db.session.execute(select(User).where(User.login.in_(wanted), User.active.is_(True))
                                   .order_by(User.login)).scalars())


def roles_by_login(logins: Collection[str]) -> dict[str, set[str]]:
    """Return login -> roles for the active users among these logins."""
    found: dict[str, set[str]] = {}
    rows = db.session.execute(select(User.login, UserRole.role).outerjoin(UserRole, UserRole.user_id == User.id)
                              .where(User.login.in_(sorted(set(logins))), User.active.is_(True))).all()
    for login, role in rows:
        found.setdefault(login, set()).update([role] if role else [])
    return found


def working_groups() -> set[str]:
    """Return the names of the groups that work tickets (app.organisation.policies.group_works_tickets)."""
    members: dict[str, dict[str, set[str]]] = {}
    rows = db.session.execute(
        select(Group.name, User.login, UserRole.role)
        .join(Membership, Membership.group_id == Group.id).join(User, User.id == Membership.user_id)
        .outerjoin(UserRole, UserRole.user_id == User.id).where(User.active.is_(True))).all()
    for group, login, role in rows:
        members.setdefault(group, {}).setdefault(login, set()).update([role] if role else [])
    return {group for group, people in members.items() if group_works_tickets(list(people.values()))}


def time_zone_of(login: str | None) -> str:
    """Return the time zone a person reads and writes moments in (UTC for the scheduler and unknown logins)."""
    if not login:
        return "UTC"
    zone = db.session.execute(select(User.timezone).where(User.login == login)).scalar_one_or_none()
    return zone or "UTC"
