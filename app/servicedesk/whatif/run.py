"""The what-if: replay the cases of a period through a process's draft and say what would have changed.

First the calibration: every case is replayed through the version that really ran it, which must reproduce its
real path (the share that does is reported). Then every case is replayed through the draft. Both run in memory
on a simulated clock (app.servicedesk.whatif.simulate); nothing is written and nothing is sent, so this is a read:
it needs no unit of work, and it is bounded by FLOWDESK_WHATIF_MAX_CASES cases. It takes long (about a second for
ten cases), so a request only asks for it and the scheduler runs it (app.servicedesk.whatif.jobs).
"""
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.platform.errors import InvalidValues, NotFound
from app.servicedesk.insight.period import read_day
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.whatif.assumptions import Assumptions, Overrides
from app.servicedesk.whatif.feed import CaseFeed, feed_of
from app.servicedesk.whatif.outcome import (
    Target,
    Unreplayable,
    WhatIfOutcome,
    breaches,
    divergence_of,
    divergences,
    heat_of,
    percentiles,
    real_ids,
    replay_cycle_times,
    workload,
)
from app.servicedesk.whatif.simulate import SimulatedCase, replay_case, replay_engine
from app.workflow.diagram_text import read_diagram_text
from app.workflow.instances.history import HistoryEntry
from app.workflow.models import HistoryEvent, ProcessDefinition, ProcessInstance
from app.workflow.runtime import Runtime
from app.workflow.step import definition_for
from engine.errors import DiagramRefused
from engine.runtime import Definition, Engine

DEFAULT_MAX_CASES = 2000
CHUNK = 200  # instances whose history one query reads


Progress = Callable[[int, int], None]  # told (replays made, replays to make)


def ignore_progress(done: int, total: int) -> None:
    """Hear of progress and do nothing with it."""


@dataclass(frozen=True)
class Period:
    """The days whose cases a what-if replays (both included, UTC)."""

    first_day: date
    last_day: date

    def bounds(self) -> tuple[datetime, datetime]:
        """Return the period as [start, end) moments."""
        return (datetime.combine(self.first_day, time(), UTC),
                datetime.combine(self.last_day + timedelta(days=1), time(), UTC))


@dataclass(frozen=True)
class WhatIfAsked:
    """What a what-if replays: which process, the draft as it was when asked for, the period, the owner's values."""

    process_id: str
    draft_version: int
    draft_xml: bytes
    period: Period
    overrides: Overrides


def what_if_period(today: date, first: str | None = None, last: str | None = None,
                   fields: tuple[str, str] = ("from", "to")) -> Period:
    """Return the period asked for; last calendar month by default (InvalidValues names the bad field of `fields`)."""
    month_start = today.replace(day=1)
    default_last = month_start - timedelta(days=1)
    first_day = read_day(fields[0], first) or default_last.replace(day=1)
    last_day = read_day(fields[1], last) or (default_last if not first else max(first_day, default_last))
    if not (date(1970, 1, 1) <= first_day and last_day <= date(9000, 12, 31)):
        message = "Choose days between 1970-01-01 and 9000-12-31; FlowDesk holds no cases outside them."
        raise InvalidValues(message, {fields[0] if first_day < date(1970, 1, 1) else fields[1]: [message]})
    if last_day < first_day:
        message = (f"The period ends ({last_day}) before it begins ({first_day}); choose a '{fields[1]}' day on or "
                   "after it.")
        raise InvalidValues(message, {fields[1]: [message]})
    return Period(first_day, last_day)


def replay_what_if(runtime: Runtime, run: WhatIfAsked, max_cases: int = DEFAULT_MAX_CASES,
                   on_progress: Progress = ignore_progress) -> WhatIfOutcome:
    """Replay the period's cases through the draft asked for, after calibrating on the versions that ran them.

    on_progress hears (replays made, replays to make) after every case's replay: each case is replayed twice.
    """
    instances = cases_of(run.process_id, run.period, max_cases)
    feeds = feeds_of(instances)
    total = 2 * len(feeds)
    on_progress(0, total)
    engine = replay_engine()
    versions = version_definitions(runtime, run.process_id, {feed.version for feed in feeds.values()})
    known = {version: user_tasks_of(row) for version, (row, _definition) in versions.items()}
    now = runtime.clock.now()
    calibration = calibrate(engine, feeds, versions, known, now, lambda done: on_progress(done, total))
    assumptions = Assumptions(durations_by_group(calibration.values()), run.overrides)
    draft_definition = parse_draft(engine, run.process_id, run.draft_xml, run.draft_version, versions)
    replays = {}
    for instance_id, feed in feeds.items():
        replays[instance_id] = replay_case(engine, draft_definition, feed.fresh(), assumptions,
                                           known.get(feed.version, frozenset()), now)
        on_progress(len(feeds) + len(replays), total)
    return outcome_of(run.process_id, run.draft_version, run.draft_xml, run.period, feeds, calibration, replays,
                      assumptions, targets_of(feeds.keys()), now, newest_version(run.process_id))


def count_cases(process_id: str, period: Period, max_cases: int) -> int:
    """Return how many cases began in the period; refuse more than max_cases (InvalidValues names `from`)."""
    start, end = period.bounds()
    total = db.session.execute(select(func.count()).select_from(ProcessInstance).where(
        ProcessInstance.process_id == process_id, ProcessInstance.started_at >= start,
        ProcessInstance.started_at < end)).scalar_one()
    if total > max_cases:
        message = (f"{total} cases of {process_id} began between {period.first_day} and {period.last_day}, more than "
                   f"the {max_cases} a what-if replays at once (FLOWDESK_WHATIF_MAX_CASES); choose a shorter period.")
        raise InvalidValues(message, {"from": [message]})
    return int(total)


def cases_of(process_id: str, period: Period, max_cases: int) -> list[tuple[int, str | None, str]]:
    """Return (id, business key, status) of the cases begun in the period; refuse more than max_cases."""
    count_cases(process_id, period, max_cases)
    start, end = period.bounds()
    rows = db.session.execute(select(ProcessInstance.id, ProcessInstance.business_key, ProcessInstance.status)
                              .where(ProcessInstance.process_id == process_id, ProcessInstance.started_at >= start,
                                     ProcessInstance.started_at < end)
                              .order_by(ProcessInstance.started_at, ProcessInstance.id)).all()
    return [(row.id, row.business_key, row.status) for row in rows]


def feeds_of(instances: list[tuple[int, str | None, str]]) -> dict[int, CaseFeed]:
    """Return each case's feed, its history read in chunks of instances."""
    feeds = {}
    for offset in range(0, len(instances), CHUNK):
        chunk = instances[offset:offset + CHUNK]
        events: dict[int, list[HistoryEntry]] = defaultdict(list)
        rows = db.session.execute(
            select(HistoryEvent.instance_id, HistoryEvent.seq, HistoryEvent.kind, HistoryEvent.element_id,
                   HistoryEvent.actor, HistoryEvent.at, HistoryEvent.data)
            .where(HistoryEvent.instance_id.in_([instance_id for instance_id, _, _ in chunk]),
                   HistoryEvent.stream.like("instance:%"))
            .order_by(HistoryEvent.instance_id, HistoryEvent.seq))
        for row in rows:
            events[int(row.instance_id)].append(HistoryEntry(row.seq, row.kind, row.element_id, row.actor,
                                                             aware(row.at), json.loads(row.data)))
        for instance_id, business_key, status in chunk:
            feeds[instance_id] = feed_of(instance_id, business_key, status, events.get(instance_id, []))
    return feeds


def aware(moment: datetime) -> datetime:
    """Return a stored moment as aware UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def version_definitions(runtime: Runtime, process_id: str,
                        numbers: Iterable[int]) -> dict[int, tuple[ProcessDefinition, Definition]]:
    """Return the stored row and the parsed definition of each version the cases ran on."""
    rows = db.session.execute(select(ProcessDefinition).where(
        ProcessDefinition.process_id == process_id, ProcessDefinition.version.in_(list(numbers)))).scalars()
    return {row.version: (row, definition_for(runtime, row.id)) for row in rows}


def user_tasks_of(row: ProcessDefinition) -> frozenset[str]:
    """Return the ids of the user tasks drawn in a version."""
    text = read_diagram_text(bytes(row.bpmn_xml), row.process_id)
    return frozenset(element for element, kind in text.kinds.items() if kind == "userTask")


def calibrate(engine: Engine, feeds: Mapping[int, CaseFeed],
              versions: Mapping[int, tuple[ProcessDefinition, Definition]],
              known: Mapping[int, frozenset[str]], now: datetime,
              on_replayed: Callable[[int], None] = lambda done: None) -> dict[int, SimulatedCase]:
    """Replay every case through the version that really ran it (on_replayed hears how many are done)."""
    assumptions = Assumptions({}, Overrides())
    replays = {}
    for instance_id, feed in feeds.items():
        if feed.version not in versions:
            replays[instance_id] = SimulatedCase(instance_id, problem=_("Its version %(version)s is not stored.",
                                                                            version=feed.version))
        else:
            replays[instance_id] = replay_case(engine, versions[feed.version][1], feed.fresh(), assumptions,
                                               known[feed.version], now)
        on_replayed(len(replays))
    return replays


def durations_by_group(replays: Iterable[SimulatedCase]) -> dict[str, list[float]]:
    """Return the real times of the user tasks the calibration completed from records, by candidate group."""
    found: dict[str, list[float]] = defaultdict(list)
    for replay in replays:
        for task in replay.tasks:
            if task.seconds is not None and not task.assumed:
                for group in task.groups or ("",):
                    found[group].append(task.seconds)
    return dict(found)


def parse_draft(engine: Engine, process_id: str, xml: bytes, version: int,
                versions: Mapping[int, tuple[ProcessDefinition, Definition]]) -> Definition:
    """Return the draft parsed for the engine (its Camunda Forms from the newest version the cases ran on)."""
    forms = versions[max(versions)][0].forms() if versions else None
    key = ("what-if", process_id, hashlib.sha256(xml).hexdigest())
    try:
        return engine.definition(key, xml, process_id, "draft.bpmn", version, forms=forms)
    except (DiagramRefused, KeyError) as exc:
        message = f"The draft of {process_id} cannot run: {exc}. Fix it in the modeller (Check shows why) and save."
        raise InvalidValues(message, {"draft": [message]}) from exc


def targets_of(instance_ids: Iterable[int]) -> dict[int, Target]:
    """Return the resolution target of each case's ticket, and when it was really resolved."""
    ids = list(instance_ids)
    found = {}
    for offset in range(0, len(ids), CHUNK):
        rows = db.session.execute(select(Ticket.instance_id, Ticket.resolution_due_at, Ticket.resolved_at)
                                  .where(Ticket.instance_id.in_(ids[offset:offset + CHUNK])))
        for row in rows:
            found[int(row.instance_id)] = Target(row.resolution_due_at and aware(row.resolution_due_at),
                                                 row.resolved_at and aware(row.resolved_at))
    return found


def newest_version(process_id: str) -> ProcessDefinition:
    """Return the version of the process in force now."""
    row = db.session.execute(select(ProcessDefinition).where(ProcessDefinition.process_id == process_id)
                             .order_by(ProcessDefinition.version.desc()).limit(1)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"Process {process_id} has no deployed version.")
    return row


def outcome_of(process_id: str, draft_version: int, draft_xml: bytes, period: Period, feeds: Mapping[int, CaseFeed],
               calibration: Mapping[int, SimulatedCase], replays: Mapping[int, SimulatedCase],
               assumptions: Assumptions, targets: Mapping[int, Target], now: datetime,
               current: ProcessDefinition) -> WhatIfOutcome:
    """Gather what the replays found."""
    calibrated = [replay for replay in calibration.values() if replay.problem is None]
    matched = sum(1 for replay in calibrated if divergence_of(real_ids(feeds[replay.instance_id]),
                                                               replay.element_ids()) is None)
    good = [replay for replay in replays.values() if replay.problem is None]
    names = {**read_diagram_text(bytes(current.bpmn_xml), process_id).names,
             **read_diagram_text(draft_xml, process_id).names}
    real_breaches, predicted, with_target = breaches(feeds, good, targets, now)
    real_cycles = [(feeds[r.instance_id].ended_at - feeds[r.instance_id].started_at).total_seconds()  # type: ignore[operator]
                   for r in good if feeds[r.instance_id].ended_at is not None]
    return WhatIfOutcome(
        process_id, draft_version, period.first_day, period.last_day, len(feeds), len(good), len(calibrated), matched,
        sum(1 for replay in good if divergence_of(real_ids(feeds[replay.instance_id]), replay.element_ids())),
        divergences(feeds, good, names),
        workload([calibration[replay.instance_id] for replay in good], good),
        real_breaches, predicted, with_target, percentiles(real_cycles),
        percentiles(replay_cycle_times(feeds, good)),
        sorted(assumptions.notes.values(), key=lambda note: note.key),
        unreplayable_cases(feeds, calibration, replays),
        heat_of(bytes(current.bpmn_xml).decode(), [feed.path for feed in feeds.values()],
                [feed.flows for feed in feeds.values()],
                [(task.element_id, task.seconds) for replay in calibrated for task in replay.tasks]),
        heat_of(draft_xml.decode(), [replay.path for replay in good], [replay.flows for replay in good],
                [(task.element_id, task.seconds) for replay in good for task in replay.tasks]),
        current.version)


def unreplayable_cases(feeds: Mapping[int, CaseFeed], calibration: Mapping[int, SimulatedCase],
                       replays: Mapping[int, SimulatedCase]) -> list[Unreplayable]:
    """Return the cases a replay could not take through, with the reason (the draft's, else the calibration's)."""
    found = []
    for instance_id, feed in feeds.items():
        replay, calibrated = replays[instance_id], calibration[instance_id]
        if replay.problem is not None:
            found.append(Unreplayable(instance_id, feed.business_key, "draft", replay.problem))
        elif calibrated.problem is not None:
            found.append(Unreplayable(instance_id, feed.business_key, "calibration", calibrated.problem))
    return found


def overrides_from(form: Mapping[str, Any]) -> Overrides:
    """Return the owner's assumptions from a form or JSON: duration:<task> (hours), value:<task>:<field>, and
    variables as "name=value" lines (InvalidValues names a bad one)."""
    durations, values = {}, {}
    for name, raw in form.items():
        if name.startswith("duration:") and str(raw).strip():
            try:
                hours = float(str(raw).strip())
            except ValueError:
                hours = -1.0
            if not 0 <= hours <= 8760:
                message = f"'{raw}' is not a number of hours from 0 to 8760; write the time the task takes, e.g. 2.5."
                raise InvalidValues(message, {name: [message]}) from None
            durations[name.removeprefix("duration:")] = hours * 3600
        elif name.startswith("value:"):
            values[name.removeprefix("value:")] = raw
    return Overrides(durations, values, variables_from(str(form.get("variables") or "")))


def variables_from(text: str) -> dict[str, Any]:
    """Return start variables written one per line as name=value."""
    found: dict[str, Any] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sign, value = line.partition("=")
        if not sign or not name.strip().isidentifier():
            message = f"'{line.strip()}' is not name=value; write one variable per line, e.g. priority=P2."
            raise InvalidValues(message, {"variables": [message]})
        found[name.strip()] = value.strip()
    return found
