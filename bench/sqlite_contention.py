"""Measure how long SQLite readers wait while a writer works, and writers while a reader reads.

Builds a scratch SQLite file as `make demo` does (init-db, deploy, the demo organisation), logs --tickets
incidents through the API, then runs a reader process and a writer process on it, each with its own
create_app and test client, as two web workers (or a web worker and the scheduler) would:

(1) the reader loads read-only pages in turn (a ticket search, the group queue, a ticket page, a filtered
    CSV export), first with no writer, then while the writer logs tickets, works task steps (claim and
    complete), or imports CIs from CSV (one long transaction per file, then as long again idle);
(2) the writer does each of those alone, then while the reader streams the CSV export of every ticket.

For each call: median, p95 and max, their ratio to the idle baseline of the same run, and the time spent
waiting for SQLite's write lock (the time in BEGIN statements, where a transaction takes or waits for it).
Prints figures only; never fails on speed. Other work on the machine inflates the figures: see the load.

    .venv/bin/python bench/sqlite_contention.py [--tickets 1500] [--seconds 6] [--import-rows 300]
                                                [--preview-deferred-reads]

--preview-deferred-reads (or FLOWDESK_BENCH_DEFERRED_READS=1) sets
app.platform.transactions.IMMEDIATE_OUTSIDE_UNITS = False in the reader process only, so that its
transactions begin deferred and read WAL snapshots, as reads will once every write is a unit; the writer
process keeps BEGIN IMMEDIATE, as units will. That is a PREVIEW of the read mode on the code checked out,
not the figure after the change; where the flag does not exist it is refused.
"""
import argparse
import json
import multiprocessing
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from contention_workers import USER, Calls, JobFailed, serve_jobs, set_read_mode
from scratch import percentile, scratch_sqlite

ROOT = Path(__file__).resolve().parents[1]
PREVIEW_VARIABLE = "FLOWDESK_BENCH_DEFERRED_READS"
LOAD_LEAD_SECONDS = 0.5  # the load runs this long before the measured side starts
Job = tuple[Connection, str, dict[str, Any]]  # the worker to ask, the job, its arguments


# --- the conductor --------------------------------------------------------------------------------------------

@dataclass
class Pair:
    """The reader and writer processes and the signal that ends a phase."""

    reader: Connection
    writer: Connection
    stop: Event
    processes: list[Any]


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=1500, help="incidents logged before measuring")
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each measured phase")
    parser.add_argument("--import-rows", type=int, default=300, help="CIs per imported CSV file")
    parser.add_argument("--preview-deferred-reads", action="store_true",
                        default=os.environ.get(PREVIEW_VARIABLE, "") not in ("", "0"),
                        help=f"preview deferred reads (also {PREVIEW_VARIABLE}=1); not the after figure")
    return parser.parse_args()


def run_cli(folder: str, url: str, *arguments: str) -> str:
    """Run a FlowDesk command on the scratch database, as `make demo` does; return what it printed."""
    environment = {**os.environ, "FLOWDESK_DATABASE_URL": url, "FLOWDESK_INSTANCE_DIR": folder}
    done = subprocess.run([sys.executable, *arguments], env=environment, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed: {done.stderr[-2000:]}")
    return done.stdout


def create_demo(url: str) -> str:
    """Create the schema, add the demo organisation, deploy the shipped diagrams as its process owner; return a
    token for the user."""
    folder = str(Path(url.removeprefix("sqlite:///")).parent)
    flowdesk = ("-c", "from app.cli import main; main()")
    run_cli(folder, url, *flowdesk, "init-db")
    run_cli(folder, url, "-m", "app.demo")
    run_cli(folder, url, *flowdesk, "deploy", "--as", "olga", *sorted(str(p) for p in ROOT.glob("processes/*.bpmn")))
    return run_cli(folder, url, *flowdesk, "tokens", "create", USER, "--name", "bench").strip().splitlines()[-1]


def start_pair(url: str, token: str, preview: bool) -> tuple[Pair, str]:
    """Start the reader and writer processes; return them and the read mode they run in."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    ends, processes = [], []
    for seed, deferred_reads in ((1, preview), (2, False)):  # the reader, then the writer
        here, there = context.Pipe()
        process = context.Process(target=serve_jobs, args=(url, token, deferred_reads, stop, seed, there),
                                  daemon=True)
        process.start()
        there.close()  # so that a worker that dies ends the conductor's wait with EOFError
        ends.append(here)
        processes.append(process)
    for end in ends:
        if end.recv() != "ready":
            raise RuntimeError("A worker process did not start.")
    return Pair(ends[0], ends[1], stop, processes), set_read_mode(preview)


def ask(pipe: Connection, job: str, **arguments: Any) -> None:
    """Start a job in a worker and wait until it has begun."""
    pipe.send((job, arguments))
    if pipe.recv() != "started":
        raise RuntimeError(f"The worker did not start {job}.")


def phase(pair: Pair, seconds: float, measured: Job, load: Job | None) -> tuple[Calls, Calls | None]:
    """Run the load (if any), then the measured job for some seconds; stop both and return their calls."""
    pair.stop.clear()
    if load is not None:
        ask(load[0], load[1], **load[2])
        time.sleep(LOAD_LEAD_SECONDS)
    ask(measured[0], measured[1], **measured[2])
    time.sleep(seconds)
    pair.stop.set()
    measured_calls = result(measured[0])
    return measured_calls, (result(load[0]) if load is not None else None)


def result(pipe: Connection) -> Any:
    """Return what a worker's job answered; raise its failure."""
    answer = pipe.recv()
    if isinstance(answer, JobFailed):
        raise answer
    return answer


def warm_up(pair: Pair, args: argparse.Namespace, numbers: list[str]) -> None:
    """Run every job briefly once, unmeasured, so that no baseline pays for first calls (templates, caches)."""
    phase(pair, 1.0, (pair.reader, "pages", {"numbers": numbers}), None)
    phase(pair, 0.5, (pair.reader, "export", {}), None)
    for _label, job, arguments in writer_jobs(args):
        phase(pair, 0.5, (pair.writer, job, arguments), None)


def load_average() -> str:
    """Return the machine's load averages, as uptime shows them."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} (nproc {os.cpu_count()})"


def git_commit() -> str:
    """Return the checked-out commit, or 'unknown'."""
    done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


# --- the report -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    """The distribution of one call's latencies in one phase, and its lock wait."""

    count: int
    median: float
    p95: float
    worst: float
    wait_mean: float
    wait_p95: float
    wait_share: float

    @staticmethod
    def of(samples: list[tuple[float, float]]) -> "Figures":
        """Summarise (latency ms, lock wait ms) samples."""
        latencies, waits = [s[0] for s in samples], [s[1] for s in samples]
        return Figures(len(samples), statistics.median(latencies), percentile(latencies, 0.95), max(latencies),
                       statistics.fmean(waits), percentile(waits, 0.95), sum(waits) / sum(latencies))

    def as_json(self, idle: "Figures") -> dict[str, float]:
        """Return the figures (and their ratio to the idle baseline) as JSON."""
        return {"n": self.count, "median_ms": round(self.median, 2), "p95_ms": round(self.p95, 2),
                "max_ms": round(self.worst, 2), "median_x_idle": round(self.median / idle.median, 2),
                "p95_x_idle": round(self.p95 / idle.p95, 2), "lock_wait_mean_ms": round(self.wait_mean, 2),
                "lock_wait_share": round(self.wait_share, 3)}


HEADING = (f"    {'':<40}{'n':>5} {'median':>8} {'p95':>8} {'max':>8}   {'x idle':>6} {'x idle':>6}   "
           f"{'lock wait':>9} {'wait':>7} {'share':>6}")
SUBHEADING = (f"    {'':<40}{'':>5} {'ms':>8} {'ms':>8} {'ms':>8}   {'median':>6} {'p95':>6}   "
              f"{'mean ms':>9} {'p95 ms':>7} {'waited':>6}")


def figure_line(label: str, figures: Figures | None, idle: Figures | None, errors: list[str]) -> str:
    """Return one row of a table: the figures, their ratios to idle, and the lock wait."""
    failed = f"   {len(errors)} failed, e.g. {errors[0][:80]}" if errors else ""
    if figures is None:
        return f"    {label:<40}{0:>5}  (no call completed){failed}"
    ratios = (f"{figures.median / idle.median:>6.2f} {figures.p95 / idle.p95:>6.2f}" if idle else f"{'':>6} {'':>6}")
    return (f"    {label:<40}{figures.count:>5} {figures.median:>8.1f} {figures.p95:>8.1f} {figures.worst:>8.1f}   "
            f"{ratios}   {figures.wait_mean:>9.1f} {figures.wait_p95:>7.1f} {figures.wait_share:>6.0%}{failed}")


def print_table(title: str, phases: dict[str, Calls]) -> dict[str, dict[str, Any]]:
    """Print, per call, one row per phase against the first (idle) phase; return the figures as JSON."""
    print(f"\n{title}")
    print(HEADING)
    print(SUBHEADING)
    names = list(dict.fromkeys(name for calls in phases.values() for name in [*calls.samples, *calls.errors]))
    summary: dict[str, dict[str, Any]] = {}
    for name in names:
        print(f"  {name}")
        runs = {label: (Figures.of(c.samples[name]) if c.samples.get(name) else None, c.errors.get(name, []))
                for label, c in phases.items()}
        idle = next(iter(runs.values()))[0]
        for label, (figures, errors) in runs.items():
            print(figure_line(label, figures, idle, errors))
        summary[name] = {label: figures.as_json(idle) for label, (figures, _e) in runs.items() if figures and idle}
    if len(names) > 1:
        print_pooled(phases)
    return summary


def print_pooled(phases: dict[str, Calls]) -> None:
    """Print one row per phase for all its calls together (a steadier tail than any one call's)."""
    print("  all of them together")
    pooled = {label: [sample for samples in calls.samples.values() for sample in samples]
              for label, calls in phases.items()}
    idle_samples = next(iter(pooled.values()))
    idle = Figures.of(idle_samples) if idle_samples else None
    for label, samples in pooled.items():
        print(figure_line(label, Figures.of(samples) if samples else None, idle, []))


def describe_load(label: str, calls: Calls, seconds: float) -> str:
    """Say how much the load process got done during a phase (its own latency is not the point)."""
    done = sum(len(samples) for samples in calls.samples.values())
    failed = sum(len(errors) for errors in calls.errors.values())
    waits = [wait for samples in calls.samples.values() for _ms, wait in samples]
    waited = f", {sum(waits) / 1000:.2f} s of it waiting for the lock" if waits else ""
    failures = f", {failed} failed" if failed else ""
    return f"    {label}: {done} calls ({done / seconds:.1f}/s){failures}{waited}"


def describe_begins(role: str, phases: dict[str, Calls]) -> str:
    """Say how the measured process's transactions began (the read mode actually in force) and whether it wrote."""
    immediate = sum(c.begins[0] for c in phases.values())
    deferred = sum(c.begins[1] for c in phases.values())
    writes = sum(c.writes for c in phases.values())
    return (f"  the {role}'s transactions began: {immediate} BEGIN IMMEDIATE, {deferred} deferred BEGIN; "
            f"its own INSERT/UPDATE/DELETE statements: {writes}")


# --- the run ----------------------------------------------------------------------------------------------------

def writer_jobs(args: argparse.Namespace) -> list[tuple[str, str, dict[str, Any]]]:
    """Return the kinds of writing measured: label, job, arguments."""
    return [("logging tickets", "log", {}), ("working task steps", "steps", {}),
            (f"importing CSV files of {args.import_rows} CIs", "import", {"rows": args.import_rows})]


def measure_readers(pair: Pair, args: argparse.Namespace, numbers: list[str]) -> dict[str, Any]:
    """Time the pages with no writer, then while each kind of writing runs; print the table."""
    pages: Job = (pair.reader, "pages", {"numbers": numbers})
    phases = {"no writer (idle baseline)": phase(pair, args.seconds, pages, None)[0]}
    loads = []
    for label, job, arguments in writer_jobs(args):
        reader_calls, writer_calls = phase(pair, args.seconds, pages, (pair.writer, job, arguments))
        phases[f"while {label}"] = reader_calls
        loads.append(describe_load(f"writer {label}", writer_calls or Calls(), args.seconds))
    summary = print_table("(1) A reader loading pages in turn, idle and while a writer works", phases)
    print("  what the writer process did meanwhile:")
    print("\n".join(loads))
    print(describe_begins("reader", phases))
    return summary


def measure_writers(pair: Pair, args: argparse.Namespace) -> dict[str, Any]:
    """Time each kind of writing alone, then while a reader streams the full export; print the tables."""
    print("\n(2) A writer, alone and while a reader streams the CSV export of every ticket, again and again")
    summary: dict[str, Any] = {}
    export: Job = (pair.reader, "export", {})
    for label, job, arguments in writer_jobs(args):
        writing: Job = (pair.writer, job, arguments)
        idle = phase(pair, args.seconds, writing, None)[0]
        busy, reader_calls = phase(pair, args.seconds, writing, export)
        phases = {"no reader (idle baseline)": idle, "while the full export streams": busy}
        summary[label] = print_table(f"  {label}", phases)
        print(describe_load("the exporting reader", reader_calls or Calls(), args.seconds))
        print(describe_begins("writer", phases))
    return summary


def stop_pair(pair: Pair) -> None:
    """Tell both workers to end and wait for them."""
    for pipe in (pair.reader, pair.writer):
        pipe.send(None)
    for process in pair.processes:
        process.join(timeout=30)


def main() -> None:
    """Build the database, run both directions and print the figures."""
    args = parse_args()
    mode = set_read_mode(args.preview_deferred_reads)  # refuses an impossible preview before any work
    print(f"FlowDesk SQLite contention: the demo organisation plus {args.tickets:,} incidents; "
          f"{args.seconds:g} s per phase; one reader process and one writer process")
    print(f"date {time.strftime('%Y-%m-%dT%H:%M:%S%z')}  commit {git_commit()}  SQLite {sqlite3.sqlite_version}  "
          f"python {sys.version.split()[0]}")
    print(f"read mode: {mode}")
    print(f"before setup: {load_average()}")
    started = time.perf_counter()
    with scratch_sqlite() as url:
        os.environ["FLOWDESK_INSTANCE_DIR"] = str(Path(url.removeprefix("sqlite:///")).parent)
        token = create_demo(url)
        pair, _mode = start_pair(url, token, args.preview_deferred_reads)
        ask(pair.writer, "fill", tickets=args.tickets)
        numbers = result(pair.writer)
        warm_up(pair, args, numbers)
        print(f"setup: {len(numbers):,} incidents logged through the API, "
              f"{time.perf_counter() - started:.0f} s in all; {load_average()}")
        readers = measure_readers(pair, args, numbers)
        writers = measure_writers(pair, args)
        stop_pair(pair)
    print(f"\nafter measuring: {load_average()}; {time.perf_counter() - started:.0f} s in all")
    print("lock wait = time in BEGIN statements (where a transaction takes SQLite's write lock or waits for it; "
          "a deferred transaction that later writes would wait at that write, not counted); "
          "share = lock wait / latency; x idle = ratio to the idle baseline of this run; the CI import writer "
          "idles after each file as long as the file took")
    print(json.dumps({"mode": mode, "tickets": args.tickets, "seconds_per_phase": args.seconds,
                      "readers": readers, "writers": writers}))


if __name__ == "__main__":
    main()
