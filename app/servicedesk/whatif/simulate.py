"""Replay one case through a process version in memory, on a simulated clock, with what the case really had.

Nothing here reads or writes the database or sends anything: the engine runs a fresh run that is never saved,
service tasks and outside work give back the outputs the history recorded (ReplayTopics), script tasks run in the
script sandbox, and each user task is completed with the values its person submitted, after the time they really
took. Where the version asks for something the case's history lacks, the replay asks the Assumptions and notes which
one it used.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _

from app.servicedesk.whatif.assumptions import Assumptions, TaskNeed
from app.servicedesk.whatif.feed import CaseFeed, Moment, Pass, TaskRecord
from engine.clock import FixedClock
from engine.runtime import Definition, Engine, Run
from engine.topics import TopicCall, TopicRegistry, TopicResult
from engine.views import UserTaskView

PATH_KINDS = frozenset({"gateway_passed", "timer_fired", "condition_met", "topic_called", "script_ran",
                        "expression_evaluated", "end_reached", "task_passed"})
MAX_ROUNDS = 2000  # actions one case may take before its replay is given up as looping
TIMER_SLACK = timedelta(minutes=15)  # a timer that really fired this long after it was due fired on the scheduler's
# pass: the replay fires it when it really fired, so that work done in between keeps its order
LAST = 2**62  # the order of an action the history has no sequence number for: after those at the same moment


class ReplayTopics(TopicRegistry):
    """Every topic answered from the case being replayed: its recorded output, else the assumed one."""

    def handles(self, topic: str) -> bool:
        """Answer every topic here: nothing goes to handlers with side effects or to outside workers."""
        return True

    def call(self, call: TopicCall) -> TopicResult:
        """Return the output the case's history recorded for this element's next call."""
        replay: CaseReplay = call.context
        return TopicResult(updates=replay.output_of(call.element_id))


def replay_engine() -> Engine:
    """Return an engine whose topics replay recorded outputs and whose scripts run in the sandbox at once."""
    return Engine(ReplayTopics(), defer_scripts=False)


@dataclass(frozen=True)
class SimulatedTask:
    """A user task the replay opened: where, for whom, when, and when it was completed (None: never)."""

    element_id: str
    groups: tuple[str, ...]
    ready_at: datetime
    seconds: float | None
    assumed: bool


@dataclass
class SimulatedCase:
    """What one case did in a replay."""

    instance_id: int
    path: list[Pass] = field(default_factory=list)
    tasks: list[SimulatedTask] = field(default_factory=list)
    status: str = "running"  # completed, cancelled, running (it waits where the real case still waits)
    ended_at: datetime | None = None
    problem: str | None = None  # why it could not be replayed
    assumed: set[str] = field(default_factory=set)  # keys of the assumptions it used
    flows: list[str] = field(default_factory=list)  # the flows its gateways took, in order

    def element_ids(self) -> list[str]:
        """Return the elements it passed, in order."""
        return [step.element_id for step in self.path]


@dataclass
class Planned:
    """A user task's completion the replay will make at a moment."""

    at: datetime
    order: int
    values: dict[str, Any]
    task: SimulatedTask


@dataclass
class CaseReplay:
    """One case on its way through a version: the run, its clock and what is still to come."""

    feed: CaseFeed
    assumptions: Assumptions
    run: Run
    clock: FixedClock
    result: SimulatedCase
    planned: dict[str, Planned | None] = field(default_factory=dict)  # open task id -> its completion (None: none)
    moments: list[Moment] = field(default_factory=list)
    known_tasks: frozenset[str] = frozenset()  # the user tasks of the version that really ran the case
    waiting: dict[str, UserTaskView] = field(default_factory=dict)  # open tasks the replay has no completion for
    horizon: datetime | None = None  # now: a case that has not ended is not replayed past it

    def output_of(self, element_id: str) -> dict[str, Any]:
        """Return the recorded output of a service task's next call, or the assumed one when none is left."""
        queue = self.feed.outputs.get(element_id)
        if queue:
            return queue.popleft()
        self.result.assumed.add(self.assumptions.note_output(element_id))
        return {}


def replay_case(engine: Engine, definition: Definition, feed: CaseFeed, assumptions: Assumptions,
                known_tasks: frozenset[str], horizon: datetime) -> SimulatedCase:
    """Replay one case through a version and return what it did there.

    known_tasks: the user tasks of the version that really ran it, where a replay with no record left waits if the
    real case has not ended; horizon: now, beyond which the replay of a case that has not ended does not go.
    """
    result = SimulatedCase(feed.instance_id)
    if feed.problem:
        result.problem = feed.problem
        return result
    clock = FixedClock(feed.started_at)
    run = engine.start(definition, {**feed.start_data, **assumptions.variables}, clock)
    replay = CaseReplay(feed, assumptions, run, clock, result,
                        moments=sorted(feed.moments, key=lambda moment: (moment.at, moment.seq)),
                        known_tasks=known_tasks, horizon=horizon)
    assumptions.case_id = feed.instance_id
    run.context = replay
    try:
        act(replay, run.advance)
        drive(replay)
    except Exception as exc:  # any engine failure ends this case's replay; the case is listed with it
        result.problem = failure_words(exc)
    return result


def failure_words(exc: BaseException) -> str:
    """Return why the engine stopped, in one sentence."""
    return _("The engine stopped: %(error)s", error=str(exc).strip() or type(exc).__name__)


def act(replay: CaseReplay, action: Callable[[], Any], passed: str | None = None) -> None:
    """Run one action on the case at the clock's moment and note what it passed and the tasks it opened."""
    action()
    now = replay.clock.now()
    if passed is not None:
        replay.result.path.append(Pass(passed, now))
    for event in replay.run.take_events():
        if event.kind in PATH_KINDS and event.element_id:
            replay.result.path.append(Pass(event.element_id, now))
        if event.kind == "gateway_passed":
            replay.result.flows.extend(str(flow) for flow in event.data.get("flows") or [])
    plan_open_tasks(replay)


def plan_open_tasks(replay: CaseReplay) -> None:
    """Plan the completion of every user task that opened: the person's record, else an assumption."""
    now = replay.clock.now()
    open_ids = set()
    for view in replay.run.user_tasks(now):
        open_ids.add(view.id)
        if view.id not in replay.planned:
            replay.planned[view.id] = plan_task(replay, view, now)
            if replay.planned[view.id] is None:
                replay.result.tasks.append(SimulatedTask(view.element_id, view.candidate_groups, now, None, False))
    for task_id in [task_id for task_id in replay.planned if task_id not in open_ids]:
        del replay.planned[task_id]
        replay.waiting.pop(task_id, None)


def plan_task(replay: CaseReplay, view: UserTaskView, now: datetime) -> Planned | None:
    """Return when and how a newly opened task will be completed (None: it waits, as the real one did)."""
    queue = replay.feed.tasks.get(view.element_id)
    record: TaskRecord | None = queue.popleft() if queue else None
    waits = record is None and not replay.feed.ended and view.element_id in replay.known_tasks
    if waits or (record is not None and record.seconds is None):  # still open in reality, or taken away there
        replay.waiting[view.id] = view
        return None
    return planned_completion(replay, view, now, record)


def planned_completion(replay: CaseReplay, view: UserTaskView, now: datetime,
                       record: TaskRecord | None) -> Planned:
    """Return a task's completion from the person's record, or an assumed one without it."""
    need = TaskNeed(view.element_id, view.name, view.candidate_groups, view.fields, replay.run.task_data(view.id))
    replay.assumptions.case_id = replay.feed.instance_id
    if record is None or record.seconds is None:
        seconds, values, keys = replay.assumptions.for_new_task(need)
    else:
        seconds, values = record.seconds, dict(record.values)
        missing, keys = replay.assumptions.for_missing_fields(need, values)
        values.update(missing)
    replay.result.assumed |= keys
    task = SimulatedTask(view.element_id, view.candidate_groups, now, seconds, record is None)
    replay.result.tasks.append(task)
    return Planned(now + timedelta(seconds=seconds), record.seq if record else LAST, values, task)


def drive(replay: CaseReplay) -> None:
    """Take the case's next action, in time order, until it ends or nothing more can move it."""
    run, result = replay.run, replay.result
    for _round in range(MAX_ROUNDS):
        if run.status != "running":
            result.status = run.status
            result.ended_at = replay.clock.now()
            return
        if next_action(replay):
            continue
        if replay.feed.ended and replay.waiting:  # the real case moved on some other way: assume the tasks' work
            assume_waiting(replay)
            continue
        if replay.feed.ended:
            result.problem = stuck_words(replay)
        return
    result.problem = _("It took more than %(num)s steps without ending; does the draft loop?", num=MAX_ROUNDS)


def assume_waiting(replay: CaseReplay) -> None:
    """Plan the waiting tasks with assumed work, from when they opened (their entry is replaced, not doubled)."""
    now = replay.clock.now()
    for task_id, view in list(replay.waiting.items()):
        if task_id not in replay.planned:
            continue
        placeholder = next((task for task in reversed(replay.result.tasks)
                            if task.element_id == view.element_id and task.seconds is None), None)
        if placeholder is not None:
            replay.result.tasks.remove(placeholder)
        replay.planned[task_id] = planned_completion(replay, view, placeholder.ready_at if placeholder else now, None)
    replay.waiting.clear()


def stuck_words(replay: CaseReplay) -> str:
    """Return where a replay stopped although the real case ended."""
    waiting = sorted({view.element_id for view in replay.run.user_tasks(replay.clock.now())})
    timers = sorted({timer.element_id for timer in replay.run.timers()})
    return _("It waits at %(places)s, and nothing in its history moves it on.",
             places=", ".join(waiting + timers) or "–")


def next_action(replay: CaseReplay) -> bool:
    """Take the earliest of: a planned task completion, a moment from outside, a due timer; False when none."""
    choices: list[tuple[datetime, int, Callable[[], None]]] = []
    planned = [(task_id, plan) for task_id, plan in replay.planned.items() if plan is not None]
    if planned:
        task_id, plan = min(planned, key=lambda item: (item[1].at, item[1].order))
        choices.append((plan.at, plan.order, lambda: complete(replay, task_id, plan)))
    if replay.moments:
        moment = replay.moments[0]
        choices.append((max(moment.at, replay.clock.now()), moment.seq, lambda: deliver(replay)))
    timer = next_timer(replay)
    if timer is not None:
        choices.append((timer[0], timer[1], lambda: fire(replay, timer[0])))
    if not choices:
        return False
    at, _order, action = min(choices, key=lambda choice: (choice[0], choice[1]))
    if not replay.feed.ended and replay.horizon is not None and at > replay.horizon:
        return False  # the future of a case still running is not known
    replay.clock.set(max(at, replay.clock.now()))
    action()
    return True


def next_timer(replay: CaseReplay) -> tuple[datetime, int] | None:
    """Return when the next timer fires in the replay: when it really fired (within the slack), else when due."""
    timers = replay.run.timers()
    if not timers:
        return None
    found = []
    for timer in timers:
        real = replay.feed.firings.get(timer.element_id)
        fired = real[0] if real else None
        at = fired if fired is not None and timer.due_at <= fired <= timer.due_at + TIMER_SLACK else timer.due_at
        found.append((at, LAST - 1))
    return min(found)


def complete(replay: CaseReplay, task_id: str, plan: Planned) -> None:
    """Complete a user task with its planned values."""
    del replay.planned[task_id]
    act(replay, lambda: replay.run.complete_task(task_id, plan.values), passed=plan.task.element_id)


def deliver(replay: CaseReplay) -> None:
    """Bring the next moment from outside to the case: a message, a signal, new values, a cancellation."""
    moment = replay.moments.pop(0)
    run = replay.run
    if moment.kind == "cancel":
        act(replay, run.cancel)
    elif moment.kind == "variables":
        act(replay, lambda: run.set_variables(moment.values))
    elif moment.kind == "message":
        catching = [wait.element_id for wait in run.message_waits() if wait.message_name == moment.name]
        if catching:  # a message the replay no longer waits for is lost, as it would be
            act(replay, lambda: run.deliver_message(str(moment.name), moment.values), passed=catching[0])
    elif moment.kind == "signal":
        catching = [wait.element_id for wait in run.signal_waits() if wait.signal_name == moment.name]
        act(replay, lambda: run.deliver_signal(str(moment.name), moment.values), passed=catching[0] if catching
            else None)


def fire(replay: CaseReplay, at: datetime) -> None:
    """Fire the timers due by a moment, and drop the real firings the replay has now used."""
    before = len(replay.result.path)
    act(replay, replay.run.fire_due_timers)
    for step in replay.result.path[before:]:
        queue = replay.feed.firings.get(step.element_id)
        if queue:
            queue.popleft()
