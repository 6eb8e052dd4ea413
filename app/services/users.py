"""People and groups (the organisation grows in the web issue)."""
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select

from app.extensions import db
from app.models import Group, Membership, User
from app.services.errors import Conflict, NotFound
from app.services.runtime import Runtime


def add_user(runtime: Runtime, login: str, groups: Sequence[str], display_name: str | None = None,
             email: str | None = None) -> User:
    """Create a user and their group memberships (groups are created when new)."""
    login = login.strip()
    if not login:
        raise Conflict("A login cannot be empty.")
    if db.session.execute(select(User).where(User.login == login)).scalar_one_or_none():
        raise Conflict(f"A user with login '{login}' already exists.")
    user = User(login=login, display_name=display_name or login, email=email, active=True,
                created_at=runtime.clock.now())
    db.session.add(user)
    db.session.flush()
    for name in groups:
        group = ensure_group(name)
        db.session.add(Membership(user_id=user.id, group_id=group.id))
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
