"""When a task in the queue is due: its own due time, else the deadline of what its instance is about.

A task drawn without camunda:dueDate (the major-incident approval, the duty manager's task) still
belongs to something that is due: the ticket its instance's business key names has a resolution
target. The queue's "due" order and its due filter read the one expression effective_due(); tasks
with no due time either way come after the dated ones, highest priority first (tail_rank).

The workflow knows no tickets: the service desk hands in, when the app is wired, how to read the
deadline of a business key (use_business_key_deadline). Without one, a task's own due time is all.

The price: no index holds this expression, so a page in the due order sorts the tasks of its list that
have a due time either way (a top-N sort, still limit + 1 rows out) instead of walking ix_user_task_queue_due.
"""
from collections.abc import Callable
from typing import Any

from sqlalchemy import BigInteger, cast, func

from app.workflow.step import INSTANCES, TASKS

# business key column -> a scalar expression: the deadline of what that key names, or NULL
BusinessKeyDeadline = Callable[[Any], Any]
LOWEST_PRIORITY = -2**31  # a task without a priority ranks with the lowest a database integer holds

_deadline_rule: list[BusinessKeyDeadline] = []


def use_business_key_deadline(rule: BusinessKeyDeadline | None) -> bool:
    """Make the queue fall back on this deadline of a task's business key; say whether the rule changed."""
    current = _deadline_rule[0] if _deadline_rule else None
    if rule is current:
        return False
    _deadline_rule.clear()
    if rule is not None:
        _deadline_rule.append(rule)
    return True


def effective_due() -> Any:
    """Return the expression of a task's due time in the queue: its own, else its business key's deadline."""
    if not _deadline_rule:
        return TASKS.c.due_at
    return func.coalesce(TASKS.c.due_at, _deadline_rule[0](INSTANCES.c.business_key), type_=TASKS.c.due_at.type)


def tail_rank() -> Any:
    """Return the order of the tasks due at no time: the higher the priority, the smaller the rank."""
    return -cast(func.coalesce(TASKS.c.priority, LOWEST_PRIORITY), BigInteger)


def rank_of(priority: int | None) -> int:
    """Return the tail rank of a task with this priority (what tail_rank computes in the database)."""
    return -(LOWEST_PRIORITY if priority is None else priority)
