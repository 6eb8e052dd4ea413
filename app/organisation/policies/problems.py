"""Who sees and manages problems."""
from app.organisation.policies.actor import Actor, is_read_only, is_staff
from app.platform.errors import NotAllowed

PROBLEM_MANAGERS_GROUP = "problem-managers"


def may_see_problems(actor: Actor) -> bool:
    """Staff see every problem and its known error, to link their incidents to it and use its workaround."""
    return is_staff(actor)


def may_manage_problems(actor: Actor) -> bool:
    """Problem managers (their group), managers and admins open, change and decide problems; read-only ones do not.

    Changing is: the root cause and workaround, publishing the workaround, the known error, suggested problems.
    """
    if is_read_only(actor):
        return False
    return actor.has_role("manager") or PROBLEM_MANAGERS_GROUP in actor.groups


def check_may_manage_problems(actor: Actor, what: str) -> None:
    """Refuse (NotAllowed) a change to problems unless may_manage_problems; `what` says what was tried."""
    if not may_manage_problems(actor):
        raise NotAllowed(f"{actor.login} may not {what}: problems are managed by the {PROBLEM_MANAGERS_GROUP} group, "
                         "managers and administrators. Ask one of them to do it.")
