"""Recompute the insight counts of a process (or of every process) from the instances' history.

For installations that ran before the counts existed, and to repair them: the counts of the process's versions
are deleted and written again in one unit of work, so running it twice gives the same rows.
"""
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, insert, select

from app.extensions import db
from app.platform.errors import NotFound
from app.platform.transactions import use_case
from app.workflow.insight.counts import CASES, case_values, delete_counts, insert_tallies, trail_event
from app.workflow.insight.keys import NO_KEYS, CaseKeys, KeysOf
from app.workflow.insight.trail import Tally, TrailEvent, VersionLookup, follow_events, start_trail
from app.workflow.models import HistoryEvent, ProcessDefinition, ProcessInstance

HISTORY = cast(Table, HistoryEvent.__table__)
EVENT_COLUMNS = (HISTORY.c.instance_id, HISTORY.c.seq, HISTORY.c.kind, HISTORY.c.element_id, HISTORY.c.task_id,
                 HISTORY.c.at, HISTORY.c.data)


@dataclass(frozen=True)
class RebuildReport:
    """What a rebuild counted."""

    versions: int
    cases: int
    events: int


@use_case
def rebuild_insight(keys_of: KeysOf, process_id: str | None = None, batch_size: int = 500) -> RebuildReport:
    """Delete and recompute the insight counts of a process's versions (every process's when None)."""
    versions = version_ids(process_id)
    if process_id is not None and not versions:
        raise NotFound(f"No process '{process_id}' is deployed; see the deployed ones with 'flowdesk processes'.")
    delete_counts(list(versions.values()))

    def definition_of(process: str, version: int) -> int:
        """Return a version's id from the versions read once."""
        return versions[(process, version)]

    tallies: dict[CaseKeys, Tally] = defaultdict(Tally)
    cases = events = 0
    for instances in instance_batches(process_id, batch_size):
        keys = keys_of([key for _, key in instances if key])
        rows, followed = follow_cases(instances, keys, definition_of, tallies)
        if rows:
            db.session.execute(insert(CASES), rows)
        cases, events = cases + len(rows), events + followed
    insert_tallies(tallies)
    return RebuildReport(len(versions), cases, events)


def version_ids(process_id: str | None) -> dict[tuple[str, int], int]:
    """Return the ids of a process's versions (every process's when None) by (process id, version)."""
    query = select(ProcessDefinition.process_id, ProcessDefinition.version, ProcessDefinition.id)
    if process_id is not None:
        query = query.where(ProcessDefinition.process_id == process_id)
    return {(row.process_id, row.version): row.id for row in db.session.execute(query)}


def instance_batches(process_id: str | None, batch_size: int) -> Iterator[list[tuple[int, str | None]]]:
    """Yield the (id, business key) of a process's instances, in batches by id (keyset pagination)."""
    after = 0
    while True:
        query = (select(ProcessInstance.id, ProcessInstance.business_key).where(ProcessInstance.id > after)
                 .order_by(ProcessInstance.id).limit(batch_size))
        if process_id is not None:
            query = query.where(ProcessInstance.process_id == process_id)
        found = [(row.id, row.business_key) for row in db.session.execute(query)]
        if not found:
            return
        yield found
        after = found[-1][0]


def follow_cases(instances: list[tuple[int, str | None]], keys: Mapping[str, CaseKeys], definition_of: VersionLookup,
                 tallies: dict[CaseKeys, Tally]) -> tuple[list[dict[str, Any]], int]:
    """Follow a batch of cases through their history, adding to the tallies by keys; return their case rows and
    how many events were read."""
    business_keys = dict(instances)
    rows, events = [], 0
    for instance_id, last_seq, group in grouped_events([instance_id for instance_id, _ in instances]):
        events += len(group)
        trail = start_trail(group[0], definition_of)
        if trail is None:
            continue  # no instance_started event: nothing to follow
        case_keys = keys.get(business_keys[instance_id] or "", NO_KEYS)
        follow_events(trail, group, definition_of, tallies[case_keys])
        rows.append({**case_values(instance_id, trail, case_keys), "counted_seq": last_seq})
    return rows, events


def grouped_events(instance_ids: list[int]) -> Iterator[tuple[int, int, list[TrailEvent]]]:
    """Yield each instance's history events in order, instance by instance, with the last one's sequence number."""
    query = (select(*EVENT_COLUMNS).where(HISTORY.c.instance_id.in_(instance_ids))
             .order_by(HISTORY.c.instance_id, HISTORY.c.seq))
    current: int | None = None
    last_seq = 0
    group: list[TrailEvent] = []
    for row in db.session.execute(query):
        if row.instance_id != current and group:
            yield cast(int, current), last_seq, group
            group = []
        current, last_seq = row.instance_id, row.seq
        group.append(trail_event(row))
    if group:
        yield cast(int, current), last_seq, group
