"""Move a running instance to another version of its process: its elements, the checks, and the move itself.

Tasks are matched to the new version by element id: the same id is the same element unless a mapping
says otherwise (a renamed element is mapped by hand). The open work keeps its task ids (the inbox's rows,
claims and outside workers' locks stay), finished tasks are re-pointed to the new elements, and what the
engine had only predicted is predicted again from the new diagram. Waiting timers keep their due time or
start again with the new definition, one choice per timer element.
"""
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import CycleTimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.util.task import TaskState

from engine.errors import EngineError
from engine.events.timers import timer_definitions, timer_kind
from engine.runtime import Definition, Run
from engine.state import SERIALIZER, compact_task_tree

ACTIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED
SUFFIXES = (".BoundaryEventSplit", ".BoundaryEventJoin")
KEEP, RESTART = "keep", "restart"
# What each kind of problem says; the blocking ones refuse the instance, the others are told and kept.
BLOCKING = {"unmapped": True, "type_changed": True, "scope_changed": True, "finished_removed": True,
            "completed_changed": False, "timer_kind_changed": False, "boundary_dropped": False}


class MigrationRefused(EngineError):
    """An instance cannot move to the other version as mapped."""


@dataclass(frozen=True)
class Element:
    """An element of a process version as the migration sees it."""

    id: str
    name: str
    kind: str  # the engine's type of it: UserTask, BoundaryEvent, ExternalTask, ...
    scope: str  # the process or sub-process that holds it
    timer: str | None = None  # date, duration or cycle for a timer event


@dataclass(frozen=True)
class Issue:
    """Something that stands in the way of a move (blocking), or that the person moving should know."""

    kind: str  # a key of BLOCKING
    element_id: str
    target_id: str | None = None

    @property
    def blocking(self) -> bool:
        """Say whether it refuses the instance."""
        return BLOCKING[self.kind]


def elements_of(definition: Definition) -> dict[str, Element]:
    """Return every element of a version with an id, in the process and its sub-processes, by id."""
    found: dict[str, Element] = {}
    for process in (definition.spec, *definition.subprocess_specs.values()):
        for task_spec in process.task_specs.values():
            element_id = getattr(task_spec, "bpmn_id", None)
            if element_id is None or element_id in found:
                continue
            timers = timer_definitions(task_spec)
            found[element_id] = Element(element_id, task_spec.bpmn_name or element_id, type(task_spec).__name__,
                                        process.name, timer_kind(timers[0]) if timers else None)
    return found


def automatic_mapping(source: Definition, target: Definition) -> dict[str, str]:
    """Map every element of the source version to the element of the same id in the target, where there is one."""
    target_ids = elements_of(target)
    return {element_id: element_id for element_id in elements_of(source) if element_id in target_ids}


def active_elements(run: Run) -> list[str]:
    """Return the ids of the elements the instance is at now (open tasks, waiting events, work under way)."""
    return sorted({task.task_spec.bpmn_id for task in all_tasks(run)
                   if task.has_state(ACTIVE) and getattr(task.task_spec, "bpmn_id", None)})


def check_move(run: Run, target: Definition, mapping: Mapping[str, str]) -> list[Issue]:
    """Return what stands in the way of moving the run to the target version as mapped, and what changes."""
    compact_task_tree(run.workflow)
    source_elements, target_elements = elements_of(run.definition), elements_of(target)
    issues: list[Issue] = []
    for task in all_tasks(run):
        element_id = getattr(task.task_spec, "bpmn_id", None)
        if element_id is None or task.has_state(TaskState.PREDICTED_MASK | TaskState.FUTURE):
            continue
        target_id = mapping.get(element_id)
        new = target_elements.get(target_id) if target_id else None
        old = source_elements[element_id]
        if new is None and dropped_boundary_event(task):
            issues.append(Issue("boundary_dropped", element_id))
        elif new is None:
            issues.append(Issue("unmapped" if task.has_state(ACTIVE) else "finished_removed", element_id))
        elif new.kind != old.kind:
            issues.append(Issue("type_changed", element_id, target_id))
        elif new.scope != old.scope:
            issues.append(Issue("scope_changed", element_id, target_id))
        elif task.state == TaskState.WAITING and old.timer and new.timer and old.timer != new.timer:
            issues.append(Issue("timer_kind_changed", element_id, target_id))
        elif task.state == TaskState.COMPLETED and spec_changed(task.task_spec, find_spec(target, new)):
            issues.append(Issue("completed_changed", element_id, target_id))
    return unique(issues)


def dropped_boundary_event(task: Any) -> bool:
    """Say whether a task is a boundary event waiting on an open activity, which an unmapped move drops (as Camunda
    deletes the subscriptions of boundary events the target version does not have)."""
    return task.state == TaskState.WAITING and isinstance(task.task_spec, BoundaryEvent)


def unique(issues: list[Issue]) -> list[Issue]:
    """Return the issues without repeats (a loop leaves several tasks of one element), in order."""
    return list(dict.fromkeys(issues))


def spec_changed(old: Any, new: Any) -> bool:
    """Say whether an element's definition differs between two versions (its neighbours aside)."""
    before, after = SERIALIZER.registry.convert(old), SERIALIZER.registry.convert(new)
    ignored = {"name", "bpmn_id", "inputs", "outputs", "lane", "manual", "position"}
    return any(before.get(key) != after.get(key) for key in set(before) | set(after) if key not in ignored)


def find_spec(definition: Definition, element: Element) -> Any:
    """Return the task spec of an element of a version."""
    process = definition.spec if definition.spec.name == element.scope else definition.subprocess_specs[element.scope]
    return process.task_specs[element.id]


def move_run(run: Run, target: Definition, mapping: Mapping[str, str], restart: Collection[str]) -> None:
    """Move the run to the target version as mapped; restart the waiting timers of the elements named.

    Raises MigrationRefused when a blocking issue stands in the way (check_move tells them all first).
    """
    blocking = [issue for issue in check_move(run, target, mapping) if issue.blocking]
    if blocking:
        raise MigrationRefused(f"Element '{blocking[0].element_id}' cannot move: {blocking[0].kind}.")
    run.change_definition(target, lambda: repoint(run, target, mapping, restart))


def repoint(run: Run, target: Definition, mapping: Mapping[str, str], restart: Collection[str]) -> None:
    """Point every kept task at its new element, predict again what follows the open work, settle timers."""
    workflow = run.workflow
    for process, new_spec in workflows_of(run, target):
        for task in list(process.tasks.values()):
            if task.id not in process.tasks or task.has_state(TaskState.PREDICTED_MASK | TaskState.FUTURE):
                continue
            name = new_name(task.task_spec.name, mapping)
            if name not in new_spec.task_specs and dropped_boundary_event(task):
                process._remove_task(task.id)
                continue
            task.task_spec = new_spec.task_specs[name]
        process.spec = new_spec
    workflow.subprocess_specs = target.subprocess_specs
    for process, _ in workflows_of(run, target):
        for task in [t for t in process.tasks.values() if t.has_state(ACTIVE)]:
            task._drop_children(force=True)
            add_new_boundary_events(task)
        for task in [t for t in process.tasks.values() if t.has_state(TaskState.PREDICTED_MASK | TaskState.FUTURE)
                     and t.parent is not None and t.parent.has_state(TaskState.FINISHED_MASK)]:
            if task.id in process.tasks:
                process._remove_task(task.id)  # predicted below finished work: predicted again below
        for task in [t for t in process.tasks.values() if t.has_state(ACTIVE)]:
            task.task_spec._predict(task, mask=TaskState.NOT_FINISHED_MASK)
    for task in all_tasks(run):
        if task.state == TaskState.WAITING and timer_definitions(task.task_spec) and \
                (task.task_spec.bpmn_id in restart or timer_kind_moved(task)):
            restart_timer(task)


def workflows_of(run: Run, target: Definition) -> Iterator[tuple[Any, Any]]:
    """Yield the run's workflow and each of its sub-processes with the target version's spec for it."""
    yield run.workflow, target.spec
    for sub in run.workflow.subprocesses.values():
        spec = target.subprocess_specs.get(sub.spec.name)
        if spec is None:
            raise MigrationRefused(f"Sub-process '{sub.spec.name}' is under way but the new version has none.")
        yield sub, spec


def new_name(name: str, mapping: Mapping[str, str]) -> str:
    """Return the name of a task spec in the new version: its element's mapped id, with the engine's suffix kept."""
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return mapping.get(name.removesuffix(suffix), name.removesuffix(suffix)) + suffix
    return mapping.get(name, name)


def add_new_boundary_events(task: Any) -> None:
    """Give an open activity the boundary events the new version adds to it (they start waiting now)."""
    split = task.parent
    if split is None or not split.task_spec.name.endswith(SUFFIXES[0]) or split.state != TaskState.COMPLETED:
        return
    present = {child.task_spec for child in split.children}
    for spec in split.task_spec.outputs:
        if spec not in present and isinstance(spec, CatchingEvent):
            child = split._add_child(spec, TaskState.WAITING)
            child.data = dict(split.data)
            if timer_definitions(spec):
                restart_timer(child)


def timer_kind_moved(task: Any) -> bool:
    """Say whether a waiting timer's kept due time no longer fits its new definition (a duration became a cycle)."""
    value = task.internal_data.get("event_value")
    cycle = any(isinstance(d, CycleTimerEventDefinition) for d in timer_definitions(task.task_spec))
    return value is not None and isinstance(value, dict) != cycle


def restart_timer(task: Any) -> None:
    """Start a waiting timer again from now with its (new) definition."""
    task.internal_data.pop("event_value", None)
    for definition in timer_definitions(task.task_spec):
        if isinstance(definition, CycleTimerEventDefinition):
            definition.cycle_complete(task)
        else:
            definition.has_fired(task)


def all_tasks(run: Run) -> Iterator[Any]:
    """Yield every task of the run and of its sub-processes."""
    yield from run.workflow.tasks.values()
    for sub in run.workflow.subprocesses.values():
        yield from sub.tasks.values()
