"""Event sub-processes as Camunda 7 runs them, on top of SpiffWorkflow's plain parallel branches.

SpiffWorkflow 3.2 starts every event sub-process of a scope (the process or an embedded sub-process) as
a branch beside the main flow, waiting on its start event, and then treats it as ordinary parallel work:
an interrupting one leaves the main flow running, and a scope whose main flow ended stays open for as
long as any of its event sub-processes still waits. Camunda's rules, applied after every engine step:

- when the start event of an interrupting event sub-process fires, everything else in its scope is
  cancelled: the main flow's tasks and the other event sub-processes' subscriptions (timers included);
- when nothing but untriggered event sub-processes is left in a scope, their subscriptions end with
  it, and the scope completes (a triggered one that is still running keeps its scope open).
"""
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import SignalEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.util.task import TaskState

MAX_SETTLE_ROUNDS = 100


def has_event_subprocesses(process_specs: Iterable[Any]) -> bool:
    """Say whether any of these process specs holds an event sub-process (SpiffWorkflow hangs them on its start,
    as a branch or, for those started by an event such as an error, as a trigger)."""
    return any(spec.start.trigger_specs or any(isinstance(output, SubWorkflowTask) for output in spec.start.outputs)
               for spec in process_specs)


def arm_event_subprocesses(process_specs: Iterable[Any], subprocess_specs: Mapping[str, Any],
                           armed: Callable[[Any], bool]) -> None:
    """Set up with its scope every event sub-process whose start events all pass `armed`, its start event waiting.

    SpiffWorkflow starts an event sub-process only when something throws its event inside the instance; one
    whose event comes from elsewhere (a condition, a message) is instead set up with its scope, as a timer one is.
    """
    for process_spec in process_specs:
        start = process_spec.start
        for name in list(getattr(start, "trigger_specs", ())):
            sub_spec = subprocess_specs.get(name)
            if sub_spec is None or not all(armed(event) for event in sub_spec.bpmn_start_events):
                continue
            task_spec = process_spec.task_specs[name]
            start.connect(task_spec)
            task_spec.connect(process_spec.end)
            start.trigger_specs.remove(name)


def settle_event_subprocesses(workflow: Any) -> None:
    """Apply interruption and scope end to every scope of a workflow, running engine steps until stable."""
    for _ in range(MAX_SETTLE_ROUNDS):
        changed = False
        for scope in [workflow, *workflow.subprocesses.values()]:
            changed = settle_scope(workflow, scope) or changed
        if not changed:
            return
        for scope in [workflow, *workflow.subprocesses.values()]:
            wake_end_joins(scope)
        workflow.do_engine_steps()


def settle_scope(top: Any, scope: Any) -> bool:
    """Apply the rules to one scope; return whether anything was cancelled."""
    ending = {scope.spec.end, *scope.spec.end.outputs}
    branches = [task for task in scope.task_tree.children if holds_open_work(task, ending)]
    event_tasks = [task for task in branches if is_event_subprocess(task)]
    if not event_tasks:
        return False
    for task in event_tasks:
        if triggered(top, task) and interrupting(top, task):
            others = [branch for branch in branches if branch is not task]
            for branch in others:
                branch.cancel()
            return bool(others)
    main_flow = [task for task in branches if task not in event_tasks]
    waiting = [task for task in event_tasks if not triggered(top, task)]
    if main_flow or not waiting or not main_flow_ended(scope):
        return False
    for task in waiting:
        task.cancel()
    return True


def wake_end_joins(scope: Any) -> None:
    """Let a scope's end join look again at its branches (SpiffWorkflow re-checks only waiting timers)."""
    ending = {scope.spec.end, *scope.spec.end.outputs}
    for task in scope.get_tasks(state=TaskState.WAITING):
        if task.task_spec in ending:
            task.task_spec._update(task)


def holds_open_work(branch: Any, ending: set[Any]) -> bool:
    """Say whether a branch holds an unfinished task other than the scope's own end (its join and end)."""
    stack = [branch]
    while stack:
        task = stack.pop()
        if task.task_spec in ending:
            continue
        if not task.has_state(TaskState.FINISHED_MASK):
            return True
        stack.extend(task.children)
    return False


def main_flow_ended(scope: Any) -> bool:
    """Say whether the scope's main flow ran (its first task completed); called once it holds no open work."""
    return any(not is_event_subprocess(task) and task.has_state(TaskState.COMPLETED)
               for task in scope.task_tree.children)


def is_event_subprocess(task: Any) -> bool:
    """Say whether a branch of a scope's root is an event sub-process (SpiffWorkflow hangs them there).

    Its spec is a branch or a trigger of the scope's start: an embedded sub-process of the main flow is a
    SubWorkflowTask too, and stands at the root once the tasks before it are pruned (engine/state.py).
    """
    spec = task.task_spec
    start = task.workflow.spec.start
    return isinstance(spec, SubWorkflowTask) and (spec in start.outputs or spec.name in start.trigger_specs)


def start_event_of(top: Any, task: Any) -> Any:
    """Return the start event task inside an event sub-process's own workflow, or None before it exists."""
    subworkflow = top.subprocesses.get(task.id)
    if subworkflow is None:
        return None
    for child in subworkflow.task_tree.children:
        return child
    return None


def triggered(top: Any, task: Any) -> bool:
    """Say whether an event sub-process's start event has fired."""
    start = start_event_of(top, task)
    return start is not None and start.has_state(TaskState.COMPLETED)


def interrupting(top: Any, task: Any) -> bool:
    """Say whether an event sub-process interrupts its scope (its start event's isInterrupting, true by default)."""
    start = start_event_of(top, task)
    extensions = getattr(start.task_spec, "extensions", None) or {}
    return bool(extensions.get("interrupting", True))


def event_subprocesses_to_rearm(top: Any, scope: Any) -> list[Any]:
    """Return the branches of a scope's fired non-interrupting message or signal event sub-processes that need a
    new waiting branch: the scope still has other work open and no branch of the same sub-process waits yet."""
    ending = {scope.spec.end, *scope.spec.end.outputs}
    branches = [task for task in scope.task_tree.children if holds_open_work(task, ending)]
    if not any(not is_event_subprocess(task) for task in branches):
        return []
    fired = [task for task in branches if is_event_subprocess(task) and triggered(top, task)
             and not interrupting(top, task) and starts_by_message_or_signal(top, task)]
    waiting = {task.task_spec for task in branches if is_event_subprocess(task) and not triggered(top, task)}
    rearm: dict[Any, Any] = {}
    for task in fired:
        if task.task_spec not in waiting:
            rearm.setdefault(task.task_spec, task)
    return list(rearm.values())


def starts_by_message_or_signal(top: Any, task: Any) -> bool:
    """Say whether an event sub-process's start event waits for a message or a signal (Camunda keeps either
    subscribed while a non-interrupting one runs)."""
    start = start_event_of(top, task)
    definition = getattr(start.task_spec, "event_definition", None) if start is not None else None
    return isinstance(definition, (MessageEventDefinition, SignalEventDefinition))
