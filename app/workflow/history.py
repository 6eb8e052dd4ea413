"""Append to and verify the hash-chained audit trail."""
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select

from app.extensions import db
from app.workflow.models import HistoryEvent

GENESIS_HASH = "0" * 64
DEPLOYMENT_STREAM = "deployments"
# Inserts go to the table (Core): one executemany per append, where the ORM bulk path splits the rows
# into one statement per combination of None columns and adds its own overhead.
HISTORY_TABLE = cast(Table, HistoryEvent.__table__)


@dataclass(frozen=True)
class NewEvent:
    """An event about to be appended."""

    kind: str
    element_id: str | None = None
    data: dict[str, Any] | None = None

    @property
    def task_id(self) -> str | None:
        """Return the user task the event is about, if any."""
        return (self.data or {}).get("task_id")


def instance_stream(instance_id: int) -> str:
    """Name the history stream of an instance."""
    return f"instance:{instance_id}"


def canonical_json(value: Any) -> str:
    """Serialize deterministically so hashes can be recomputed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(prev_hash: str, stream: str, seq: int, kind: str, element_id: str | None, task_id: str | None,
               actor: str | None, at: datetime, data_json: str) -> str:
    """Return the chained hash of one event."""
    moment = at.astimezone(UTC).isoformat()
    body = canonical_json([stream, seq, kind, element_id, task_id, actor, moment, data_json])
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


Head = tuple[int, str]  # the last sequence number of a stream and that event's hash
INSERT_HISTORY = insert(HISTORY_TABLE)
LAST_EVENT = (select(HISTORY_TABLE.c.seq, HISTORY_TABLE.c.hash).where(HISTORY_TABLE.c.stream == bindparam("stream"))
              .order_by(HISTORY_TABLE.c.seq.desc()).limit(1))


def append_events(stream: str, instance_id: int | None, events: Sequence[NewEvent], actor: str | None,
                  at: datetime) -> Head:
    """Append events to a stream (read its head first) inside the caller's transaction; return the new head."""
    connection = db.session.connection()
    last = connection.execute(LAST_EVENT, {"stream": stream}).first()
    rows, head = chain_events(stream, instance_id, (last.seq, last.hash) if last else (0, GENESIS_HASH),
                              events, actor, at)
    if rows:
        connection.execute(INSERT_HISTORY, rows)
    return head


def chain_events(stream: str, instance_id: int | None, head: Head, events: Sequence[NewEvent],
                 actor: str | None, at: datetime) -> tuple[list[dict[str, Any]], Head]:
    """Return the history rows for events chained onto a head, and the new head."""
    seq, prev_hash = head
    rows = []
    for event in events:
        seq += 1
        data_json = canonical_json(event.data or {})
        digest = event_hash(prev_hash, stream, seq, event.kind, event.element_id, event.task_id, actor, at, data_json)
        rows.append({
            "stream": stream, "seq": seq, "instance_id": instance_id, "kind": event.kind,
            "element_id": event.element_id, "task_id": event.task_id, "actor": actor, "at": at, "data": data_json,
            "prev_hash": prev_hash, "hash": digest,
        })
        prev_hash = digest
    return rows, (seq, prev_hash)


@dataclass(frozen=True)
class HistoryEntry:
    """One event as shown to people."""

    seq: int
    kind: str
    element_id: str | None
    actor: str | None
    at: datetime
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {"seq": self.seq, "kind": self.kind, "element_id": self.element_id, "actor": self.actor,
                "at": self.at.isoformat(), "data": self.data}


def list_history(stream: str) -> list[HistoryEntry]:
    """Return a stream's events in order."""
    rows = db.session.execute(
        select(HistoryEvent).where(HistoryEvent.stream == stream).order_by(HistoryEvent.seq)
    ).scalars()
    return [HistoryEntry(r.seq, r.kind, r.element_id, r.actor, r.at, json.loads(r.data)) for r in rows]


def last_task_event(task_id: str) -> HistoryEntry | None:
    """Return the latest history event about a user task (to explain why it is not open)."""
    row = db.session.execute(
        select(HistoryEvent).where(HistoryEvent.task_id == task_id).order_by(HistoryEvent.id.desc()).limit(1)
    ).scalar_one_or_none()
    if row is None:
        return None
    return HistoryEntry(row.seq, row.kind, row.element_id, row.actor, row.at, json.loads(row.data))


@dataclass(frozen=True)
class ChainBreak:
    """The first event of a stream whose chain does not hold."""

    stream: str
    seq: int
    event_id: int | None
    reason: str


def verify_history(batch_size: int = 5000) -> tuple[int, list[ChainBreak]]:
    """Recompute every chain; return the number of events checked and the first break per stream."""
    checked = 0
    breaks: list[ChainBreak] = []
    stream, expected_seq, prev_hash, broken = None, 1, GENESIS_HASH, False
    for row in iter_events(batch_size):
        checked += 1
        if row.stream != stream:
            stream, expected_seq, prev_hash, broken = row.stream, 1, GENESIS_HASH, False
        if broken:
            continue
        problem = chain_problem(row, expected_seq, prev_hash)
        if problem:
            breaks.append(ChainBreak(row.stream, row.seq, row.id, problem))
            broken = True
        expected_seq, prev_hash = row.seq + 1, row.hash
    return checked, breaks


def chain_problem(row: Any, expected_seq: int, prev_hash: str) -> str | None:
    """Say why one event breaks its chain, or None."""
    if row.seq != expected_seq:
        return f"events {expected_seq} to {row.seq - 1} are missing (deleted)"
    if row.prev_hash != prev_hash:
        return "its link to the previous event does not match (an earlier event was altered or deleted)"
    digest = event_hash(prev_hash, row.stream, row.seq, row.kind, row.element_id, row.task_id, row.actor, row.at,
                        row.data)
    if digest != row.hash:
        return "its content does not match its hash (the row was altered)"
    return None


def iter_events(batch_size: int) -> Iterator[Any]:
    """Yield every history row ordered by stream and sequence, in batches (keyset pagination)."""
    stream, seq = "", 0
    while True:
        rows = db.session.execute(
            select(HistoryEvent.__table__)
            .where((HistoryEvent.stream > stream) | ((HistoryEvent.stream == stream) & (HistoryEvent.seq > seq)))
            .order_by(HistoryEvent.stream, HistoryEvent.seq).limit(batch_size)
        ).all()
        if not rows:
            return
        yield from rows
        stream, seq = rows[-1].stream, rows[-1].seq
