"""Keep the insight counts: brought up to date by the scheduler after the steps (catch_up), and rebuilt from history.

Both ways follow the events through app.workflow.insight.trail and add the same tallies; catching up adds each
case's tally since its last counted event to the rows (insert or add on conflict), the rebuild sums every case's
in memory and writes each row once. Neither runs inside a step: counting there would put several writes to
rows every case shares into each step's transaction (the engine's throughput fell to a third, and concurrent
steps queued on the shared rows). Ticket keys (category, priority, group) come from runtime.case_keys, wired by
the app factory to the service desk, as the tickets are when the events are counted.
"""
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.platform.transactions import TransientFault
from app.workflow.insight.buckets import bucket_of
from app.workflow.insight.keys import CaseKeys, rolled_up
from app.workflow.insight.models import KEY_COLUMNS, InsightCase, InsightCount, InsightDuration
from app.workflow.insight.trail import CaseTrail, Tally, TrailEvent, follow_events, start_trail
from app.workflow.models import ProcessDefinition

COUNTS = cast(Table, InsightCount.__table__)
DURATIONS = cast(Table, InsightDuration.__table__)
CASES = cast(Table, InsightCase.__table__)
PATH_JOINER = " > "
INSERT_BATCH = 5000


def trail_event(row: Mapping[str, Any] | Any) -> TrailEvent:
    """Return a history row (a mapping about to be inserted, or a row read back) as the insight reads it."""
    values = row if isinstance(row, Mapping) else row._mapping
    data = values["data"]
    return TrailEvent(values["kind"], values["element_id"], values["task_id"], values["at"],
                      json.loads(data) if isinstance(data, str) else dict(data or {}))


def definition_id_of(process_id: str, version: int) -> int:
    """Return the id of a deployed version (for the trail of a case that starts or migrates)."""
    found = db.session.execute(select(ProcessDefinition.id).where(
        ProcessDefinition.process_id == process_id, ProcessDefinition.version == version)).scalar_one_or_none()
    if found is None:
        raise LookupError(f"Version {version} of process '{process_id}' is not deployed.")
    return int(found)


def count_case(instance_id: int, events: list[TrailEvent], last_seq: int, keys: CaseKeys,
               stored: Any | None) -> None:
    """Add what a case's events after its last counted one count, in the caller's unit of work.

    stored is the case's insight_case row (trail, counted_seq) or None for a case not counted yet. The case row is
    written only if it still holds the counted_seq read: a second scheduler counting the same case at the same
    time makes this unit fail and run again, and the run again finds nothing left to count, so nothing counts twice.
    """
    connection = db.session.connection()
    trail = CaseTrail.from_json(json.loads(stored.trail)) if stored else start_trail(events[0], definition_id_of)
    if trail is None:
        return  # the history does not begin with the start of the case (pruned): nothing to follow
    tally = Tally()
    follow_events(trail, events, definition_id_of, tally)
    add_tally(tally, keys)
    case = {**case_values(instance_id, trail, keys), "counted_seq": last_seq}
    if stored is None:  # RETURNING says whether the row went in: an INSERT's rowcount is not told on PostgreSQL
        written = connection.execute(dialect_insert(CASES).on_conflict_do_nothing(index_elements=["instance_id"])
                                     .returning(CASES.c.instance_id), case).first() is not None
    else:
        written = connection.execute(update(CASES).where(CASES.c.instance_id == instance_id,
                                                         CASES.c.counted_seq == stored.counted_seq)
                                     .values(case)).rowcount == 1
    if not written:
        raise TransientFault(f"The insight of instance {instance_id} was counted meanwhile; counting again.")


def case_values(instance_id: int, trail: CaseTrail, keys: CaseKeys) -> dict[str, Any]:
    """Return the insight_case row of a case's trail."""
    started_at = datetime.fromisoformat(trail.started_at)
    ended_at = datetime.fromisoformat(trail.ended_at) if trail.ended_at else None
    return {"instance_id": instance_id, "definition_id": trail.definition_id, "started_on": started_at.date(),
            "category": keys.category, "priority": keys.priority, "group_name": keys.group_name,
            "path": PATH_JOINER.join(trail.path), "status": trail.status, "ended_at": ended_at,
            "duration_bucket": bucket_of((ended_at - started_at).total_seconds()) if ended_at else None,
            "repeats": trail.repeats, "rework_start": trail.rework_start, "off_path": ",".join(trail.off_path),
            "trail": json.dumps(trail.to_json(), separators=(",", ":"))}


def count_rows(tally: Tally, keys: CaseKeys) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return a tally's insight_count and insight_duration rows under one set of keys."""
    common = {"category": keys.category, "priority": keys.priority, "group_name": keys.group_name}
    counts = [{"definition_id": definition_id, "element_id": element_id, "day": day, **common, "passes": values[0],
               "cases": values[1], "repeats": values[2], "reassignments": values[3]}
              for (definition_id, element_id, day), values in tally.counts.items()]
    durations = [{"definition_id": definition_id, "element_id": element_id, "day": day, **common, "measure": measure,
                  "bucket": bucket, "tasks": tasks}
                 for (definition_id, element_id, day, measure, bucket), tasks in tally.durations.items()]
    return counts, durations


def add_tally(tally: Tally, keys: CaseKeys) -> None:
    """Add a tally to the stored counts under the case's keys and their roll-ups (keys.rolled_up): a new row per
    new key, the sums added to an existing one."""
    counts: list[dict[str, Any]] = []
    durations: list[dict[str, Any]] = []
    for key_set in rolled_up(keys):
        more_counts, more_durations = count_rows(tally, key_set)
        counts += more_counts
        durations += more_durations
    # One order of rows for every writer, so that two steps adding to the same rows lock them in the same order
    # (PostgreSQL) and never deadlock.
    counts.sort(key=lambda row: tuple(str(row[name]) for name in KEY_COLUMNS))
    durations.sort(key=lambda row: (*(str(row[name]) for name in KEY_COLUMNS), row["measure"], row["bucket"]))
    connection = db.session.connection()
    if counts:
        connection.execute(adding_insert(COUNTS, KEY_COLUMNS, ("passes", "cases", "repeats", "reassignments")),
                           counts)
    if durations:
        connection.execute(adding_insert(DURATIONS, (*KEY_COLUMNS, "measure", "bucket"), ("tasks",)), durations)


def insert_tallies(tallies: Mapping[CaseKeys, Tally]) -> None:
    """Write the tallies of many cases, by their keys, into empty count tables: the roll-ups are summed in memory
    first (keys.rolled_up), so that each row is inserted once (the rebuild)."""
    rolled: dict[CaseKeys, Tally] = {}
    for keys, tally in tallies.items():
        for key_set in rolled_up(keys):
            rolled.setdefault(key_set, Tally()).merge(tally)
    for key_set, tally in rolled.items():
        counts, durations = count_rows(tally, key_set)
        for table, rows in ((COUNTS, counts), (DURATIONS, durations)):
            for start in range(0, len(rows), INSERT_BATCH):
                db.session.execute(insert(table), rows[start:start + INSERT_BATCH])


def adding_insert(table: Table, keys: Sequence[str], sums: Iterable[str]) -> Any:
    """Return an INSERT that adds its sums to the row already holding the same key (SQLite and PostgreSQL)."""
    statement = dialect_insert(table)
    return statement.on_conflict_do_update(index_elements=list(keys), set_={
        name: table.c[name] + statement.excluded[name] for name in sums})


def dialect_insert(table: Table) -> Any:
    """Return the database's own INSERT of a table, which can say what to do on a conflict (SQLite and PostgreSQL)."""
    dialect: Any = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def delete_counts(definition_ids: Sequence[int]) -> None:
    """Delete the counts and cases of some versions (before a rebuild)."""
    for table in (COUNTS, DURATIONS, CASES):
        db.session.execute(delete(table).where(table.c.definition_id.in_(definition_ids)))
