"""A manager reads her dashboard in the browser: KPI cards with their definitions, charts drawn by ECharts under
the Content-Security-Policy, a drill-down to the tickets behind a number, in English and Chinese."""
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.extensions import db
from app.reports.rollup import catch_up_all
from tests.browser.conftest import demo_app, serve
from tests.reports.conftest import store_hand_checked

SHOTS = Path("/work/helpers/shots/i16-reports")
PAGE = "/reports?from=2026-11-02&to=2026-11-06"


@pytest.fixture(scope="module")
def report_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """Serve the demo FlowDesk with the hand-checked tickets counted into the roll-up; yield its base URL."""
    app = demo_app(tmp_path_factory.mktemp("reports"), sqlite_template, secrets.token_hex(32))
    with app.app_context():
        store_hand_checked()
        catch_up_all()
        db.session.remove()
    yield from serve(app)


@pytest.fixture
def live_server(report_server: str) -> str:
    """The page_as fixture's server: the one with the tickets."""
    return report_server


def keep_shot(path: Path, name: str) -> None:
    """Copy a screenshot to the helpers' shots folder, when there is one."""
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS / f"{name}.png")


def test_manager_reads_her_dashboard_and_the_tickets_behind_a_number(page_as, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("mona")
    home = page.goto("/")
    assert home is not None and home.status == 200
    assert page.locator("[data-testid=kpi-cards] .kpi-card").count() == 21  # her home is her dashboard now
    assert page.goto(PAGE).status == 200
    card = page.locator(".kpi-card[data-kpi=volume_in]")
    assert card.locator("strong").inner_text() == "6"
    assert "Incidents and requests opened in the period." in card.inner_text()
    assert page.locator(".kpi-card[data-kpi=change_success] strong").inner_text() == "no data yet"
    page.wait_for_selector("#chart-volume svg")
    page.wait_for_selector("#chart-sla svg")
    keep_shot(screenshot(page, "report-dashboard-en"), "dashboard-en-1280")
    with page.expect_navigation():
        card.locator("a").click()
    assert sorted(page.locator("[data-testid=drill-down] tbody th").all_inner_texts()) == [
        "INC-1", "INC-2", "INC-3", "INC-4", "INC-8", "REQ-5"]
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language", "zh_CN")
    page.goto(PAGE)
    page.wait_for_selector("#chart-volume svg")
    assert "期间内新建的事件和请求。" in page.locator(".kpi-card[data-kpi=volume_in]").inner_text()
    keep_shot(screenshot(page, "report-dashboard-zh"), "dashboard-zh-1280")
