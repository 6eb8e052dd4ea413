"""An auditor steps through an escalated incident on its diagram and verifies it, in English and Chinese, wide and
on a phone; the requester replays her own with only what her ticket shows her (screenshots in tests/artifacts/, and
under FLOWDESK_SHOTS when set)."""
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from app import create_app
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.servicedesk.tickets.notes import add_note
from engine.clock import FixedClock
from tests.browser.conftest import fill_demo, serve
from tests.incident.conftest import MONDAY_10, Desk

RESPONSE_MISSED = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 15:00 in Shanghai
THURSDAY_10 = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # the resolution target: escalated to the duty managers
WIDEST = """() => [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right >
  document.documentElement.clientWidth + 1).slice(0, 8).map((e) => e.tagName + "." + e.className)"""


def escalate_an_incident(app: Any, clock: FixedClock) -> dict[str, Any]:
    """Log rita's incident, let its response target pass, work it late, and let the resolution target pass."""
    with app.app_context():
        fill_demo(app)
        runtime = app.extensions["flowdesk"]
        desk = Desk(runtime, clock)
        desk.log(title="Printer on floor 3 prints blank pages", description="Since the toner change.")
        desk.at(RESPONSE_MISSED)
        clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
        add_note(runtime, actor_for(require_user("sam")), desk.number, "Toner cartridge ordered.", "internal")
        desk.classify()
        desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")
        desk.at(THURSDAY_10)
        facts = {"number": desk.number, "instance_id": desk.ticket.instance_id}
        db.session.remove()
    return facts


@pytest.fixture(scope="module")
def replay_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[tuple[str, dict]]:
    """Serve a FlowDesk whose clock stands after an incident's escalation; yield its URL and the incident."""
    path = tmp_path_factory.mktemp("replay") / "flowdesk.sqlite3"
    shutil.copy(sqlite_template, path)
    clock = FixedClock(MONDAY_10)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "SECRET_KEY": secrets.token_hex(32)}, clock=clock)
    facts = escalate_an_incident(app, clock)
    for url in serve(app):
        yield url, facts


@pytest.fixture
def live_server(replay_server: tuple[str, dict]) -> str:
    """The replay server, for the page_as fixture of tests/browser/conftest.py."""
    return replay_server[0]


@pytest.fixture
def facts(replay_server: tuple[str, dict]) -> dict[str, Any]:
    """The escalated incident: its ticket number and instance id."""
    return replay_server[1]


def shoot(page: Any, screenshot: Any, name: str) -> None:
    """Save a screenshot under tests/artifacts/ and, when FLOWDESK_SHOTS names a folder, there too with one of
    the first screen alone."""
    path = screenshot(page, name)
    folder = os.environ.get("FLOWDESK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(Path(folder) / f"{name}-screen.png"))


def position(page: Any) -> tuple[int, int]:
    """Return the step shown and the number of steps, read from the controls."""
    numbers = [int(found) for found in re.findall(r"\d+", page.get_by_test_id("position").inner_text())]
    return numbers[0], numbers[1]


def step_to(page: Any, kind_words: str) -> None:
    """Press → until the step shown is of a kind (in the reader's words)."""
    for _ in range(position(page)[1]):
        if page.locator('[data-field="kind_words"]').inner_text() == kind_words:
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"no step '{kind_words}'")


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("zh_CN", 1280), ("en", 390), ("zh_CN", 390)])
def test_auditor_steps_through_an_escalated_incident_and_verifies_it(page_as, screenshot, facts, language,
                                                                    width) -> None:
    page = page_as("audrey", width=width)
    if language == "zh_CN":
        with page.expect_navigation():
            page.select_option("#language", "zh_CN")
    page.goto(f"/tickets/{facts['number']}")
    expect(page.get_by_test_id("replay-link")).to_be_visible()
    shoot(page, screenshot, f"replay-link-ticket-{language}-{width}")
    page.goto(f"/instances/{facts['instance_id']}")
    shoot(page, screenshot, f"replay-link-instance-{language}-{width}")
    page.get_by_test_id("replay-link").click()
    page.wait_for_url(re.compile(r"/replay$"))
    expect(page.locator("#diagram.diagram-drawn")).to_be_visible()
    assert position(page)[0] == 1
    page.locator("body").press("End")
    shown, count = position(page)
    assert shown == count > 20
    assert page.locator("#diagram .djs-element.active[data-element-id=duty_resolve]").count() == 1
    page.locator("body").press("Home")
    step_to(page, "Timer went off" if language == "en" else "定时触发")
    assert page.locator('[data-testid=panel-timers] [data-empty="timers"]').is_visible()
    sla = page.locator('[data-field="sla"]').inner_text()
    assert ("Target missed" if language == "en" else "已超出目标") in sla
    assert page.locator("#diagram .djs-element.current[data-element-id=response_breached_classify]").count() == 1
    page.keyboard.press("ArrowRight")
    tokens = page.locator('[data-field="tokens"]').inner_text()  # the work stayed where it was
    assert tokens == ("Classify the incident" if language == "en" else "分类事件")
    page.get_by_role("button", name="Verify this case" if language == "en" else "校验此案例").click()
    expect(page.get_by_test_id("verify-result")).to_have_class("ok")
    assert page.evaluate(WIDEST) == []
    shoot(page, screenshot, f"replay-escalated-{language}-{width}")


def test_play_moves_on_by_itself_and_the_slider_jumps(page_as, facts) -> None:
    page = page_as("audrey")
    page.goto(f"/instances/{facts['instance_id']}/replay")
    expect(page.locator("#diagram.diagram-drawn")).to_be_visible()
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_test_id("position")).to_contain_text("Step 2 of")
    page.get_by_role("button", name="Pause").click()
    page.locator("#replay-slider").fill("5")
    assert position(page)[0] == 5
    assert page.locator(".replay-steps tr.current").get_attribute("data-index") == "4"
    page.locator('.replay-steps tr[data-index="2"] td').nth(2).click()  # the script put the table in place
    assert position(page)[0] == 3


def test_without_script_the_page_lists_every_step(browser, live_server, facts) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/login")
    page.fill("#login", "audrey")
    page.fill("#password", "flowdesk-demo")
    with page.expect_navigation():
        page.click("form:has(#login) button[type=submit]")  # the language form's button shows without script
    page.goto(f"/instances/{facts['instance_id']}/replay")
    rows = page.locator(".replay-steps tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() == int(page.locator("#replay-slider").get_attribute("max") or 0) > 20
    assert not page.get_by_test_id("panel-who").is_visible()  # the script fills the panels; none stand empty
    context.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_requester_replays_her_incident_from_her_ticket_without_staff_details(page_as, screenshot, facts,
                                                                            language) -> None:
    page = page_as("rita", width=390)
    if language == "zh_CN":
        with page.expect_navigation():
            page.select_option("#language", "zh_CN")
    page.goto(f"/tickets/{facts['number']}")
    shoot(page, screenshot, f"replay-link-requester-ticket-{language}-390")
    page.get_by_test_id("replay-link").click()
    page.wait_for_url(re.compile(r"/replay$"))
    expect(page.locator("#diagram.diagram-drawn")).to_be_visible()
    assert page.get_by_test_id("requester-view").is_visible()
    assert page.get_by_test_id("panel-sla").count() == 0
    assert "Toner cartridge ordered." not in page.content()
    page.locator("body").press("End")
    assert page.evaluate(WIDEST) == []
    shoot(page, screenshot, f"replay-requester-{language}-390")
