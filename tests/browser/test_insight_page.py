"""A process owner reads the insight of a version in the browser: the heatmap drawn on the diagram with the counts
on elements and flows, in English and Chinese, on a wide screen and a phone."""
import secrets
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.extensions import db
from app.workflow.deployment import deploy_diagram
from engine.clock import FixedClock
from tests.browser.conftest import demo_app, serve
from tests.insight.conftest import DAY_ONE, Cases

DIAGRAM = Path(__file__).parents[1] / "diagrams" / "reopen_loop_drawn.bpmn"
SHOTS = Path("/work/helpers/shots/i14-insight")
PAGE = "/processes/ticket/insight?from=2030-03-01&to=2030-03-31"


def drive_cases(app: Any) -> None:
    """Run twelve real cases of the drawn loop on a test clock: every third is re-opened once, the last two wait."""
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        clock, runtime.clock = runtime.clock, FixedClock(DAY_ONE)
        deploy_diagram(runtime, DIAGRAM.read_bytes(), DIAGRAM.name, "olga")
        cases = Cases(runtime)
        for number in range(12):
            instance_id = cases.start(f"LOOP-{number}", DAY_ONE + timedelta(days=number % 5, hours=number))
            if number >= 10:
                continue
            cases.resolve(instance_id, 5 + number, 30 + 10 * number)
            if number % 3 == 0:
                cases.confirm(instance_id, 1, 20, reopen=True)
                cases.resolve(instance_id, 3, 25)
            cases.confirm(instance_id, None, 60 + number, reopen=False)
        assert cases.counted() == 12  # what the scheduler's insight pass does after the steps
        runtime.clock = clock
        db.session.remove()


@pytest.fixture(scope="module")
def insight_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """Serve the demo FlowDesk with twelve cases of the drawn loop; yield its base URL."""
    app = demo_app(tmp_path_factory.mktemp("insight"), sqlite_template, secrets.token_hex(32))
    drive_cases(app)
    yield from serve(app)


@pytest.fixture
def live_server(insight_server: str) -> str:
    """The page_as fixture's server: the one with the cases."""
    return insight_server


def keep_shot(path: Path, name: str) -> None:
    """Copy a screenshot to the helpers' shots folder."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / f"{name}.png")


@pytest.mark.parametrize("language, width", [("en", 1280), ("zh_CN", 1280), ("en", 390), ("zh_CN", 390)])
def test_process_owner_sees_the_heatmap_on_the_diagram(page_as, screenshot, language: str, width: int) -> None:
    page = page_as("olga", width=width)
    if language != "en":
        page.goto("/")
        with page.expect_navigation():
            page.select_option("#language", language)
    assert page.goto(PAGE).status == 200
    page.wait_for_selector("#insight-diagram.diagram-drawn")
    badges = page.locator("#insight-diagram .insight-count")
    assert badges.count() >= 10  # every element and flow with a count carries it
    assert page.locator("#insight-diagram .djs-element[data-element-id='resolve']").get_attribute("class").count(
        "load-5") == 1  # the busiest task is the hottest
    assert page.locator("#insight-diagram .djs-element[data-element-id='f_reopen'] ").count() == 1
    keep_shot(screenshot(page, f"insight-{language}-{width}"), f"insight-{language}-{width}")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_process_owner_opens_the_insight_from_the_process_page(page_as, screenshot, language: str) -> None:
    page = page_as("olga")
    if language != "en":
        page.goto("/")
        with page.expect_navigation():
            page.select_option("#language", language)
    assert page.goto("/processes/ticket").status == 200
    keep_shot(screenshot(page, f"process-page-{language}-1280"), f"process-page-{language}-1280")
    with page.expect_navigation():
        page.get_by_test_id("process-insight").click()
    assert page.url.endswith("/processes/ticket/insight")
    assert page.locator("[data-testid=insight-filters]").count() == 1
