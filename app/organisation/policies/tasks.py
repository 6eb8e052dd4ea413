"""Who may be handed tasks and tickets, who takes the unassigned-task queue, who reassigns, and outside workers."""
from collections.abc import Collection

from app.organisation.policies.actor import INBOX_ROLES, Actor, is_read_only, roles_read_only
from app.organisation.policies.instances import may_see_every_instance


def works_tickets(roles: Collection[str]) -> bool:
    """Say whether someone with these roles works tickets (agents, approvers, admins), so may be handed one."""
    if "admin" in roles:
        return True
    return bool(set(roles).intersection(INBOX_ROLES)) and not roles_read_only(roles)


def group_works_tickets(member_roles: Collection[Collection[str]]) -> bool:
    """Say whether tickets may be forwarded to a group: it has active members, and every one works tickets.

    A group with a single requester or auditor in it would let that person accept and resolve what is
    forwarded there (a requester her own major incident).
    """
    return bool(member_roles) and all(works_tickets(roles) for roles in member_roles)


def may_receive_task(roles: Collection[str], login: str, task_users: Collection[str]) -> bool:
    """Say whether a task may be handed to someone: a person it is drawn for by name, or one who works tickets."""
    return login in task_users or works_tickets(roles)


QUEUE_TAKER_ROLES = ("admin",)  # the roles that take tasks from the unassigned-task queue besides its group


def unassigned_queue_offer(groups: Collection[str], users: Collection[str], assignee: str | None,
                           unassigned_task_group: str | None) -> str | None:
    """Return the group whose unassigned-task queue a new task goes to (drawn for nobody), or None.

    Camunda lets any user with the right authorization claim a task without assignee or candidates; FlowDesk
    offers it to the queue of one configured group (UNASSIGNED_TASK_GROUP), marked apart from a drawn offer
    to that group, so that both the group's members and those may_take_queued_tasks allows take it.
    """
    if groups or users or assignee or not unassigned_task_group:
        return None
    return unassigned_task_group


def may_take_queued_tasks(roles: Collection[str]) -> bool:
    """Admins claim and complete tasks of the unassigned-task queue, besides the members of its group.

    The one rule: the task queries bind its answer (app/workflow/tasks/offers.py) and the task actions ask it.
    """
    return bool(set(roles).intersection(QUEUE_TAKER_ROLES))


def may_reassign(actor: Actor, task_groups: Collection[str]) -> bool:
    """Admins, and leads of a group the task is offered to, may hand a task to a named person (not read-only ones)."""
    if is_read_only(actor):
        return False
    return "admin" in actor.roles or bool(actor.lead_of.intersection(task_groups))


WORKER_ROLES = ("worker",)


def may_work_external_tasks(actor: Actor) -> bool:
    """Outside workers (and admins) fetch, lock, complete and fail external tasks; read-only accounts do not."""
    return actor.has_role(*WORKER_ROLES) and not is_read_only(actor)


def may_manage_external_tasks(actor: Actor) -> bool:
    """Outside workers, process owners (and admins) set external tasks' retries and priorities, resolving incidents;
    read-only accounts do not."""
    return actor.has_role(*WORKER_ROLES, "process_owner") and not is_read_only(actor)


def may_see_external_tasks(actor: Actor) -> bool:
    """Outside workers read the external tasks they may take; process owners, auditors and admins read them all."""
    return may_work_external_tasks(actor) or may_see_every_instance(actor)
