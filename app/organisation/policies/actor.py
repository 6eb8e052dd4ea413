"""The Actor, the system actor, and the rules every domain's rules build on: read-only accounts, the inbox, staff."""
from collections.abc import Collection
from dataclasses import dataclass

from app.platform.errors import NotAllowed

SYSTEM_ACTOR_ID = 0  # no account has it: user ids start at 1


@dataclass(frozen=True)
class Actor:
    """The signed-in person as every permission rule sees them."""

    id: int
    login: str
    display_name: str
    language: str
    timezone: str
    groups: frozenset[str]
    roles: frozenset[str]
    lead_of: frozenset[str]

    def has_role(self, *roles: str) -> bool:
        """Say whether the actor holds any of these roles (admins hold every role)."""
        return "admin" in self.roles or bool(self.roles.intersection(roles))

    def login_unless(self, user_id: int) -> str | None:
        """Return the actor's login to name them in what a person is told of a change, or None for one's own."""
        return None if self.id == user_id else self.login


def system_actor(login: str = "system") -> Actor:
    """Return the actor of the command line and of set-up scripts: an administrator without an account."""
    return Actor(SYSTEM_ACTOR_ID, login, login, "en", "UTC", frozenset(), frozenset({"admin"}), frozenset())


INBOX_ROLES = ("agent", "approver")
READ_ONLY_ROLES = ("auditor",)
READ_ONLY_DECIDERS = ("admin", *READ_ONLY_ROLES)  # the only roles roles_read_only looks at
ALL_TICKET_ROLES = ("manager", "auditor")


def may_use_inbox(actor: Actor) -> bool:
    """Agents and approvers (and admins) work the task inbox."""
    return actor.has_role(*INBOX_ROLES)


def is_read_only(actor: Actor) -> bool:
    """Auditors change nothing: whatever else they hold, the auditor role makes an account read-only."""
    return roles_read_only(actor.roles)


def roles_read_only(roles: Collection[str]) -> bool:
    """Say whether these roles make an account read-only (the auditor role, unless the account is an admin)."""
    return "admin" not in roles and bool(set(roles).intersection(READ_ONLY_ROLES))


def check_may_write(actor: Actor, what: str) -> None:
    """Refuse any change (NotAllowed) by a read-only actor; `what` says what they tried, e.g. 'add a note'."""
    if is_read_only(actor):
        raise NotAllowed(f"{actor.login} may not {what}: auditors read everything but change nothing. "
                         "Ask an agent or an administrator to do it.")


def may_see_every_ticket(actor: Actor) -> bool:
    """Managers, auditors and admins see every ticket."""
    return actor.has_role(*ALL_TICKET_ROLES)


def is_staff(actor: Actor) -> bool:
    """Staff (agents, approvers, managers, auditors, admins) see a ticket's internal notes and files."""
    return may_see_every_ticket(actor) or may_use_inbox(actor)
