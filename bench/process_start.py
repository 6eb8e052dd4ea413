"""Time how long a FlowDesk process takes to start: a command's answer, the scheduler's and serve's first moment.

Every `flowdesk` command, the scheduler and each web process import FlowDesk and build its app before they do
anything; a process the supervisor restarts after a crash is back only then. The bench times, in interleaved
rounds (the host's speed drifts by the minute), the bare interpreter as the baseline, `flowdesk --help`, and
`flowdesk tasks --json` on a scratch SQLite database (builds the app, reads one table), each with FlowDesk's
compiled modules kept in __pycache__ as `make` lets Python keep them, and `flowdesk tasks` once more without
them (PYTHONDONTWRITEBYTECODE=1 and no __pycache__: what each start cost before). It also counts the cyclic
collector's passes while one process imports FlowDesk and builds its app. Prints figures only. From the root:

    .venv/bin/python bench/process_start.py [--runs 7]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOWDESK = str(Path(sys.executable).with_name("flowdesk"))
PACKAGES = ("app", "engine", "forms")
COUNT_COLLECTIONS = """
import gc, time
passes = []
gc.callbacks.append(lambda phase, info: passes.append(info["generation"]) if phase == "start" else None)
began = time.perf_counter()
from app import create_app
create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
print(len(passes), time.perf_counter() - began)
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="interleaved rounds (default 7)")
    return parser.parse_args(argv)


def drop_compiled() -> None:
    """Remove FlowDesk's compiled modules, so that the next start without them compiles every module."""
    for package in PACKAGES:
        for folder in (ROOT / package).rglob("__pycache__"):
            shutil.rmtree(folder, ignore_errors=True)


def timed(command: list[str], env: dict[str, str]) -> float:
    """Run a command to its end and return its wall seconds; fail loudly if it fails."""
    began = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - began
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds


def main(argv: list[str] | None = None) -> None:
    """Time the starts in interleaved rounds and print medians and ratios to the bare interpreter."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="flowdesk-start-") as folder:
        env = {**os.environ, "FLOWDESK_DATABASE_URL": f"sqlite:///{Path(folder) / 'start.sqlite3'}",
               "FLOWDESK_INSTANCE_DIR": folder}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        uncompiled = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
        timed([FLOWDESK, "init-db"], env)
        scenarios = {
            "python -c pass (baseline)": ([sys.executable, "-c", "pass"], env, False),
            "flowdesk --help": ([FLOWDESK, "--help"], env, False),
            "flowdesk tasks --json": ([FLOWDESK, "tasks", "--json"], env, False),
            "flowdesk tasks --json, nothing compiled kept": ([FLOWDESK, "tasks", "--json"], uncompiled, True),
        }
        for command, _, _ in scenarios.values():  # warm the file cache and write __pycache__
            timed(command, env)
        seconds: dict[str, list[float]] = {name: [] for name in scenarios}
        names = list(scenarios)
        for round_number in range(args.runs):
            order = names[round_number % len(names):] + names[:round_number % len(names)]
            for name in order:
                command, scenario_env, without_compiled = scenarios[name]
                if without_compiled:
                    drop_compiled()
                seconds[name].append(timed(command, scenario_env))
                if without_compiled:
                    timed(command, env)  # write the compiled modules again for the other scenarios
        passes, build = subprocess.run([sys.executable, "-c", COUNT_COLLECTIONS], env=env, cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout.split()
    baseline = statistics.median(seconds[names[0]])
    print(f"FlowDesk process start, median of {args.runs} interleaved rounds (wall seconds)")
    for name in names:
        median = statistics.median(seconds[name])
        print(f"{name:<46} {median:6.2f} s  ({min(seconds[name]):.2f}-{max(seconds[name]):.2f})  "
              f"{median / baseline:5.1f}x the bare interpreter")
    print(f"importing FlowDesk and building its app: {float(build):.2f} s, {passes} passes of the cyclic collector")


if __name__ == "__main__":
    main()
