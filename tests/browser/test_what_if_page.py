"""A process owner replays November's incidents through a draft with a new task, in the browser: she asks for the
what-if, its page waits for the scheduler and shows the outcome by itself once the scheduler ran it (the calibration,
what would change, both heatmaps drawn side by side, the assumption the new task needed), then her own value for the
assumption, in English and Chinese at 1280 wide."""
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.extensions import db
from engine.clock import FixedClock
from tests.browser.conftest import demo_app, serve
from tests.whatif.conftest import AFTER, drive_month
from tests.whatif.test_drafts import NEW_TASK

SHOTS = Path("/work/shots/i14-jobs")
PAGE = "/processes/incident/what-if?from=2026-11-01&to=2026-11-30"
PLAN = [("straight", "medium"), ("reopened", "low"), ("major", "high"), ("auto_closed", "medium"),
        ("returned", "high"), ("straight", "high")]


def draft_with_a_review(incident: bytes) -> bytes:
    """Return the incident flow with a peer review between recording the resolution and the requester's answer."""
    text = incident.decode().replace('sourceRef="record_resolution" targetRef="confirm_fix"/>',
                                     'sourceRef="record_resolution" targetRef="peer_review"/>' + NEW_TASK)
    return text.replace("<bpmn:incoming>f_recorded_resolution</bpmn:incoming>",
                        "<bpmn:incoming>f_reviewed</bpmn:incoming>", 1).encode()


def prepare(app: Any) -> None:
    """Drive six November incidents and save Olga's draft, on a clock that then stays in December."""
    from app.organisation.accounts import actor_for
    from app.organisation.users import require_user
    from app.workflow.studio.drafts import save_draft
    from tests.whatif.conftest import INCIDENT

    with app.app_context():
        runtime = app.extensions["flowdesk"]
        runtime.clock = FixedClock(AFTER)
        drive_month(runtime, runtime.clock, PLAN)
        runtime.clock.set(AFTER)
        save_draft(runtime, actor_for(require_user("olga")), "incident", draft_with_a_review(INCIDENT), None)
        db.session.remove()


@pytest.fixture(scope="module")
def what_if_app(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Any:
    """The demo FlowDesk with November's incidents and a draft."""
    app = demo_app(tmp_path_factory.mktemp("what-if"), sqlite_template, secrets.token_hex(32))
    prepare(app)
    return app


@pytest.fixture(scope="module")
def what_if_server(what_if_app: Any) -> Iterator[str]:
    """Serve the app with the month and the draft; yield its base URL."""
    yield from serve(what_if_app)


@pytest.fixture
def live_server(what_if_server: str) -> str:
    """The page_as fixture's server: the one with the month and the draft."""
    return what_if_server


def run_the_scheduler(app: Any, page: Any) -> None:
    """Let the scheduler's what-if pass run the run the page waits for, and wait until the page shows it done."""
    from app.servicedesk.whatif.jobs import run_due_what_ifs

    page.wait_for_selector("[data-testid=what-if-status][data-status=queued] [data-testid=what-if-progress]")
    with app.app_context():
        run_due_what_ifs(app.extensions["flowdesk"])
        db.session.remove()
    page.wait_for_selector("[data-testid=what-if-status][data-status=done]")  # the page polled and showed itself again


def keep_shot(path: Path, name: str) -> None:
    """Copy a screenshot to the helpers' shots folder."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / f"{name}.png")


def test_process_owner_replays_the_month_through_her_draft_and_sets_an_assumption(
        page_as, screenshot, what_if_app) -> None:  # type: ignore[no-untyped-def]
    for language, says_median, says_mine in (("en", "median time of the 1 task of group managers", "set by you"),
                                             ("zh_CN", "managers 组 1 个任务用时的中位数", "由您设定")):
        page = page_as("olga")
        if language != "en":
            page.goto("/")
            with page.expect_navigation():
                page.select_option("#language", language)
        page.goto("/processes/incident/model")
        page.click("[data-testid=what-if-link]")
        assert page.goto(PAGE).status == 200
        with page.expect_navigation():
            page.click("[data-testid=what-if-run]")
        keep_shot(screenshot(page, f"what-if-waiting-{language}-1280"), f"what-if-waiting-{language}-1280")
        run_the_scheduler(what_if_app, page)
        assert "100.0%" in page.locator("[data-testid=what-if-calibration]").inner_text()
        assert page.locator("[data-testid=routed-differently]").inner_text() == "6"  # every case: each was resolved
        page.wait_for_selector("[data-heatmap=current].diagram-drawn")
        page.wait_for_selector("[data-heatmap=draft].diagram-drawn")
        assert page.locator("[data-heatmap=draft] .insight-count").count() >= 10
        said = page.locator("tr[data-assumption='duration:peer_review'] [data-testid=assumption-said]").inner_text()
        assert says_median in said
        keep_shot(screenshot(page, f"what-if-{language}-1280"), f"what-if-{language}-1280")
        page.fill("input[name='duration:peer_review']", "1.5")
        with page.expect_navigation():
            page.click("[data-testid=what-if-rerun]")
        run_the_scheduler(what_if_app, page)
        said = page.locator("tr[data-assumption='duration:peer_review'] [data-testid=assumption-said]").inner_text()
        assert says_mine in said
        page.close()
