"""Measure the replay page of an incident with 500 or more history steps against a short case in the same run.

Serves FlowDesk with the demo people and the shipped incident flow on a scratch database (SQLite, or PostgreSQL
with --postgres), drives two incidents through returns to the service desk, one until its history holds --steps
events and a short one of --baseline-steps events, and measures each, as Audrey the auditor:

- the server's answer to GET /instances/<id>/replay (history read, chain recomputed, every step worked out, page
  rendered), and the same for GET /api/v1/instances/<id>/replay;
- in Debian's Chromium, what a reader waits for: from the start of the navigation until the frame that shows the
  diagram with the first step marked and its panels filled is painted (window.flowdeskReplayReadyAt), the part of
  it after the page's last byte arrived (the browser's own work), when the table of all steps below is in place
  (the script puts it there after that frame), and the step to the last step (the End key, from the key event
  until the frame that shows the last step is painted).

Prints the median and worst of each, the long case's median as a multiple of the short one's, and the machine's
load before and after; never fails on speed (the machine is shared: the ratios are the figures to compare).

    .venv/bin/python bench/replay_page.py [--steps 500] [--baseline-steps 20] [--loads 10] [--postgres [URL]]
"""
import argparse
import contextlib
import io
import os
import secrets
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from scratch import migrated_app, scratch_postgres, scratch_sqlite, served
from sqlalchemy import func, select

from app.demo import DEMO_PASSWORD, create_demo_people, create_demo_service_desk
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.servicedesk.tickets.records import log_ticket
from app.workflow.deployment import deploy_diagram
from app.workflow.models import HistoryEvent, UserTask
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import claim_task, complete_task

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
INCIDENT = Path(__file__).parents[1] / "processes" / "incident.bpmn"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_MS = 1000
# Listens for the next key, and notes the milliseconds from the key event until the frame after it is painted
# (replay.js's own listener, added first, has changed the page by then).
STEP_TIMER = """() => {
  window.flowdeskStepMs = undefined;
  document.addEventListener("keydown", (event) => {
    requestAnimationFrame(() => setTimeout(() => {
      window.flowdeskStepMs = performance.now() - event.timeStamp;
    }));
  }, { once: true });
}"""


@dataclass
class Figures:
    """What was measured of one case."""

    events: int
    kib: float = 0.0
    series: dict[str, list[float]] = field(default_factory=dict)


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=500, help="history events of the long case (default 500)")
    parser.add_argument("--baseline-steps", type=int, default=20,
                        help="history events of the short case measured beside it (default 20)")
    parser.add_argument("--loads", type=int, default=10, help="measured loads of each (default 10)")
    parser.add_argument("--postgres", nargs="?", const=os.environ.get("FLOWDESK_TEST_POSTGRES_URL", POSTGRES_URL),
                        help="run on a scratch PostgreSQL database on this server instead of SQLite")
    return parser.parse_args()


@contextlib.contextmanager
def scratch_database(postgres: str | None) -> Iterator[str]:
    """Yield the URL of a scratch database: PostgreSQL on the server given, else an SQLite file."""
    with (scratch_postgres(postgres) if postgres else scratch_sqlite()) as url:
        yield url


def open_task(instance_id: int, element_id: str) -> UserTask:
    """Return the instance's open task at an element."""
    return db.session.execute(select(UserTask).where(UserTask.instance_id == instance_id,
                                                     UserTask.element_id == element_id)).scalar_one()


def history_length(instance_id: int) -> int:
    """Return how many events the instance's history holds."""
    return int(db.session.execute(select(func.count()).where(HistoryEvent.instance_id == instance_id)).scalar_one())


def prepare(app: Flask) -> None:
    """Deploy the incident flow and create the demo people and service desk."""
    runtime = app.extensions["flowdesk"]
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
        deploy_diagram(runtime, INCIDENT.read_bytes(), INCIDENT.name, "olga")
        create_demo_people()
        create_demo_service_desk()
        db.session.remove()


def long_incident(app: Flask, steps: int) -> int:
    """Log rita's incident and send it back to the service desk until its history holds `steps` events."""
    runtime: Runtime = app.extensions["flowdesk"]
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
        ticket = log_ticket(runtime, kind="incident", title="Printer jams", description="Every page jams.",
                            requester="rita", category_id=None, ci_id=None, impact="medium", urgency="medium",
                            actor=actor_for(require_user("sam")), channel="agent")
        instance_id = int(ticket.instance_id or 0)
        while history_length(instance_id) < steps:
            task = open_task(instance_id, "classify")
            claim_task(runtime, task.id, "sam")
            complete_task(runtime, task.id, "sam", {"impact": "medium", "urgency": "medium"})
            task = open_task(instance_id, "take_or_pass")
            complete_task(runtime, task.id, task.assignee or "sam", {"decision": "return", "reason": "Not ours."})
        db.session.remove()
    return instance_id


def page_kib(app: Flask, path: str) -> float:
    """Return the size of the answer to a GET, signed in as Audrey, in KiB."""
    client = app.test_client()
    client.post("/login", data={"login": "audrey", "password": DEMO_PASSWORD})
    return len(client.get(path).get_data()) / 1024


def server_ms(app: Flask, path: str, loads: int, headers: dict[str, str] | None = None) -> list[float]:
    """Return the milliseconds the app takes to answer a GET, signed in as Audrey, `loads` times after one warm-up."""
    client = app.test_client()
    client.post("/login", data={"login": "audrey", "password": DEMO_PASSWORD})
    times = []
    for _ in range(loads + 1):
        started = time.perf_counter()
        response = client.get(path, headers=headers or {})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return times[1:]


def api_headers(app: Flask) -> dict[str, str]:
    """Return Audrey's bearer token header."""
    from app.organisation.policies import system_actor
    from app.organisation.tokens import create_token

    with app.app_context():
        token = create_token(app.extensions["flowdesk"], system_actor(), "audrey", "bench")
    return {"Authorization": f"Bearer {token}"}


def page_value(page: Any, expression: str) -> float:
    """Wait (up to 30 s) until a number the page's script sets is there, and return it."""
    for _ in range(3000):
        value = page.evaluate(expression)
        if value is not None:
            return float(value)
        page.wait_for_timeout(10)
    raise TimeoutError(f"{expression} was never set")


def measure_browser(base_url: str, cases: dict[str, tuple[int, Figures]], loads: int) -> None:
    """Measure each case's page in Chromium `loads` times after one warm-up, taking turns between the cases."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page: Any = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}).new_page()
        page.goto("/login")
        page.fill("#login", "audrey")
        page.fill("#password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        for load in range(loads + 1):
            for instance_id, figures in cases.values():
                page.goto(f"/instances/{instance_id}/replay")
                shown = page_value(page, "window.flowdeskReplayReadyAt")
                own = shown - float(page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd"))
                page.wait_for_selector(".replay-steps tr.current", state="attached")
                listed = float(page.evaluate("performance.now()"))
                page.evaluate(STEP_TIMER)
                page.keyboard.press("End")
                step = page_value(page, "window.flowdeskStepMs")
                position = page.text_content("[data-testid=position]") or ""
                assert str(figures.events) in position.split()[1], position  # "Step 508 of 508"
                if load:
                    for name, value in (("open", shown), ("own", own), ("listed", listed), ("last", step)):
                        figures.series.setdefault(name, []).append(value)
        browser.close()


def main() -> None:
    """Build the long and the short case, then measure each on the server, the API, and in Chromium."""
    arguments = parse_args()
    before = os.getloadavg()
    with scratch_database(arguments.postgres) as url:
        app = migrated_app(url, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000", SECRET_KEY=secrets.token_hex(32),
                           WTF_CSRF_ENABLED=False)  # the test client signs in without a form
        prepare(app)
        cases: dict[str, tuple[int, Figures]] = {}
        for name, steps in (("long", arguments.steps), ("short", arguments.baseline_steps)):
            instance_id = long_incident(app, steps)
            with app.app_context():
                cases[name] = (instance_id, Figures(history_length(instance_id)))
        headers = api_headers(app)
        for instance_id, figures in cases.values():
            figures.kib = page_kib(app, f"/instances/{instance_id}/replay")
            figures.series["page"] = server_ms(app, f"/instances/{instance_id}/replay", arguments.loads)
            figures.series["api"] = server_ms(app, f"/api/v1/instances/{instance_id}/replay", arguments.loads,
                                              headers)
        with served(app) as base_url:
            measure_browser(base_url, cases, arguments.loads)
    after = os.getloadavg()
    report(arguments, cases, before, after)


SERIES = (("page", "replay page, server answer"),
          ("api", "replay API, server answer"),
          ("open", "replay page in Chromium, navigation to the first step shown (diagram drawn, panels filled)"),
          ("own", "  of which the browser's own part (page's last byte to the first step shown)"),
          ("listed", "  then the table of all steps in place below (at most; polled)"),
          ("last", "step to the last step in Chromium (End key to the last step shown)"))


def report(arguments: argparse.Namespace, cases: dict[str, tuple[int, Figures]], before: tuple[float, ...],
           after: tuple[float, ...]) -> None:
    """Print each series for both cases, the ratio of their medians, and the load."""
    long, short = cases["long"][1], cases["short"][1]
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in before)} before, "
          f"{' '.join(f'{x:.2f}' for x in after)} after")
    print(f"database: {'PostgreSQL' if arguments.postgres else 'SQLite'}; long case: {long.events} history events, "
          f"page {long.kib:.0f} KiB; short case: {short.events} events, page {short.kib:.0f} KiB; "
          f"{arguments.loads} loads of each (target {TARGET_MS} ms for the long case)")
    for key, name in SERIES:
        first, second = long.series[key], short.series[key]
        print(f"{name}:\n    long: median {statistics.median(first):.0f} ms, worst {max(first):.0f} ms; "
              f"short: median {statistics.median(second):.0f} ms, worst {max(second):.0f} ms; "
              f"long/short {statistics.median(first) / statistics.median(second):.2f}")


if __name__ == "__main__":
    main()
