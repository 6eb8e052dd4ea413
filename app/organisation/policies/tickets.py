"""Who sees a ticket, who logs one as asked, and whose desk a manager's home page watches."""
from app.organisation.policies.actor import Actor, check_may_write, is_staff, may_see_every_ticket, may_use_inbox
from app.organisation.policies.changes import may_see_every_change
from app.organisation.policies.problems import may_manage_problems, may_see_problems
from app.platform.errors import NotAllowed


def may_see_ticket(actor: Actor, requester: str, group: str | None, worked_on: bool,
                   has_open_task: bool = False, watching: bool = False, kind: str = "incident") -> bool:
    """Say whether an actor may see a ticket.

    Requesters see their own, and those they watch (a requester whose ticket was closed as a duplicate of
    another follows the original, on its public side; one starts watching only a ticket one sees); whoever
    has an open task on it (assigned, or offered to them or their group) sees it too; agents also their
    groups' tickets and those they worked on (assigned to them now or before, or noted on), and watching
    gives them no more (a forwarded ticket leaves their sight with its group); managers, auditors and admins
    see all. Problems (PRB tickets) are seen by all staff, who link their incidents to them; problem managers
    see every incident, whose causes they look for.
    """
    if may_see_every_ticket(actor) or requester == actor.login or has_open_task:
        return True
    if (kind == "problem" and may_see_problems(actor)) or (kind == "incident" and may_manage_problems(actor)):
        return True
    if kind == "change" and may_see_every_change(actor):
        return True
    if not may_use_inbox(actor):
        return watching
    return worked_on or (group is not None and group in actor.groups)


REQUESTER_CHANNELS = ("portal", "api")


def check_may_log_ticket(actor: Actor, requester: str, ci_id: int | None, channel: str,
                         given_priority: str | None) -> None:
    """Refuse (NotAllowed) a ticket the actor may not log as asked, on the pages and the API alike.

    Auditors log nothing; staff log for anyone, name the affected CI, the channel and a monitoring
    priority; everyone else logs for themselves through the portal or the API, and impact and urgency
    decide the priority.
    """
    check_may_write(actor, "log a ticket")
    if is_staff(actor):
        return
    if requester != actor.login:
        raise NotAllowed(f"{actor.login} may log tickets only for themselves; leave the requester empty.")
    if ci_id is not None:
        raise NotAllowed("Requesters do not choose the affected configuration item: the service desk sets it when "
                         "it classifies the ticket. Describe the item in the description instead.")
    if channel not in REQUESTER_CHANNELS:
        raise NotAllowed(f"Requesters log tickets through the portal or the API, not the '{channel}' channel; "
                         "leave the channel empty.")
    if given_priority:
        raise NotAllowed("Requesters do not set the priority: the impact and the urgency decide it. "
                         "Leave the priority empty.")


def may_watch_the_desk(actor: Actor) -> bool:
    """Managers (and admins) see on their home page the escalations, breaches and major incidents of the desk."""
    return actor.has_role("manager")


def watched_groups(actor: Actor) -> frozenset[str]:
    """Return the groups whose queue health a person's home page shows: the groups she leads."""
    return actor.lead_of
