"""Measure e-mail intake through a real Dovecot: messages/s for plain and attachment-heavy mail, against a raw IMAP
fetch of the same messages in the same run, and memory over a large mailbox.

Starts its own Dovecot on loopback (tests/intake/dovecot.py, the same starter the intake tests use), fills one IMAP
user per scenario with generated mail, and runs FlowDesk's real poll (app/servicedesk/intake/polling.py) into a fresh
SQLite database, and a fresh PostgreSQL one when FLOWDESK_TEST_POSTGRES_URL is set. Every new mail opens an
incident (the shipped processes/incident.bpmn) for a sender from a pool; each sender's first mail creates their
account. Prints figures only; a benchmark never fails on speed. Needs Debian's dovecot-imapd. From the root:

    .venv/bin/python bench/mail_ingest.py [--plain 300] [--heavy 60] [--memory 5000] [--profile plain|heavy]
"""
import argparse
import cProfile
import multiprocessing
import os
import pstats
import random
import resource
import ssl
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from imapclient import IMAPClient
from mail_messages import heavy_message, plain_message
from scratch import migrated_app, scratch_postgres, scratch_sqlite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' Dovecot starter, shared rather than copied

from app.demo import create_demo_people  # noqa: E402
from app.organisation.policies import system_actor  # noqa: E402
from app.servicedesk.intake.mailboxes import MailboxSettings, add_mailbox  # noqa: E402
from app.servicedesk.intake.polling import (  # noqa: E402
    PollCounts,
    connect,
    poll_mailbox,
    read_access,
    take_in_folder,
    untraced,
)
from app.servicedesk.intake.settings import IntakeSettings  # noqa: E402
from app.workflow.deployment import deploy_diagram  # noqa: E402
from app.workflow.runtime import Runtime  # noqa: E402
from tests.intake.dovecot import Dovecot, remove_dovecot_files, start_dovecot, stop_dovecot  # noqa: E402

SENDERS = 250  # 5,000 messages are 20 a sender: under the default cap of 30 a day
APPEND_CHUNK = 50
RAW_FETCH_BATCH = 25  # as polling.FETCH_BATCH: the baseline fetches the way the poll does
TARGET_PER_SECOND = 50
SAMPLE_EVERY = 1000
USERS = ["plain-sqlite", "heavy-sqlite", "memory-sqlite", "plain-postgres", "heavy-postgres"]


def load() -> str:
    """Return the load averages, noted with every figure: the machine is shared."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def rss_mb() -> float:
    """Return this process's resident set size now, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb() -> float:
    """Return this process's peak resident set size so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # Linux counts it in KiB


def imap_client(server: Dovecot, user: str) -> IMAPClient:
    """Return a client signed in to a user's mailbox over verified TLS, untraced as the poll's is."""
    context = ssl.create_default_context(cafile=server.ca_file)
    client = untraced(IMAPClient(server.host, port=server.port, ssl=True, ssl_context=context))
    client.login(user, server.password)
    return client


def fill_mailbox(server: Dovecot, user: str, count: int, make: Callable[..., Any], seed: int) -> float:
    """Append count generated messages to a user's INBOX (MULTIAPPEND in chunks); return their average size."""
    rng, total = random.Random(seed), 0
    with imap_client(server, user) as client:
        for start in range(0, count, APPEND_CHUNK):
            chunk = [make(serial, SENDERS, rng).as_bytes() for serial in range(start, min(count, start + APPEND_CHUNK))]
            total += sum(len(raw) for raw in chunk)
            client.multiappend("INBOX", chunk)
    return total / max(count, 1)


def raw_fetch_rate(server: Dovecot, user: str) -> float:
    """Fetch every message of the INBOX in batches as the poll does, without processing; return messages/s."""
    started = time.perf_counter()
    fetched = 0
    with imap_client(server, user) as client:
        client.select_folder("INBOX", readonly=True)
        uids = client.search(["NOT", "DELETED"])
        for start in range(0, len(uids), RAW_FETCH_BATCH):
            batch = client.fetch(uids[start:start + RAW_FETCH_BATCH], ["BODY.PEEK[]"])
            fetched += sum(1 for data in batch.values() if data.get(b"BODY[]") is not None)
    return fetched / (time.perf_counter() - started)


def prepare_desk(app: Flask) -> Runtime:
    """Add the demo people and deploy the shipped incident flow; return the app's runtime."""
    runtime: Runtime = app.extensions["flowdesk"]
    create_demo_people()
    deploy_diagram(runtime, (ROOT / "processes" / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")
    return runtime


def add_bench_mailbox(runtime: Runtime, server: Dovecot, user: str) -> int:
    """Add a mailbox for a Dovecot user (unknown senders get an account); return its id."""
    return add_mailbox(runtime, system_actor("bench"), user, server.url(user), MailboxSettings()).id


def bench_app(url: str, server: Dovecot, attachments: str) -> Flask:
    """Return a migrated app on a fresh database that trusts the bench Dovecot's certificate."""
    return migrated_app(url, MAIL_IMAP_CA_FILE=server.ca_file, ATTACHMENT_DIR=attachments,
                        STATEMENT_TIMEOUT_SECONDS=0)


def children_cpu_seconds() -> float:
    """Return the CPU seconds the live child processes (the reading workers) spent so far, from /proc."""
    total = 0.0
    for child in multiprocessing.active_children():
        try:
            with open(f"/proc/{child.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return total


def time_poll(runtime: Runtime, settings: IntakeSettings, mailbox_id: int,
              profile: bool) -> tuple[PollCounts, float, float, float]:
    """Run one real polling pass over a mailbox (under cProfile when asked); return its counts, wall seconds, and
    CPU seconds of the polling process and of its reading workers.

    CPU seconds move less with the neighbours' load on a shared machine. The reading workers are started before
    the clock does, as the scheduler's long-lived process has them from its first pass on.
    """
    start_reading_workers(settings)
    profiler = cProfile.Profile() if profile else None
    started, cpu_started, workers_started = time.perf_counter(), time.process_time(), children_cpu_seconds()
    if profiler:
        profiler.enable()
    counts = poll_mailbox(runtime, settings, mailbox_id)
    if profiler:
        profiler.disable()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    workers_seconds = children_cpu_seconds() - workers_started
    if profiler:
        print_profile(profiler)
    return counts, seconds, cpu_seconds, workers_seconds


def start_reading_workers(settings: IntakeSettings) -> None:
    """Start the reading pool's workers (where this version has one) and wait until each has read a mail."""
    if settings.read_workers <= 0:
        return
    from app.servicedesk.intake.reading_pool import read_ahead

    sample = plain_message(0, SENDERS, random.Random(0)).as_bytes()
    for reading in read_ahead([sample] * (4 * settings.read_workers), settings.domain, settings.read_workers):
        reading.mail()


def print_profile(profiler: cProfile.Profile) -> None:
    """Print where the time went: the 25 heaviest calls by cumulative and by own time."""
    for order in ("cumulative", "tottime"):
        print(f"\n--- cProfile, by {order} ---")
        pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats(order).print_stats(25)


def scenario(label: str, server: Dovecot, runtime: Runtime, settings: IntakeSettings, user: str, count: int,
             make: Callable[..., Any], profile: bool) -> dict[str, float]:
    """Fill a mailbox, fetch it raw, poll it with FlowDesk, and print both rates and their ratio."""
    size = fill_mailbox(server, user, count, make, seed=len(user))
    raw = raw_fetch_rate(server, user)
    mailbox_id = add_bench_mailbox(runtime, server, user)
    counts, seconds, cpu_seconds, workers_seconds = time_poll(runtime, settings, mailbox_id, profile)
    rate = counts.fetched / seconds
    verdict = "" if "postgres" in user else f"  (target >= {TARGET_PER_SECOND}/s: " \
        f"{'met' if rate >= TARGET_PER_SECOND else 'MISSED'})"
    print(f"{label:<28} {count:5d} msgs of {size / 1024:6.1f} KB  FlowDesk {rate:7.1f} msg/s  "
          f"raw IMAP fetch {raw:8.1f} msg/s  ratio {rate / raw:6.3f}{verdict}  [{load()}]")
    print(f"{'':<28} per CPU second of FlowDesk's process {counts.fetched / cpu_seconds:7.1f} msg/s "
          f"(polling process {1000 * cpu_seconds / counts.fetched:5.1f} ms CPU a mail, reading workers "
          f"{1000 * workers_seconds / counts.fetched:5.1f} ms; all processes "
          f"{counts.fetched / (cpu_seconds + workers_seconds):7.1f} msg/CPU s); new tickets "
          f"{counts.new_tickets}, refused {counts.refused}, quarantined {counts.quarantined}, error {counts.error}")
    return {"rate": rate, "raw": raw, "cpu_rate": counts.fetched / cpu_seconds}


class SampledCounts(PollCounts):
    """Poll counts that print the memory after every SAMPLE_EVERY messages."""

    started: float = 0.0

    def count(self, outcome: Any) -> None:
        """Count one message's outcome; print RSS (and tracemalloc, when on) every SAMPLE_EVERY messages."""
        super().count(outcome)
        if self.fetched % SAMPLE_EVERY == 0:
            traced = ""
            if tracemalloc.is_tracing():
                current, peak = tracemalloc.get_traced_memory()
                traced = f"  tracemalloc now {current / 1e6:6.1f} MB, peak {peak / 1e6:6.1f} MB"
            rate = self.fetched / (time.perf_counter() - self.started)
            print(f"  after {self.fetched:5d} msgs: RSS {rss_mb():6.1f} MB, peak RSS {peak_rss_mb():6.1f} MB"
                  f"{traced}  ({rate:5.1f} msg/s so far)  [{load()}]", flush=True)


def memory_run(server: Dovecot, runtime: Runtime, settings: IntakeSettings, count: int, trace: bool) -> None:
    """Poll a mailbox of count plain messages in one pass and print the memory after every thousand."""
    user = "memory-sqlite"
    size = fill_mailbox(server, user, count, plain_message, seed=7)
    access = read_access_of(runtime, add_bench_mailbox(runtime, server, user))
    counts = SampledCounts(access.name)
    print(f"memory over {count} msgs of {size / 1024:.1f} KB in one pass (SQLite): RSS before {rss_mb():.1f} MB; "
          f"the run cache keeps up to {runtime.runs.size} started incidents' runs, so RSS rises until it is full")
    if trace:
        tracemalloc.start()
    counts.started = time.perf_counter()
    with connect(runtime, access, settings) as client:
        take_in_folder(runtime, settings, client, access, counts)
    tracemalloc.stop()
    print(f"  done: {counts.fetched} msgs, {counts.new_tickets} tickets, {counts.quarantined} quarantined")


def read_access_of(runtime: Runtime, mailbox_id: int) -> Any:
    """Return a mailbox's connection facts and end the read."""
    from app.extensions import db
    from app.servicedesk.intake.mailboxes import require_mailbox

    access = read_access(require_mailbox(mailbox_id))
    db.session.rollback()
    return access


@contextmanager
def database(kind: str, postgres_url: str) -> Iterator[str]:
    """Yield the URL of a fresh database of a kind."""
    with (scratch_sqlite() if kind == "sqlite" else scratch_postgres(postgres_url)) as url:
        yield url


def run_database(kind: str, server: Dovecot, args: argparse.Namespace, attachments: str) -> None:
    """Run the plain and the attachment-heavy scenario (and, on SQLite, the memory run) on a fresh database."""
    with database(kind, args.postgres_url) as url:
        app = bench_app(url, server, attachments)
        with app.app_context():
            runtime = prepare_desk(app)
            settings = IntakeSettings.from_config(app.config)
            name = "SQLite" if kind == "sqlite" else "PostgreSQL"
            scenario(f"{name} plain", server, runtime, settings, f"plain-{kind}", args.plain, plain_message,
                     args.profile == "plain" and kind == "sqlite")
            scenario(f"{name} attachment-heavy", server, runtime, settings, f"heavy-{kind}", args.heavy,
                     heavy_message, args.profile == "heavy" and kind == "sqlite")
    if kind == "sqlite" and args.memory:
        with database(kind, args.postgres_url) as url:
            app = bench_app(url, server, attachments)
            with app.app_context():
                runtime = prepare_desk(app)
                memory_run(server, runtime, IntakeSettings.from_config(app.config), args.memory, args.tracemalloc)


def main() -> None:
    """Start Dovecot, run the scenarios on SQLite (and PostgreSQL when configured), and stop it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plain", type=int, default=300, help="plain messages in the throughput run")
    parser.add_argument("--heavy", type=int, default=60, help="attachment-heavy messages in the throughput run")
    parser.add_argument("--memory", type=int, default=5000, help="messages in the memory run (0: skip it)")
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python allocations in the memory run")
    parser.add_argument("--profile", choices=("plain", "heavy"), help="print a cProfile of that SQLite poll")
    parser.add_argument("--postgres-url", default=os.environ.get("FLOWDESK_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    server, process = start_dovecot(USERS)
    print(f"Dovecot on {server.host}:{server.port}; {os.cpu_count()} cores; {load()}")
    try:
        with tempfile.TemporaryDirectory(prefix="flowdesk-bench-files-") as attachments:
            run_database("sqlite", server, args, attachments)
            if args.postgres_url:
                run_database("postgres", server, args, attachments)
            else:
                print("PostgreSQL skipped: FLOWDESK_TEST_POSTGRES_URL is not set.")
    finally:
        stop_dovecot(process)
        remove_dovecot_files(server)


if __name__ == "__main__":
    main()
