"""Append to and verify the hash-chained audit trail.

Each event's hash is an HMAC-SHA256, with the history key, over the previous event's hash and the
event; the key lives outside the database (FLOWDESK_HISTORY_KEY or instance/history_key, see
app.workflow.instances.history_keys), so whoever can rewrite rows, even with the append-only triggers dropped,
cannot re-hash a chain that still verifies. Checkpoints (HistoryCheckpoint), signed with the same key and
chained to each other, hold the streams' heads at a moment: deleting the newest events of a stream after a
checkpoint shows as a head below the signed one.

Chains begun before the key (before migration 0015) stay plain SHA-256 up to the stream heads the
migration signed as the "legacy" checkpoint; everything after is keyed. A legacy event rewritten and
re-hashed no longer leads to the signed legacy head.
"""
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, insert, select, text

from app.extensions import db
from app.platform.transactions import prove_commit_by, use_case
from app.workflow.instances.history_keys import history_key
from app.workflow.models import HistoryCheckpoint, HistoryEvent

GENESIS_HASH = "0" * 64
CHECKPOINT_STREAM = "checkpoints"  # names a break in the checkpoints themselves
DEPLOYMENT_STREAM = "deployments"
# Inserts go to the table (Core): one executemany per append, where the ORM bulk path splits the rows
# into one statement per combination of None columns and adds its own overhead.
HISTORY_TABLE = cast(Table, HistoryEvent.__table__)
CHECKPOINT_TABLE = cast(Table, HistoryCheckpoint.__table__)


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
               actor: str | None, at: datetime, data_json: str, keyed: bool = True) -> str:
    """Return the chained hash of one event: HMAC-SHA256 with the history key (plain SHA-256 for legacy events)."""
    moment = at.astimezone(UTC).isoformat()
    message = (prev_hash + canonical_json([stream, seq, kind, element_id, task_id, actor, moment, data_json])).encode()
    if keyed:
        return hmac.digest(history_key(), message, "sha256").hex()
    return hashlib.sha256(message).hexdigest()


def sign(*parts: Any) -> str:
    """Return the HMAC-SHA256, with the history key, of parts in canonical JSON."""
    return hmac.digest(history_key(), canonical_json(list(parts)).encode(), "sha256").hex()


Head = tuple[int, str]  # the last sequence number of a stream and that event's hash
INSERT_HISTORY = insert(HISTORY_TABLE)
LAST_EVENT = (select(HISTORY_TABLE.c.seq, HISTORY_TABLE.c.hash).where(HISTORY_TABLE.c.stream == bindparam("stream"))
              .order_by(HISTORY_TABLE.c.seq.desc()).limit(1))
EVENT_STORED = select(HISTORY_TABLE.c.id).where(HISTORY_TABLE.c.stream == bindparam("stream"),
                                                HISTORY_TABLE.c.seq == bindparam("seq"),
                                                HISTORY_TABLE.c.hash == bindparam("hash"))


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


def event_stored(stream: str, seq: int, digest: str) -> bool:
    """Say whether the event of this stream, sequence number and hash is stored."""
    return db.session.execute(EVENT_STORED, {"stream": stream, "seq": seq, "hash": digest}).first() is not None


def chain_events(stream: str, instance_id: int | None, head: Head, events: Sequence[NewEvent],
                 actor: str | None, at: datetime) -> tuple[list[dict[str, Any]], Head]:
    """Return the history rows for events chained onto a head, and the new head.

    Inside a unit of work the new head is also the unit's proof of commit (prove_commit_by): a COMMIT whose
    answer was lost happened if the head's event is stored, for its hash chains everything before it and the
    moment it was written. Every history append chains here, so every one names it.
    """
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
    if rows:
        prove_commit_by(partial(event_stored, stream, seq, prev_hash))
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


Heads = dict[str, Head]  # stream -> head


def heads_query(after_event_id: int, up_to_event_id: int) -> Select[Any]:
    """Select the head (stream, seq, hash) of every stream with events whose ids are in (after, up_to]."""
    table = HISTORY_TABLE
    window = (table.c.id > after_event_id) & (table.c.id <= up_to_event_id)
    last = select(table.c.stream, func.max(table.c.seq).label("seq")).where(window).group_by(table.c.stream).subquery()
    return select(table.c.stream, table.c.seq, table.c.hash).join(
        last, (table.c.stream == last.c.stream) & (table.c.seq == last.c.seq))


def checkpoint_signature(kind: str, taken_at: datetime, up_to_event_id: int, heads_json: str,
                         prev_signature: str) -> str:
    """Return the signature of a checkpoint: chained to the previous one's, so none can go missing in between."""
    return sign(kind, taken_at.astimezone(UTC).isoformat(), up_to_event_id, heads_json, prev_signature)


def checkpoint_row(kind: str, heads: Iterable[Any], up_to_event_id: int, at: datetime,
                   prev_signature: str) -> dict[str, Any]:
    """Return the values of a signed checkpoint of (stream, seq, hash) heads."""
    heads_json = canonical_json({head.stream: [head.seq, head.hash] for head in heads})
    return {"kind": kind, "taken_at": at, "up_to_event_id": up_to_event_id, "heads": heads_json,
            "prev_signature": prev_signature,
            "signature": checkpoint_signature(kind, at, up_to_event_id, heads_json, prev_signature)}


CHECKPOINT_LOCK_KEY = 0x666C6F7764736B  # PostgreSQL advisory lock: one checkpoint writer at a time


@use_case
def write_checkpoint(at: datetime) -> int:
    """Sign the heads of the streams that grew since the last checkpoint; return how many (0: nothing new).

    Writers take turns (schedulers on several machines, evidence exports): two that read the same last checkpoint
    would both link to it, and the checkpoints' chain would fork. SQLite has one writer at a time anyway.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHECKPOINT_LOCK_KEY})
    last = db.session.execute(select(HistoryCheckpoint.up_to_event_id, HistoryCheckpoint.signature)
                              .order_by(HistoryCheckpoint.id.desc()).limit(1)).first()
    after = last.up_to_event_id if last else 0
    newest = db.session.execute(select(func.max(HISTORY_TABLE.c.id))).scalar()
    if newest is None or newest <= after:
        return 0
    heads = db.session.execute(heads_query(after, newest)).all()
    db.session.execute(insert(CHECKPOINT_TABLE),
                       checkpoint_row("heads", heads, newest, at, last.signature if last else GENESIS_HASH))
    return len(heads)


@dataclass
class Anchors:
    """What the valid checkpoints say: where keyed hashing began per stream, and the last signed head."""

    legacy: Heads
    latest: Heads


def read_checkpoints() -> tuple[Anchors, list[ChainBreak]]:
    """Check every checkpoint's signature and link; return the anchors of those before the first bad one."""
    anchors, breaks = Anchors({}, {}), []
    expected_prev = GENESIS_HASH
    for row in db.session.execute(select(HistoryCheckpoint).order_by(HistoryCheckpoint.id)).scalars():
        if row.prev_signature != expected_prev:
            breaks.append(ChainBreak(CHECKPOINT_STREAM, row.id, None, "its link to the previous checkpoint does not "
                                     "match (a checkpoint was deleted or altered)"))
            break
        forged = forged_checkpoint(row)
        if forged is not None:
            breaks.append(forged)
            break
        heads = {stream: (int(head[0]), str(head[1])) for stream, head in json.loads(row.heads).items()}
        if row.kind == "legacy":
            anchors.legacy.update(heads)
        anchors.latest.update(heads)
        expected_prev = row.signature
    return anchors, breaks


def forged_checkpoint(row: Any) -> ChainBreak | None:
    """Say how a checkpoint breaks when its signature does not match its content, or None."""
    signature = checkpoint_signature(row.kind, row.taken_at, row.up_to_event_id, row.heads, row.prev_signature)
    if hmac.compare_digest(row.signature, signature):
        return None
    return ChainBreak(CHECKPOINT_STREAM, row.id, None, "its signature does not match (the checkpoint was altered or "
                      "forged without the history key)")


@dataclass
class StreamCheck:
    """Where the walk of one stream is."""

    stream: str
    expected_seq: int = 1
    prev_hash: str = GENESIS_HASH
    broken: bool = False


def verify_history(batch_size: int = 5000) -> tuple[int, list[ChainBreak]]:
    """Recompute every chain and check it against the signed checkpoints.

    Return the number of events checked and the first break per stream (and of the checkpoints).
    """
    anchors, breaks = read_checkpoints()
    checked, stream_breaks, seen = check_streams(iter_events(batch_size), anchors)
    return checked, breaks + stream_breaks + vanished_streams(anchors, seen, "", None)


@dataclass(frozen=True)
class VerificationPart:
    """What one part of a whole-history verification found: a few streams, in name order, checked whole."""

    checked: int  # events checked
    streams: int  # streams checked
    breaks: list[ChainBreak]  # the first break of each stream that breaks, and streams signed but gone
    after: str | None  # the last stream checked, to go on after; None when no stream is left


def verify_part(anchors: Anchors, after: str = "", streams: int = 200) -> VerificationPart:
    """Verify the next `streams` streams after `after` against the signed checkpoints (anchors: read_checkpoints).

    A whole-history verification in parts that each answer quickly, so a page can show its progress;
    run part after part from "" until `after` is None, it finds what verify_history finds.
    """
    names = list(db.session.execute(select(HistoryEvent.stream).where(HistoryEvent.stream > after)
                                    .group_by(HistoryEvent.stream).order_by(HistoryEvent.stream)
                                    .limit(streams)).scalars())
    last = names[-1] if len(names) == streams else None
    rows: Iterable[Any] = db.session.execute(select(HISTORY_TABLE).where(HistoryEvent.stream.in_(names))
                              .order_by(HistoryEvent.stream, HistoryEvent.seq)) if names else []
    checked, breaks, seen = check_streams(rows, anchors)
    return VerificationPart(checked, len(names), breaks + vanished_streams(anchors, seen, after, last), last)


def count_streams() -> int:
    """Return how many history streams there are (the size of a whole-history verification, for its progress)."""
    return int(db.session.execute(select(func.count(func.distinct(HistoryEvent.stream)))).scalar_one())


def check_streams(rows: Iterable[Any], anchors: Anchors) -> tuple[int, list[ChainBreak], set[str]]:
    """Walk history rows ordered by stream and sequence; return the events checked, the first break of each stream
    (an altered, re-linked or missing event, or events lost after the last one), and the streams seen."""
    breaks: list[ChainBreak] = []
    checked = 0
    walk: StreamCheck | None = None
    seen: set[str] = set()
    for row in rows:
        checked += 1
        if walk is None or row.stream != walk.stream:
            if walk is not None:
                breaks.extend(missing_tail(walk, anchors))
            walk = StreamCheck(row.stream)
            seen.add(row.stream)
        if walk.broken:
            continue
        problem = chain_problem(row, walk.expected_seq, walk.prev_hash, anchors)
        if problem:
            breaks.append(ChainBreak(row.stream, row.seq, row.id, problem))
            walk.broken = True
        walk.expected_seq, walk.prev_hash = row.seq + 1, row.hash
    if walk is not None:
        breaks.extend(missing_tail(walk, anchors))
    return checked, breaks, seen


def vanished_streams(anchors: Anchors, seen: set[str], after: str, last: str | None) -> list[ChainBreak]:
    """Report the streams a checkpoint signed that have no event left, among those after `after` (up to `last`,
    or to the end when None)."""
    return [ChainBreak(stream, 1, None, f"events 1 to {anchors.latest[stream][0]} are missing "
                       "(deleted after a signed checkpoint)")
            for stream in sorted(set(anchors.latest) - seen) if stream > after and (last is None or stream <= last)]


def missing_tail(walk: StreamCheck, anchors: Anchors) -> list[ChainBreak]:
    """Report the events a stream lost after a checkpoint signed a later head."""
    signed = anchors.latest.get(walk.stream)
    if walk.broken or signed is None or signed[0] < walk.expected_seq:
        return []
    return [ChainBreak(walk.stream, walk.expected_seq, None, f"events {walk.expected_seq} to {signed[0]} are "
                       "missing (deleted after a signed checkpoint)")]


def chain_problem(row: Any, expected_seq: int, prev_hash: str, anchors: Anchors | None = None) -> str | None:
    """Say why one event breaks its chain or disagrees with a signed checkpoint, or None."""
    anchors = anchors or Anchors({}, {})
    if row.seq != expected_seq:
        return f"events {expected_seq} to {row.seq - 1} are missing (deleted)"
    if row.prev_hash != prev_hash:
        return "its link to the previous event does not match (an earlier event was altered or deleted)"
    legacy = anchors.legacy.get(row.stream)
    keyed = legacy is None or row.seq > legacy[0]
    digest = event_hash(prev_hash, row.stream, row.seq, row.kind, row.element_id, row.task_id, row.actor, row.at,
                        row.data, keyed=keyed)
    if not hmac.compare_digest(digest, row.hash):
        return "its content does not match its hash (the row was altered)"
    for head in (legacy, anchors.latest.get(row.stream)):
        if head is not None and head[0] == row.seq and head[1] != row.hash:
            return "its hash is not the one a signed checkpoint holds (the chain was rewritten and re-hashed)"
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


@dataclass(frozen=True)
class StreamVerdict:
    """What recomputing one stream's chain found: per sequence number, why that event fails (None: it verifies),
    and what went missing after a signed checkpoint."""

    problems: dict[int, str | None]
    breaks: list[ChainBreak]

    @property
    def verified(self) -> bool:
        """Tell whether every event verifies and nothing is missing."""
        return not self.breaks


def stream_rows(stream: str) -> list[Any]:
    """Return the stored rows of one stream, in order."""
    return list(db.session.execute(
        select(HISTORY_TABLE).where(HISTORY_TABLE.c.stream == stream).order_by(HISTORY_TABLE.c.seq)).all())


def stream_anchors(stream: str) -> tuple[Anchors, list[ChainBreak]]:
    """Return what the checkpoints naming one stream say of it, each checkpoint checked by its signature.

    Only those checkpoints are read, so one case verifies in the time its own history takes; whether a whole
    checkpoint went missing from between the others is for verify_history (flowdesk verify-history) to say.
    """
    anchors, breaks = Anchors({}, {}), []
    named = f"{canonical_json(stream)}:"  # the stream's key in the canonical heads object
    for row in db.session.execute(select(HistoryCheckpoint).where(HistoryCheckpoint.heads.contains(named))
                                  .order_by(HistoryCheckpoint.id)).scalars():
        forged = forged_checkpoint(row)
        if forged is not None:
            breaks.append(forged)
            break
        head = json.loads(row.heads)[stream]
        if row.kind == "legacy":
            anchors.legacy[stream] = (int(head[0]), str(head[1]))
        anchors.latest[stream] = (int(head[0]), str(head[1]))
    return anchors, breaks


def verify_stream(stream: str, rows: Sequence[Any], anchors: Anchors | None = None) -> StreamVerdict:
    """Recompute the chain of one stream's rows against the signed checkpoints; judge every event on its own.

    An altered event fails; the walk goes on from its stored hash, so the events after it are judged by
    their own content and link. anchors: what every checkpoint says (read_checkpoints, for many streams at
    once); without them, the checkpoints naming this stream are read and checked here.
    """
    anchors, checkpoint_breaks = stream_anchors(stream) if anchors is None else (anchors, [])
    problems: dict[int, str | None] = {}
    breaks: list[ChainBreak] = list(checkpoint_breaks)
    walk = StreamCheck(stream)
    for row in rows:
        problem = chain_problem(row, walk.expected_seq, walk.prev_hash, anchors)
        problems[row.seq] = problem
        if problem:
            breaks.append(ChainBreak(stream, row.seq, row.id, problem))
        walk.expected_seq, walk.prev_hash = row.seq + 1, row.hash
    breaks.extend(missing_tail(walk, anchors))
    return StreamVerdict(problems, breaks)
