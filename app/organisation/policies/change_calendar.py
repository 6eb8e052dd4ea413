"""Who reads the change calendar, books over a block, and sets its rules."""
from app.organisation.policies.actor import Actor, is_read_only, is_staff
from app.organisation.policies.changes import CHANGE_MANAGERS_GROUP
from app.platform.errors import NotAllowed


def may_see_change_calendar(actor: Actor) -> bool:
    """Staff (agents, approvers, managers, auditors, admins) see the change calendar and check a change's window;
    requesters do not (it names CIs, implementers and changes they may not see)."""
    return is_staff(actor)


def check_may_see_change_calendar(actor: Actor, what: str) -> None:
    """Refuse (NotAllowed) the change calendar and its checks unless may_see_change_calendar."""
    if not may_see_change_calendar(actor):
        raise NotAllowed(f"{actor.login} may not {what}: the change calendar is for the service desk's staff.")


def may_override_schedule_block(actor: Actor) -> bool:
    """Change managers (their group) and admins book a change over a hard collision block, with a reason."""
    return not is_read_only(actor) and ("admin" in actor.roles or CHANGE_MANAGERS_GROUP in actor.groups)


def may_set_change_schedule(actor: Actor) -> bool:
    """Admins set the collision rules, the hops of related CIs and the freeze and maintenance windows."""
    return "admin" in actor.roles


def check_may_set_change_schedule(actor: Actor, what: str) -> None:
    """Refuse (NotAllowed) a change to the collision rules or windows unless the actor is an admin."""
    if not may_set_change_schedule(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only administrators set the change calendar's rules.")
