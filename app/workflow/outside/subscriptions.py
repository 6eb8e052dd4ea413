"""Event subscriptions: the rows naming the messages and signals each instance waits for, looked up by kind and name.

Each step's save rewrites an instance's rows when the messages or signals it waits for changed
(app/workflow/step.py), in the step's transaction, so that the rows say what the stored state says. Correlation and
broadcast read them instead of every running instance's state.
"""
from collections import Counter
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, delete, insert, select

from app.extensions import db
from app.workflow.batch import WriteBatch
from app.workflow.models import MessageSubscription, ProcessInstance
from engine.events.messages import MessageWait
from engine.events.signals import SignalWait
from engine.runtime import Run

MESSAGE, SIGNAL = "message", "signal"

SUBSCRIPTIONS = cast(Table, MessageSubscription.__table__)
INSTANCES = cast(Table, ProcessInstance.__table__)
DELETE_SUBSCRIPTIONS = delete(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.instance_id == bindparam("instance_id"))
INSERT_SUBSCRIPTION = insert(SUBSCRIPTIONS)


def subscription_rows(instance_id: int, run: Run) -> list[dict[str, Any]] | None:
    """Return the instance's subscription rows when the messages or signals it waits for changed (they are all
    rewritten), else None."""
    messages, signals = run.message_wait_changes(), run.signal_wait_changes()
    if messages is None and signals is None:
        return None
    waits: list[MessageWait | SignalWait] = [*run.message_waits(), *run.signal_waits()]
    return [row_of(instance_id, wait) for wait in waits]


def subscribed_before(run: Run) -> bool:
    """Say whether the last save of a run left subscription rows (a rewrite deletes them first)."""
    return bool(run.saved_message_waits or run.saved_signal_waits)


def row_of(instance_id: int, wait: MessageWait | SignalWait) -> dict[str, Any]:
    """Return the row of one message or signal an instance waits for."""
    if isinstance(wait, SignalWait):
        return {"instance_id": instance_id, "task_id": wait.task_id, "element_id": wait.element_id,
                "message_name": wait.signal_name, "kind": SIGNAL}
    return {"instance_id": instance_id, "task_id": wait.task_id, "element_id": wait.element_id,
            "message_name": wait.message_name, "kind": MESSAGE}


def queue_subscriptions(batch: WriteBatch, instance_id: int, rows: list[dict[str, Any]] | None,
                        delete_old: bool) -> None:
    """Queue a rewrite of an instance's subscription rows (nothing when rows is None: they did not change)."""
    if rows is None:
        return
    if delete_old:
        batch.add(DELETE_SUBSCRIPTIONS, {"instance_id": instance_id})
    batch.add(INSERT_SUBSCRIPTION, rows)


def stored_subscriptions(instance_id: int) -> Counter[MessageWait | SignalWait]:
    """Return the subscriptions stored for an instance, messages and signals."""
    return Counter(
        (SignalWait if row.kind == SIGNAL else MessageWait)(row.task_id, row.element_id, row.message_name)
        for row in db.session.execute(select(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.instance_id == instance_id)))


def signal_subscribers(signal_name: str) -> list[int]:
    """Return the running instances subscribed to a signal, by id (the order a broadcast locks them in)."""
    return list(db.session.connection().execute(SIGNAL_SUBSCRIBED, {"signal_name": signal_name}).scalars())


def subscribed_instances(message_name: str, business_key: str | None, instance_id: int | None) -> list[int]:
    """Return the running instances subscribed to a message, narrowed by business key and instance id, by id."""
    statement = SUBSCRIBED[(business_key is not None, instance_id is not None)]
    params = {"message_name": message_name, "business_key": business_key, "instance_id": instance_id}
    return list(db.session.connection().execute(statement, params).scalars())


def subscribed_statement(by_business_key: bool, by_instance_id: bool) -> Select[Any]:
    """Build the lookup of the running instances subscribed to a message, by name and the narrowing given."""
    query = (select(SUBSCRIPTIONS.c.instance_id).distinct()
             .join(INSTANCES, INSTANCES.c.id == SUBSCRIPTIONS.c.instance_id)
             .where(SUBSCRIPTIONS.c.kind == MESSAGE, SUBSCRIPTIONS.c.message_name == bindparam("message_name"),
                    INSTANCES.c.status == "running")
             .order_by(SUBSCRIPTIONS.c.instance_id))
    if by_business_key:
        query = query.where(INSTANCES.c.business_key == bindparam("business_key"))
    if by_instance_id:
        query = query.where(SUBSCRIPTIONS.c.instance_id == bindparam("instance_id"))
    return query


# Built once: a correlation runs one of them, and building a statement costs more than the lookup.
SUBSCRIBED = {(key, instance): subscribed_statement(key, instance)
              for key in (False, True) for instance in (False, True)}
SIGNAL_SUBSCRIBED = (select(SUBSCRIPTIONS.c.instance_id).distinct()
                     .join(INSTANCES, INSTANCES.c.id == SUBSCRIPTIONS.c.instance_id)
                     .where(SUBSCRIPTIONS.c.kind == SIGNAL, SUBSCRIPTIONS.c.message_name == bindparam("signal_name"),
                            INSTANCES.c.status == "running")
                     .order_by(SUBSCRIPTIONS.c.instance_id))
