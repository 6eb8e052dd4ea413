"""The long-running scheduler process fires due timers on its own."""
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

DIAGRAMS = Path(__file__).parents[1] / "diagrams"
FLOWDESK = str(Path(sys.executable).with_name("flowdesk"))
FROZE = "start-up objects out of the cyclic garbage collector"


def flowdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run the console script and insist that it succeeds."""
    return subprocess.run([FLOWDESK, *args], env=env, capture_output=True, text=True, timeout=120, check=True)


def open_task_count(database: Path) -> int:
    """Count the open user tasks in the SQLite file, as a reader beside the scheduler process."""
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute("SELECT count(*) FROM user_task").fetchone()[0]


def test_scheduler_process_fires_a_timer_when_it_falls_due(tmp_path) -> None:
    database = tmp_path / "scheduler.sqlite3"
    env = {**os.environ, "FLOWDESK_DATABASE_URL": f"sqlite:///{database}",
           "FLOWDESK_TIMER_POLL_SECONDS": "0.5"}
    flowdesk(env, "init-db")
    began = time.monotonic()
    flowdesk(env, "deploy", str(DIAGRAMS / "date_timer.bpmn"))
    # Due after the next two CLI calls, sized by how long one took here: on a busy machine a fixed 10 s margin
    # ran out before 'start' returned, and the timer fired inside the start (CI saw a task before the scheduler).
    margin = max(10.0, 4 * (time.monotonic() - began))
    soon = (datetime.now(UTC) + timedelta(seconds=margin)).isoformat()
    flowdesk(env, "start", "dated", "--var", f"when={soon}")
    assert json.loads(flowdesk(env, "tasks", "--json").stdout) == []
    scheduler = subprocess.Popen([FLOWDESK, "scheduler"], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(scheduler.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        deadline = time.monotonic() + margin + 60
        # Polls the file, not `flowdesk tasks` (a whole Python process per look, CPU the other test worker needs),
        # and waits for the scheduler to say it froze its start-up objects: it does so after its first pass, which
        # on a busy machine may already fire the timer (stopped then, the scheduler never got to say it).
        while time.monotonic() < deadline and not (open_task_count(database) and FROZE in "".join(lines)):
            time.sleep(0.3)  # polls a separate real process; nothing under test is timed
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=30)
        reader.join(timeout=30)
    output = "".join(lines)
    names = [t["name"] for t in json.loads(flowdesk(env, "tasks", "--json").stdout)]
    assert names == ["Do the work"], output
    assert "fired until on instance 1" in output
    assert FROZE in output  # it froze them once started
