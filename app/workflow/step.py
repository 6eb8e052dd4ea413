"""One step of an instance: lock the row, load the engine state, act, save state, projections and history.

The statements of this hot path are built once and executed on the session's connection: a step
runs a handful of them, and building and ORM-processing each per call cost more than the engine.
"""
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, event, insert, literal, select, update
from sqlalchemy.orm import Session

from app.extensions import db
from app.organisation.policies import unassigned_queue_offer
from app.platform.errors import NotFound, StaleInstance, StepFailed
from app.platform.transactions import after_commit, is_transient
from app.workflow.batch import DriverSql, WriteBatch, first
from app.workflow.call_activities import CALLEE_PINS, chosen_callees
from app.workflow.instances.history import GENESIS_HASH, INSERT_HISTORY, NewEvent, chain_events, instance_stream
from app.workflow.models import ExternalTask, ProcessDefinition, ProcessInstance, Timer, UserTask, UserTaskCandidate
from app.workflow.outside.subscriptions import (
    queue_subscriptions,
    row_of,
    stored_subscriptions,
    subscribed_before,
    subscription_rows,
)
from app.workflow.runtime import SCHEDULER_ACTOR, Runtime, StepContext
from app.workflow.tasks.offers import GROUP, QUEUE, USER
from app.workflow.wakeups import tasks_available
from engine.runtime import Definition, Run
from engine.state import SERIALIZER_VERSION
from engine.views import PendingTimer, StepEvent, UserTaskView

INSTANCES = cast(Table, ProcessInstance.__table__)
TASKS = cast(Table, UserTask.__table__)
CANDIDATES = cast(Table, UserTaskCandidate.__table__)
TIMERS = cast(Table, Timer.__table__)
EXTERNAL_TASKS = cast(Table, ExternalTask.__table__)

_LOCK_COLUMNS = (INSTANCES.c.id, INSTANCES.c.definition_id, INSTANCES.c.status, INSTANCES.c.state_json,
                 INSTANCES.c.lock_version, INSTANCES.c.history_seq, INSTANCES.c.history_hash)
LOCK_INSTANCE = select(*_LOCK_COLUMNS).where(INSTANCES.c.id == bindparam("instance_id")).with_for_update()
LOCK_INSTANCE_OR_SKIP = (select(*_LOCK_COLUMNS).where(INSTANCES.c.id == bindparam("instance_id"))
                         .with_for_update(skip_locked=True))
LOCK_HEAD = (select(INSTANCES.c.id, INSTANCES.c.status, INSTANCES.c.history_seq, INSTANCES.c.history_hash)
             .where(INSTANCES.c.id == bindparam("instance_id")).with_for_update())
INSERT_INSTANCE = insert(INSTANCES).returning(INSTANCES.c.id)
DEFINITIONS = cast(Table, ProcessDefinition.__table__)
_NEW_INSTANCE_COLUMNS = ("definition_id", "process_id", "business_key", "status", "state_json",
                         "serializer_version", "lock_version", "started_by", "started_at", "updated_at")
# Start in one round trip: insert a placeholder row for the latest version of a process, learning both ids.
INSERT_LATEST_INSTANCE = insert(INSTANCES).from_select(
    list(_NEW_INSTANCE_COLUMNS),
    select(DEFINITIONS.c.id, DEFINITIONS.c.process_id, bindparam("business_key"), literal("running"),
           literal("{}"), literal(SERIALIZER_VERSION), literal(1), bindparam("actor"), bindparam("now"),
           bindparam("now"))
    .where(DEFINITIONS.c.process_id == bindparam("process_id"))
    .order_by(DEFINITIONS.c.version.desc()).limit(1),
).returning(INSTANCES.c.id, INSTANCES.c.definition_id)
# The lock_version check refuses a step that was computed on a state someone else has saved since.
SAVE_STATE = update(INSTANCES).where(INSTANCES.c.id == bindparam("instance"),
                                     INSTANCES.c.lock_version == bindparam("expected")).values(
    state_json=bindparam("state"), serializer_version=SERIALIZER_VERSION, status=bindparam("new_status"),
    lock_version=INSTANCES.c.lock_version + 1, updated_at=bindparam("now"), completed_at=bindparam("ended_at"),
    last_error=None, history_seq=bindparam("seq"), history_hash=bindparam("hash"),
)
SAVE_HEAD = update(INSTANCES).where(INSTANCES.c.id == bindparam("instance")).values(
    history_seq=bindparam("seq"), history_hash=bindparam("hash"))
DELETE_TASK = delete(TASKS).where(TASKS.c.id == bindparam("task_id"))
INSERT_TASK = insert(TASKS)
INSERT_CANDIDATE = insert(CANDIDATES)
DELETE_TIMERS = delete(TIMERS).where(TIMERS.c.instance_id == bindparam("instance_id"))
INSERT_TIMER = insert(TIMERS)
DELETE_EXTERNAL_TASK = delete(EXTERNAL_TASKS).where(EXTERNAL_TASKS.c.id == bindparam("task_id"))
INSERT_EXTERNAL_TASK = insert(EXTERNAL_TASKS)
ENDED = ("completed", "cancelled")

# PostgreSQL saves a step in one statement: each table's new rows go as one JSON array, unpacked by
# json_to_recordset in data-modifying CTEs. One execution costs the client and the server far less than a
# pipeline of seven (JSON, not arrays: psycopg adapts arrays element by element in Python). The statement
# is sent with the transaction's COMMIT, so the lock_version check is made by the statement itself: when
# the state's UPDATE matched no row it calls flowdesk_refuse_stale_step (migration 0017), which aborts the
# transaction with SQLSTATE FD001 before the COMMIT behind it runs.
# The statement holds only the parts a save needs (a step that sets no timer sends no timer CTE): the server
# starts every part of a statement, each opening its table and indexes, whether it writes rows or not.
# Each shape is one prepared statement. A step closes one task as a rule, and deletes it by its key
# (closed_one): PostgreSQL keeps one generic plan per prepared statement, planned while user_task was small,
# so the IN list's form was planned as a sequential scan of user_task and stayed one as the table grew.
SAVE_PARTS = {
    "closed_one": """closed_task AS (
    DELETE FROM user_task WHERE id = %(closed_one)s
)""",
    "closed_many": """closed_tasks AS (
    DELETE FROM user_task WHERE id IN (SELECT value FROM json_array_elements_text(%(closed)s::json))
)""",
    "tasks": """opened_tasks AS (
    INSERT INTO user_task (id, instance_id, element_id, name, documentation, assignee, priority, due_at,
                           follow_up_at, created_at, form_fields)
    SELECT id, instance_id, element_id, name, documentation, assignee, priority, due_at, follow_up_at, created_at,
           form_fields
    FROM json_to_recordset(%(tasks)s::json) AS t(id varchar, instance_id integer, element_id varchar, name varchar,
         documentation text, assignee varchar, priority integer, due_at timestamptz, follow_up_at timestamptz,
         created_at timestamptz, form_fields text)
)""",
    "candidates": """candidates AS (
    INSERT INTO user_task_candidate (task_id, kind, name)
    SELECT task_id, kind, name FROM json_to_recordset(%(candidates)s::json) AS c(task_id varchar, kind varchar,
                                                                                 name varchar)
)""",
    "delete_timers": """old_timers AS (
    DELETE FROM timer WHERE instance_id = %(instance)s
)""",
    "timers": """new_timers AS (
    INSERT INTO timer (instance_id, task_id, element_id, name, kind, due_at)
    SELECT instance_id, task_id, element_id, name, kind, due_at
    FROM json_to_recordset(%(timers)s::json) AS t(instance_id integer, task_id varchar, element_id varchar,
                                                  name varchar, kind varchar, due_at timestamptz)
)""",
    "delete_subscriptions": """old_subscriptions AS (
    DELETE FROM message_subscription WHERE instance_id = %(instance)s
)""",
    "subscriptions": """new_subscriptions AS (
    INSERT INTO message_subscription (instance_id, task_id, element_id, message_name, kind)
    SELECT instance_id, task_id, element_id, message_name, kind
    FROM json_to_recordset(%(subscriptions)s::json) AS m(instance_id integer, task_id varchar, element_id varchar,
                                                         message_name varchar, kind varchar)
)""",
    "history": """history AS (
    INSERT INTO history_event (stream, seq, instance_id, kind, element_id, task_id, actor, at, data, prev_hash, hash)
    SELECT stream, seq, instance_id, kind, element_id, task_id, actor, at, data, prev_hash, hash
    FROM json_to_recordset(%(history)s::json) AS h(stream varchar, seq integer, instance_id integer, kind varchar,
         element_id varchar, task_id varchar, actor varchar, at timestamptz, data text, prev_hash varchar,
         hash varchar)
    ORDER BY seq
)""",
}
SAVE_STATE_POSTGRES = """saved AS (
    UPDATE process_instance
    SET state_json = %(state)s, serializer_version = %(serializer_version)s, status = %(new_status)s,
        lock_version = lock_version + 1, updated_at = %(now)s, completed_at = %(ended_at)s, last_error = NULL,
        history_seq = %(seq)s, history_hash = %(hash)s
    WHERE id = %(instance)s AND lock_version = %(expected)s
    RETURNING id
)
SELECT CASE WHEN EXISTS (SELECT FROM saved) THEN 1
            ELSE flowdesk_refuse_stale_step(%(instance)s, %(expected)s) END
"""


@cache
def save_step_postgres(parts: frozenset[str]) -> DriverSql:
    """Return the statement that saves a step with these parts (cached: each shape is one prepared statement)."""
    ctes = [cte for name, cte in SAVE_PARTS.items() if name in parts]
    return DriverSql("WITH " + ",\n".join([*ctes, SAVE_STATE_POSTGRES]))


def definition_for(runtime: Runtime, definition_id: int, pins: Mapping[str, int] | None = None) -> Definition:
    """Return the parsed definition of a stored version (cached per worker).

    A version that calls processes of other files is parsed with the callee versions its call activities
    bind to now (app/workflow/call_activities.py), and cached under those too; pins: the callee versions an
    instance's calls under way run.
    """
    cached = runtime.engine.cached_definition(definition_id)
    if cached is not None and not cached.calls:
        return cached
    row = db.session.get(ProcessDefinition, definition_id)
    if row is None:
        raise NotFound(f"Process version {definition_id} does not exist.")
    calls = cached.calls if cached is not None else tuple(runtime.engine.external_calls(row.bpmn_xml, row.file_name))
    if not calls:
        return runtime.engine.definition(definition_id, row.bpmn_xml, row.process_id, row.file_name, row.version,
                                         forms=row.forms())
    chosen = chosen_callees(calls, definition_id, pins, calls_of=runtime.engine.external_calls)
    versions = tuple(sorted((process_id, callee_id) for process_id, (callee_id, _) in chosen.items()))
    definition = runtime.engine.definition((definition_id, versions), row.bpmn_xml, row.process_id, row.file_name,
                                           row.version, {process_id: xml for process_id, (_, xml) in chosen.items()},
                                           forms=row.forms())
    definition.calls, definition.callee_versions = calls, versions
    definition.called_back_newer = chosen.get(row.process_id, (definition_id, b""))[0] != definition_id
    runtime.engine.remember_definition(definition_id, definition)
    return definition


def lock_instance(instance_id: int, skip_locked: bool = False) -> Any:
    """Lock an instance row for this transaction (row lock on PostgreSQL; SQLite has one writer)."""
    statement = LOCK_INSTANCE_OR_SKIP if skip_locked else LOCK_INSTANCE
    return first(statement, {"instance_id": instance_id})


def require_instance(instance_id: int) -> Any:
    """Lock an instance row or raise NotFound."""
    row = lock_instance(instance_id)
    if row is None:
        raise NotFound(f"Instance {instance_id} does not exist. Check the id with 'flowdesk instances'.")
    return row


def load_run(runtime: Runtime, row: Any) -> Run:
    """Return the engine run of a locked instance row: from this worker's cache if still current, else rebuilt."""
    cached = runtime.runs.take(row.id, row.lock_version)
    if cached is not None:
        cached.clock = runtime.clock
        return cached
    return read_run(runtime, row)


def read_run(runtime: Runtime, row: Any) -> Run:
    """Rebuild a run from a row's stored state for reading only (the worker's cache is left alone)."""
    state = json.loads(row.state_json)
    definition = definition_for(runtime, row.definition_id, state.pop(CALLEE_PINS, None))
    return runtime.engine.resume(definition, state, runtime.clock)


def keep_after_commit(runtime: Runtime, instance_id: int, lock_version: int, run: Run) -> None:
    """Cache a saved run once the step's transaction has committed (never a run whose step rolled back)."""
    pending = db.session.info.setdefault(PENDING_RUNS, [])
    pending.append((runtime, instance_id, lock_version, run))


PENDING_RUNS = "flowdesk_pending_runs"


@event.listens_for(Session, "after_commit")
def cache_committed_runs(session: Session) -> None:
    """Move the runs saved in a committed transaction into their worker's cache."""
    for runtime, instance_id, lock_version, run in session.info.pop(PENDING_RUNS, []):
        runtime.runs.keep(instance_id, lock_version, run)


@event.listens_for(Session, "after_rollback")
def forget_rolled_back_runs(session: Session) -> None:
    """Drop runs whose step did not commit: their in-memory state is ahead of the database."""
    session.info.pop(PENDING_RUNS, None)


def insert_latest_instance(process_id: str, business_key: str | None, actor: str | None,
                           now: datetime) -> Any:
    """Insert a placeholder instance of a process's latest version; return (id, definition_id) or None."""
    return first(INSERT_LATEST_INSTANCE, {
        "process_id": process_id, "business_key": business_key, "actor": actor, "now": now})


@dataclass(frozen=True)
class NewInstance:
    """The locked-row view of an instance inserted in this transaction."""

    id: int
    status: str = "running"
    lock_version: int = 1
    history_seq: int = 0
    history_hash: str = GENESIS_HASH


def initiator_variable(definition: Definition, actor: str | None) -> dict[str, Any]:
    """Return camunda:initiator's variable holding who starts the instance (null for the scheduler, as Camunda)."""
    if definition.initiator is None:
        return {}
    return {definition.initiator: actor if actor not in (None, SCHEDULER_ACTOR) else None}


def insert_instance(definition_id: int, process_id: str, business_key: str | None, actor: str | None,
                    now: datetime, state: dict[str, Any] | None = None, error: str | None = None) -> int:
    """Insert a new instance row and return its id; save_run writes its state unless given here."""
    return db.session.connection().execute(INSERT_INSTANCE, {
        "definition_id": definition_id, "process_id": process_id, "business_key": business_key,
        "status": "needs_attention" if error else "running", "state_json": dump_json(state or {}),
        "serializer_version": SERIALIZER_VERSION, "lock_version": 1, "started_by": actor, "started_at": now,
        "updated_at": now, "last_error": error, "history_seq": 0, "history_hash": "0" * 64,
    }).scalar_one()


def save_run(runtime: Runtime, row: Any, run: Run, actor: str | None, now: datetime,
             leading_events: list[NewEvent] | None = None, batch: WriteBatch | None = None) -> None:
    """Write the run's state, bring its projections up to date and append what happened to the history.

    row is the locked instance row (id, status, history head); projections are changed only
    where the engine's open tasks and timers differ from what the last save wrote. Writes
    already queued on batch go first. On PostgreSQL the writes leave with the transaction's COMMIT (any
    statement the unit runs before then sends them first).
    """
    batch = batch or WriteBatch()
    queue_external_tasks(batch, row.id, run, now)
    writes = step_writes(row, run, actor, now, leading_events or [], runtime.unassigned_task_group)
    if db.session.get_bind().dialect.name == "postgresql":
        batch.add(*postgres_step(writes))
        batch.send_with_commit()  # a stale save fails in the database, and the COMMIT with it
    else:
        queue_step(batch, writes)
        if batch.send()[-1] != 1:
            raise StaleInstance(f"Instance {row.id} was changed by another step since version "
                                f"{row.lock_version} was read; this step was not saved and runs again.")
    if any(timer.kind == "script" for timer in run.timers()):
        runtime.scripts_waiting(runtime, row.id, actor)
    run.mark_saved()
    keep_after_commit(runtime, row.id, row.lock_version + 1, run)
    thrown = run.take_thrown()
    if thrown:
        runtime.events_thrown(runtime, row.id, thrown, actor)


def rebuild_projections(runtime: Runtime, row: Any, now: datetime, batch: WriteBatch) -> dict[str, list[Any]]:
    """Queue a rewrite of a locked instance's task, external task, timer and message subscription rows from its
    stored state; return what was wrong.

    Task rows the engine does not hold open go (their candidates with them), open tasks without a
    row come back with their candidates, and matching task rows stay as they are, claims included.
    External task rows likewise: stray ones go, missing ones come back unlocked, and matching ones keep
    their locks, retries and errors. Timer and subscription rows are rewritten when they differ from what the
    engine waits for. Nothing is queued when the projections were right (all lists of the result are empty).
    """
    run = read_run(runtime, row)
    run.saved_task_ids = frozenset(db.session.execute(
        select(TASKS.c.id).where(TASKS.c.instance_id == row.id)).scalars())
    run.saved_external_ids = frozenset(db.session.execute(
        select(EXTERNAL_TASKS.c.id).where(EXTERNAL_TASKS.c.instance_id == row.id)).scalars())
    missing_external, stray_external = run.external_task_changes()
    stored = Counter(PendingTimer(t.task_id, t.element_id, t.name, t.kind, t.due_at) for t in db.session.execute(
        select(TIMERS).where(TIMERS.c.instance_id == row.id)))
    waiting = Counter(run.timers())
    if stored != waiting:
        run.saved_timers = tuple(stored.elements())
    subscribed = stored_subscriptions(row.id)
    awaited: Counter[Any] = Counter([*run.message_waits(), *run.signal_waits()])
    opened, closed = run.user_task_changes()
    queue_user_tasks(batch, row.id, run, now, runtime.unassigned_task_group)
    queue_external_tasks(batch, row.id, run, now)
    queue_timers(batch, row.id, run)
    if subscribed != awaited:
        queue_subscriptions(batch, row.id, [row_of(row.id, wait) for wait in awaited.elements()], bool(subscribed))
    return {"stray_tasks": sorted(closed), "missing_tasks": sorted(opened),
            "stray_external_tasks": sorted(stray_external), "missing_external_tasks": sorted(missing_external),
            "stray_timers": [timer_data(t) for t in (stored - waiting).elements()],
            "missing_timers": [timer_data(t) for t in (waiting - stored).elements()],
            "stray_subscriptions": [asdict(w) for w in (subscribed - awaited).elements()],
            "missing_subscriptions": [asdict(w) for w in (awaited - subscribed).elements()]}


def queue_user_tasks(batch: WriteBatch, instance_id: int, run: Run, now: datetime,
                     unassigned_task_group: str | None) -> None:
    """Queue deletes for finished tasks and inserts for newly open ones with their candidates."""
    closed, tasks, candidates = user_task_rows(instance_id, run, now, unassigned_task_group)
    batch.add(DELETE_TASK, [{"task_id": task_id} for task_id in closed])
    batch.add(INSERT_TASK, tasks)
    batch.add(INSERT_CANDIDATE, candidates)


def queue_external_tasks(batch: WriteBatch, instance_id: int, run: Run, now: datetime) -> None:
    """Queue deletes for external tasks that stopped waiting for workers (their locks go with them) and
    inserts for those that began to wait."""
    opened, closed = run.external_task_changes()
    if opened:
        after_commit(tasks_available.notify, key=tasks_available)  # wakes long-polling fetches
    batch.add(DELETE_EXTERNAL_TASK, [{"task_id": task_id} for task_id in sorted(closed)])
    batch.add(INSERT_EXTERNAL_TASK, [
        {"id": task.id, "instance_id": instance_id, "element_id": task.element_id, "name": task.name,
         "topic": task.topic, "priority": task.priority, "created_at": now}
        for task in run.external_tasks(only=opened)])


def queue_timers(batch: WriteBatch, instance_id: int, run: Run) -> None:
    """Queue a rewrite of the instance's timer rows when the timers it waits for changed."""
    timers = timer_rows(instance_id, run)
    if timers is None:
        return
    if run.saved_timers:
        batch.add(DELETE_TIMERS, {"instance_id": instance_id})
    batch.add(INSERT_TIMER, timers)


def timer_data(timer: PendingTimer) -> dict[str, str]:
    """Return a timer as history data."""
    return {"element_id": timer.element_id, "task_id": timer.task_id, "kind": timer.kind,
            "due_at": timer.due_at.isoformat()}


@dataclass(frozen=True)
class StepWrites:
    """The rows one save writes: projection changes, history events and the new state."""

    closed_tasks: list[str]
    tasks: list[dict[str, Any]]
    candidates: list[dict[str, Any]]
    timers: list[dict[str, Any]] | None  # None: the timers did not change
    delete_timers: bool
    subscriptions: list[dict[str, Any]] | None  # None: the messages waited for did not change
    delete_subscriptions: bool
    history: list[dict[str, Any]]
    state: dict[str, Any]


def step_writes(row: Any, run: Run, actor: str | None, now: datetime, leading_events: list[NewEvent],
                unassigned_task_group: str | None = None) -> StepWrites:
    """Work out what a save writes for a run whose step has been taken."""
    events = list(leading_events)
    events.extend(step_events_to_new(run.take_events()))
    closed, tasks, candidates = user_task_rows(row.id, run, now, unassigned_task_group)
    timers = timer_rows(row.id, run)
    subscriptions = subscription_rows(row.id, run)
    status = run.status
    if status == "completed" and row.status != "completed":
        events.append(NewEvent("instance_completed", None, {}))
    history, (seq, digest) = chain_events(instance_stream(row.id), row.id, (row.history_seq, row.history_hash),
                                          events, actor, now)
    state = {
        "instance": row.id, "expected": row.lock_version, "state": dump_json(stored_state(run)), "new_status": status,
        "now": now, "ended_at": now if status in ENDED else None, "seq": seq, "hash": digest,
    }
    return StepWrites(closed, tasks, candidates, timers, timers is not None and bool(run.saved_timers),
                      subscriptions, subscriptions is not None and subscribed_before(run), history, state)


def stored_state(run: Run) -> dict[str, Any]:
    """Return the state to store, naming the callee versions of the run's calls under way (CALLEE_PINS)."""
    state = run.state()
    under_way = run.calls_under_way()
    if under_way:
        state[CALLEE_PINS] = {process_id: callee_id for process_id, callee_id in run.definition.callee_versions
                              if process_id in under_way}
    return state


def postgres_step(writes: StepWrites) -> tuple[DriverSql, dict[str, Any]]:
    """Return the statement that saves a step on PostgreSQL, holding only the parts it needs, and its parameters:
    each table's new rows as one JSON array."""
    closed = writes.closed_tasks
    params = {**writes.state, "serializer_version": SERIALIZER_VERSION,
              "closed_one": closed[0] if len(closed) == 1 else None, "closed": dump_json(closed),
              "tasks": rows_json(writes.tasks), "candidates": rows_json(writes.candidates),
              "timers": rows_json(writes.timers or []), "subscriptions": rows_json(writes.subscriptions or []),
              "history": rows_json(writes.history)}
    params["now"] = aware_utc(params["now"])
    params["ended_at"] = aware_utc(params["ended_at"])
    parts = frozenset(name for name, present in (
        ("closed_one", len(closed) == 1), ("closed_many", len(closed) > 1), ("tasks", bool(writes.tasks)),
        ("candidates", bool(writes.candidates)), ("delete_timers", writes.delete_timers),
        ("timers", bool(writes.timers)), ("delete_subscriptions", writes.delete_subscriptions),
        ("subscriptions", bool(writes.subscriptions)), ("history", bool(writes.history))) if present)
    return save_step_postgres(parts), params


def rows_json(rows: list[dict[str, Any]]) -> str:
    """Return rows as a JSON array, datetimes as ISO 8601 in UTC (checked aware, as UtcDateTime does)."""
    return dump_json([{key: aware_utc(value).isoformat() if isinstance(value, datetime) else value  # type: ignore[union-attr]
                       for key, value in row.items()} for row in rows])


def aware_utc(value: datetime | None) -> datetime | None:
    """Return an aware datetime in UTC; refuse a naive one, as the UtcDateTime column type does."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("FlowDesk stores aware datetimes only.")
    return value.astimezone(UTC)


def queue_step(batch: WriteBatch, writes: StepWrites) -> None:
    """Queue a save's writes as one statement each (the state last: its rowcount proves the version)."""
    batch.add(DELETE_TASK, [{"task_id": task_id} for task_id in writes.closed_tasks])
    batch.add(INSERT_TASK, writes.tasks)
    batch.add(INSERT_CANDIDATE, writes.candidates)
    if writes.delete_timers:
        batch.add(DELETE_TIMERS, {"instance_id": writes.state["instance"]})
    if writes.timers is not None:
        batch.add(INSERT_TIMER, writes.timers)
    queue_subscriptions(batch, writes.state["instance"], writes.subscriptions, writes.delete_subscriptions)
    batch.add(INSERT_HISTORY, writes.history)
    batch.add(SAVE_STATE, writes.state)


def append_to_instance(row: Any, events: list[NewEvent], actor: str | None, now: datetime,
                       batch: WriteBatch | None = None) -> list[int]:
    """Append events to a locked instance's history without touching its engine state."""
    batch = batch or WriteBatch()
    queue_append(row, events, actor, now, batch)
    return batch.send()


def queue_append(row: Any, events: list[NewEvent], actor: str | None, now: datetime, batch: WriteBatch) -> None:
    """Queue the history rows of events chained onto a locked instance's head, and the new head."""
    history, (seq, digest) = chain_events(instance_stream(row.id), row.id, (row.history_seq, row.history_hash),
                                          events, actor, now)
    batch.add(INSERT_HISTORY, history)
    batch.add(SAVE_HEAD, {"instance": row.id, "seq": seq, "hash": digest})


def lock_history_head(instance_id: int) -> Any:
    """Lock an instance row to append to its history (claims and releases queue behind steps)."""
    return first(LOCK_HEAD, {"instance_id": instance_id})


def dump_json(value: Any) -> str:
    """Serialize compactly for storage."""
    return json.dumps(value, separators=(",", ":"))


def user_task_rows(instance_id: int, run: Run, now: datetime, unassigned_task_group: str | None = None,
                   ) -> tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the ids of finished tasks, and the rows of newly open tasks and their candidates.

    Claims on tasks still open are kept; candidate rows of closed tasks go with them (ON DELETE CASCADE).
    A task drawn for nobody is offered to the unassigned-task queue (policies.unassigned_queue_offer), as a
    candidate row of its own kind (task_offers.QUEUE).
    """
    opened, closed = run.user_task_changes()
    if not opened:
        return sorted(closed), [], []
    views = run.user_tasks(now, only=opened)
    candidates = [{"task_id": task.id, "kind": kind, "name": name}
                  for task in views for kind, name in offers_of(task, unassigned_task_group)]
    return sorted(closed), [task_row(instance_id, task, now) for task in views], candidates


def offers_of(task: UserTaskView, unassigned_task_group: str | None) -> list[tuple[str, str]]:
    """Return the (kind, name) candidate rows of a new task: as drawn, or the unassigned-task queue's."""
    queue = unassigned_queue_offer(task.candidate_groups, task.candidate_users, task.assignee, unassigned_task_group)
    if queue is not None:
        return [(QUEUE, queue)]
    return [(GROUP, name) for name in task.candidate_groups] + [(USER, name) for name in task.candidate_users]


def task_row(instance_id: int, task: UserTaskView, now: datetime) -> dict[str, Any]:
    """Return the user_task row for a newly open task."""
    return {
        "id": task.id, "instance_id": instance_id, "element_id": task.element_id, "name": task.name,
        "documentation": task.documentation, "assignee": task.assignee, "priority": task.priority,
        "due_at": task.due_at, "follow_up_at": task.follow_up_at, "created_at": now,
        "form_fields": dump_json([field.to_dict() for field in task.fields]),
    }


def timer_rows(instance_id: int, run: Run) -> list[dict[str, Any]] | None:
    """Return the instance's timer rows when the timers it waits for changed (they are rewritten), else None."""
    timers = run.timer_changes()
    if timers is None:
        return None
    return [
        {"instance_id": instance_id, "task_id": t.task_id, "element_id": t.element_id, "name": t.name,
         "kind": t.kind, "due_at": t.due_at}
        for t in timers
    ]


def run_guarded(runtime: Runtime, run: Run, instance_id: int, action: Callable[[], Any], actor: str | None,
                now: datetime) -> Any:
    """Run a step inside the caller's unit; an engine or handler failure raises StepFailed.

    The unit rolls the step back; StepFailed's recovery then marks the instance needs_attention with
    the failure in its history. Transient database faults pass through untouched, so the unit runs
    the step again instead of parking a healthy instance.
    """
    run.context = StepContext(runtime, actor, instance_id)
    try:
        return action()
    except StaleInstance:
        raise
    except Exception as exc:  # any engine or handler failure; nothing of the step is kept
        if is_transient(exc):
            raise
        message = failure_message(exc)
        failure = StepFailed(instance_id, f"Instance {instance_id} stopped: {message} "
                                          f"Nothing of this step was saved; the instance needs attention "
                                          f"(fix the cause, then run 'flowdesk retry {instance_id}').",
                             cause=message)
        element_id = failed_element(exc)
        failure.recovery = lambda: record_failure(instance_id, message, actor, now, element_id)
        raise failure from exc


def failure_message(exc: BaseException) -> str:
    """Describe an engine failure in one sentence, naming the element that failed when known."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    cause = exc.__cause__ or exc.__context__
    if not text and cause is not None:
        text = str(cause).strip()
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    element_id = failed_element(exc)
    if element_id:
        message = f"step '{element_id}' failed with {message}"
    return message.rstrip(". ") + "."


def failure_event(message: str, element_id: str | None = None) -> NewEvent:
    """Return the history event recording a failed step (at the element that failed, when known)."""
    return NewEvent("step_failed", element_id, {"error": message})


def failed_element(exc: BaseException) -> str | None:
    """Return the BPMN id of the task an engine exception points at, if any."""
    task = getattr(exc, "task", None)
    return getattr(getattr(task, "task_spec", None), "bpmn_id", None) or getattr(exc, "element_id", None)


def record_failure(instance_id: int, message: str, actor: str | None, now: datetime,
                   element_id: str | None = None) -> None:
    """Mark an instance needs_attention and write the failure to its history (a recovery unit's work)."""
    mark_needs_attention(instance_id, message, actor, now, element_id)


def mark_needs_attention(instance_id: int, message: str, actor: str | None, now: datetime,
                         element_id: str | None = None) -> None:
    """Mark an instance needs_attention with a message for the operator, written to its history as a failure at
    the element that failed (when known)."""
    row = lock_history_head(instance_id)
    if row is None:
        return
    append_to_instance(row, [failure_event(message, element_id)], actor, now)
    db.session.connection().execute(
        update(INSTANCES).where(INSTANCES.c.id == instance_id)
        .values(status="needs_attention", last_error=message, updated_at=now,
                lock_version=INSTANCES.c.lock_version + 1)
    )


def step_events_to_new(events: list[StepEvent]) -> list[NewEvent]:
    """Convert engine events to history events."""
    return [NewEvent(e.kind, e.element_id, e.data) for e in events]
