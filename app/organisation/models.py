"""People, where they sit, the groups tasks are offered to, and what they may do."""
import re
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime

ROLES = ("requester", "agent", "approver", "manager", "process_owner", "auditor", "worker", "admin")
GROUP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")  # what a diagram names as a candidate group
GROUP_NAME_RULE = ("A group name is 1 to 80 letters, digits, dots, dashes or underscores, "
                   "starting with a letter or digit.")


class Department(Model):
    """A node of the organisation tree."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    head_login: Mapped[str | None] = mapped_column(String(80))  # who heads it: approves as department head
    cost_centre: Mapped[str | None] = mapped_column(String(40))  # the code its people book to, unless their own


class User(Model):
    """A person who signs in."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    language: Mapped[str] = mapped_column(String(10), server_default="en")
    timezone: Mapped[str] = mapped_column(String(64), server_default="UTC")
    password_hash: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, server_default="0")
    last_failed_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Raised to end every session at once (sign out everywhere, a new password, deactivation).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    manager_login: Mapped[str | None] = mapped_column(String(80))  # the line manager (migration 0051)
    cost_centre: Mapped[str | None] = mapped_column(String(40))  # overrides the department's cost centre


class CostCentre(Model):
    """A budget people book their requests to; its owner approves what is booked to it."""

    __tablename__ = "cost_centre"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_login: Mapped[str | None] = mapped_column(String(80))


class Group(Model):
    """A team or role that tasks are offered to."""

    __tablename__ = "user_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    # How tickets offered to the group pick a member: round_robin or least_loaded; the rotation's cursor.
    assignment_strategy: Mapped[str] = mapped_column(String(20), default="round_robin",
                                                     server_default="round_robin")
    last_assigned_login: Mapped[str | None] = mapped_column(String(80))


class Membership(Model):
    """A user belongs to a group; a lead may reassign the group's tasks."""

    __tablename__ = "group_membership"
    __table_args__ = (UniqueConstraint("user_id", "group_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("user_group.id", ondelete="CASCADE"), index=True)
    is_lead: Mapped[bool] = mapped_column(Boolean, server_default="0")


class UserRole(Model):
    """A user holds a role (requester, agent, approver, manager, process_owner, auditor, worker, admin)."""

    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class UserSession(Model):
    """One sign-in on one browser: signing out deletes it, so its cookie no longer signs anyone in.

    The cookie holds the session's random key; only its hash is stored here.
    """

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    session_version: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    user_agent: Mapped[str | None] = mapped_column(String(200))


class ApiToken(Model):
    """A bearer token for the JSON API; only its hash is stored. A 'read' token may only read."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    scope: Mapped[str] = mapped_column(String(10), default="write", server_default="write")
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_by: Mapped[str | None] = mapped_column(String(80))
    revoked_by: Mapped[str | None] = mapped_column(String(80))


class Delegation(Model):
    """A person away hands the approvals they are asked for to another person, from one moment to another.

    Resolved when an approval task is created (engine/approval): the delegate is assigned, and both are recorded.
    A withdrawn delegation keeps its row (withdrawn_at) so that its history stays readable.
    """

    __tablename__ = "delegation"
    id: Mapped[int] = mapped_column(primary_key=True)
    from_user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    to_user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reason: Mapped[str] = mapped_column(String(500))
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    withdrawn_by: Mapped[str | None] = mapped_column(String(80))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
