"""Store an instance without its spec, and keep its task tree small."""
from dataclasses import asdict
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.task_spec import MultiInstanceTaskConverter
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, TaskConverter
from SpiffWorkflow.bpmn.specs.control import StartEventSplit
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine.approval.loop import ApprovalLoop
from engine.approval.rule import ApprovalRule
from engine.reading.loops import CamundaParallelLoop, CamundaSequentialLoop


class SpeclessWorkflowConverter(BpmnWorkflowConverter):
    """Serialize a workflow without its spec; the spec is stored once per process version."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        # WorkflowConverter.to_dict's fields, with the top-level tasks already in their stored (shrunk) form.
        return {
            "data": self.registry.convert(self.registry.clean(workflow.data)),
            "correlations": workflow.correlations,
            "last_task": str(workflow.last_task.id) if workflow.last_task is not None else None,
            "success": workflow.success,
            "completed": workflow.completed,
            "tasks": stored_tasks(workflow.tasks, self.registry),
            "root": str(workflow.task_tree.id),
            "subprocesses": self.mapping_to_dict(workflow.subprocesses),
            "bpmn_events": self.registry.convert(workflow.bpmn_events),
        }

    def from_dict(self, dct: dict[str, Any], spec: Any = None, subprocess_specs: Any = None) -> BpmnWorkflow:
        workflow = self.target_class(spec, subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


class QuickTaskConverter(TaskConverter):
    """SpiffWorkflow's task converter, giving the same dict with one parent lookup instead of four.

    A task's parent is found through the workflow's task map, keyed by UUIDs whose hash is computed
    in Python; a state dump converts every task, so the lookups add up.
    """

    def to_dict(self, task: Task) -> dict[str, Any]:
        parent = task.workflow.tasks.get(task._parent)
        if parent is None:
            data, delta = task.data, {}
        else:
            before, after = parent.data, task.data
            data = {}
            delta = {
                "updates": {key: value for key, value in after.items() if key not in before or value != before[key]},
                "deletions": [key for key in before if key not in after],
            }
        return {
            "id": str(task.id),
            "parent": str(task._parent) if parent is not None else None,
            "children": [str(child) for child in task._children],
            "last_state_change": task.last_state_change,
            "state": task.state,
            "task_spec": task.task_spec.name,
            "triggered": task.triggered,
            "internal_data": self.registry.convert(task.internal_data) if task.internal_data else {},
            "data": data,
            "delta": delta,
        }


def stored_tasks(tasks: dict[UUID, Task], registry: Any) -> dict[str, dict[str, Any]]:
    """Return a task map as stored: QuickTaskConverter's dicts after shrink_task, built in one go.

    Each task id is turned into text once (UUID.__str__ runs in Python) though it appears up to
    three times: as its key, as its parent's child and as its children's parent.
    """
    texts = {task_id: str(task_id) for task_id in tasks}
    stored = {}
    for task_id, task in tasks.items():
        parent = tasks.get(task._parent)
        entry: dict[str, Any] = {"parent": texts[task._parent] if parent is not None else None}
        if task._children:
            entry["children"] = [texts.get(child) or str(child) for child in task._children]
        entry["last_state_change"] = task.last_state_change
        entry["state"] = task.state
        entry["task_spec"] = task.task_spec.name
        if task.triggered != TASK_DEFAULTS["triggered"]:
            entry["triggered"] = task.triggered
        internal = registry.convert(task.internal_data) if task.internal_data else {}
        if internal != TASK_DEFAULTS["internal_data"]:
            entry["internal_data"] = internal
        if parent is None:
            if task.data != TASK_DEFAULTS["data"]:
                entry["data"] = task.data
        else:
            before, after = parent.data, task.data
            updates = {key: value for key, value in after.items() if key not in before or value != before[key]}
            deletions = [key for key in before if key not in after]
            if updates or deletions:
                entry["delta"] = {"updates": updates, "deletions": deletions}
        typename = registry.typenames.get(type(task))
        if typename != TASK_DEFAULTS["typename"]:
            entry["typename"] = typename
        stored[texts[task_id]] = entry
    return stored


class ApprovalLoopConverter(MultiInstanceTaskConverter):
    """Describe an approval loop with its rule, so that a version comparing its spec sees a changed rule."""

    def to_dict(self, spec: Any) -> dict[str, Any]:
        dct: dict[str, Any] = super().to_dict(spec)
        dct["rule"] = asdict(spec.rule)
        return dct

    def from_dict(self, dct: dict[str, Any]) -> Any:
        dct["rule"] = ApprovalRule(**{**dct["rule"], "exclude": tuple(dct["rule"]["exclude"])})
        return super().from_dict(dct)


_CONFIG = dict(CAMUNDA_CONFIG)
_CONFIG[BpmnWorkflow] = SpeclessWorkflowConverter
_CONFIG[Task] = QuickTaskConverter
# FlowDesk's own loop specs (engine/reading/loops.py, engine/approval/loop.py): instance migration compares specs.
_CONFIG[CamundaParallelLoop] = MultiInstanceTaskConverter
_CONFIG[CamundaSequentialLoop] = MultiInstanceTaskConverter
_CONFIG[ApprovalLoop] = ApprovalLoopConverter
SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(_CONFIG))
SERIALIZER_VERSION = SERIALIZER.VERSION


# Task fields whose usual value is left out of the stored state (restored on load).
TASK_DEFAULTS: dict[str, Any] = {
    "typename": "Task", "triggered": False, "internal_data": {}, "data": {}, "children": [], "delta": {},
}
EMPTY_DELTA: dict[str, Any] = {"updates": {}, "deletions": []}


def dump_state(workflow: BpmnWorkflow) -> dict[str, Any]:
    """Return the JSON-able state of a workflow, without its spec and without default task fields."""
    state = SERIALIZER.to_dict(workflow)  # top-level tasks come stored already (stored_tasks)
    for subprocess in state.get("subprocesses", {}).values():
        for task in subprocess["tasks"].values():
            shrink_task(task)
    return state


def load_state(state: dict[str, Any], spec: Any, subprocess_specs: dict[str, Any]) -> BpmnWorkflow:
    """Rebuild a workflow from dump_state output and its cached spec."""
    state = dict(state)
    for tasks in task_maps(state):
        for task_id, task in tasks.items():
            grow_task(task_id, task)
    return SERIALIZER.from_dict(state, spec=spec, subprocess_specs=subprocess_specs)


def task_maps(state: dict[str, Any]) -> list[dict[str, dict[str, Any]]]:
    """Return the task dicts of a workflow state and of its sub-processes."""
    return [state["tasks"], *(sub["tasks"] for sub in state.get("subprocesses", {}).values())]


def shrink_task(task: dict[str, Any]) -> None:
    """Drop the fields of a serialized task that hold their usual value (the id is the dict key)."""
    del task["id"]
    if task.get("delta") == EMPTY_DELTA:
        task["delta"] = {}
    for key, usual in TASK_DEFAULTS.items():
        if key in task and task[key] == usual:
            del task[key]


def grow_task(task_id: str, task: dict[str, Any]) -> None:
    """Restore the fields shrink_task dropped, in place.

    A task with a parent must get a non-empty delta back: SpiffWorkflow reads an empty one as
    "no delta" and would take the (empty) 'data' field instead of the parent's data.
    """
    task["id"] = task_id
    if task.get("parent") is not None and not task.get("delta"):
        task["delta"] = {"updates": {}, "deletions": []}
    for key, usual in TASK_DEFAULTS.items():
        task.setdefault(key, type(usual)() if isinstance(usual, (dict, list)) else usual)


def compact_task_tree(workflow: BpmnWorkflow) -> None:
    """Drop finished history above the open work so loops stay shallow and state stays small.

    SpiffWorkflow never prunes completed tasks: a ticket re-opened through a gateway loop grows
    its tree by a few levels per pass and silently stalls at depth 1000. FlowDesk's own history
    table records what happened, so the engine only needs the subtree holding unfinished work.
    The lowest common ancestor of every unfinished task is re-attached under the root.
    """
    root = workflow.task_tree
    tasks = workflow.tasks
    unfinished = [t for t in tasks.values() if not t.has_state(TaskState.FINISHED_MASK)]
    if not unfinished:
        return
    anchor = lowest_common_ancestor(frontier(unfinished, tasks))
    if anchor.parent is not None and isinstance(anchor.parent.task_spec, StartEventSplit):
        anchor = anchor.parent  # a start event still waiting: the join after it looks for this split
    if anchor is root or anchor.parent is root:
        return
    keep = {root.id}
    stack = [anchor]
    while stack:
        task = stack.pop()
        keep.add(task.id)
        stack.extend(task.children)
    for task_id in [t for t in workflow.tasks if t not in keep]:
        del workflow.tasks[task_id]
        workflow.subprocesses.pop(task_id, None)
    anchor.data = dict(anchor.data)
    anchor._parent = root.id
    root._children = [anchor.id]
    if workflow.last_task is not None and workflow.last_task.id not in keep:
        workflow.last_task = anchor


def frontier(unfinished: list[Any], tasks: dict[UUID, Any]) -> list[Any]:
    """Return the unfinished tasks whose parent is finished (or that have none).

    Every other unfinished task descends from one of them through unfinished tasks, so they have the
    same lowest common ancestor as the whole set, and far fewer ancestries to walk.
    """
    return [task for task in unfinished
            if (parent := tasks.get(task._parent)) is None or parent.has_state(TaskState.FINISHED_MASK)]


def lowest_common_ancestor(tasks: list[Any]) -> Any:
    """Return the deepest task that is an ancestor of (or equal to) every given task."""
    common = ancestry(tasks[0])
    for task in tasks[1:]:
        chain = ancestry(task)
        size = 0
        while size < min(len(chain), len(common)) and chain[size] is common[size]:
            size += 1
        common = common[:size]
    return common[-1]


def ancestry(task: Any) -> list[Any]:
    """Return the chain of tasks from the root down to this task."""
    chain = []
    while task is not None:
        chain.append(task)
        task = task.parent
    chain.reverse()
    return chain
