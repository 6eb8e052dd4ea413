"""Measure engine throughput: raw SpiffWorkflow in memory against full FlowDesk lifecycles on SQLite and PostgreSQL.

Prints figures only; a benchmark never fails on speed. Run from the repository root:

    .venv/bin/python bench/engine_throughput.py [--runs 5] [--count N] [--skip-postgres] [--postgres-url URL]

The scenarios run in interleaved rounds (raw, SQLite, PostgreSQL, then the next round in a rotated order),
so each ratio compares runs made within seconds of each other: on a shared host whose speed drifts over
a minute, timing the raw engine first and PostgreSQL a minute later would make the ratio a figure of the
drift. A ratio is the median over the rounds of that round's pair.
"""
import argparse
import contextlib
import json
import os
import platform
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from scratch import migrated_app, scratch_postgres, scratch_sqlite
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG
from SpiffWorkflow.util.task import TaskState

from app.extensions import db
from app.organisation.policies import system_actor
from app.organisation.users import add_user
from app.platform.start_up import freeze_start_up_objects
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import ProcessInstance, UserTask
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import claim_task, complete_task
from engine.clock import SystemClock
from engine.script_engine import FlowDeskScriptEngine

DIAGRAM = Path(__file__).resolve().parent / "incident_bench.bpmn"
PROCESS_ID = "incident_bench"
DEFAULT_POSTGRES_URL = os.environ.get("FLOWDESK_TEST_POSTGRES_URL",
                                      "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TARGET_RUN_SECONDS = 2.5
TRIAGE_VALUES = {"priority": "P3", "category": "network"}
RESOLVE_VALUES = {"resolution": "Replaced the faulty switch port."}
MID_FLOW_SAMPLES = 20
# Issue 8's targets: lifecycles per second on the 2-core reference machine, and the same as a ratio to the
# raw engine measured in the same run (the ratio is the fair figure on a slower or busier machine).
SQLITE_TARGET_PER_SECOND = 300
POSTGRES_TARGET_PER_SECOND = 200
SQLITE_TARGET_RATIO = 0.2
POSTGRES_TARGET_RATIO = 0.13
STATE_TARGET_BYTES = 4096
SERVICE_NAMES = {"sqlite": "(b) FlowDesk services, SQLite file", "postgres": "(c) FlowDesk services, PostgreSQL"}


@dataclass(frozen=True)
class Result:
    """The timed runs of one scenario, as lifecycles per second."""

    name: str
    count: int
    rates: list[float]

    @property
    def median(self) -> float:
        """Return the median rate."""
        return statistics.median(self.rates)

    def line(self) -> str:
        """Describe the scenario on one line."""
        return (f"{self.name:<34} median {self.median:8.1f}/s  ({1000 / self.median:6.2f} ms each)  "
                f"min {min(self.rates):8.1f}/s  max {max(self.rates):8.1f}/s  [{len(self.rates)} runs x {self.count}]")


@dataclass(frozen=True)
class StateSizes:
    """Stored state sizes of one database's instances, in bytes."""

    completed_average: float
    completed_instances: int
    mid_flow_average: float
    mid_flow_instances: int
    spec_free: bool


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per scenario (default 5)")
    parser.add_argument("--count", type=int, default=None,
                        help=f"lifecycles per run (default: chosen so one run takes ~{TARGET_RUN_SECONDS:g} s)")
    parser.add_argument("--skip-postgres", action="store_true", help="do not run the PostgreSQL scenario")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL,
                        help="server to create the throw-away benchmark database on (default: %(default)s)")
    return parser.parse_args(argv)


def describe_machine() -> list[str]:
    """Return lines naming the machine, the interpreter, the library versions and the date."""
    cpu = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [
        f"date        {SystemClock().now().isoformat(timespec='seconds')}",
        f"machine     nproc={os.cpu_count()}  {cpu}  ({platform.platform()})",
        f"python      {platform.python_version()} ({platform.python_implementation()})",
        f"libraries   SpiffWorkflow {version('SpiffWorkflow')}, SQLAlchemy {version('SQLAlchemy')}, "
        f"psycopg {version('psycopg')}, SQLite {sqlite3.sqlite_version}",
    ]


@dataclass
class Scenario:
    """One way of running lifecycles: its name, the lifecycle (returns its timed seconds) and where it runs."""

    name: str
    lifecycle: Callable[[int], float]
    place: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext
    count: int = 0
    rates: list[float] = field(default_factory=list)
    serial: Iterator[int] = field(default_factory=lambda: iter(range(10**9)))

    def warm_up(self, warmup: int, count: int | None) -> None:
        """Run warmup lifecycles, then pick the run size (if not given) so that one run takes about
        TARGET_RUN_SECONDS."""
        with self.place():
            seconds = sum(self.lifecycle(next(self.serial)) for _ in range(warmup))
        self.count = count or max(10, round(warmup / seconds * TARGET_RUN_SECONDS))

    def run(self) -> None:
        """Time one run of `count` lifecycles and keep its rate."""
        with self.place():
            seconds = sum(self.lifecycle(next(self.serial)) for _ in range(self.count))
        self.rates.append(self.count / seconds)

    def result(self) -> Result:
        """Return the runs so far."""
        return Result(self.name, self.count, list(self.rates))


def run_rounds(scenarios: list[Scenario], runs: int) -> None:
    """Run every scenario once per round, the order rotated each round, so that no scenario always runs first."""
    for round_number in range(runs):
        shift = round_number % len(scenarios)
        for scenario in scenarios[shift:] + scenarios[:shift]:
            scenario.run()


def paired_ratios(result: Result, raw: Result) -> list[float]:
    """Return each round's rate divided by the raw engine's rate in the same round."""
    return [rate / raw_rate for rate, raw_rate in zip(result.rates, raw.rates, strict=True)]


def median_ratio(result: Result, raw: Result) -> float:
    """Return the ratio a scenario is judged by: the median of its rounds' ratios to the raw engine."""
    return statistics.median(paired_ratios(result, raw))


# --- (a) raw SpiffWorkflow in memory -------------------------------------------------------------------------

def parse_raw_spec() -> tuple[Any, dict[str, Any]]:
    """Parse the benchmark diagram once with SpiffWorkflow's own CamundaParser."""
    parser = CamundaParser()
    parser.add_bpmn_file(str(DIAGRAM))
    return parser.get_spec(PROCESS_ID), parser.get_subprocess_specs(PROCESS_ID)


def choose_script_engine(spec: Any, subprocess_specs: dict[str, Any]) -> tuple[Any, str]:
    """Prefer FlowDesk's safe script engine; fall back to SpiffWorkflow's default if it cannot run the diagram."""
    engine = FlowDeskScriptEngine()
    try:
        workflow = run_raw_lifecycle(spec, subprocess_specs, engine)
    except Exception as exc:  # any failure means the fair comparison is not possible here
        return None, f"SpiffWorkflow default PythonScriptEngine (FlowDeskScriptEngine failed: {exc})"
    if not workflow.is_completed():
        return None, "SpiffWorkflow default PythonScriptEngine (FlowDeskScriptEngine did not complete the flow)"
    return engine, "engine.script_engine.FlowDeskScriptEngine (the one FlowDesk runs with)"


def run_raw_lifecycle(spec: Any, subprocess_specs: dict[str, Any], script_engine: Any,
                      stop_before: str | None = None) -> BpmnWorkflow:
    """Create an instance, run it, complete triage and resolve in memory; no persistence."""
    workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine)
    workflow.do_engine_steps()
    for element_id, values in (("triage", TRIAGE_VALUES), ("resolve", RESOLVE_VALUES)):
        if element_id == stop_before:
            return workflow
        task = ready_user_task(workflow, element_id)
        task.data.update(values)
        task.run()
        workflow.do_engine_steps()
    return workflow


def ready_user_task(workflow: BpmnWorkflow, element_id: str) -> Any:
    """Return the READY user task drawn as element_id."""
    for task in workflow.get_tasks(state=TaskState.READY, manual=True):
        if task.task_spec.bpmn_id == element_id:
            return task
    raise LookupError(f"No ready task '{element_id}'.")


def raw_scenario() -> tuple[Scenario, str, int]:
    """Prepare raw in-memory lifecycles; also return the script engine used and SpiffWorkflow's full state size."""
    spec, subprocess_specs = parse_raw_spec()
    script_engine, engine_name = choose_script_engine(spec, subprocess_specs)

    def lifecycle(_: int) -> float:
        started = time.perf_counter()
        run_raw_lifecycle(spec, subprocess_specs, script_engine)
        return time.perf_counter() - started
    mid_flow = run_raw_lifecycle(spec, subprocess_specs, script_engine, stop_before="resolve")
    full_size = len(BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG))
                    .serialize_json(mid_flow).encode())
    return Scenario("(a) raw SpiffWorkflow, in memory", lifecycle), engine_name, full_size


# --- (b), (c) FlowDesk through the service layer ----------------------------------------------------------------

def prepare(runtime: Runtime) -> None:
    """Add the people the lifecycle needs and deploy the benchmark diagram."""
    add_user(runtime, system_actor("bench"), "rita", ["requesters"])
    add_user(runtime, system_actor("bench"), "sam", ["service-desk"])
    add_user(runtime, system_actor("bench"), "lee", ["second-line"])
    deploy_diagram(runtime, DIAGRAM.read_bytes(), DIAGRAM.name, "owner")


def open_task_id(instance_id: int, element_id: str) -> str:
    """Find an open task's id the way an inbox would (its own short read; not timed)."""
    task_id = db.session.execute(
        sa.select(UserTask.id).where(UserTask.instance_id == instance_id, UserTask.element_id == element_id)
    ).scalar_one()
    db.session.commit()  # not rollback: psycopg forgets its prepared statements on every ROLLBACK
    return task_id


class Stopwatch:
    """Adds up the wall and CPU seconds of the timed parts of lifecycles (the inbox reads between them are not)."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    @contextlib.contextmanager
    def timing(self) -> Any:
        """Count the wall and CPU time of the block."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu


def start_and_triage(runtime: Runtime, serial: int, watch: Stopwatch) -> int:
    """Start an incident, claim and complete its triage, timing the calls on watch; return the instance id."""
    with watch.timing():
        instance_id = start_instance(runtime, PROCESS_ID, {"title": f"Bench incident {serial}"},
                                     business_key=f"BENCH-{serial}", actor="rita")
    triage_id = open_task_id(instance_id, "triage")
    with watch.timing():
        claim_task(runtime, triage_id, "sam")
        complete_task(runtime, triage_id, "sam", TRIAGE_VALUES)
    return instance_id


def run_service_lifecycle(runtime: Runtime, serial: int, watch: Stopwatch | None = None) -> float:
    """start_instance, claim_task, complete_task, complete_task, each its own transaction; return their seconds."""
    watch = watch or Stopwatch()
    before = watch.wall
    instance_id = start_and_triage(runtime, serial, watch)
    resolve_id = open_task_id(instance_id, "resolve")
    with watch.timing():
        status = complete_task(runtime, resolve_id, "lee", RESOLVE_VALUES)
    if status != "completed":
        raise RuntimeError(f"Instance {instance_id} ended {status}, not completed; the benchmark flow is broken.")
    return watch.wall - before


@dataclass(frozen=True)
class Breakdown:
    """Where one lifecycle's time goes, in milliseconds: this process's CPU, the database server's, the rest."""

    wall: float
    client_cpu: float
    server_cpu: float | None  # None: the server's process cannot be read from here (not SQLite, not local)

    def line(self, label: str) -> str:
        """Describe the split on one line."""
        if self.server_cpu is None:
            return (f"{label:<10} {self.wall:6.2f} ms wall = {self.client_cpu:5.2f} ms FlowDesk CPU "
                    f"+ {self.wall - self.client_cpu:5.2f} ms waiting (the server's CPU could not be read)")
        if self.server_cpu == 0:
            return (f"{label:<10} {self.wall:6.2f} ms wall = {self.client_cpu:5.2f} ms CPU of FlowDesk and SQLite "
                    f"+ {self.wall - self.client_cpu:5.2f} ms waiting (writes to the file, scheduling)")
        waiting = self.wall - self.client_cpu - self.server_cpu
        return (f"{label:<10} {self.wall:6.2f} ms wall = {self.client_cpu:5.2f} ms FlowDesk CPU "
                f"+ {self.server_cpu:5.2f} ms server CPU + {waiting:5.2f} ms waiting (commit flushes, scheduling)")


def backend_cpu_seconds(pid: int | None) -> float | None:
    """Return the CPU seconds a local PostgreSQL backend has used, or None when its /proc entry cannot be read."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def breakdown(runtime: Runtime, count: int) -> Breakdown:
    """Run count lifecycles and split their time: FlowDesk's CPU, the PostgreSQL backend's CPU, and waiting.

    The backend's CPU includes the two short inbox reads per lifecycle the wall time leaves out (well under
    a tenth of a millisecond each), so the waiting share is if anything understated.
    """
    pid = None
    if db.engine.dialect.name == "postgresql":
        pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        db.session.commit()
    watch = Stopwatch()
    server_before = backend_cpu_seconds(pid)
    for serial in range(count):
        run_service_lifecycle(runtime, 10**9 + serial, watch)
    server_after = backend_cpu_seconds(pid)
    if pid is not None:
        same_backend = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one() == pid
        db.session.commit()
        if not same_backend:  # the pool changed connections: the figure would be another backend's
            server_after = None
    server = None if server_before is None or server_after is None else server_after - server_before
    if db.engine.dialect.name == "sqlite":
        server = 0.0  # SQLite runs inside this process: its work is in FlowDesk's CPU
    return Breakdown(watch.wall / count * 1000, watch.cpu / count * 1000,
                     None if server is None else server / count * 1000)


def state_sizes(runtime: Runtime) -> StateSizes:
    """Average the stored state of completed instances and of fresh instances waiting at resolve."""
    completed = db.session.execute(
        sa.select(ProcessInstance.state_json).where(ProcessInstance.status == "completed")
    ).scalars().all()
    db.session.rollback()
    waiting_ids = [start_and_triage(runtime, 10**8 + n, Stopwatch()) for n in range(MID_FLOW_SAMPLES)]
    waiting = db.session.execute(
        sa.select(ProcessInstance.state_json).where(ProcessInstance.id.in_(waiting_ids))
    ).scalars().all()
    db.session.rollback()
    return StateSizes(
        completed_average=statistics.mean(len(text.encode()) for text in completed),
        completed_instances=len(completed),
        mid_flow_average=statistics.mean(len(text.encode()) for text in waiting),
        mid_flow_instances=len(waiting),
        spec_free=all(is_spec_free(text) for text in [*completed, *waiting]),
    )


def is_spec_free(state_json: str) -> bool:
    """Say whether a stored state carries no process spec (SpiffWorkflow's own format stores it under 'spec')."""
    state = json.loads(state_json)
    return "spec" not in state and "subprocess_specs" not in state and '"task_specs"' not in state_json


def service_scenario(name: str, app: Flask) -> Scenario:
    """Prepare full lifecycles through the services on a migrated app's database."""
    with app.app_context():
        prepare(app.extensions["flowdesk"])

    def lifecycle(serial: int) -> float:
        return run_service_lifecycle(app.extensions["flowdesk"], serial)
    return Scenario(name, lifecycle, app.app_context)


def service_details(app: Flask, count: int) -> tuple[StateSizes, Breakdown]:
    """Split one more run's time between FlowDesk and the database, then measure stored state sizes."""
    with app.app_context():
        runtime: Runtime = app.extensions["flowdesk"]
        split = breakdown(runtime, count)
        sizes = state_sizes(runtime)
        db.session.remove()
        db.engine.dispose()
    return sizes, split


def postgres_problem(server_url: str) -> str | None:
    """Return why the PostgreSQL server cannot be used, or None."""
    try:
        engine = sa.create_engine(server_url)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # any failure to connect means: skip with the reason
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


# --- report ---------------------------------------------------------------------------------------------------------

def size_lines(label: str, sizes: StateSizes) -> list[str]:
    """Describe one database's stored state sizes."""
    return [
        f"{label:<10} completed instance  {sizes.completed_average:7.0f} B average over {sizes.completed_instances}",
        f"{label:<10} mid-flow (at resolve) {sizes.mid_flow_average:5.0f} B average over {sizes.mid_flow_instances}",
        f"{label:<10} state_json holds no spec: {'yes' if sizes.spec_free else 'NO - a spec was found'}",
    ]


def ratio_line(label: str, result: Result, raw: Result) -> str:
    """Compare a service scenario with the raw engine, round by round."""
    ratios = paired_ratios(result, raw)
    ratio = median_ratio(result, raw)
    return (f"{label}  {ratio:6.3f}  (raw in-memory is {1 / ratio:4.1f}x faster; "
            f"rounds {min(ratios):.3f}-{max(ratios):.3f})")


def target_lines(results: dict[str, tuple[Result, StateSizes, Breakdown]], raw: Result) -> list[str]:
    """Compare the figures with the targets, one line each."""
    lines = []
    for label, key, target, target_ratio in (
            ("(b) SQLite", "sqlite", SQLITE_TARGET_PER_SECOND, SQLITE_TARGET_RATIO),
            ("(c) PostgreSQL", "postgres", POSTGRES_TARGET_PER_SECOND, POSTGRES_TARGET_RATIO)):
        if key in results:
            median = results[key][0].median
            verdict = "met" if median >= target else f"missed ({median / target:.0%} of target)"
            lines.append(f"{label:<15} {median:7.1f}/s vs >= {target}/s: {verdict}")
            ratio = median_ratio(results[key][0], raw)
            verdict = "met" if ratio >= target_ratio else f"missed ({ratio / target_ratio:.0%} of target)"
            lines.append(f"{label + ' ratio':<15} {ratio:7.3f}   vs >= {target_ratio}: {verdict}")
    largest = max(max(sizes.completed_average, sizes.mid_flow_average) for _, sizes, _ in results.values())
    verdict = "met" if largest < STATE_TARGET_BYTES else "missed"
    lines.append(f"{'state size':<15} {largest:7.0f} B largest average vs < {STATE_TARGET_BYTES} B: {verdict}")
    return lines


def main(argv: list[str] | None = None) -> None:
    """Run every scenario and print the report."""
    args = parse_args(argv)
    began = time.perf_counter()
    print("FlowDesk engine throughput: one lifecycle = start, claim triage, complete triage, complete resolve")
    print("(service figures time the four calls only; the inbox read that finds each task id is not counted)")
    for line in describe_machine():
        print(line)
    raw, engine_name, full_state_size = raw_scenario()
    print(f"script engine for (a): {engine_name}")
    print()
    problem = None if args.skip_postgres else postgres_problem(args.postgres_url)
    with contextlib.ExitStack() as stack:
        apps = {"sqlite": migrated_app(stack.enter_context(scratch_sqlite()))}
        if not (args.skip_postgres or problem):
            apps["postgres"] = migrated_app(stack.enter_context(scratch_postgres(args.postgres_url)))
        scenarios = {"raw": raw, **{key: service_scenario(SERVICE_NAMES[key], app) for key, app in apps.items()}}
        frozen = freeze_start_up_objects()  # as `flowdesk serve` and `flowdesk scheduler` do once started
        for key, scenario in scenarios.items():
            scenario.warm_up(300 if key == "raw" else 30, args.count)
        run_rounds(list(scenarios.values()), args.runs)
        results = {key: (scenarios[key].result(), *service_details(app, scenarios[key].count))
                   for key, app in apps.items()}
    raw_result = raw.result()
    print(f"start-up objects frozen out of the cyclic garbage collector, as flowdesk serve does: {frozen}")
    print(raw_result.line())
    for _, (result, _, _) in results.items():
        print(result.line())
    if args.skip_postgres:
        print("(c) PostgreSQL                      skipped (--skip-postgres)")
    elif problem:
        print(f"(c) PostgreSQL                      skipped: {problem}")
    print()
    print(f"ratios (median of the {args.runs} rounds' ratios; each round runs every scenario back to back)")
    print(ratio_line("b/a", results["sqlite"][0], raw_result))
    if "postgres" in results:
        print(ratio_line("c/a", results["postgres"][0], raw_result))
    print()
    print("where a lifecycle's time goes (one more run of the same size; the four calls only)")
    for label, (_, _, split) in results.items():
        print(split.line(label))
    print()
    print("stored state per instance (process_instance.state_json, spec stored once per version)")
    for label, (_, sizes, _) in results.items():
        for line in size_lines(label, sizes):
            print(line)
    print(f"for reference: SpiffWorkflow's own serializer, spec included, mid-flow: {full_state_size} B")
    print()
    print("targets on the 2-core reference machine (reported, never asserted)")
    for line in target_lines(results, raw_result):
        print(line)
    print(f"finished in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
