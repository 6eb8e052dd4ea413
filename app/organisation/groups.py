"""Groups (teams and roles that tasks are offered to), their members and their leads."""
from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.extensions import db
from app.organisation.assignment import STRATEGIES
from app.organisation.models import GROUP_NAME, GROUP_NAME_RULE, Group, Membership, User
from app.organisation.policies import Actor, check_may_administer
from app.organisation.users import require_user
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import use_case


@dataclass(frozen=True)
class GroupSummary:
    """A group with how many members and leads it has."""

    name: str
    display_name: str | None
    members: int
    leads: int

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {"name": self.name, "display_name": self.display_name, "members": self.members, "leads": self.leads}


@dataclass(frozen=True)
class Member:
    """A member of a group."""

    login: str
    display_name: str
    active: bool
    is_lead: bool


def list_groups() -> list[GroupSummary]:
    """Return every group with its member and lead counts, by name."""
    rows = db.session.execute(
        select(Group.name, Group.display_name, func.count(Membership.id),
               func.coalesce(func.sum(case((Membership.is_lead.is_(True), 1), else_=0)), 0))
        .outerjoin(Membership, Membership.group_id == Group.id)
        .group_by(Group.id, Group.name, Group.display_name).order_by(Group.name)).all()
    return [GroupSummary(name, display_name, members, leads) for name, display_name, members, leads in rows]


def require_group(name: str) -> Group:
    """Return a group or raise NotFound."""
    group = db.session.execute(select(Group).where(Group.name == name)).scalar_one_or_none()
    if group is None:
        raise NotFound(f"There is no group '{name}'; 'flowdesk groups list' shows the groups.")
    return group


def list_members(name: str) -> list[Member]:
    """Return a group's members, leads first, then by login."""
    group = require_group(name)
    rows = db.session.execute(
        select(User.login, User.display_name, User.active, Membership.is_lead)
        .join(Membership, Membership.user_id == User.id).where(Membership.group_id == group.id)
        .order_by(Membership.is_lead.desc(), User.login)).all()
    return [Member(login, display_name, active, is_lead) for login, display_name, active, is_lead in rows]


@use_case
def add_group(actor: Actor, name: str, display_name: str | None = None) -> Group:
    """Create a group; its name is what diagrams use as a candidate group."""
    name = name.strip()
    check_may_administer(actor, f"add the group '{name}'")
    if not GROUP_NAME.match(name):
        raise InvalidValues(GROUP_NAME_RULE, {"name": [GROUP_NAME_RULE]})
    if db.session.execute(select(Group.id).where(Group.name == name)).first():
        raise Conflict(f"A group named '{name}' already exists.")
    group = Group(name=name, display_name=(display_name or "").strip() or None)
    db.session.add(group)
    db.session.flush()
    return group


@use_case
def rename_group(actor: Actor, name: str, display_name: str) -> Group:
    """Change the display name of a group (its name stays, because diagrams refer to it)."""
    check_may_administer(actor, f"rename the group '{name}'")
    group = require_group(name)
    group.display_name = display_name.strip() or None
    return group


@use_case
def set_assignment_strategy(actor: Actor, name: str, strategy: str) -> Group:
    """Choose how the group's tickets pick a member: round_robin or least_loaded."""
    check_may_administer(actor, f"change how the group '{name}' assigns tickets")
    if strategy not in STRATEGIES:
        message = f"'{strategy}' is not an assignment strategy; choose one of {', '.join(STRATEGIES)}."
        raise InvalidValues(message, {"assignment_strategy": [message]})
    group = require_group(name)
    group.assignment_strategy = strategy
    return group


@use_case
def add_member(actor: Actor, name: str, login: str, is_lead: bool = False) -> None:
    """Put a user in a group (as a lead if asked); a member already there keeps membership and gets the flag."""
    check_may_administer(actor, f"change the members of the group '{name}'")
    group = require_group(name)
    user = require_user(login.strip())
    membership = find_membership(group.id, user.id)
    if membership is None:
        db.session.add(Membership(user_id=user.id, group_id=group.id, is_lead=is_lead))
    else:
        membership.is_lead = is_lead


@use_case
def remove_member(actor: Actor, name: str, login: str) -> None:
    """Take a user out of a group."""
    check_may_administer(actor, f"change the members of the group '{name}'")
    membership = require_membership(name, login)
    db.session.delete(membership)


@use_case
def set_lead(actor: Actor, name: str, login: str, is_lead: bool) -> None:
    """Make a member a lead of the group (who may reassign its tasks), or not."""
    check_may_administer(actor, f"change the leads of the group '{name}'")
    membership = require_membership(name, login)
    membership.is_lead = is_lead


def find_membership(group_id: int, user_id: int) -> Membership | None:
    """Return the membership of a user in a group, if any."""
    return db.session.execute(select(Membership).where(
        Membership.group_id == group_id, Membership.user_id == user_id)).scalar_one_or_none()


def require_membership(name: str, login: str) -> Membership:
    """Return a user's membership in a group or raise NotFound."""
    group = require_group(name)
    user = require_user(login)
    membership = find_membership(group.id, user.id)
    if membership is None:
        raise NotFound(f"{login} is not a member of group '{name}'.")
    return membership
