"""The people's pages in a real browser: a manager finds an escalation from her home page, an approver decides a
service request with its cost in view, and the main pages pass axe-core without serious or critical violations,
in English and Chinese, at 1280 and 390 px (screenshots in tests/artifacts/)."""
import re
import secrets
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.demo import create_demo_people, create_demo_service_desk
from app.extensions import db
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks
from engine.clock import FixedClock
from tests.browser.conftest import PROCESSES
from tests.incident.conftest import MONDAY_10, Desk

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
THURSDAY_10 = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # the resolution target of an incident logged on Monday
SIZES = (("en-GB", 1280), ("zh-CN", 390), ("zh-CN", 1280), ("en-GB", 390))
WIDEST = """() => [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right >
  document.documentElement.clientWidth + 1).slice(0, 8).map((e) => e.tagName + "." + e.className + " " +
  Math.round(e.getBoundingClientRect().right))"""
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}"""


def prepare_desk(app: Any, clock: FixedClock) -> dict[str, str]:
    """Fill the desk: an incident past its target, a major incident, a costly service request to approve."""
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        for diagram in sorted(PROCESSES.glob("*.bpmn")):
            deploy_diagram(runtime, diagram.read_bytes(), diagram.name, "olga")
        create_demo_people()
        create_demo_service_desk()
        desk = Desk(runtime, clock)
        desk.log(title="Printer on floor 3 prints blank pages", description="Since the toner change.")
        desk.classify()
        desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")
        breached = desk.number
        desk.log(title="Mail is down for everyone", description="Outlook cannot connect.", impact="high",
                 urgency="high")
        desk.classify(impact="high", urgency="high")
        major, major_task = desk.number, desk.task("approve_major").id
        desk.log(title="W" * 200, description="x" * 20_000)  # the longest unbroken title and description allowed
        long_text = desk.number
        desk.at(THURSDAY_10)
        for _run in range(2):  # one for each run of the approver's journey, which decides it
            request = start_instance(runtime, "request", {"item": "hardware", "needed_by": "2026-12-14",
                                                          "details": "A laptop for the new analyst"}, actor="rita")
            (review,) = list_tasks(user="sam", instance_id=request)
            claim_task(runtime, review.id, "sam")
            complete_task(runtime, review.id, "sam", {"cost": "12800", "review_note": "Standard analyst laptop"})
        db.session.remove()
    return {"breached": breached, "major": major, "major_task": major_task, "long_text": long_text}


def choose_chinese(page: Any) -> None:
    """Choose 简体中文 in the top bar's language menu and wait for the page it sends back."""
    with page.expect_navigation():
        page.select_option("#language", "zh_CN")


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[tuple[str, dict]]:
    """Serve a FlowDesk whose clock stands on Thursday 10:00 of a week with work for managers; yield URL, facts."""
    path = tmp_path_factory.mktemp("people") / "flowdesk.sqlite3"
    shutil.copy(sqlite_template, path)
    clock = FixedClock(MONDAY_10)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "SECRET_KEY": secrets.token_hex(32)}, clock=clock)
    facts = prepare_desk(app, clock)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", facts
    server.shutdown()


@pytest.fixture
def live_server(desk_server: tuple[str, dict]) -> str:
    """The desk server, for the page_as fixture of tests/browser/conftest.py."""
    return desk_server[0]


@pytest.fixture
def facts(desk_server: tuple[str, dict]) -> dict[str, str]:
    """What prepare_desk made: ticket numbers and the major incident's approval task."""
    return desk_server[1]


@pytest.mark.parametrize(("locale", "width"), SIZES[:2])
def test_manager_finds_the_escalation_from_her_home_page(page_as, screenshot, facts, locale, width) -> None:
    page = page_as("mona", locale=locale, width=width)
    language = "zh" if locale == "zh-CN" else "en"
    if language == "zh":
        choose_chinese(page)
    page.goto("/")
    escalations = page.get_by_test_id("escalations")
    assert facts["breached"] in escalations.inner_text()
    screenshot(page, f"home-manager-{language}-{width}")
    escalations.get_by_role("link", name=re.compile(facts["breached"])).click()
    page.wait_for_url(re.compile(rf"/tickets/{facts['breached']}$"))
    assert "Printer on floor 3" in page.inner_text("h1")


@pytest.mark.parametrize(("locale", "width"), SIZES[:2])
def test_approver_decides_a_service_request_with_its_cost_in_view(page_as, screenshot, locale, width) -> None:
    page = page_as("mona", locale=locale, width=width)
    language = "zh" if locale == "zh-CN" else "en"
    if language == "zh":
        choose_chinese(page)
    page.goto("/inbox/queue")
    page.get_by_role("link", name="审批请求" if language == "zh" else "Approve the request").first.click()
    page.wait_for_url(re.compile(r"/tasks/"))
    record = page.get_by_test_id("task-record")
    assert page.get_by_test_id("record-cost").inner_text() == "12800"
    assert page.get_by_test_id("record-item").inner_text() == ("新硬件" if language == "zh" else "New hardware")
    assert "Standard analyst laptop" in record.inner_text()
    screenshot(page, f"task-approve-request-{language}-{width}")
    page.check("#approved")
    page.fill("#approval_comment", "Approved within this year's budget")
    page.get_by_role("button", name="完成任务" if language == "zh" else "Complete task").click()
    page.wait_for_load_state()
    assert ("任务已完成" if language == "zh" else "Task completed") in page.inner_text("main")


def test_manager_sees_the_major_incident_in_chinese_with_no_decision_made(page_as, screenshot, facts) -> None:
    page = page_as("mona", locale="zh-CN", width=390)
    choose_chinese(page)
    page.goto(f"/tasks/{facts['major_task']}")
    assert page.inner_text("h1") == "审批重大事件"
    assert page.input_value("#approval") == ""
    assert page.get_by_test_id("record-title").inner_text() == "Mail is down for everyone"
    screenshot(page, "task-approve-major-zh-390")


MAIN_PAGES = {
    "mona": ["/", "/inbox", "/inbox/queue", "/tickets", "/knowledge", "/cmdb"],
    "rita": ["/portal", "/portal/start/request", "/requests", "/tickets/new"],
    "adam": ["/admin/users", "/admin/categories", "/admin/service-levels"],
}


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `make test` (npm ci in tests/browser)")
@pytest.mark.parametrize("login", sorted(MAIN_PAGES))
@pytest.mark.parametrize(("locale", "width"), [("en-GB", 1280), ("zh-CN", 390)])
def test_main_pages_have_no_serious_accessibility_violations(page_as, facts, login, locale, width) -> None:
    page = page_as(login, locale=locale, width=width)
    page.context.add_init_script(path=str(AXE))  # through the browser's tools: the page's CSP does not apply
    if locale == "zh-CN":
        choose_chinese(page)
    paths = [*MAIN_PAGES[login], *([f"/tasks/{facts['major_task']}", f"/tickets/{facts['major']}"]
                                   if login == "mona" else []),
             *([f"/tickets/{facts['breached']}"] if login == "rita" else [])]  # her ticket as a conversation
    found = []
    for path in paths:
        page.goto(path)
        found += [f"{path}: {violation}" for violation in page.evaluate(RUN_AXE)]
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(found)


@pytest.mark.parametrize("width", [1280, 390])
def test_long_unbroken_text_stays_within_the_screen(page_as, screenshot, facts, width) -> None:
    page = page_as("mona", width=width)
    for path in ("/", "/tickets", f"/tickets/{facts['long_text']}", "/inbox/queue"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            screenshot(page, f"too-wide-{width}")
            print(page.evaluate(WIDEST))
        assert overflow <= 0, f"{path} is {overflow} px wider than the {width} px screen"
    screenshot(page, f"long-title-queue-en-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_status_words_stay_on_one_line_beside_a_long_title_in_chinese(page_as, screenshot, width) -> None:
    page = page_as("mona", locale="zh-CN", width=width)
    choose_chinese(page)
    page.goto("/tickets")
    heights = page.evaluate("""() => [...document.querySelectorAll('.ticket-status')].map((e) =>
      [e.textContent.trim(), e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)])""")
    screenshot(page, f"ticket-list-zh-{width}")
    broken = [words for words, lines in heights if lines > 1.5]
    assert heights and not broken, f"status words broken over several lines: {broken}"
