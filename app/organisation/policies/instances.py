"""Who sees, operates, migrates and replays running instances."""
from collections.abc import Collection

from app.organisation.policies.actor import Actor, is_read_only, may_use_inbox
from app.platform.errors import NotAllowed

ALL_INSTANCE_ROLES = ("process_owner", "auditor")


def may_operate_instances(actor: Actor) -> bool:
    """Process owners (and admins) retry, cancel and correct running instances; read-only accounts do not.

    Each of these is recorded in the instance's history as an intervention.
    """
    return actor.has_role("process_owner") and not is_read_only(actor)


def check_may_operate_instances(actor: Actor, what: str) -> None:
    """Refuse an intervention on an instance (NotAllowed) unless may_operate_instances; `what` says what was tried."""
    if not may_operate_instances(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only process owners and administrators operate running "
                         "instances. Ask one of them to do it.")


def may_migrate_instances(actor: Actor) -> bool:
    """Process owners (and admins) move running instances to another version of their process; read-only ones do not.

    Each move is recorded in the instance's history (instance_migrated).
    """
    return actor.has_role("process_owner") and not is_read_only(actor)


def check_may_migrate_instances(actor: Actor, what: str) -> None:
    """Refuse a migration (NotAllowed) unless may_migrate_instances; `what` says what was tried."""
    if not may_migrate_instances(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only process owners and administrators move running "
                         "instances to another version. Ask one of them to do it.")


def may_see_every_instance(actor: Actor) -> bool:
    """Process owners, auditors and admins see every instance."""
    return actor.has_role(*ALL_INSTANCE_ROLES)


def may_see_instance(actor: Actor, started_by: str | None, task_people: Collection[str | None],
                     task_groups: Collection[str]) -> bool:
    """Say whether an actor may see an instance.

    task_people: everyone an open task is assigned or offered to by name, and everyone who worked
    one of its tasks before; task_groups: the groups its open tasks are offered to.
    """
    if may_see_every_instance(actor) or started_by == actor.login:
        return True
    if not may_use_inbox(actor):
        return False
    return actor.login in task_people or bool(actor.groups.intersection(task_groups))


def may_replay_case(actor: Actor, started_by: str | None, requester: str | None) -> bool:
    """Say whether an actor may replay a case step by step: auditors, process owners and admins every case; a
    requester her own (started by her, or the ticket filed for her), reading only what her ticket shows her."""
    return may_see_every_instance(actor) or actor.login in {started_by, requester} - {None}
