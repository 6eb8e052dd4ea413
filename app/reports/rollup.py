"""Keep the daily roll-up: catch up with the tickets that changed since the watermark, or rebuild it whole.

A pass finds the tickets touched since the last one (updated since the watermark, less a margin for
transactions that committed late; or with a note or an escalation after the last ids read), computes what each
contributes now (app.reports.facts), and applies the difference from what it contributed when last counted to
the daily counters and duration buckets. Counting a ticket whose contributions did not change is a no-op, so a
ticket read twice is never counted twice, and the sum over all tickets is the same whatever the order: the
roll-up rebuilt from scratch equals the incremental one.
"""
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.platform.transactions import use_case
from app.reports.facts import TicketFacts, contributions_of, parse_contributions
from app.reports.models import (
    COUNTERS,
    DIMENSIONS,
    ReportDaily,
    ReportDailyByGroup,
    ReportDuration,
    ReportDurationByGroup,
    ReportMonthly,
    ReportMonthlyByGroup,
    ReportMonthlyDuration,
    ReportMonthlyDurationByCategory,
    ReportMonthlyDurationByPriority,
    ReportTicket,
    ReportWatermark,
)
from app.reports.survey_facts import surveys_of, with_survey
from app.service_levels.calendar import BusinessCalendar
from app.service_levels.models import CalendarRow, SlaPolicy, TicketEscalation
from app.service_levels.policies import DEFAULT_CALENDAR_DEFINITION, DEFAULT_POLICY, parse_calendar
from app.servicedesk.tickets.models import Ticket, TicketNote

DAILY = cast(Table, ReportDaily.__table__)
DURATIONS = cast(Table, ReportDuration.__table__)
MONTHLY = cast(Table, ReportMonthly.__table__)
MONTHLY_DURATIONS = cast(Table, ReportMonthlyDuration.__table__)
DAILY_GROUP = cast(Table, ReportDailyByGroup.__table__)
MONTHLY_GROUP = cast(Table, ReportMonthlyByGroup.__table__)
DURATIONS_GROUP = cast(Table, ReportDurationByGroup.__table__)
MONTHLY_DURATIONS_CATEGORY = cast(Table, ReportMonthlyDurationByCategory.__table__)
MONTHLY_DURATIONS_PRIORITY = cast(Table, ReportMonthlyDurationByPriority.__table__)
FACTS = cast(Table, ReportTicket.__table__)
TICKETS = cast(Table, Ticket.__table__)
NOTES = cast(Table, TicketNote.__table__)
ESCALATIONS = cast(Table, TicketEscalation.__table__)
WATERMARK = "tickets"
BATCH = 500
# A ticket updated in a transaction that committed after a later one was read still falls in the next pass.
LATE_COMMIT_MARGIN = timedelta(minutes=5)

Keys = tuple[Any, ...]


class Calendars:
    """The business calendar of each SLA policy, read once per pass (the default calendar for any other)."""

    def __init__(self) -> None:
        rows = db.session.execute(select(SlaPolicy.name, CalendarRow.name, CalendarRow.definition).join(
            CalendarRow, CalendarRow.id == SlaPolicy.calendar_id)).all()
        self.by_policy = {policy: parse_calendar(name, definition) for policy, name, definition in rows}
        self.fallback = self.by_policy.get(DEFAULT_POLICY) or BusinessCalendar.from_dict(DEFAULT_CALENDAR_DEFINITION)

    def working_seconds(self, policy: str) -> Any:
        """Return the working-time function of a policy's calendar."""
        calendar = self.by_policy.get(policy, self.fallback)
        return lambda start, end: calendar.working_time_between(start, end).total_seconds()


def read_facts(ticket_ids: Sequence[int]) -> list[TicketFacts]:
    """Read the tickets' values, reopenings and escalations, for the rules of app.reports.facts."""
    events: dict[int, set[str]] = defaultdict(set)
    reopens: dict[int, int] = defaultdict(int)
    for ticket_id, event in db.session.execute(select(NOTES.c.ticket_id, NOTES.c.event).where(
            NOTES.c.ticket_id.in_(ticket_ids), NOTES.c.event.is_not(None))):
        events[ticket_id].add(event)
        reopens[ticket_id] += event == "reopened"
    escalated: dict[int, list[datetime]] = defaultdict(list)
    for ticket_id, raised_at in db.session.execute(select(ESCALATIONS.c.ticket_id, ESCALATIONS.c.raised_at).where(
            ESCALATIONS.c.ticket_id.in_(ticket_ids)).order_by(ESCALATIONS.c.id)):
        escalated[ticket_id].append(raised_at)
    surveys = surveys_of(ticket_ids)
    rows = db.session.execute(select(*[TICKETS.c[name] for name in TICKET_COLUMNS]).where(
        TICKETS.c.id.in_(ticket_ids)))
    return [with_survey(facts_of(ticket, frozenset(events[ticket.id]), tuple(escalated[ticket.id]),
                                 reopens[ticket.id]), surveys.get(ticket.id)) for ticket in rows]


TICKET_COLUMNS = ("id", "kind", "status", "assigned_group", "category_id", "priority", "ci_id", "sla_policy",
                  "assignee", "created_at", "responded_at", "resolved_at", "closed_at", "response_due_at",
                  "resolution_due_at", "reassignment_count")


def facts_of(ticket: Any, events: frozenset[str], escalated_at: tuple[datetime, ...], reopens: int) -> TicketFacts:
    """Return a ticket's facts (from a row of TICKET_COLUMNS), with '' and 0 for missing keys."""
    return TicketFacts(
        ticket.id, ticket.kind, ticket.status, ticket.assigned_group or "", ticket.category_id or 0,
        ticket.priority or "", ticket.ci_id or 0, ticket.sla_policy or "", ticket.assignee or "", ticket.created_at,
        ticket.responded_at, ticket.resolved_at, ticket.closed_at, ticket.response_due_at,
        ticket.resolution_due_at, ticket.reassignment_count or 0, events, escalated_at, reopens)


class Deltas:
    """Counter and bucket differences per roll-up key, summed before they are written."""

    def __init__(self) -> None:
        self.counters: dict[Keys, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.buckets: dict[Keys, int] = defaultdict(int)

    def add(self, keys: Keys, stored: str | None, sign: int) -> None:
        """Add (sign 1) or take away (sign -1) one ticket's stored contributions under its keys."""
        counters, durations = parse_contributions(stored)
        for day, values in counters.items():
            for name, value in values.items():
                self.counters[(date.fromisoformat(day), *keys)][name] += sign * value
        for day, measures in durations.items():
            for measure, bucket in measures.items():
                self.buckets[(date.fromisoformat(day), *keys, measure, bucket)] += sign

    def projected(self, monthly: bool, keys_of: "Projection") -> "Deltas":
        """Return the same differences summed per month (keyed by its first day) or kept per day, under the keys
        the projection keeps."""
        if keys_of is every_key and not monthly:
            return self
        found, kept = Deltas(), {}
        for key, values in self.counters.items():
            day, keys = key[0], key[1:]
            if keys not in kept:
                kept[keys] = keys_of(keys)
            summed = found.counters[(day.replace(day=1) if monthly else day, *kept[keys])]
            for name, value in values.items():
                summed[name] += value
        for key, count in self.buckets.items():
            day, keys = key[0], key[1:-2]
            if keys not in kept:
                kept[keys] = keys_of(keys)
            found.buckets[(day.replace(day=1) if monthly else day, *kept[keys], *key[-2:])] += count
        return found


Projection = Callable[[Keys], Keys]


def every_key(keys: Keys) -> Keys:
    """Keep every key (the fine tables)."""
    return keys


def by_group(keys: Keys) -> Keys:
    """Keep the kind, group, service and policy (the counters of the by-group tables)."""
    kind, group, _, _, service, policy = keys
    return (kind, group, 0, "", service, policy)


def by_group_for_durations(keys: Keys) -> Keys:
    """Keep the kind, group and service (the coarse duration tables: histograms are never read per policy)."""
    kind, group, _, _, service, _ = keys
    return (kind, group, 0, "", service, "")


def by_category_for_durations(keys: Keys) -> Keys:
    """Keep the kind, group, category and service (monthly buckets read under a category filter)."""
    kind, group, category, _, service, _ = keys
    return (kind, group, category, "", service, "")


def by_priority_for_durations(keys: Keys) -> Keys:
    """Keep the kind, group, priority and service (monthly buckets read under a priority filter)."""
    kind, group, _, priority, service, _ = keys
    return (kind, group, 0, priority, service, "")


# Every counter table and every bucket table: per month or per day, and the keys it keeps.
COUNTER_TABLES: tuple[tuple[Table, bool, Projection], ...] = (
    (DAILY, False, every_key), (MONTHLY, True, every_key),
    (DAILY_GROUP, False, by_group), (MONTHLY_GROUP, True, by_group))
BUCKET_TABLES: tuple[tuple[Table, bool, Projection], ...] = (
    (DURATIONS, False, every_key), (DURATIONS_GROUP, False, by_group_for_durations),
    (MONTHLY_DURATIONS, True, by_group_for_durations),
    (MONTHLY_DURATIONS_CATEGORY, True, by_category_for_durations),
    (MONTHLY_DURATIONS_PRIORITY, True, by_priority_for_durations))
ROLLUP_TABLES = tuple(table for table, _, _ in (*COUNTER_TABLES, *BUCKET_TABLES))


def count_tickets(ticket_ids: Sequence[int], calendars: Calendars) -> int:
    """Bring the roll-up up to date for these tickets; return how many changed what they contribute."""
    stored = {row.ticket_id: row for row in db.session.execute(
        select(FACTS).where(FACTS.c.ticket_id.in_(ticket_ids)))}
    deltas = Deltas()
    new_rows: list[dict[str, Any]] = []
    changed_rows: list[dict[str, Any]] = []
    for facts in read_facts(ticket_ids):
        contributions = contributions_of(facts, calendars.working_seconds(facts.policy))
        now_text = contributions.to_json()
        before = stored.get(facts.ticket_id)
        if before is not None and before.contributions == now_text and tuple(
                getattr(before, name) for name in DIMENSIONS) == facts.keys and before.assignee == facts.assignee:
            continue
        if before is not None:
            deltas.add(tuple(getattr(before, name) for name in DIMENSIONS), before.contributions, -1)
        deltas.add(facts.keys, now_text, 1)
        row = dict(zip(DIMENSIONS, facts.keys, strict=True), assignee=facts.assignee, contributions=now_text,
                   until_day=contributions.until_day())
        (changed_rows if before is not None else new_rows).append({"id": facts.ticket_id, **row})
    write_facts(new_rows, changed_rows)
    write_deltas(deltas)
    return len(new_rows) + len(changed_rows)


def write_facts(new_rows: list[dict[str, Any]], changed_rows: list[dict[str, Any]]) -> None:
    """Store what the tickets contribute now, in two statements at most."""
    if new_rows:
        db.session.execute(FACTS.insert(), [{"ticket_id": row.pop("id"), **row} for row in new_rows])
    if changed_rows:
        # bound as new_<name>: a column's own name is reserved
        names = [*DIMENSIONS, "assignee", "contributions", "until_day"]
        db.session.execute(update(FACTS).where(FACTS.c.ticket_id == bindparam("id"))
                           .values({name: bindparam(f"new_{name}") for name in names}),
                           [{"id": row["id"], **{f"new_{name}": row[name] for name in names}} for row in changed_rows])


def upsert(table: Table, rows: list[dict[str, Any]], key: Sequence[str], summed: Sequence[str]) -> None:
    """Insert rows, adding their values to those of a row already under the same key (one statement, many rows)."""
    if not rows:
        return
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement: Any = insert(table)
    statement = statement.on_conflict_do_update(index_elements=list(key), set_={
        name: table.c[name] + statement.excluded[name] for name in summed})
    db.session.execute(statement, rows)


def write_deltas(deltas: Deltas) -> None:
    """Apply summed differences to every counter and bucket table (COUNTER_TABLES, BUCKET_TABLES)."""
    counter_key = ("day", *DIMENSIONS)
    for table, monthly, keys_of in COUNTER_TABLES:
        rows = [{**dict(zip(counter_key, keys, strict=True)), **{name: values.get(name, 0) for name in COUNTERS}}
                for keys, values in deltas.projected(monthly, keys_of).counters.items() if any(values.values())]
        upsert(table, rows, counter_key, COUNTERS)
    bucket_key = (*counter_key, "measure", "bucket")
    for table, monthly, keys_of in BUCKET_TABLES:
        rows = [{**dict(zip(bucket_key, keys, strict=True)), "count": count}
                for keys, count in deltas.projected(monthly, keys_of).buckets.items() if count]
        upsert(table, rows, bucket_key, ("count",))


@dataclass
class Cursor:
    """Where a catch-up reads on: after this (updated_at, ticket id), and after these note and escalation ids."""

    updated_at: datetime | None
    ticket_id: int
    note_id: int
    escalation_id: int


def touched_ticket_ids(cursor: Cursor, batch: int) -> tuple[list[int], Cursor, bool]:
    """Return up to `batch` tickets touched after the cursor, the cursor after them, and whether more remain."""
    updated_query = select(TICKETS.c.id, TICKETS.c.updated_at).order_by(TICKETS.c.updated_at, TICKETS.c.id)
    if cursor.updated_at is not None:
        updated_query = updated_query.where(or_(TICKETS.c.updated_at > cursor.updated_at, and_(
            TICKETS.c.updated_at == cursor.updated_at, TICKETS.c.id > cursor.ticket_id)))
    updated = db.session.execute(updated_query.limit(batch)).all()
    notes = db.session.execute(select(NOTES.c.id, NOTES.c.ticket_id).where(NOTES.c.id > cursor.note_id)
                               .order_by(NOTES.c.id).limit(batch)).all()
    raised = db.session.execute(select(ESCALATIONS.c.id, ESCALATIONS.c.ticket_id).where(
        ESCALATIONS.c.id > cursor.escalation_id).order_by(ESCALATIONS.c.id).limit(batch)).all()
    ids = sorted({row.id for row in updated} | {row.ticket_id for row in notes} | {row.ticket_id for row in raised})
    after = Cursor(updated[-1].updated_at if updated else cursor.updated_at,
                   updated[-1].id if updated else cursor.ticket_id,
                   notes[-1].id if notes else cursor.note_id, raised[-1].id if raised else cursor.escalation_id)
    more = batch in (len(updated), len(notes), len(raised))
    return ids, after, more


def watermark() -> ReportWatermark:
    """Return the roll-up's watermark row, made on first use."""
    mark = db.session.get(ReportWatermark, WATERMARK)
    if mark is None:
        mark = ReportWatermark(name=WATERMARK, updated_at=None, ticket_id=0, note_id=0, escalation_id=0)
        db.session.add(mark)
        db.session.flush()
    return mark


@use_case
def starting_cursor() -> Cursor:
    """Return where a catch-up starts: where the last pass stopped, when it stopped before the end; else the
    watermark less the late-commit margin."""
    mark = watermark()
    if mark.ticket_id:
        return Cursor(mark.updated_at, mark.ticket_id, mark.note_id, mark.escalation_id)
    since = mark.updated_at - LATE_COMMIT_MARGIN if mark.updated_at else None
    return Cursor(since, 0, mark.note_id, mark.escalation_id)


@use_case
def catch_up(cursor: Cursor, batch: int = BATCH) -> tuple[int, Cursor, bool]:
    """Count the tickets touched after the cursor (up to `batch` of each source) and move the watermark on to
    them; return how many changed what they contribute, the cursor after them and whether more remain."""
    ids, after, more = touched_ticket_ids(cursor, batch)
    changed = count_tickets(ids, Calendars()) if ids else 0
    mark = watermark()
    if more:  # a pass stopped here resumes here, without the margin (even behind the watermark: it reads on)
        mark.updated_at, mark.ticket_id = after.updated_at, after.ticket_id
    elif after.updated_at is not None:
        mark.updated_at = max(after.updated_at, mark.updated_at or after.updated_at)
        mark.ticket_id = 0
    mark.note_id, mark.escalation_id = max(mark.note_id, after.note_id), max(mark.escalation_id, after.escalation_id)
    return changed, after, more


def catch_up_pass(most_batches: int | None, batch: int = BATCH) -> tuple[int, bool]:
    """Catch up with what was touched since the watermark, one transaction per batch, stopping after `most_batches`
    (the scheduler's bounded pass: the next one resumes where it stopped, so days missed are caught up a bounded
    piece at a time) or at the end (None); return how many tickets changed what they contribute and whether more
    remain."""
    cursor, total, more, done = starting_cursor(), 0, True, 0
    while more and (most_batches is None or done < most_batches):
        changed, cursor, more = catch_up(cursor, batch)
        total, done = total + changed, done + 1
    return total, more


def catch_up_all(batch: int = BATCH) -> int:
    """Catch up with everything touched since the watermark (`flowdesk reports catch-up`, tests); return how many
    tickets changed what they contribute."""
    return catch_up_pass(None, batch)[0]


@use_case
def clear_rollup() -> None:
    """Forget every count and the watermark."""
    for table in (*ROLLUP_TABLES, FACTS):
        db.session.execute(delete(table))
    db.session.execute(delete(ReportWatermark))


@use_case
def rebuild_batch(after_id: int, batch: int) -> int | None:
    """Count the next `batch` tickets after `after_id` from scratch; return the last id counted, None at the end."""
    ids = list(db.session.execute(select(TICKETS.c.id).where(TICKETS.c.id > after_id)
                                  .order_by(TICKETS.c.id).limit(batch)).scalars())
    if not ids:
        return None
    count_tickets(ids, Calendars())
    return ids[-1]


@use_case
def set_watermark_to_now() -> None:
    """Move the watermark past everything there is now (after a rebuild)."""
    mark = watermark()
    mark.updated_at = db.session.execute(select(func.max(TICKETS.c.updated_at))).scalar()
    mark.ticket_id = 0
    mark.note_id = db.session.execute(select(func.coalesce(func.max(NOTES.c.id), 0))).scalar_one()
    mark.escalation_id = db.session.execute(select(func.coalesce(func.max(ESCALATIONS.c.id), 0))).scalar_one()


def rebuild(batch: int = 2000) -> int:
    """Rebuild the roll-up from every ticket (`flowdesk reports rebuild`); return how many tickets were counted.

    The watermark is taken first, so what changes during the rebuild is counted again by the next pass."""
    clear_rollup()
    set_watermark_to_now()
    counted, after = 0, 0
    while (last := rebuild_batch(after, batch)) is not None:
        counted += min(batch, last - after)
        after = last
    return counted


def rollup_rows() -> list[set[tuple[Any, ...]]]:
    """Return the roll-up's non-zero rows of each table (COUNTER_TABLES, then BUCKET_TABLES) as comparable sets
    (tests)."""
    found = []
    for table, _, _ in COUNTER_TABLES:
        columns = [table.c[name] for name in ("day", *DIMENSIONS, *COUNTERS)]
        found.append({tuple(row) for row in db.session.execute(select(*columns)) if any(row[len(DIMENSIONS) + 1:])})
    for table, _, _ in BUCKET_TABLES:
        columns = [table.c[name] for name in ("day", *DIMENSIONS, "measure", "bucket", "count")]
        found.append({tuple(row) for row in db.session.execute(select(*columns)) if row[-1]})
    return found
