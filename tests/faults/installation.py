"""The fault suite's installation: real `flowdesk serve` and `flowdesk scheduler` processes on one database,
an SMS gateway on loopback that counts what it receives, and a driver that works lifecycles over the API.

Processes are killed with SIGKILL at named crash points (app/platform/faults.py) and restarted, as a
supervisor would; afterwards the checks below must hold. Every wait is bounded.
"""
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask
from flask.cli import ScriptInfo

from app import create_app
from app.cli import main
from app.extensions import db

FLOWDESK = str(Path(sys.executable).with_name("flowdesk"))
DIAGRAM = Path(__file__).parent / "diagrams" / "faults.bpmn"
INCIDENT_DIAGRAM = Path(__file__).parents[2] / "processes" / "incident.bpmn"
POSTGRES_URL = os.environ.get("FLOWDESK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
FAULT_SUITE_KEY = secrets.token_hex(32)  # every process of one installation signs sessions alike
SETTLE_SECONDS = 120  # the longest any run may take to finish its work after the faults


def free_port() -> int:
    """Ask the kernel for an unused loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gateway:
    """An SMS gateway on loopback: accepts every message and records its idempotency key."""

    def __init__(self) -> None:
        self.received: list[tuple[str | None, str]] = []
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with gateway.lock:
                    gateway.received.append((self.headers.get("Idempotency-Key"), json.loads(body)["text"]))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def keys(self) -> Counter[str | None]:
        """Return how often each idempotency key arrived."""
        with self.lock:
            return Counter(key for key, _ in self.received)

    def texts(self) -> set[str]:
        """Return the distinct texts received."""
        with self.lock:
            return {text for _, text in self.received}


@dataclass
class Process:
    """One FlowDesk process the supervisor keeps running."""

    name: str
    args: list[str]
    crash_at: str | None
    popen: subprocess.Popen[str] | None = None
    crashes: int = 0
    log: Path | None = None


@dataclass
class Installation:
    """A FlowDesk database with its processes, its gateway and an API token."""

    database_url: str
    workdir: Path
    gateway: Gateway
    application_name: str = field(default_factory=lambda: f"flowdesk-faults-{uuid.uuid4().hex[:8]}")
    processes: list[Process] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    token: str = ""
    stopping: bool = False
    checker: Flask | None = None
    calls: list[str] = field(default_factory=list)  # what each API call answered, for a failure's message

    def env(self, crash_at: str | None = None) -> dict[str, str]:
        """Return the environment of a FlowDesk process of this installation."""
        env = {**os.environ, "FLOWDESK_DATABASE_URL": self.database_url, "FLOWDESK_INSTANCE_DIR": str(self.workdir),
               "FLOWDESK_SECRET_KEY": FAULT_SUITE_KEY, "FLOWDESK_TIMER_POLL_SECONDS": "0.2",
               "FLOWDESK_OUTBOX_POLL_SECONDS": "0.2", "FLOWDESK_OUTBOX_LEASE_SECONDS": "4",
               "FLOWDESK_SMS_GATEWAY_URL": self.gateway.url,
               "FLOWDESK_DB_APPLICATION_NAME": self.application_name}
        env.pop("FLOWDESK_CRASH_AT", None)
        if crash_at:
            env["FLOWDESK_CRASH_AT"] = crash_at
        return env

    def cli(self, *args: str) -> str:
        """Run a flowdesk command to its end and return what it printed."""
        done = subprocess.run([FLOWDESK, *args], env=self.env(), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def inspect(self, *args: str) -> str:
        """Run a reading flowdesk command (show, verify-history) in this process and return what it printed.

        The checks read once the work has settled, so the command's own code run here sees what a `flowdesk`
        process would; only an interpreter's start (seconds, per ticket) is saved.
        """
        if self.checker is None:
            self.checker = create_app({"SQLALCHEMY_DATABASE_URI": self.database_url, "SECRET_KEY": FAULT_SUITE_KEY,
                                       "HISTORY_KEY_FILE": str(self.workdir / "history_key"), "RUN_CACHE_SIZE": 0,
                                       "DB_APPLICATION_NAME": "fault-suite-checks"})
        checker = self.checker
        done = CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: checker))
        assert done.exit_code == 0, done.output
        return done.stdout

    def add_web(self, crash_at: str | None = None) -> None:
        """Start a web process (no scheduler in it)."""
        port = free_port()
        self.ports.append(port)
        self.start(Process(f"web-{port}", ["serve", "--port", str(port), "--threads", "4", "--no-scheduler"],
                           crash_at))
        self.wait_for_web(port)

    def add_scheduler(self, crash_at: str | None = None) -> None:
        """Start a scheduler process."""
        self.start(Process(f"scheduler-{len(self.processes)}", ["scheduler"], crash_at))

    def start(self, process: Process) -> None:
        """Start (or restart) a process; a restarted process no longer crashes."""
        process.log = self.workdir / f"{process.name}.log"
        crash_at = process.crash_at if process.crashes == 0 else None
        process.popen = subprocess.Popen([FLOWDESK, *process.args], env=self.env(crash_at), text=True,
                                         stdout=process.log.open("a"), stderr=subprocess.STDOUT)
        if process not in self.processes:
            self.processes.append(process)

    def supervise(self) -> None:
        """Restart every process that died, as systemd would; count the crashes."""
        while not self.stopping:
            for process in self.processes:
                if process.popen is not None and process.popen.poll() is not None and not self.stopping:
                    assert process.popen.returncode == -signal.SIGKILL, self.tail(process)
                    process.crashes += 1
                    self.start(process)
            time.sleep(0.1)

    def tail(self, process: Process) -> str:
        """Return the end of a process's log."""
        return process.log.read_text()[-3000:] if process.log and process.log.exists() else ""

    def logs(self) -> str:
        """Return the end of every process's log, each under its name, for a failure's message."""
        return "\n".join(f"--- {process.name} (crashed {process.crashes}x) ---\n{self.tail(process)}"
                         for process in self.processes)

    def wait_for_web(self, port: int) -> None:
        """Wait until a web process answers."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5).read()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the web process on port {port} did not answer within 60 s")

    def api(self, method: str, path: str, body: dict[str, Any] | None = None, serial: int = 0,
            retry: bool = True) -> Any:
        """Call the API on one of the web processes, retrying while a process restarts or a fault passes.

        Only for calls that may be repeated (claims and completions of a task): a 409 after a retried
        write means the first attempt had committed, so the write is done.
        """
        deadline = time.monotonic() + SETTLE_SECONDS
        attempt = 0
        while True:
            port = self.ports[(serial + attempt) % len(self.ports)]
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1{path}", method=method,
                data=json.dumps(body).encode() if body is not None else None,
                headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
            try:
                # A call that is not repeated waits as long as the work may take: a start the client gave up on
                # while it sat in the server's queue would still run, after the client had looked for it and
                # started it again (two instances of one lifecycle; the second worked, the first left open).
                with urllib.request.urlopen(request, timeout=30 if retry else SETTLE_SECONDS) as response:
                    answer = json.loads(response.read() or b"null")
                self.calls.append(f"{serial} {method} {path} attempt {attempt}: {response.status}")
                return answer
            except urllib.error.HTTPError as error:
                self.calls.append(f"{serial} {method} {path} attempt {attempt}: {error.code}")
                if error.code == 409 and attempt > 0:
                    return None
                if error.code < 500 or time.monotonic() > deadline:
                    raise AssertionError(f"{method} {path}: HTTP {error.code} {error.read()[:500]!r}") from None
                if not retry:
                    raise ServerFault(f"{method} {path}: HTTP {error.code}") from None
            except (OSError, http.client.HTTPException) as error:  # refused, reset, or an answer cut off by the kill
                self.calls.append(f"{serial} {method} {path} attempt {attempt}: {error!r}")
                if not retry or time.monotonic() > deadline:
                    raise
            attempt += 1
            time.sleep(0.2)

    def query(self, sql: str, **params: Any) -> list[Any]:
        """Read committed rows straight from the database."""
        engine = sa.create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return list(connection.execute(sa.text(sql), params))
        finally:
            engine.dispose()

    def stop(self) -> None:
        """Stop every process."""
        self.stopping = True
        for process in self.processes:
            if process.popen is not None and process.popen.poll() is None:
                process.popen.terminate()
        for process in self.processes:
            if process.popen is not None:
                try:
                    process.popen.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.popen.kill()
        if self.checker is not None:
            with self.checker.app_context():
                db.engine.dispose()


def work_lifecycles(installation: Installation, count: int, workers: int = 4, incidents: int = 0) -> list[int]:
    """Start `count` lifecycles over the API and work each: wait for its reminder, claim, complete.

    The first `incidents` of them also log an incident through POST /api/v1/tickets once their lifecycle
    started, so tickets and their incident flows are written under the same load and faults.
    """
    instance_ids: list[int] = [0] * count
    errors: list[BaseException] = []

    def lifecycle(serial: int) -> None:
        try:
            instance_id = start_lifecycle(installation, serial)
            instance_ids[serial] = instance_id
            if serial < incidents:
                log_incident(installation, serial)
            wait_for(lambda: reminded(installation, instance_id), f"the reminder of instance {instance_id}")
            task_id = open_task(installation, instance_id)
            installation.calls.append(f"{serial} instance {instance_id} reminded; open task {task_id}")
            if task_id:
                installation.api("POST", f"/tasks/{task_id}/claim", serial=serial)
                installation.api("POST", f"/tasks/{task_id}/complete", {}, serial)
        except BaseException as error:  # reported by the caller
            errors.append(error)

    threads: list[threading.Thread] = []
    for serial in range(count):
        while sum(thread.is_alive() for thread in threads) >= workers:
            time.sleep(0.05)
        thread = threading.Thread(target=lifecycle, args=(serial,))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=SETTLE_SECONDS)
    assert not errors, f"{errors}\n{installation.logs()}"
    return instance_ids


def start_lifecycle(installation: Installation, serial: int) -> int:
    """Start lifecycle `serial` exactly once, as a careful client does: a start is not idempotent, so after a
    lost answer the client first looks for the instance by its business key before it asks again."""
    key = f"lifecycle-{serial}"
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        found = installation.query("SELECT id FROM process_instance WHERE business_key = :key", key=key)
        if found:
            return int(found[0].id)
        try:
            started = installation.api("POST", "/processes/faults/instances",
                                       {"variables": {"n": serial}, "business_key": key}, serial, retry=False)
            return int(started["id"])
        except (OSError, http.client.HTTPException, ServerFault):
            time.sleep(0.2)  # the web process is restarting; look again before asking again
    raise AssertionError(f"lifecycle {serial} could not be started within {SETTLE_SECONDS} s")


def log_incident(installation: Installation, serial: int) -> None:
    """Log a P4 incident for sam over the API (P4: its flow waits for the service desk and sends nothing).

    Logging is not idempotent: after an answer lost to a killed process the client asks again, so the
    incident may be logged twice; both tickets must then agree with their instances like any other.
    """
    installation.api("POST", "/tickets", {"title": f"Fault suite incident {serial}", "description": "Logged under load.",
                                          "impact": "low", "urgency": "low"}, serial)


class ServerFault(Exception):
    """A 5xx answer."""


def reminded(installation: Installation, instance_id: int) -> bool:
    """Say whether an instance's reminder timer fired."""
    return bool(installation.query(
        "SELECT 1 FROM history_event WHERE instance_id = :id AND kind = 'timer_fired'", id=instance_id))


def open_task(installation: Installation, instance_id: int) -> str | None:
    """Return the id of the instance's open 'work' task, if any."""
    rows = installation.query("SELECT id FROM user_task WHERE instance_id = :id AND element_id = 'work'",
                              id=instance_id)
    return rows[0].id if rows else None


def wait_for(condition: Any, what: str, seconds: float = SETTLE_SECONDS) -> None:
    """Wait until condition() holds, or fail naming what did not happen."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(0.1)


def settled(installation: Installation, instance_ids: list[int]) -> bool:
    """Say whether every instance ended and every outbox message was sent."""
    running = installation.query(
        "SELECT count(*) AS n FROM process_instance WHERE process_id = 'faults' AND status <> 'completed'")[0].n
    unsent = installation.query("SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL")[0].n
    return running == 0 and unsent == 0


def describe_unsettled(installation: Installation) -> str:
    """Say which instances did not end and which messages were not sent, and what the processes logged last."""
    instances = installation.query("SELECT id, process_id, status, last_error FROM process_instance "
                                   "WHERE status NOT IN ('completed', 'running') OR process_id = 'faults' AND status <> 'completed'")
    tasks = installation.query("SELECT instance_id, element_id, assignee FROM user_task")
    timers = installation.query("SELECT instance_id, element_id, due_at FROM timer")
    unsent = installation.query("SELECT id, status, attempts, error_code, error_params FROM outbox_message WHERE sent_at IS NULL")
    logs = "\n".join(f"--- {p.name} (crashes {p.crashes})\n{installation.tail(p)[-1500:]}"
                      for p in installation.processes)
    keys = installation.query("SELECT id, business_key FROM process_instance WHERE process_id = 'faults' ORDER BY id")
    return (f"unfinished instances {[tuple(r) for r in instances]}, open tasks {[tuple(r) for r in tasks]}, "
            f"timers {[tuple(r) for r in timers]}, unsent {[tuple(r) for r in unsent]}, "
            f"instances by business key {[tuple(r) for r in keys]}\ncalls:\n" + "\n".join(installation.calls) + f"\n{logs}")


def assert_nothing_lost_or_doubled(installation: Installation, instance_ids: list[int]) -> int:
    """Check what the fault suite promises once the work settled; return how many tickets were checked."""
    try:
        wait_for(lambda: settled(installation, instance_ids), "every instance ending and every message being sent")
    except AssertionError as error:
        raise AssertionError(f"{error}; {describe_unsettled(installation)}") from None
    statuses = Counter(row.status for row in installation.query(
        "SELECT status FROM process_instance WHERE process_id = 'faults'"))
    assert statuses == {"completed": len(instance_ids)}, statuses
    fired = Counter(row.instance_id for row in installation.query(
        "SELECT instance_id FROM history_event WHERE kind = 'timer_fired'"))
    assert fired == dict.fromkeys(instance_ids, 1), fired  # every due timer fired exactly once
    messages = installation.query("SELECT id, body FROM outbox_message ORDER BY id")
    assert len(messages) == 2 * len(instance_ids)  # a reminder and a done message each, never more
    keys = installation.gateway.keys()
    received_ids = {int(key.split("-")[2]) for key in keys if key}
    assert received_ids == {row.id for row in messages}, keys  # each reached the receiver, counted by key
    assert installation.gateway.texts() == {row.body for row in messages}
    verified = installation.inspect("verify-history", "--json")
    assert json.loads(verified)["broken"] == [], verified
    return assert_tickets_agree_with_instances(installation)


# Where an incident's flow may wait in each ticket status (a forwarded ticket keeps its status and may be
# classified again); a closed or cancelled ticket's flow has ended.
INCIDENT_TASKS = {
    "new": {"classify", "approve_major"},
    "assigned": {"classify", "approve_major", "take_or_pass"},
    "in_progress": {"resolve", "duty_resolve"},
    "pending_requester": {"answer_question"},
    "resolved": {"confirm_fix"},
    "closed": set(),
    "cancelled": set(),
}
TASK_PRIORITY = {"P1": 90, "P2": 70, "P3": 50}  # camunda:priority of the incident's tasks; 30 for the rest
ASSIGNED_TASKS = ("take_or_pass", "resolve")  # camunda:assignee="${assignee}"


def assert_tickets_agree_with_instances(installation: Installation) -> int:
    """Check every ticket against its instance: status, assignee and priority; return how many were checked.

    The instance is the ticket's number's instance, never parked; its data holds the ticket's priority and
    assignee; it waits where the ticket's status says (or ended with a closed or cancelled ticket); its open
    tasks carry the ticket's priority and, where they name one, its assignee.
    """
    tickets = installation.query(
        "SELECT t.number, t.status, t.assignee, t.priority, t.instance_id, i.status AS instance_status, "
        "i.business_key FROM ticket t LEFT JOIN process_instance i ON i.id = t.instance_id ORDER BY t.id")
    disagreements = []
    for ticket in tickets:
        disagreements.extend(f"{ticket.number}: {problem}" for problem in ticket_disagreements(installation, ticket))
    assert not disagreements, disagreements
    return len(tickets)


def ticket_disagreements(installation: Installation, ticket: Any) -> list[str]:
    """Return how a ticket and its instance disagree (nothing when they agree)."""
    if ticket.instance_id is None or ticket.business_key != ticket.number:
        return [f"instance {ticket.instance_id} is not the ticket's (business key {ticket.business_key})"]
    problems = []
    if ticket.instance_status not in ("running", "completed", "cancelled"):
        problems.append(f"instance {ticket.instance_id} is {ticket.instance_status}")
    ended = ticket.instance_status in ("completed", "cancelled")
    if (ended and ticket.status not in ("closed", "cancelled")) or (not ended and ticket.status == "cancelled"):
        problems.append(f"status {ticket.status} but instance {ticket.instance_status}")
    variables = json.loads(installation.inspect("show", str(ticket.instance_id), "--json"))["variables"]
    for name in ("priority", "assignee"):
        if variables.get(name) != getattr(ticket, name):
            problems.append(f"{name} {getattr(ticket, name)!r} but the instance holds {variables.get(name)!r}")
    tasks = installation.query("SELECT element_id, assignee, priority FROM user_task WHERE instance_id = :id",
                               id=ticket.instance_id)
    if not ended and not ({task.element_id for task in tasks} and
                          {task.element_id for task in tasks} <= INCIDENT_TASKS[ticket.status]):
        problems.append(f"status {ticket.status} but the instance waits on {[task.element_id for task in tasks]}")
    for task in tasks:
        if task.element_id != "duty_resolve" and task.priority != TASK_PRIORITY.get(ticket.priority, 30):
            problems.append(f"priority {ticket.priority} but task {task.element_id} has priority {task.priority}")
        if task.element_id in ASSIGNED_TASKS and task.assignee != ticket.assignee:
            problems.append(f"assignee {ticket.assignee!r} but task {task.element_id} is {task.assignee!r}'s")
    return problems

