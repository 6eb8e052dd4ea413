"""Finding 11 of issue 9: a script task's child holds nothing of the app and runs outside every transaction.

The child is looked at from outside, through /proc, while it runs: its environment, its open
descriptors and its limits. A RestrictedPython script cannot read os.environ or open a file itself
(no import, no open); these checks hold even for a script that escaped RestrictedPython.
"""
import os
import threading
import time
from pathlib import Path

import pytest

from app.extensions import db
from app.platform.errors import StepFailed
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import ProcessInstance
from engine.errors import ScriptError
from engine.evaluation.sandbox import ScriptLimits, run_script
from tests.engine.test_scripts_outside_locks import lock_is_free  # the check the engine tests use

DIAGRAMS = Path(__file__).parents[1] / "diagrams"
LIMITS = ScriptLimits(cpu_seconds=3, memory_mb=200, wall_seconds=6)
SECRETS = {"FLOWDESK_SECRET_KEY": "not-for-scripts-1", "FLOWDESK_DATABASE_URL": "postgresql://u:pw@db/flowdesk",
           "FLOWDESK_SMS_GATEWAY_TOKEN": "not-for-scripts-2", "DATABASE_URL": "postgresql://u:pw@db/x"}


def descendants(pid: int) -> list[int]:
    """Return the ids of every process below pid."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def limits_of(pid: int) -> dict[str, str]:
    """Return a process's soft limits by name, as /proc/<pid>/limits shows them."""
    lines = Path(f"/proc/{pid}/limits").read_text().splitlines()[1:]
    return {line[:26].strip(): line[26:47].strip() for line in lines}


def running_script_child(memory_mb: int, timeout: float = 5.0) -> int:
    """Wait for the child that runs the script (it has lowered its address space limit to memory_mb)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in descendants(os.getpid()):
            try:
                if limits_of(pid).get("Max address space") == str(memory_mb * 2**20):
                    return pid
            except OSError:
                continue
        time.sleep(0.02)
    raise AssertionError("no script child appeared")


@pytest.fixture
def spinning_script(monkeypatch):  # type: ignore[no-untyped-def]
    """Run an endless script in a thread, with secrets in the app's environment; yield the child's pid."""
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            run_script("while True:\n    pass", {}, LIMITS)
        except ScriptError as error:
            outcome.append(error)
    thread = threading.Thread(target=run)
    thread.start()
    yield running_script_child(LIMITS.memory_mb)
    thread.join()
    assert outcome and "stopped" in str(outcome[0])  # at the CPU limit, or the wall limit on a busy machine


def test_script_child_has_an_empty_environment(spinning_script) -> None:
    environment = Path(f"/proc/{spinning_script}/environ").read_bytes()
    assert environment == b""
    for value in SECRETS.values():
        assert value.encode() not in environment


def test_script_child_holds_only_its_pipes_and_standard_streams(spinning_script) -> None:
    descriptors = {int(fd): os.readlink(f"/proc/{spinning_script}/fd/{fd}")
                   for fd in os.listdir(f"/proc/{spinning_script}/fd")}
    assert set(descriptors) == {0, 1, 2}
    assert descriptors[0].startswith("pipe:") and descriptors[1].startswith("pipe:")
    assert descriptors[2] == "/dev/null"


def test_script_child_runs_under_file_cpu_memory_and_process_limits(spinning_script) -> None:
    limits = limits_of(spinning_script)
    assert limits["Max open files"] == "16"
    assert limits["Max cpu time"] == str(LIMITS.cpu_seconds)
    assert limits["Max address space"] == str(LIMITS.memory_mb * 2**20)
    assert limits["Max file size"] == "0"
    assert limits["Max processes"] == "0"


@pytest.fixture
def scripted(runtime, demo):  # type: ignore[no-untyped-def]
    """deploy and start a one-script process: scripted("total = a + 1") -> instance id."""
    template = (DIAGRAMS / "scripted_check.bpmn").read_text()

    def start(script: str) -> int:
        deploy_diagram(runtime, template.replace("total = a + 1", script).encode(), "script.bpmn", "olga")
        return start_instance(runtime, "scripted_check", {"a": 1}, actor="rita")
    return start


def test_script_that_tries_to_open_files_fails_clearly_on_the_instance(app, scripted, client, sign_in) -> None:
    with pytest.raises(StepFailed, match="NameError: name 'open' is not defined") as failed:
        scripted("handles = [open('/proc/self/fd') for n in range(1000)]")
    instance_id = failed.value.instance_id
    row = db.session.get(ProcessInstance, instance_id)
    assert row.status == "needs_attention"
    failure = [e for e in list_history(instance_stream(instance_id)) if e.kind == "step_failed"][-1]
    assert "NameError" in str(failure.data) and "open" in str(failure.data)
    sign_in("olga")
    assert client.get(f"/instances/{instance_id}").status_code == 200  # the app carries on


def test_script_runs_with_no_transaction_and_no_lock_held(app, runtime, database_url, scripted, monkeypatch) -> None:
    seen: list[tuple[bool, bool]] = []
    compute = runtime.engine.compute_script

    def watched(pending):  # type: ignore[no-untyped-def]
        seen.append((db.session().in_transaction(), lock_is_free(database_url, pending_instance[0])))
        return compute(pending)
    pending_instance = [1]  # the first instance of a fresh database
    monkeypatch.setattr(runtime.engine, "compute_script", watched)
    instance_id = scripted("total = a + 1")
    assert instance_id == pending_instance[0]
    assert seen == [(False, True)]
    assert db.session.get(ProcessInstance, instance_id).status == "running"
