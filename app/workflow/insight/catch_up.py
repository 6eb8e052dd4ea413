"""Bring the insight counts up to date with the history: the scheduler's pass, case by case, after the steps.

A case needs counting while its history runs past the last event counted (process_instance.history_seq beyond
insight_case.counted_seq, or no insight_case row yet: a case begun before the counts existed is counted from its
first event). Each pass counts a batch of such cases in one unit of work; the counts lag the steps by at most a
pass interval (INSIGHT_POLL_SECONDS) while the scheduler keeps up.
"""
from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Table, func, select

from app.extensions import db
from app.platform.transactions import use_case
from app.workflow.insight.counts import CASES, count_case, trail_event
from app.workflow.insight.keys import NO_KEYS, KeysOf
from app.workflow.insight.trail import TrailEvent
from app.workflow.models import HistoryEvent, ProcessInstance

HISTORY = cast(Table, HistoryEvent.__table__)
INSTANCES = cast(Table, ProcessInstance.__table__)
BATCH = 200


@use_case
def catch_up(keys_of: KeysOf, batch: int = BATCH) -> int:
    """Count the events appended since the last pass for up to `batch` cases; return how many cases were counted."""
    behind = db.session.execute(
        select(INSTANCES.c.id, INSTANCES.c.business_key, CASES.c.trail, CASES.c.counted_seq)
        .select_from(INSTANCES.outerjoin(CASES, CASES.c.instance_id == INSTANCES.c.id))
        .where(INSTANCES.c.history_seq > func.coalesce(CASES.c.counted_seq, 0))
        .order_by(INSTANCES.c.id).limit(batch)).all()
    if not behind:
        return 0
    keys = keys_of([row.business_key for row in behind if row.business_key])
    events = new_events([row.id for row in behind])
    for row in behind:
        found = events.get(row.id)
        if not found:
            continue  # the history was appended to by a step not committed when the events were read
        count_case(row.id, [event for _, event in found], found[-1][0], keys.get(row.business_key or "", NO_KEYS),
                   row if row.trail is not None else None)
    return len(behind)


def new_events(instance_ids: list[int]) -> dict[int, list[tuple[int, TrailEvent]]]:
    """Return each case's events after its last counted one (insight_case.counted_seq), in order, with their
    sequence numbers."""
    found: dict[int, list[tuple[int, TrailEvent]]] = defaultdict(list)
    rows: Any = db.session.execute(
        select(HISTORY.c.instance_id, HISTORY.c.seq, HISTORY.c.kind, HISTORY.c.element_id, HISTORY.c.task_id,
               HISTORY.c.at, HISTORY.c.data)
        .where(HISTORY.c.instance_id.in_(instance_ids), HISTORY.c.seq > func.coalesce(
            select(CASES.c.counted_seq).where(CASES.c.instance_id == HISTORY.c.instance_id)
            .scalar_subquery(), 0))
        .order_by(HISTORY.c.instance_id, HISTORY.c.seq))
    for row in rows:
        found[row.instance_id].append((row.seq, trail_event(row)))
    return found


def catch_up_all(keys_of: KeysOf, batch: int = BATCH) -> int:
    """Catch up until no case is behind (a command, and tests); return how many cases were counted."""
    total = 0
    while counted := catch_up(keys_of, batch):
        total += counted
    return total
