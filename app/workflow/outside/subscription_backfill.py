"""Write the subscriptions of instances that were running before the subscription table (or its kind) existed.

Migrations 0026 (messages) and 0030 (signals) run it once. It reads each stored state through the step's loader,
which is why it lives apart from app/workflow/outside/subscriptions.py: the step builds on that module. Its rows
name only the columns the table has at that migration (0026's has no kind yet).
"""
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, column, insert, select, table

from app.extensions import db
from app.workflow.outside.subscriptions import INSTANCES, row_of
from app.workflow.runtime import Runtime
from app.workflow.step import read_run
from engine.runtime import Run


def backfill_subscriptions(runtime: Runtime, connection: Connection) -> list[int]:
    """Write the message subscriptions of every running instance from its stored state (migration 0026); return the
    ids of the instances whose state could not be read."""
    return backfill(runtime, connection, lambda run: run.message_waits(), with_kind=False)


def backfill_signal_subscriptions(runtime: Runtime, connection: Connection) -> list[int]:
    """Write the signal subscriptions of every running instance from its stored state (migration 0030); return the
    ids of the instances whose state could not be read."""
    return backfill(runtime, connection, lambda run: run.signal_waits(), with_kind=True)


def backfill(runtime: Runtime, connection: Connection, waits_of: Callable[[Run], Sequence[Any]],
             with_kind: bool) -> list[int]:
    """Write the subscriptions waits_of finds in every running instance's stored state (with_kind: the table has
    its kind column); return the ids of the instances whose state could not be read."""
    names = ["instance_id", "task_id", "element_id", "message_name", *(["kind"] if with_kind else [])]
    statement = insert(table("message_subscription", *(column(name) for name in names)))
    skipped = []
    rows = connection.execute(select(INSTANCES.c.id, INSTANCES.c.definition_id, INSTANCES.c.state_json)
                              .where(INSTANCES.c.status == "running").order_by(INSTANCES.c.id)).all()
    for row in rows:
        try:
            waits = waits_of(read_run(runtime, row))
        except Exception:  # a state this version cannot read: reported, and its next step writes the rows
            skipped.append(row.id)
            continue
        if waits:
            connection.execute(statement, [{name: row_of(row.id, wait)[name] for name in names} for wait in waits])
    db.session.remove()
    return skipped
