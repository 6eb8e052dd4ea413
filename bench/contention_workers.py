"""The reader and writer processes of bench/sqlite_contention.py: jobs run through the web test client.

Each process creates its own app with create_app, signs in through the login page, and makes its calls
through the pages and the API only, so the same jobs run on the code before and after a change. A probe on
the engine counts the time spent in BEGIN (where SQLite takes or waits for the write lock).
"""
import io
import os
import random
import secrets
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from typing import Any

DEMO_PASSWORD = "flowdesk-demo"  # app/demo.py
USER = "sam"  # the demo's service-desk agent: logs tickets, works the classify queue, may import CIs
SUBJECTS = ("printer", "laptop", "vpn", "mailbox", "monitor", "badge", "wifi", "scanner", "keyboard", "projector")
TROUBLES = ("jams", "is slow", "does not start", "drops the connection", "shows an error", "needs a reset")
SEARCH_WORD = "printer"
EXPORT_WORD = "vpn"


class JobFailed(RuntimeError):
    """A job raised in a worker process; the message carries its traceback."""


@dataclass
class Probe:
    """What one process's database connections did: time in BEGIN, how transactions began, writes."""

    begin_seconds: float = 0.0
    immediate: int = 0
    deferred: int = 0
    writes: int = 0
    started_at: float = 0.0


@dataclass
class Calls:
    """Latencies of the calls a job made, by call name, with the lock wait of each."""

    samples: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # name -> [(ms, lock wait ms)]
    errors: dict[str, list[str]] = field(default_factory=dict)
    begins: tuple[int, int] = (0, 0)  # IMMEDIATE, deferred
    writes: int = 0


@dataclass
class Worker:
    """One process's test client, signed in as the bench user, with its probe and the shared stop signal."""

    client: Any
    token: str
    probe: Probe
    stop: Event
    rng: random.Random
    serial: int = 0


def watch_engine(engine: Any, probe: Probe) -> None:
    """Count the time spent in BEGIN (where SQLite takes or waits for the write lock) and the writes."""
    from sqlalchemy import event

    @event.listens_for(engine, "before_cursor_execute")
    def before(_conn: Any, _cursor: Any, _statement: str, *_args: Any) -> None:
        probe.started_at = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        words = statement.lstrip().upper()
        if words.startswith("BEGIN"):
            probe.begin_seconds += time.perf_counter() - probe.started_at
            if words.startswith(("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")):
                probe.immediate += 1
            else:
                probe.deferred += 1
        elif words.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")):
            probe.writes += 1


def set_read_mode(preview: bool) -> str:
    """Apply the preview of deferred reads if asked and possible; return how transactions outside units begin."""
    from app.platform import transactions

    if not hasattr(transactions, "IMMEDIATE_OUTSIDE_UNITS"):
        if preview:
            raise SystemExit("The preview needs app.platform.transactions.IMMEDIATE_OUTSIDE_UNITS, which this code "
                             "does not have; run without --preview-deferred-reads: the code decides the read mode.")
        return "as checked out (app.platform.transactions.IMMEDIATE_OUTSIDE_UNITS absent)"
    if preview and not transactions.IMMEDIATE_OUTSIDE_UNITS:
        return "as checked out (IMMEDIATE_OUTSIDE_UNITS = False already: the preview changes nothing)"
    if preview:
        transactions.IMMEDIATE_OUTSIDE_UNITS = False
        return ("PREVIEW of deferred reads: IMMEDIATE_OUTSIDE_UNITS set to False in the reader process; the "
                "writer process keeps BEGIN IMMEDIATE (not the after figure)")
    return f"as checked out (IMMEDIATE_OUTSIDE_UNITS = {transactions.IMMEDIATE_OUTSIDE_UNITS})"


def start_worker(url: str, token: str, preview: bool, stop: Event, seed: int) -> Worker:
    """Create this process's app on the database, sign in through the login page and watch the engine."""
    set_read_mode(preview)
    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "SECRET_KEY": secrets.token_hex(32)})
    probe = Probe()
    with app.app_context():
        watch_engine(db.engine, probe)
    client = app.test_client()
    signed_in = client.post("/login", data={"login": USER, "password": DEMO_PASSWORD})
    if signed_in.status_code != 302:
        raise RuntimeError(f"Signing in as {USER} answered {signed_in.status_code}; the demo organisation is missing.")
    return Worker(client, token, probe, stop, random.Random(seed))


def serve_jobs(url: str, token: str, preview: bool, stop: Event, seed: int, pipe: Connection) -> None:
    """Run the jobs the conductor sends until it sends None; answer each with its result (or its failure)."""
    worker = start_worker(url, token, preview, stop, seed)
    pipe.send("ready")
    while (command := pipe.recv()) is not None:
        job, arguments = command
        pipe.send("started")
        try:
            pipe.send(JOBS[job](worker, **arguments))
        except Exception:  # the conductor reports it and ends the run
            pipe.send(JobFailed(f"The {job} job failed:\n{traceback.format_exc()}"))


def timed(worker: Worker, calls: Calls, name: str, call: Callable[[], Any], expected: int = 200) -> Any:
    """Make one call, read its whole body, and record its latency and lock wait (or its failure)."""
    waited = worker.probe.begin_seconds
    started = time.perf_counter()
    response = call()
    response.get_data()  # a streamed body is read (and its transactions run) here
    response.close()
    elapsed_ms = (time.perf_counter() - started) * 1000
    if response.status_code != expected:
        calls.errors.setdefault(name, []).append(f"{response.status_code}: {response.get_data(as_text=True)[:200]}")
        return None
    calls.samples.setdefault(name, []).append((elapsed_ms, (worker.probe.begin_seconds - waited) * 1000))
    return response


def until_stopped(worker: Worker, step: Callable[[Calls], object]) -> Calls:
    """Repeat a step until the conductor says stop; return the calls with the process's BEGIN counts."""
    calls = Calls()
    probe = worker.probe
    immediate, deferred, writes = probe.immediate, probe.deferred, probe.writes
    while not worker.stop.is_set():
        step(calls)
    calls.begins = (probe.immediate - immediate, probe.deferred - deferred)
    calls.writes = probe.writes - writes
    return calls


def api_headers(worker: Worker) -> dict[str, str]:
    """Return the bearer header of the bench user's token."""
    return {"Authorization": f"Bearer {worker.token}"}


def incident_body(rng: random.Random, serial: int) -> dict[str, Any]:
    """Return a plausible incident for the API, its title drawn from a small vocabulary (so searches match)."""
    subject, trouble = rng.choice(SUBJECTS), rng.choice(TROUBLES)
    return {"title": f"The {subject} on floor {serial % 9 + 1} {trouble}", "requester": "rita", "channel": "agent",
            "description": f"Reported by phone: the {subject} {trouble} since this morning (call {serial}).",
            "impact": rng.choice(("low", "medium")), "urgency": rng.choice(("low", "medium"))}


def log_ticket(worker: Worker, calls: Calls) -> str | None:
    """Log one incident through the API; return its number."""
    worker.serial += 1
    body = incident_body(worker.rng, worker.serial)
    response = timed(worker, calls, "log a ticket       POST /api/v1/tickets",
                     lambda: worker.client.post("/api/v1/tickets", json=body, headers=api_headers(worker)), 201)
    return None if response is None else str(response.get_json()["number"])


def fill(worker: Worker, tickets: int) -> list[str]:
    """Log the tickets the bench reads; return their numbers."""
    calls = Calls()
    numbers = [log_ticket(worker, calls) for _ in range(tickets)]
    if calls.errors:
        raise RuntimeError(f"Logging the bench tickets failed: {next(iter(calls.errors.values()))[0]}")
    return [number for number in numbers if number]


def read_pages(worker: Worker, numbers: list[str]) -> Calls:
    """Load the read-only pages in turn until stopped."""
    client = worker.client
    pages = (
        ("ticket search      GET /tickets?q=", lambda: client.get(f"/tickets?q={SEARCH_WORD}")),
        ("group queue        GET /inbox/queue", lambda: client.get("/inbox/queue")),
        ("a ticket page      GET /tickets/<n>", lambda: client.get(f"/tickets/{worker.rng.choice(numbers)}")),
        ("filtered export    GET /tickets/export.csv?q=",
         lambda: client.get(f"/tickets/export.csv?q={EXPORT_WORD}")),
    )

    def step(calls: Calls) -> None:
        for name, call in pages:
            if worker.stop.is_set():
                return
            timed(worker, calls, name, call)
    return until_stopped(worker, step)


def export_everything(worker: Worker) -> Calls:
    """Stream the CSV export of every ticket, again and again, until stopped."""
    return until_stopped(worker, lambda calls: timed(
        worker, calls, "full export        GET /tickets/export.csv", lambda: worker.client.get("/tickets/export.csv")))


def log_tickets(worker: Worker) -> Calls:
    """Log incidents through the API until stopped."""
    return until_stopped(worker, lambda calls: log_ticket(worker, calls))


def queued_classify_tasks(worker: Worker) -> Iterator[str]:
    """Yield the ids of classify tasks in the bench user's group queue, a page at a time (not timed)."""
    while True:
        response = worker.client.get("/api/v1/tasks?scope=group&limit=200", headers=api_headers(worker))
        ids = [task["id"] for task in response.get_json()["tasks"] if task["element_id"] == "classify"]
        if not ids:
            raise RuntimeError("The group queue has no classify task left; log more tickets (--tickets).")
        yield from ids


def work_steps(worker: Worker) -> Calls:
    """Claim and complete classify tasks through the API (the incident moves on to its group) until stopped."""
    tasks = queued_classify_tasks(worker)
    client, headers = worker.client, api_headers(worker)

    def step(calls: Calls) -> None:
        task_id = next(tasks)
        timed(worker, calls, "claim a task       POST /api/v1/tasks/<id>/claim",
              lambda: client.post(f"/api/v1/tasks/{task_id}/claim", headers=headers))
        timed(worker, calls, "complete a step    POST /api/v1/tasks/<id>/complete",
              lambda: client.post(f"/api/v1/tasks/{task_id}/complete", headers=headers,
                                  json={"impact": "medium", "urgency": "medium"}))
    return until_stopped(worker, step)


def import_cis(worker: Worker, rows: int) -> Calls:
    """Import CSV files of new servers through the CMDB page (one transaction per file) until stopped.

    After each file the writer idles as long as the file took: an import is an occasional long write, and
    back-to-back imports would leave a reader that begins IMMEDIATE no gap at all to take the lock in.
    """
    def step(calls: Calls) -> None:
        worker.serial += 1
        lines = ["name,owner_group,location"] + [
            f"srv-{os.getpid()}-{worker.serial}-{row},second-line,Rack {row % 40}" for row in range(rows)]
        data = {"type": "server", "file": (io.BytesIO("\n".join(lines).encode()), "servers.csv")}
        started = time.perf_counter()
        timed(worker, calls, f"import {rows} CIs     POST /cmdb/import",
              lambda: worker.client.post("/cmdb/import", data=data, content_type="multipart/form-data"))
        worker.stop.wait(time.perf_counter() - started)
    return until_stopped(worker, step)


JOBS: dict[str, Callable[..., Any]] = {
    "fill": fill, "pages": read_pages, "export": export_everything,
    "log": log_tickets, "steps": work_steps, "import": import_cis,
}
