"""How pages name people and groups: display names looked up in one query."""
from collections.abc import Collection

from sqlalchemy import select

from app.extensions import db
from app.organisation.models import Group, User


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
