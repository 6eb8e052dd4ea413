"""Run process instances: start, resume from stored state, complete user tasks, fire timers."""
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.inclusive_gateway import InclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.parallel_gateway import ParallelGateway
from SpiffWorkflow.bpmn.specs.mixins.script_task import ScriptTask
from SpiffWorkflow.bpmn.specs.mixins.user_task import UserTask
from SpiffWorkflow.util.task import TaskState

from engine import clock as engine_clock
from engine.approval import loop as approval_loop
from engine.approval.loop import DECIDED_BY
from engine.approval.views import ApprovalView, approval_view, is_approval_instance
from engine.errors import CallBackDiffers, ConditionLoop, TaskNotOpen
from engine.evaluation.sandbox import ScriptLimits
from engine.events import external_tasks as external_tasks_module
from engine.events.conditions import (
    InterruptFirst,
    conditions_of,
    has_conditions,
    interrupt_first,
    react,
    rearm_non_interrupting,
    variable_changes,
)
from engine.events.event_subprocesses import has_event_subprocesses, settle_event_subprocesses
from engine.events.external_tasks import ExternalTaskView
from engine.events.message_throws import FlowDeskMessageThrow, ThrownMessage, take_thrown
from engine.events.messages import (
    MessageWait,
    catch_message,
    forget_delivery_variable,
    keep_only_start,
    message_waits,
    rearm_message_events,
)
from engine.events.signals import (
    FlowDeskSignalThrow,
    SignalWait,
    ThrownSignal,
    catch_signal,
    rearm_signal_boundaries,
    signal_waits,
    take_thrown_signals,
)
from engine.events.starts import keep_starts, start_event_open, start_events
from engine.events.timers import (
    SUCCESSOR,
    StartCycleTimerEventDefinition,
    fire_at_once,
    hand_start_event,
    rearm_date_timer,
    timer_definitions,
    timer_due_at,
    timer_kind,
)
from engine.reading.called_elements import CalledElement, defined_processes, external_calls
from engine.reading.camunda_forms import Forms
from engine.reading.diagram import ParsedProcess, parse_diagram, read_xml
from engine.reading.parser import ExpressionTask, ExternalTask, PassThroughManualTask, PassThroughTask
from engine.reading.task_attributes import fields_of, user_task_view
from engine.script_engine import defer_scripts, reset_deferral
from engine.state import compact_task_tree, dump_state, load_state
from engine.topic_engine import TopicScriptEngine
from engine.topics import TopicRegistry
from engine.views import FieldSpec, PendingScript, PendingTimer, StartCycle, StepEvent, UserTaskView, data_changes

GATEWAYS = (ExclusiveGateway, InclusiveGateway, ParallelGateway)
MAX_TIMER_ROUNDS = 1000
# Conditional events that fire, change data and make others fire: a diagram whose conditions keep each other
# firing longer than this is stopped with an error instead of looping.
MAX_CONDITION_ROUNDS = 100
# A script waiting for its turn is listed beside the timers as always due, so a scheduler that finds one
# left behind by a crash runs it.
SCRIPT_DUE_AT = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass
class Definition:
    """A parsed process version, cached per worker."""

    key: Any
    process_id: str
    name: str
    spec: Any
    subprocess_specs: dict[str, Any]
    flows: dict[str, tuple[tuple[str, str], ...]]
    start_fields: tuple[FieldSpec, ...] = ()
    version: int | None = None
    initiator: str | None = None  # camunda:initiator: the variable that holds who started the instance
    calls: tuple[CalledElement, ...] = ()  # call activities calling processes of other files
    callee_versions: tuple[tuple[str, Any], ...] = ()  # (process id, stored version key) of each callee parsed in
    # A call coming back round to this process (A calls B, which calls A) would bind a newer version of it than
    # this one, which a run cannot hold beside its own: such a call fails its step instead (Run._observe).
    called_back_newer: bool = False

    @classmethod
    def from_parsed(cls, key: Any, parsed: ParsedProcess, version: int | None = None) -> "Definition":
        """Wrap a freshly parsed process."""
        start_fields: tuple[FieldSpec, ...] = ()
        initiator = None
        for start_event in start_events(parsed.spec):
            start_fields = start_fields or fields_of(start_event)
            initiator = initiator or (getattr(start_event, "extensions", None) or {}).get("initiator")
        return cls(key, parsed.process_id, parsed.name, parsed.spec, parsed.subprocess_specs, parsed.flows,
                   start_fields, version, initiator)

    @cached_property
    def conditional(self) -> bool:
        """Say whether the process has conditional events, which variable changes must wake."""
        return any(has_conditions(spec.task_specs.values())
                   for spec in (self.spec, *self.subprocess_specs.values()))

    @cached_property
    def start_cycles(self) -> bool:
        """Say whether a start event of the process waits on a cycle, each firing of which starts an instance."""
        return any(isinstance(getattr(event, "event_definition", None), StartCycleTimerEventDefinition)
                   for event in start_events(self.spec))

    @cached_property
    def event_subprocesses(self) -> bool:
        """Say whether the process has event sub-processes, whose scopes each step must settle."""
        return has_event_subprocesses((self.spec, *self.subprocess_specs.values()))


def timer_start_events(process: ParsedProcess) -> list[str]:
    """Return the ids of a process's start events that wait for a timer."""
    return timer_start_ids(process.spec)


def timer_start_ids(process_spec: Any) -> list[str]:
    """Return the ids of the start events of a process spec that wait for a timer."""
    return [start_event.bpmn_id for start_event in start_events(process_spec) if timer_definitions(start_event)]


class Engine:
    """Parses diagrams and creates or resumes runs; holds the per-worker spec cache."""

    def __init__(self, topics: TopicRegistry, limits: ScriptLimits | None = None,
                 max_diagram_bytes: int | None = None, defer_scripts: bool = False) -> None:
        """defer_scripts: script tasks wait (STARTED) for the caller to run them with compute_script and
        Run.finish_script, so that no script runs while the caller holds a database lock."""
        self.topics = topics
        self.max_diagram_bytes = max_diagram_bytes
        self.defer_scripts = defer_scripts
        self.script_engine = TopicScriptEngine(topics, limits or ScriptLimits())
        self._definitions: dict[Any, Definition] = {}

    def compute_script(self, script: PendingScript) -> dict[str, Any]:
        """Run a waiting script in the sandbox and return the task data it leaves (raises ScriptError)."""
        return self.script_engine.compute_script(script.script, script.data)

    def parse(self, content: bytes, file_name: str, callees: Mapping[str, bytes] | None = None, *,
              forms: Forms | None = None) -> list[ParsedProcess]:
        """Validate a diagram for deployment, with the XML of the processes it calls in other files and the
        Camunda Forms deployed beside it (raises DiagramRefused)."""
        return parse_diagram(content, file_name, self.topics.names(), self.max_diagram_bytes, callees, forms=forms)

    def external_calls(self, content: bytes, file_name: str) -> list[CalledElement]:
        """Return a diagram's call activities that call processes of other files (raises DiagramRefused)."""
        return external_calls(read_xml(content, file_name, self.max_diagram_bytes), file_name)

    def calls_between(self, content: bytes, file_name: str) -> tuple[set[str], set[str]]:
        """Return the ids of the processes a diagram defines and of those of other files it calls (raises
        DiagramRefused)."""
        root = read_xml(content, file_name, self.max_diagram_bytes)
        return defined_processes(root), {call.process_id for call in external_calls(root, file_name)}

    def cached_definition(self, key: Any) -> Definition | None:
        """Return a definition already parsed by this worker, if any."""
        return self._definitions.get(key)

    def remember_definition(self, key: Any, definition: Definition) -> None:
        """Cache a definition under one more key (a caller's version id, marking that it calls other files)."""
        self._definitions[key] = definition

    def definition(self, key: Any, content: bytes, process_id: str, file_name: str = "diagram.bpmn",
                   version: int | None = None, callees: Mapping[str, bytes] | None = None, *,
                   forms: Forms | None = None) -> Definition:
        """Return the cached definition for a stored version, parsing it on first use.

        A version that calls processes of other files is parsed with the callees' XML, and its key names
        the callee versions too (app/workflow/call_activities.py).
        """
        cached = self._definitions.get(key)
        if cached is None:
            parsed = {p.process_id: p for p in parse_diagram(content, file_name, None, None, callees,
                                                                     forms=forms)}
            cached = Definition.from_parsed(key, parsed[process_id], version)
            self._definitions[key] = cached
        return cached

    def start(self, definition: Definition, data: Mapping[str, Any], clock: engine_clock.Clock) -> "Run":
        """Create an instance with its initial data; call advance() to run it."""
        workflow = BpmnWorkflow(definition.spec, definition.subprocess_specs, script_engine=self.script_engine)
        workflow.task_tree.data.update(data)
        return Run(self, definition, workflow, clock)

    def resume(self, definition: Definition, state: dict[str, Any], clock: engine_clock.Clock) -> "Run":
        """Rebuild an instance from the state stored by Run.state()."""
        workflow = load_state(state, definition.spec, definition.subprocess_specs)
        workflow.script_engine = self.script_engine
        run = Run(self, definition, workflow, clock)
        run.mark_saved()
        return run


@dataclass(frozen=True)
class Scan:
    """What one pass over the task tree found: open user tasks, waiting timers and scripts, and whether it ended.

    Task states change only inside Run._observe, which drops the scan; until then every question a
    save asks (which tasks opened, did the timers change, is a script waiting, is it completed) is
    answered from one pass instead of one pass each.
    """

    user_tasks: tuple[Any, ...]
    script_tasks: tuple[Any, ...]
    external_tasks: tuple[Any, ...]  # waiting for outside workers
    waiting_timers: tuple[PendingTimer, ...]
    completed: bool


@dataclass
class Run:
    """One instance loaded in memory for one step; collects what happened for the history."""

    engine: Engine
    definition: Definition
    workflow: BpmnWorkflow
    clock: engine_clock.Clock
    events: list[StepEvent] = field(default_factory=list)
    cancelled: bool = False
    saved_task_ids: frozenset[str] = frozenset()  # open user tasks as last stored (nothing for a new run)
    saved_timers: tuple[PendingTimer, ...] = ()
    saved_external_ids: frozenset[str] = frozenset()  # external tasks waiting for workers, as last stored
    saved_message_waits: frozenset[MessageWait] = frozenset()  # message subscriptions, as last stored
    saved_signal_waits: frozenset[SignalWait] = frozenset()  # signal subscriptions, as last stored
    # messages sent and signals thrown, in order, for the caller to correlate and broadcast
    thrown: list[ThrownMessage | ThrownSignal] = field(default_factory=list)
    context: Any = None  # handed to every topic handler the run calls (TopicCall.context)
    _scan: Scan | None = field(default=None, repr=False, compare=False)
    # The variables as conditional events last saw them, within one action (None without conditional events).
    _checked_variables: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def status(self) -> str:
        """Return 'cancelled', 'completed' once the process reached its end, else 'running'."""
        if self.cancelled:
            return "cancelled"
        return "completed" if self.scan().completed else "running"

    def advance(self) -> None:
        """Run every automatic step until the instance waits for a person or a timer."""
        self._observe(self._engine_steps)

    def start_by_hand(self) -> None:
        """Run a new run started by a person or a caller, as advance does; a process with several start events
        or a timer start is entered by its none start event, else through its timer start at once
        (hand_start_event)."""
        entry = hand_start_event(start_events(self.definition.spec))
        if entry is None:
            self.advance()
            return

        def action() -> None:
            keep_only_start(self.workflow, entry)
            for task in self.workflow.tasks.values():
                if getattr(task.task_spec, "bpmn_id", None) == entry:
                    fire_at_once(task)
            for _ in range(3):  # a cycle fired at once adds its branch first, and is ready to end only after
                self._engine_steps()
                if not start_event_open(self.workflow, entry):
                    break
        self._observe(action)

    def wait_at_timer_starts(self) -> None:
        """Run a new run scheduled at deployment: it waits on the timer start events only (a none, message or
        signal start of the same process never runs in it)."""
        timed = timer_start_ids(self.definition.spec)

        def action() -> None:
            keep_starts(self.workflow, timed)
            self._engine_steps()
        self._observe(action)

    def complete_task(self, task_id: str, values: Mapping[str, Any], by: str | None = None) -> None:
        """Complete an open user task with validated form values and run on; by: who completed it (an approval
        records them beside the member the task was for)."""
        task = self.open_task(task_id)

        def action() -> None:
            if by is not None and is_approval_instance(task):
                task.internal_data[DECIDED_BY] = by
            task.data.update(values)
            if self.definition.conditional:  # the new values reach conditional events before the task ends
                self._wake_conditions(values)
            if task.state == TaskState.READY:  # not interrupted by a conditional boundary event
                task.run()
            self._engine_steps()
        self._observe(action)

    def message_waits(self) -> list[MessageWait]:
        """Return the messages the instance waits for now (catch events, receive tasks, event-based gateways,
        boundary events, event sub-process starts)."""
        return message_waits(self.workflow)

    def message_wait_changes(self) -> list[MessageWait] | None:
        """Return every message the instance waits for if that changed since the last save, else None."""
        waits = self.message_waits()
        return None if frozenset(waits) == self.saved_message_waits else waits

    def signal_waits(self) -> list[SignalWait]:
        """Return the signals the instance waits for now (catch events, boundary events, event sub-process starts),
        by resolved name."""
        return signal_waits(self.workflow)

    def signal_wait_changes(self) -> list[SignalWait] | None:
        """Return every signal the instance waits for if that changed since the last save, else None."""
        waits = self.signal_waits()
        return None if frozenset(waits) == self.saved_signal_waits else waits

    def deliver_signal(self, name: str, variables: Mapping[str, Any], at_start: bool = False) -> list[SignalWait]:
        """Deliver a signal with its variables to every place of the instance waiting for it, and run on; return
        the places (none: nothing waited, and nothing changed). at_start: a new run entered by its signal start
        event (enter_by), which catches the signal too."""
        caught: list[SignalWait] = []

        def action() -> None:
            caught.extend(catch_signal(self.workflow, name, variables, at_start))
            if not caught:
                return
            self._engine_steps()
            rearm_signal_boundaries(list(self._all_tasks()), self.workflow)
            rearm_message_events(self.workflow)  # also keeps non-interrupting signal event sub-processes subscribed
            self._engine_steps()
        self._observe(action)
        return caught

    def take_thrown(self) -> list[ThrownMessage | ThrownSignal]:
        """Return and forget the messages the run's elements sent and the signals they threw, in order."""
        thrown, self.thrown = self.thrown, []
        return thrown

    def deliver_message(self, name: str, variables: Mapping[str, Any]) -> MessageWait:
        """Deliver a message the instance waits for, with its variables, and run on (raises MessageNotAwaited)."""
        caught: list[MessageWait] = []

        def action() -> None:
            caught.append(catch_message(self.workflow, name, variables))
            self._engine_steps()
            rearm_message_events(self.workflow)
            self._engine_steps()
            forget_delivery_variable(self._all_tasks(), self.workflow)
        self._observe(action)
        return caught[0]

    def enter_by(self, start_event_id: str) -> None:
        """Make a new run start at one start event only (a message start): the others never fire."""
        self._observe(lambda: keep_only_start(self.workflow, start_event_id))

    def fire_due_timers(self) -> None:
        """Fire every timer due by the clock, in due order, catching up what a stopped scheduler missed.

        SpiffWorkflow fires everything due at once, so after a long outage an interrupting deadline
        would cancel a task before its earlier reminders ran. Time is replayed instead: each round
        shows the engine the earliest due time (plus a microsecond: cycles compare strictly).
        """
        now = self.clock.now()
        for _ in range(MAX_TIMER_ROUNDS):
            due = [timer.due_at for timer in self.waiting_timers() if timer.due_at <= now]
            if not due:
                return
            moment = engine_clock.FixedClock(min(due) + timedelta(microseconds=1))
            self._observe(self._refresh_timers, moment)

    def _refresh_timers(self) -> None:
        self.workflow.refresh_timers()
        self._engine_steps()
        if self.definition.start_cycles and self._start_events_ready():
            self._engine_steps()  # a start cycle that fired ends here: its start event is ready to complete

    def _start_events_ready(self) -> bool:
        return any(task.state == TaskState.READY and task.task_spec in start_events(self.definition.spec)
                   for task in self.workflow.tasks.values())

    def take_start_cycle(self) -> StartCycle | None:
        """Return and forget what is left of a start event's cycle that fired in this run, if anything is:
        the next instance waits on it (StartCycle.value goes to continue_start_cycle of that instance's run)."""
        for task in self.workflow.tasks.values():
            value = task.internal_data.pop(SUCCESSOR, None) if task.internal_data else None
            if value is not None:
                due_at = datetime.fromisoformat(value["next"]).astimezone(UTC)
                return StartCycle(task.task_spec.bpmn_id, due_at, value)
        return None

    def continue_start_cycle(self, cycle: StartCycle) -> None:
        """Run a new run to its start event, waiting there for the rest of a cycle another instance fired (call
        instead of advance): its other start events never fire, and the cycle goes on from where it was.

        It runs at the moment the cycle is next due at the latest, so that a firing a stopped scheduler
        missed is left for the timer pass, which starts the next instance in turn.
        """
        def action() -> None:
            keep_only_start(self.workflow, cycle.element_id)
            for task in self.workflow.tasks.values():
                if getattr(task.task_spec, "bpmn_id", None) == cycle.element_id:
                    task.internal_data["event_value"] = dict(cycle.value)
            self._engine_steps()
        self._observe(action, engine_clock.FixedClock(min(self.clock.now(), cycle.due_at)))

    def set_variables(self, values: Mapping[str, Any]) -> list[tuple[PendingTimer, PendingTimer]]:
        """Give the open work new variable values and move the date timers that wait on them.

        The values go to every open task (and to the task a waiting event takes its data from again
        each time it is checked); each waiting date timer is then computed again, so it fires at its
        new moment, or on the next timer pass when that moment has already passed. Nothing fires here.
        Return each timer whose moment moved, as it was and as it is.
        """
        before = {timer.task_id: timer for timer in self.timers()}
        self._observe(lambda: self._assign_and_rearm(values), assigned=values)
        return [(before[timer.task_id], timer) for timer in self.timers()
                if timer.task_id in before and before[timer.task_id].due_at != timer.due_at]

    def _assign_and_rearm(self, values: Mapping[str, Any]) -> None:
        waiting = []
        for task in list(self._all_tasks()):
            if not task.has_state(TaskState.READY | TaskState.WAITING | TaskState.STARTED):
                continue
            task.data.update(values)
            if task.state == TaskState.WAITING:
                waiting.append(task)
                if task.parent is not None:
                    task.parent.data.update(values)
        for task in waiting:
            rearm_date_timer(task)

    def change_definition(self, definition: Definition, move: Callable[[], None]) -> None:
        """Make the run one of another version of its process: move (engine.migration) re-points its tasks, on the
        run's clock; what the move changes is not history (the caller records the migration as one event)."""
        self.definition = definition
        self._observe(move)
        self.take_events()

    def cancel(self) -> None:
        """Cancel every unfinished task; the instance ends without reaching an end event."""
        self._observe(self.workflow.cancel)
        self.cancelled = True

    def open_task(self, task_id: str) -> Any:
        """Return the READY user task with this id or raise TaskNotOpen."""
        try:
            task = self.workflow.get_task_from_id(UUID(task_id))
        except Exception:
            task = None
        if task is None or not isinstance(task.task_spec, UserTask) or task.state != TaskState.READY:
            raise TaskNotOpen(f"Task {task_id} is not open.")
        return task

    def task_data(self, task_id: str) -> dict[str, Any]:
        """Return the current data of an open task."""
        return dict(self.open_task(task_id).data)

    def approval_of(self, task_id: str) -> ApprovalView | None:
        """Return what an open approval task's form shows (its members' decisions so far), or None for another
        task."""
        task = self.open_task(task_id)
        return approval_view(task) if is_approval_instance(task) else None

    def user_tasks(self, now: datetime, only: frozenset[str] | None = None) -> list[UserTaskView]:
        """Return open user tasks (all, or those named), with candidates, assignee, due time and priority."""
        return [user_task_view(task, now) for task in self._open_user_tasks()
                if only is None or str(task.id) in only]

    def mark_saved(self) -> None:
        """Remember the open tasks and timers as stored, so the next save writes only what changed."""
        self.saved_task_ids = frozenset(str(task.id) for task in self._open_user_tasks())
        self.saved_timers = tuple(self.timers())
        self.saved_external_ids = frozenset(str(task.id) for task in self.scan().external_tasks)
        self.saved_message_waits = frozenset(self.message_waits())
        self.saved_signal_waits = frozenset(self.signal_waits())

    def user_task_changes(self) -> tuple[frozenset[str], frozenset[str]]:
        """Return the ids of user tasks opened and closed since the last save."""
        current = frozenset(str(task.id) for task in self._open_user_tasks())
        return current - self.saved_task_ids, self.saved_task_ids - current

    def timer_changes(self) -> list[PendingTimer] | None:
        """Return every waiting timer if they changed since the last save, else None."""
        timers = self.timers()
        return None if tuple(timers) == self.saved_timers else timers

    def _open_user_tasks(self) -> tuple[Any, ...]:
        return self.scan().user_tasks

    def scan(self) -> Scan:
        """Return what the task tree holds now (one pass, kept until the next action)."""
        if self._scan is None:
            self._scan = self._take_scan()
        return self._scan

    def _take_scan(self) -> Scan:
        # A plain scan of the task dicts: SpiffWorkflow's tree iterator costs several times more.
        user_tasks, script_tasks, external_tasks, timers = [], [], [], []
        for task in self._all_tasks():
            state = task.state
            if state == TaskState.READY:
                if isinstance(task.task_spec, UserTask):
                    user_tasks.append(task)
            elif state == TaskState.WAITING:
                timers.extend(self._pending_timers(task))
            elif state == TaskState.STARTED and isinstance(task.task_spec, ScriptTask):
                script_tasks.append(task)
            elif state == TaskState.STARTED and external_tasks_module.waits_for_outside_worker(task):
                external_tasks.append(task)
        return Scan(tuple(user_tasks), tuple(script_tasks), tuple(external_tasks), tuple(timers),
                    self.workflow.is_completed())

    def timers(self) -> list[PendingTimer]:
        """Return every waiting timer with its next due time, and each waiting script as a timer due long ago."""
        scan = self.scan()
        return [*scan.waiting_timers, *(
            PendingTimer(str(task.id), task.task_spec.bpmn_id, task.task_spec.bpmn_name or task.task_spec.bpmn_id,
                         "script", SCRIPT_DUE_AT)
            for task in scan.script_tasks)]

    def pending_scripts(self) -> list[PendingScript]:
        """Return the script tasks that wait for their turn to run (deferred scripts), in task order."""
        return [PendingScript(str(task.id), task.task_spec.bpmn_id, task.task_spec.bpmn_name or task.task_spec.bpmn_id,
                              task.task_spec.script, dict(task.data))
                for task in self.scan().script_tasks]

    def finish_script(self, task_id: str, data: Mapping[str, Any]) -> None:
        """Complete a waiting script task with the data its script left, and run on."""
        try:
            task = self.workflow.get_task_from_id(UUID(task_id))
        except Exception:
            task = None
        if task is None or task.state != TaskState.STARTED or not isinstance(task.task_spec, ScriptTask):
            raise TaskNotOpen(f"Script task {task_id} is not waiting to run.")

        def action() -> None:
            task.data = dict(data)
            task.complete()
            self._engine_steps()
        self._observe(action)

    def external_tasks(self, only: frozenset[str] | None = None) -> list[ExternalTaskView]:
        """Return the external tasks waiting for outside workers (all, or those named)."""
        return [external_tasks_module.view_of(task) for task in self.scan().external_tasks
                if only is None or str(task.id) in only]

    def external_task_changes(self) -> tuple[frozenset[str], frozenset[str]]:
        """Return the ids of external tasks that began and stopped waiting for workers since the last save."""
        current = frozenset(str(task.id) for task in self.scan().external_tasks)
        return current - self.saved_external_ids, self.saved_external_ids - current

    def external_task_variables(self, task_id: str, local_only: bool = False) -> dict[str, Any]:
        """Return what an outside worker sees of a waiting external task: variables, then its input parameters
        (local_only: the input parameters alone, Camunda's local variables)."""
        return external_tasks_module.variables_of(self._outside_task(task_id), local_only)

    def external_task_properties(self, task_id: str) -> dict[str, str]:
        """Return the camunda:properties drawn on a waiting external task."""
        return external_tasks_module.properties_of(self._outside_task(task_id))

    def complete_external_task(self, task_id: str, values: Mapping[str, Any]) -> None:
        """Complete a waiting external task with a worker's variables and run on."""
        task = self._outside_task(task_id)

        def action() -> None:
            external_tasks_module.complete(task, values)
            self._engine_steps()
        self._observe(action)

    def throw_external_error(self, task_id: str, code: str, values: Mapping[str, Any]) -> str | None:
        """Throw a worker's BPMN error from a waiting external task and run on; return the catching event's id.

        None: no error boundary event catches the code, and the task's path ended there.
        """
        task = self._outside_task(task_id)
        caught: list[str | None] = []

        def action() -> None:
            caught.append(external_tasks_module.throw_error(task, code, values))
            self._engine_steps()
        self._observe(action)
        return caught[0]

    def _outside_task(self, task_id: str) -> Any:
        try:
            task = self.workflow.get_task_from_id(UUID(task_id))
        except Exception:
            task = None
        return external_tasks_module.require_waiting(task, task_id)

    def waiting_timers(self) -> list[PendingTimer]:
        """Return every waiting timer with its next due time."""
        return list(self.scan().waiting_timers)

    @staticmethod
    def _pending_timers(task: Any) -> list[PendingTimer]:
        """Return the timers a waiting task waits for, with their next due times."""
        pending = []
        for definition in timer_definitions(task.task_spec):
            due_at = timer_due_at(task, definition)
            if due_at is not None:
                pending.append(PendingTimer(
                    str(task.id), task.task_spec.bpmn_id, task.task_spec.bpmn_name or task.task_spec.bpmn_id,
                    timer_kind(definition), due_at,
                ))
        return pending

    def variables(self, skip_waiting_conditions: bool = False) -> dict[str, Any]:
        """Return the instance's variables as seen by its open work (or at its end); optionally leave out the
        copies waiting conditional events took when they were reached, older than any change they wait for."""
        if self.workflow.is_completed():
            return dict(self.workflow.data)
        merged = dict(self.workflow.task_tree.data)
        for task in self._all_tasks():
            if not task.has_state(TaskState.READY | TaskState.WAITING | TaskState.STARTED):
                continue
            if not (skip_waiting_conditions and task.state == TaskState.WAITING and conditions_of(task.task_spec)):
                merged.update(task.data)
        return merged

    def calls_under_way(self) -> set[str]:
        """Return the ids of the processes of other files that a call activity of this run is running now."""
        called = {process_id for process_id, _ in self.definition.callee_versions}  # to any depth
        if not called:
            return set()
        return {task.task_spec.spec for task in self._all_tasks()
                if task.id in self.workflow.subprocesses and getattr(task.task_spec, "spec", None) in called}

    def state(self) -> dict[str, Any]:
        """Compact the task tree and return the instance state without its spec."""
        compact_task_tree(self.workflow)
        return dump_state(self.workflow)

    def take_events(self) -> list[StepEvent]:
        """Return and forget the events collected so far."""
        events, self.events = self.events, []
        return events

    def _engine_steps(self) -> None:
        if not self.definition.conditional:
            self.workflow.do_engine_steps()
            self._settle_event_subprocesses()
            return
        for _ in range(MAX_CONDITION_ROUNDS):
            try:
                self.workflow.do_engine_steps(will_complete_task=interrupt_first)
                rearm_non_interrupting(list(self._all_tasks()))
                self._settle_event_subprocesses()
                return
            except InterruptFirst as first:
                first.boundary_task.run()
        raise ConditionLoop(f"Conditional boundary events interrupted activities more than {MAX_CONDITION_ROUNDS} "
                            "times in one step; check that their conditions do not keep each other true")

    def _settle_event_subprocesses(self) -> None:
        if self.definition.event_subprocesses:  # the walk costs every step of every other process otherwise
            settle_event_subprocesses(self.workflow)

    def _all_tasks(self) -> Iterator[Any]:
        yield from self.workflow.tasks.values()
        for subprocess in self.workflow.subprocesses.values():
            yield from subprocess.tasks.values()

    def _condition_variables(self) -> dict[str, Any] | None:
        """Return the variables conditional events see, or None when the process has no conditional event."""
        return self.variables(skip_waiting_conditions=True) if self.definition.conditional else None

    def _wake_conditions(self, assigned: Mapping[str, Any] = {}) -> None:  # noqa: B006 - read only
        """Check the waiting conditional events against the variables changed since they were last checked,
        and run on while one fires (its path may change variables again). Each change is seen once."""
        for _ in range(MAX_CONDITION_ROUNDS):
            after = {**(self._condition_variables() or {}), **assigned}
            changes = variable_changes(self._checked_variables or {}, after, assigned)
            self._checked_variables = after
            if not changes:
                return
            self._share(after, changes)
            if not react(self._all_tasks(), changes, after):
                return
            self._engine_steps()
            assigned = {}
        raise ConditionLoop(f"Conditional events kept firing one another more than {MAX_CONDITION_ROUNDS} "
                            "times in one step; check that their conditions do not keep each other true")

    def _share(self, variables: Mapping[str, Any], changes: Mapping[str, str]) -> None:
        """Give every open task the changed variables, as Camunda's process-scoped variables are one for all
        branches: a later look at the open work then sees the change, not an older copy of a parallel branch."""
        changed = {name: variables[name] for name, event in changes.items() if event != "delete"}
        for task in self._all_tasks():
            if task.has_state(TaskState.READY | TaskState.WAITING | TaskState.STARTED):
                task.data.update(changed)

    def _observe(self, action: Any, clock: engine_clock.Clock | None = None,
                 assigned: Mapping[str, Any] = {}) -> None:  # noqa: B006 - read only
        before = {task: task.state for task in self._all_tasks()}  # keyed by the task itself: UUIDs hash in Python
        cycles_before = self._cycle_counts()
        self._checked_variables = self._condition_variables()
        token = engine_clock.use_clock(clock or self.clock)
        deferral = defer_scripts(self.engine.defer_scripts)
        sink = self.engine.script_engine.open_sink(self.context)
        approvals = approval_loop.open_events()
        try:
            action()
            if self.definition.conditional:
                self._wake_conditions(assigned)
        finally:
            self._scan = None
            reset_deferral(deferral)
            engine_clock.reset_clock(token)
            topic_events = self.engine.script_engine.close_sink(sink)
            approval_events = approval_loop.close_events(approvals)
        self.events.extend(self._cycle_events(cycles_before))
        self.events.extend(self._changes_since(before, topic_events))
        self.events.extend(approval_events)
        self._collect_thrown()
        if self.definition.called_back_newer:
            self._refuse_call_back()

    def _refuse_call_back(self) -> None:
        """Raise when a call activity of a callee calls this process back: it would run this run's version, where
        Camunda runs the one its binding names (a newer one, deployed since this instance started)."""
        for task in self._all_tasks():
            if task.id in self.workflow.subprocesses and getattr(task.task_spec, "spec", None) == \
                    self.definition.process_id and task.workflow is not self.workflow:
                raise CallBackDiffers(
                    f"Call activity '{task.task_spec.bpmn_id}' calls back process '{self.definition.process_id}', "
                    f"whose newer version it binds to is not the version {self.definition.version} this instance "
                    "runs; FlowDesk runs one version of a process in one instance, where Camunda would run the "
                    "newer one here. Cancel this instance and start it again on the new version.")

    def _collect_thrown(self) -> None:
        ordered = [event.payload for event in self.workflow.bpmn_events
                   if isinstance(event.event_definition, (FlowDeskMessageThrow, FlowDeskSignalThrow))]
        take_thrown(self.workflow)
        take_thrown_signals(self.workflow)
        for thrown in ordered:
            self.thrown.append(thrown)
            if isinstance(thrown, ThrownSignal):
                self.events.append(StepEvent("signal_thrown", thrown.element_id, {
                    "signal": thrown.signal_name, "variables": dict(thrown.variables)}))
            else:
                self.events.append(StepEvent("message_thrown", thrown.element_id, {
                    "message": thrown.message_name, "variables": dict(thrown.variables)}))

    def _cycle_counts(self, waiting_only: bool = True) -> dict[Any, int]:
        """Return the cycle counter of cycle timers (it drops by one per firing, also for endless cycles)."""
        counts = {}
        for task in self._all_tasks():
            if not task.internal_data:
                continue
            value = task.internal_data.get("event_value")
            if isinstance(value, dict) and "cycles" in value and (task.state == TaskState.WAITING or not waiting_only):
                counts[task] = value["cycles"]
        return counts

    def _cycle_events(self, before: dict[Any, int]) -> list[StepEvent]:
        """Report each firing of a cycle timer, which stays waiting and so never completes."""
        events: list[StepEvent] = []
        if not before:
            return events
        after = self._cycle_counts(waiting_only=False)
        for task in self._all_tasks():
            if task not in before or task not in after:
                continue
            spec = task.task_spec
            for _ in range(max(0, before[task] - after[task])):
                events.append(StepEvent("timer_fired", spec.bpmn_id, {"name": spec.bpmn_name or spec.bpmn_id}))
        return events

    def _changes_since(self, before: dict[Any, int], topic_events: list[tuple[str, StepEvent]]) -> list[StepEvent]:
        events: list[StepEvent] = []
        for task in self._all_tasks():
            previous = before.get(task)
            if task.state == previous:
                continue
            spec = task.task_spec
            if task.state == TaskState.COMPLETED:
                events.extend(self._completion_events(task))
                if isinstance(spec, ExternalTask):
                    events.extend(event for task_id, event in topic_events if task_id == str(task.id))
            elif task.state == TaskState.READY and isinstance(spec, UserTask):
                events.append(StepEvent("task_ready", spec.bpmn_id, {"task_id": str(task.id)}))
            elif task.state == TaskState.CANCELLED and previous in (TaskState.READY, TaskState.WAITING):
                if isinstance(spec, UserTask):
                    events.append(StepEvent("task_cancelled", spec.bpmn_id, {"task_id": str(task.id)}))
        return events

    def _completion_events(self, task: Any) -> list[StepEvent]:
        spec = task.task_spec
        bpmn_id = getattr(spec, "bpmn_id", None)
        if bpmn_id is None:
            return []
        if isinstance(spec, GATEWAYS) and (len(spec.outputs) > 1):
            targets = [element_id_of(child.task_spec) for child in task.children
                       if child.has_state(TaskState.DEFINITE_MASK | TaskState.FINISHED_MASK)
                       and not child.has_state(TaskState.CANCELLED)]
            flows = [flow_id for flow_id, target in self.definition.flows.get(bpmn_id, ()) if target in targets]
            return [StepEvent("gateway_passed", bpmn_id, {"targets": targets, "flows": flows})]
        if timer_definitions(spec):
            return [StepEvent("timer_fired", bpmn_id, {"name": spec.bpmn_name or bpmn_id})]
        if conditions_of(spec):
            return [StepEvent("condition_met", bpmn_id, {"name": spec.bpmn_name or bpmn_id})]
        if isinstance(spec, ExternalTask) and external_tasks_module.OUTSIDE not in task.internal_data:
            return [StepEvent("topic_called", bpmn_id, {"topic": spec.extensions.get("topic"), **changes_of(task)})]
        if isinstance(spec, ExternalTask):
            return []  # an outside worker's: the caller records who completed it
        if isinstance(spec, ScriptTask):
            return [StepEvent("script_ran", bpmn_id, changes_of(task))]
        if isinstance(spec, ExpressionTask):
            return [StepEvent("expression_evaluated", bpmn_id, {"result_variable": spec.extensions["result_variable"],
                                                                **changes_of(task)})]
        if isinstance(spec, EndEvent):
            return [StepEvent("end_reached", bpmn_id, {})]
        if isinstance(spec, (PassThroughTask, PassThroughManualTask)):
            return [StepEvent("task_passed", bpmn_id, {"name": spec.bpmn_name or bpmn_id})]
        return []


BOUNDARY_SPLIT_SUFFIX = ".BoundaryEventSplit"


def changes_of(task: Any) -> dict[str, Any]:
    """Return what a completed task changed in the data it took from the task before it, for the history."""
    return data_changes(task.parent.data if task.parent is not None else {}, task.data)


def element_id_of(task_spec: Any) -> str | None:
    """Return the BPMN element a task spec stands for (a task with boundary events sits behind a split)."""
    if task_spec.bpmn_id is None and task_spec.name.endswith(BOUNDARY_SPLIT_SUFFIX):
        return task_spec.name.removesuffix(BOUNDARY_SPLIT_SUFFIX)
    return task_spec.bpmn_id


def fields_drawn_for(definition: Definition, variable: str) -> frozenset[str]:
    """Return the ids of the form fields of the start form and of every user task drawn for the person a variable
    names (its assignee or one of its candidate users is `${variable}`): what that person's forms show them."""
    names = {f"${{{variable}}}", f"#{{{variable}}}"}
    found = {spec.id for spec in definition.start_fields}
    for process in (definition.spec, *definition.subprocess_specs.values()):
        for task_spec in process.task_specs.values():
            extensions = getattr(task_spec, "extensions", None) or {}
            if not isinstance(task_spec, UserTask):
                continue
            drawn_for = {str(extensions.get("assignee") or "").strip()}
            drawn_for |= {name.strip() for name in str(extensions.get("candidate_users") or "").split(",")}
            if drawn_for & names:
                found |= {spec.id for spec in fields_of(task_spec)}
    return frozenset(found)
