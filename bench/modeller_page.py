"""Measure how long the modeller page takes to become interactive with incident.bpmn in Debian's Chromium.

Serves FlowDesk with the demo people and incident.bpmn on a scratch SQLite file, signs Olga (process owner) in,
and opens /processes/incident/model: the figure is the time from the start of the navigation until the page's
script has drawn the diagram and enabled its buttons (window.flowdeskModellerReadyAt, set by the bundle). The
first load runs with an empty cache, the others with the bundle cached, as for a person who comes back.
Prints figures with the machine's load; never fails on speed.

    .venv/bin/python bench/modeller_page.py [--loads 10]
"""
import argparse
import contextlib
import io
import os
import secrets
import statistics
from pathlib import Path
from typing import Any

from flask import Flask
from scratch import migrated_app, scratch_sqlite, served

from app.demo import create_demo_people
from app.extensions import db
from app.workflow.deployment import deploy_diagram

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
INCIDENT = Path(__file__).parents[1] / "processes" / "incident.bpmn"
TARGET_MS = 1500


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=10, help="page loads with a warm cache (default 10)")
    return parser.parse_args()


def demo_app(url: str) -> Flask:
    """Build a FlowDesk with the demo people and incident.bpmn deployed by Olga."""
    app = migrated_app(url, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000", SECRET_KEY=secrets.token_hex(32))
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
        deploy_diagram(app.extensions["flowdesk"], INCIDENT.read_bytes(), INCIDENT.name, "olga")
        create_demo_people()
        db.session.remove()
    return app


def signed_in_page(browser: Any, base_url: str) -> Any:
    """Open a page in a fresh context (empty cache) with Olga signed in."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/login")
    page.fill("#login", "olga")
    page.fill("#password", "flowdesk-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def time_to_interactive_ms(page: Any) -> float:
    """Open the modeller on incident.bpmn and return the milliseconds until it is ready to draw in."""
    page.goto("/processes/incident/model")
    page.wait_for_selector("#modeller.modeller-ready")
    return float(page.evaluate("window.flowdeskModellerReadyAt"))


def main() -> None:
    """Serve FlowDesk, load the modeller page cold once and warm --loads times, and print the figures."""
    from playwright.sync_api import sync_playwright

    loads = parse_args().loads
    with scratch_sqlite() as url, served(demo_app(url)) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = signed_in_page(browser, base_url)
        cold = time_to_interactive_ms(page)
        warm = [time_to_interactive_ms(page) for _ in range(loads)]
        browser.close()
    one, five, fifteen = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {one:.2f} {five:.2f} {fifteen:.2f}")
    print(f"modeller with incident.bpmn interactive: first load (empty cache) {cold:.0f} ms; "
          f"cached bundle: median {statistics.median(warm):.0f} ms, worst {max(warm):.0f} ms over {loads} loads "
          f"(target {TARGET_MS} ms)")


if __name__ == "__main__":
    main()
