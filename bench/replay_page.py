"""Measure the replay page of an incident with 500 or more history steps.

Serves FlowDesk with the demo people and the shipped incident flow on a scratch SQLite file, drives one incident
through returns to the service desk until its history holds --steps events, and measures, as Audrey the auditor:
the server's answer to GET /instances/<id>/replay (history read, chain recomputed, every step worked out, page
rendered), the same for GET /api/v1/instances/<id>/replay, and in Debian's Chromium the time from the start of the
navigation until the diagram is drawn with the first step marked (window.flowdeskReplayReadyAt). Prints figures
with the machine's load; never fails on speed.

    .venv/bin/python bench/replay_page.py [--steps 500] [--loads 10]
"""
import argparse
import contextlib
import io
import os
import secrets
import statistics
import time
from pathlib import Path
from typing import Any

from flask import Flask
from scratch import migrated_app, scratch_sqlite, served
from sqlalchemy import func, select

from app.demo import DEMO_PASSWORD, create_demo_people, create_demo_service_desk
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.servicedesk.tickets.records import log_ticket
from app.workflow.deployment import deploy_diagram
from app.workflow.models import HistoryEvent, UserTask
from app.workflow.tasks.actions import claim_task, complete_task

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
INCIDENT = Path(__file__).parents[1] / "processes" / "incident.bpmn"
TARGET_MS = 1000


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=500, help="history events of the case (default 500)")
    parser.add_argument("--loads", type=int, default=10, help="measured loads of each (default 10)")
    return parser.parse_args()


def open_task(instance_id: int, element_id: str) -> UserTask:
    """Return the instance's open task at an element."""
    return db.session.execute(select(UserTask).where(UserTask.instance_id == instance_id,
                                                     UserTask.element_id == element_id)).scalar_one()


def history_length(instance_id: int) -> int:
    """Return how many events the instance's history holds."""
    return int(db.session.execute(select(func.count()).where(HistoryEvent.instance_id == instance_id)).scalar_one())


def long_incident(app: Flask, steps: int) -> int:
    """Log rita's incident and send it back to the service desk until its history holds `steps` events."""
    runtime = app.extensions["flowdesk"]
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
        deploy_diagram(runtime, INCIDENT.read_bytes(), INCIDENT.name, "olga")
        create_demo_people()
        create_demo_service_desk()
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


def browser_ms(base_url: str, instance_id: int, loads: int, client: list[float]) -> list[float]:
    """Return the milliseconds until the replay page has drawn its diagram with the first step, `loads` times; add
    to `client` the part after the page's last byte arrived (the browser's own work: parse, scripts, diagram)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page: Any = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}).new_page()
        page.goto("/login")
        page.fill("#login", "audrey")
        page.fill("#password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        times = []
        for _ in range(loads + 1):
            page.goto(f"/instances/{instance_id}/replay")
            page.wait_for_selector("#diagram.diagram-drawn")
            times.append(float(page.evaluate("window.flowdeskReplayReadyAt")))
            client.append(float(page.evaluate(
                "window.flowdeskReplayReadyAt - performance.getEntriesByType('navigation')[0].responseEnd")))
        browser.close()
    del client[0]
    return times[1:]


def report(name: str, times: list[float]) -> None:
    """Print the median and worst of a series."""
    print(f"{name}: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms over {len(times)} loads "
          f"(target {TARGET_MS} ms)")


def main() -> None:
    """Build the long case, then measure the page on the server, the API, and the page in Chromium."""
    arguments = parse_args()
    with scratch_sqlite() as url:
        app = migrated_app(url, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000", SECRET_KEY=secrets.token_hex(32),
                           WTF_CSRF_ENABLED=False)  # the test client signs in without a form
        instance_id = long_incident(app, arguments.steps)
        with app.app_context():
            events = history_length(instance_id)
        size = page_kib(app, f"/instances/{instance_id}/replay")
        page = server_ms(app, f"/instances/{instance_id}/replay", arguments.loads)
        api = server_ms(app, f"/api/v1/instances/{instance_id}/replay", arguments.loads, api_headers(app))
        with served(app) as base_url:
            client: list[float] = []
            browser = browser_ms(base_url, instance_id, arguments.loads, client)
    one, five, fifteen = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {one:.2f} {five:.2f} {fifteen:.2f}")
    print(f"case: one incident with {events} history events (SQLite); the replay page is {size:.0f} KiB")
    report("replay page, server answer", page)
    report("replay API, server answer", api)
    report("replay page in Chromium, navigation to diagram drawn with the first step", browser)
    report("replay page in Chromium, last byte of the page to diagram drawn (the browser's own part)", client)


if __name__ == "__main__":
    main()
