"""Who a user task is offered to: the kinds of its candidate rows, and the one condition of an offer to a person.

A candidate row is a group or a user the diagram names, or the unassigned-task queue ("queue": the task
was drawn for nobody and went to the queue of UNASSIGNED_TASK_GROUP). A queue row is offered to the
members of its group and to whoever policies.may_take_queued_tasks allows; every task list, count and
task action reads offers through offered_to, binding that rule's answer for the person asking.
"""
from collections.abc import Collection
from typing import Any

from sqlalchemy import Boolean, Table, and_, bindparam, or_

from app.organisation.policies import Actor, may_take_queued_tasks

GROUP, USER, QUEUE = "group", "user", "queue"
GROUP_KINDS = (GROUP, QUEUE)  # kinds whose name is a group


def names_a_group(candidates: Any) -> Any:
    """Condition on a candidate row: its name is a group's. Written as equalities, not IN (...): a literal IN
    list compiles to an expanding parameter, which takes every task action off the driver's prepared path
    (app.workflow.batch.first) and cost about a fifth of SQLite's throughput."""
    return or_(*(candidates.c.kind == kind for kind in GROUP_KINDS))


def offered_to(candidates: Any, user: Any, groups: Any, takes_queue: Any) -> Any:
    """Condition on a candidate row: it offers its task to the user, one of their groups, or (a queue row) to
    someone who takes queued tasks. user, groups and takes_queue are SQL expressions (bind parameters,
    subqueries); groups is what IN compares with."""
    return or_(and_(candidates.c.kind == USER, candidates.c.name == user),
               and_(names_a_group(candidates), candidates.c.name.in_(groups)),
               and_(candidates.c.kind == QUEUE, takes_queue))


def offered_to_bound(candidates: Table) -> Any:
    """Return offered_to with the bind parameters 'user', 'groups' and 'takes_queue' (see offer_params)."""
    return offered_to(candidates, bindparam("user"), bindparam("groups", expanding=True),
                      bindparam("takes_queue", type_=Boolean))


def offer_params(actor: Actor) -> dict[str, Any]:
    """Return the values offered_to_bound binds for an actor."""
    return {"user": actor.login, "groups": sorted(actor.groups), "takes_queue": may_take_queued_tasks(actor.roles)}


def offered_to_group(candidates: Any, group: Any) -> Any:
    """Condition on a candidate row: it offers its task to this group, drawn or by the group's queue."""
    return and_(names_a_group(candidates), candidates.c.name == group)


def may_take(assignee: str | None, login: str, groups: Collection[str], roles: Collection[str],
             offers: Collection[tuple[str, str]]) -> bool:
    """Say whether a person may work on a task: its assignee, or (unclaimed) one it is offered to."""
    if assignee is not None:
        return assignee == login
    return any((kind == USER and name == login) or (kind in GROUP_KINDS and name in groups)
               or (kind == QUEUE and may_take_queued_tasks(roles)) for kind, name in offers)
