"""Count the CPU instructions of one lifecycle under callgrind: raw SpiffWorkflow, FlowDesk on SQLite, on PostgreSQL.

Wall-clock figures on a shared 2-core host swing by a quarter from one minute to the next (the host takes
the CPU away while the guest believes it runs), so a change of a few per cent cannot be seen in them.
Instructions can: callgrind counts the same number for the same code and inputs whatever the host does.
The count leaves out what callgrind cannot see (the database server's work, waiting, cache misses) and is
no substitute for bench/engine_throughput.py; it says whether this process does less work than before.

Each scenario runs in a child process under `valgrind --tool=callgrind --instr-atstart=no`, which sets up,
warms up, and waits; this process turns counting on, lets the child run the lifecycles, and turns it off.
FlowDesk's lifecycle is engine_throughput's (start, claim, complete, complete, with its two inbox reads
between, which are counted too). Needs valgrind (Debian's package). Prints figures only. Run from the root:

    .venv/bin/python bench/lifecycle_instructions.py [--count 200] [--skip-postgres]
"""
import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from engine_throughput import DEFAULT_POSTGRES_URL, describe_machine, postgres_problem

HERE = Path(__file__).resolve().parent
WARMUP = 30
TOTALS = re.compile(r"^totals:\s+(\d+)", re.MULTILINE)
CHILD_SECONDS = 3600  # a child that never says it is ready is stopped after this


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line (the child's part is private: --child SCENARIO FOLDER)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="lifecycles counted per scenario (default 200)")
    parser.add_argument("--skip-postgres", action="store_true", help="do not run the PostgreSQL scenario")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--child", nargs=2, metavar=("SCENARIO", "FOLDER"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run_child(scenario: str, folder: Path, count: int, postgres_url: str) -> None:
    """Set up the scenario, warm up, say so, wait for the go, run `count` lifecycles, say so, wait for the end."""
    from engine_throughput import (
        choose_script_engine,
        parse_raw_spec,
        prepare,
        run_raw_lifecycle,
        run_service_lifecycle,
    )
    from scratch import migrated_app, scratch_postgres, scratch_sqlite

    from app.extensions import db
    from app.platform.start_up import freeze_start_up_objects

    def wait_for(name: str) -> None:
        while not (folder / name).exists():
            time.sleep(0.05)

    def timed_part(lifecycle: object) -> None:
        for serial in range(WARMUP):
            lifecycle(10**6 + serial)  # type: ignore[operator]
        (folder / "ready").touch()
        wait_for("go")
        for serial in range(count):
            lifecycle(serial)  # type: ignore[operator]
        (folder / "done").touch()
        wait_for("end")

    if scenario == "raw":
        spec, subprocess_specs = parse_raw_spec()
        script_engine, _ = choose_script_engine(spec, subprocess_specs)
        freeze_start_up_objects()
        timed_part(lambda _serial: run_raw_lifecycle(spec, subprocess_specs, script_engine))
        return
    database = scratch_postgres(postgres_url) if scenario == "postgres" else scratch_sqlite()
    with database as url:
        app = migrated_app(url)
        with app.app_context():
            runtime = app.extensions["flowdesk"]
            prepare(runtime)
            freeze_start_up_objects()
            timed_part(lambda serial: run_service_lifecycle(runtime, serial))
            db.session.remove()
            db.engine.dispose()


def count_instructions(scenario: str, count: int, postgres_url: str) -> int:
    """Run one scenario's child under callgrind and return the instructions of its counted lifecycles."""
    with tempfile.TemporaryDirectory(prefix="flowdesk-callgrind-") as name:
        folder = Path(name)
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                   f"--callgrind-out-file={folder / 'out'}", sys.executable, str(Path(__file__).resolve()),
                   "--count", str(count), "--postgres-url", postgres_url, "--child", scenario, str(folder)]
        log = folder / "log"
        with log.open("w") as errors:  # a file, not a pipe: a full pipe would stop the child
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
            try:
                signal_when(folder / "ready", child, log)
                subprocess.run(["callgrind_control", "--instr=on", str(child.pid)], check=True, capture_output=True)
                (folder / "go").touch()
                signal_when(folder / "done", child, log)
                subprocess.run(["callgrind_control", "--instr=off", str(child.pid)], check=True, capture_output=True)
                (folder / "end").touch()
                child.wait(timeout=CHILD_SECONDS)
            finally:
                if child.poll() is None:
                    child.kill()
        if child.returncode:
            raise RuntimeError(f"The {scenario} child failed under callgrind:\n{log.read_text()[-2000:]}")
        found = TOTALS.search((folder / "out").read_text())
        if found is None:
            raise RuntimeError(f"callgrind wrote no totals for {scenario}.")
        return int(found.group(1))


def signal_when(path: Path, child: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until the child creates path; stop if it exits first or takes longer than CHILD_SECONDS."""
    deadline = time.monotonic() + CHILD_SECONDS
    while not path.exists():
        if child.poll() is not None:
            raise RuntimeError(f"The child ended before {path.name}:\n{log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"The child did not reach {path.name} in {CHILD_SECONDS} s.")
        time.sleep(0.2)


def main(argv: list[str] | None = None) -> None:
    """Count every scenario and print instructions per lifecycle and the ratios to the raw engine."""
    args = parse_args(argv)
    if args.child:
        run_child(args.child[0], Path(args.child[1]), args.count, args.postgres_url)
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind); nothing was counted.")
    print("FlowDesk instructions per lifecycle under callgrind (start, claim, complete, complete; the inbox reads too)")
    for line in describe_machine():
        print(line)
    scenarios = ["raw", "sqlite"]
    problem = None if args.skip_postgres else postgres_problem(args.postgres_url)
    if not (args.skip_postgres or problem):
        scenarios.append("postgres")
    per_lifecycle = {name: count_instructions(name, args.count, args.postgres_url) / args.count for name in scenarios}
    print()
    for name, instructions in per_lifecycle.items():
        ratio = "" if name == "raw" else f"  ({instructions / per_lifecycle['raw']:.2f}x the raw engine's)"
        print(f"{name:<10} {instructions / 1e6:8.3f} M instructions a lifecycle over {args.count}{ratio}")
    if problem:
        print(f"postgres   skipped: {problem}")


if __name__ == "__main__":
    main()
