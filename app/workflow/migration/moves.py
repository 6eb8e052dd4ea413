"""Preview and run a migration: a report per instance, then one transaction and one history event per instance.

A refused instance writes nothing: its unit rolls back and the result names it with the reasons.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, update

from app.extensions import db
from app.organisation.policies import Actor, check_may_migrate_instances
from app.platform.errors import Conflict
from app.platform.transactions import use_case
from app.workflow.instances.history import NewEvent
from app.workflow.migration.plan import (
    MappingLine,
    MigrationPlan,
    Versions,
    candidate_ids,
    kept_by_filter,
    load_versions,
    mapping_lines,
    plan_mapping,
    restarted,
    timer_elements,
)
from app.workflow.models import ExternalTask, MessageSubscription, ProcessInstance, Timer, UserTask, UserTaskCandidate
from app.workflow.runtime import Runtime
from app.workflow.step import read_run, require_instance, save_run
from engine.errors import EngineError
from engine.migration import Element, Issue, active_elements, check_move, elements_of, move_run
from engine.runtime import Run

MIGRATED = "instance_migrated"  # the history event kind of a migration
ISSUE_WORDS = {
    "unmapped": "the instance is at '{element}', which is not mapped to an element of the new version",
    "type_changed": "'{element}' is mapped to '{target}', an element of another type",
    "scope_changed": "'{element}' is mapped to '{target}', which lies in another (sub-)process",
    "finished_removed": "'{element}' ran and is not mapped to an element of the new version",
    "completed_changed": "'{element}' ran as the old version drew it; it changed since",
    "timer_kind_changed": "the timer '{element}' changed its kind and starts again",
    "boundary_dropped": "the boundary event '{element}' is not in the new version and stops waiting",
}


def issue_sentence(issue: Issue) -> str:
    """Say an issue in one English clause (the pages have their own words)."""
    return ISSUE_WORDS[issue.kind].format(element=issue.element_id, target=issue.target_id)


@dataclass(frozen=True)
class TimerLine:
    """A timer of an instance before and after the move."""

    element_id: str
    name: str
    due_before: datetime | None
    due_after: datetime | None


@dataclass(frozen=True)
class InstanceReport:
    """What moving one instance means: where it is, what stands in the way, tasks and timers before and after."""

    instance_id: int
    business_key: str | None
    active: list[str]
    issues: list[Issue]
    tasks_before: list[str]
    tasks_after: list[str] = field(default_factory=list)
    timers: list[TimerLine] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """Say whether the instance cannot move as planned."""
        return any(issue.blocking for issue in self.issues)

    def reasons(self) -> list[str]:
        """Return the blocking issues as clauses."""
        return [issue_sentence(issue) for issue in self.issues if issue.blocking]


@dataclass(frozen=True)
class MigrationPreview:
    """A plan worked out on every instance it selects, nothing written."""

    plan: MigrationPlan
    mapping: list[MappingLine]
    timers: list[Element]
    reports: list[InstanceReport]
    targets: list[Element] = field(default_factory=list)  # the target version's elements, to map by hand to
    definition_ids: tuple[int, int] = (0, 0)  # the stored ids of the two versions, to name elements as translated


@dataclass
class MigrationResult:
    """What a batch run moved, and what it refused with the reasons."""

    migrated: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def open_tasks(run: Run, now: datetime) -> list[str]:
    """Return the open user tasks of a run as element ids."""
    return sorted(task.element_id for task in run.user_tasks(now))


def try_move(runtime: Runtime, run: Run, versions: Versions, mapping: Mapping[str, str], plan: MigrationPlan,
             business_key: str | None, instance_id: int) -> InstanceReport:
    """Move a loaded run as planned (when nothing blocks it) and report what that means."""
    now = runtime.clock.now()
    before = {timer.task_id: timer for timer in run.waiting_timers()}
    report = InstanceReport(instance_id, business_key, active_elements(run), check_move(run, versions.target, mapping),
                            open_tasks(run, now))
    if report.refused:
        return report
    move_run(run, versions.target, mapping, restarted(versions, plan))
    if plan.variables:
        run.set_variables(plan.variables)
        run.take_events()
    after = {timer.task_id: timer for timer in run.waiting_timers()}
    timers = [TimerLine(timer.element_id, timer.name, before[task_id].due_at if task_id in before else None,
                        after[task_id].due_at if task_id in after else None)
              for task_id, timer in {**before, **after}.items()]
    return InstanceReport(instance_id, business_key, report.active, report.issues, report.tasks_before,
                          open_tasks(run, now), sorted(timers, key=lambda line: line.element_id))


def preview_migration(runtime: Runtime, actor: Actor, plan: MigrationPlan) -> MigrationPreview:
    """Work a plan out on every instance it selects, in memory: a report per instance; nothing is written."""
    check_may_migrate_instances(actor, f"move instances of '{plan.process_id}'")
    versions = load_versions(runtime, plan)
    mapping = plan_mapping(versions, plan)
    reports = []
    for instance_id in candidate_ids(plan, versions.source_id):
        row = db.session.execute(select(ProcessInstance.__table__).where(ProcessInstance.id == instance_id)).one()
        run = read_run(runtime, row)
        if kept_by_filter(plan, run):
            reports.append(try_move(runtime, run, versions, mapping, plan, row.business_key, instance_id))
    return MigrationPreview(plan, mapping_lines(versions, mapping, plan.by_hand), timer_elements(versions), reports,
                            sorted(elements_of(versions.target).values(), key=lambda element: element.id),
                            (versions.source_id, versions.target_id))


def execute_migration(runtime: Runtime, actor: Actor, plan: MigrationPlan) -> MigrationResult:
    """Move every instance a plan selects, each in a transaction of its own; return what moved and what was refused."""
    check_may_migrate_instances(actor, f"move instances of '{plan.process_id}'")
    versions = load_versions(runtime, plan)
    mapping = plan_mapping(versions, plan)
    result = MigrationResult()
    for instance_id in candidate_ids(plan, versions.source_id):
        try:
            if migrate_instance(runtime, actor, versions, mapping, plan, instance_id):
                result.migrated.append(instance_id)
        except (Conflict, EngineError) as refused:
            result.refused[instance_id] = str(refused)
    return result


@use_case
def migrate_instance(runtime: Runtime, actor: Actor, versions: Versions, mapping: Mapping[str, str],
                     plan: MigrationPlan, instance_id: int) -> bool:
    """Move one instance as planned, with one history event; False when the filter leaves it out (Conflict: refused)."""
    row = require_instance(instance_id)
    if row.definition_id != versions.source_id or row.status not in plan.statuses:
        return False
    run = read_run(runtime, row)
    if not kept_by_filter(plan, run):
        return False
    business_key = db.session.connection().execute(INSTANCE_FACTS, {"i": instance_id}).one()
    report = try_move(runtime, run, versions, mapping, plan, business_key[0], instance_id)
    if report.refused:
        raise Conflict(f"Instance {instance_id} was not moved: {'; '.join(report.reasons())}. Map the element by "
                       "hand, or leave the instance on its version.")
    save_moved(runtime, actor, row, run, versions.target_id, migrated_event(versions, mapping, plan, report))
    if row.status == "needs_attention":
        db.session.execute(update(ProcessInstance).where(ProcessInstance.id == instance_id)
                           .values(status="needs_attention", last_error=business_key[1]))
    return True


def migrated_event(versions: Versions, mapping: Mapping[str, str], plan: MigrationPlan,
                   report: InstanceReport) -> NewEvent:
    """Return the one history event of a migration: versions, the mapping of where it was, timers, variables."""
    moved = {element_id: mapping.get(element_id) for element_id in report.active}  # None: a boundary event dropped
    return NewEvent(MIGRATED, None, {
        "from_version": versions.source.version, "to_version": versions.target.version,
        "mapping": {**moved, **plan.by_hand}, "tasks_before": report.tasks_before, "tasks_after": report.tasks_after,
        "timers": [{"element_id": line.element_id, "before": iso(line.due_before), "after": iso(line.due_after)}
                   for line in report.timers],
        "variables": dict(plan.variables)})


def iso(moment: datetime | None) -> str | None:
    """Return a moment as ISO 8601, or None."""
    return moment.isoformat() if moment is not None else None


TASKS = cast(Table, UserTask.__table__)
INSTANCES = cast(Table, ProcessInstance.__table__)
EXTERNAL_TASKS = cast(Table, ExternalTask.__table__)
# Built once: a batch run executes them for every instance it moves.
KEPT_TASKS = select(TASKS.c.id, TASKS.c.assignee, TASKS.c.created_at).where(TASKS.c.instance_id == bindparam("i"))
DROP_PROJECTIONS = (
    delete(UserTaskCandidate).where(UserTaskCandidate.task_id.in_(
        select(TASKS.c.id).where(TASKS.c.instance_id == bindparam("i")).scalar_subquery())),
    delete(UserTask).where(UserTask.instance_id == bindparam("i")),
    delete(Timer).where(Timer.instance_id == bindparam("i")),
    delete(MessageSubscription).where(MessageSubscription.instance_id == bindparam("i")),
)
RENAME_EXTERNAL_TASK = update(EXTERNAL_TASKS).where(EXTERNAL_TASKS.c.id == bindparam("task_id")).values(
    element_id=bindparam("element_id"), name=bindparam("name"), topic=bindparam("topic"))
REPOINT_INSTANCE = update(INSTANCES).where(INSTANCES.c.id == bindparam("i")).values(
    definition_id=bindparam("definition_id"))
KEEP_CLAIM = update(TASKS).where(TASKS.c.id == bindparam("task_id")).values(
    assignee=bindparam("assignee"), created_at=bindparam("created_at"))
INSTANCE_FACTS = select(INSTANCES.c.business_key, INSTANCES.c.last_error).where(INSTANCES.c.id == bindparam("i"))


def save_moved(runtime: Runtime, actor: Actor, row: Any, run: Run, target_id: int, event: NewEvent) -> None:
    """Save a moved run: its projections written afresh (claims and outside workers' locks kept) and the event."""
    connection = db.session.connection()
    kept = connection.execute(KEPT_TASKS, {"i": row.id}).all()
    for statement in DROP_PROJECTIONS:
        connection.execute(statement, {"i": row.id})
    run.saved_task_ids, run.saved_timers = frozenset(), ()
    run.saved_message_waits, run.saved_signal_waits = frozenset(), frozenset()
    save_run(runtime, row, run, actor.login, runtime.clock.now(), [event])
    outside = [{"task_id": task.id, "element_id": task.element_id, "name": task.name, "topic": task.topic}
               for task in run.external_tasks()]
    if outside:
        connection.execute(RENAME_EXTERNAL_TASK, outside)
    connection.execute(REPOINT_INSTANCE, {"i": row.id, "definition_id": target_id})
    if kept:
        connection.execute(KEEP_CLAIM, [{"task_id": task.id, "assignee": task.assignee, "created_at": task.created_at}
                                        for task in kept])
