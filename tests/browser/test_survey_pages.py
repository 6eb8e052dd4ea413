"""The satisfaction survey in the browser: the administrator's rules page with the decisions it recorded, and the
requester answering from the score link in her mail (a low score needs a comment). English and Chinese."""
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import demo_app, serve

LINK = re.compile(r"/mail/link/[A-Za-z0-9_.\-]+\?score=2")


@pytest.fixture(scope="module")
def survey_app(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Any:
    """The demo with a rule surveying every ticket at once, and two of rita's incidents resolved and surveyed."""
    from app.organisation.policies import system_actor
    from app.servicedesk.surveys.rules import save_rule
    from app.workflow.timers import fire_due_timers
    from tests.incident.conftest import Desk

    app = demo_app(tmp_path_factory.mktemp("surveys"), sqlite_template, secrets.token_hex(32))
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        save_rule(system_actor("adam"), runtime.clock, "default", True, {
            "sample_percent": 100, "delay_working_days": 0, "min_days_between": 0, "remind_after_days": 3,
            "expire_after_days": 10, "low_score": 2, "comment_below": 3, "recovery_hours": 24})
        desk = Desk(runtime, runtime.clock)
        for title in ("Printer jams", "Scanner jams"):
            desk.log(title=title)
            desk.classify()
            desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")
            desk.work("resolve", desk.task("resolve").assignee, outcome="resolved", resolution="Cleared it.")
        fire_due_timers(runtime)
    return app


@pytest.fixture(scope="module")
def live_server(survey_app: Any) -> Iterator[str]:
    """Serve the survey demo; yield its base URL."""
    yield from serve(survey_app)


def score_links(app: Any) -> list[str]:
    """Return the paths of the 'score 2' links of rita's survey mails, oldest first."""
    from app.extensions import db
    from app.messaging.models import OutboxMessage

    with app.app_context():
        bodies = db.session.execute(select(OutboxMessage.body).where(
            OutboxMessage.event == "survey_requested").order_by(OutboxMessage.id)).scalars().all()
        db.session.remove()
    links = [match.group(0) for body in bodies for match in [LINK.search(body)] if match]
    assert len(links) == 2, bodies
    return links


def test_requester_answers_from_the_mail_and_the_admin_reads_the_decisions(  # type: ignore[no-untyped-def]
        survey_app, page_as, screenshot) -> None:
    first, second = score_links(survey_app)
    page = page_as("rita")
    page.goto(first)
    expect(page.locator("input[name=score][value='2']")).to_be_checked()
    page.click("[data-testid=survey-form] button[type=submit]")
    expect(page.locator("[data-testid=survey] .field-error")).to_contain_text("a score below 3 needs one")
    screenshot(page, "survey-answer-en")
    page.fill("#comment", "It took three calls to get through.")
    page.click("[data-testid=survey-form] button[type=submit]")
    expect(page.locator("[data-testid=survey] h1")).to_have_text("Thank you for your answer.")
    page.goto(second)
    with page.expect_navigation():
        page.select_option("#language", "zh_CN")
    page.click("[data-testid=survey-form] button[type=submit]")
    expect(page.locator("[data-testid=survey] .field-error")).to_contain_text("评分低于 3 时必须填写")
    screenshot(page, "survey-answer-zh")
    admin = page_as("adam")
    admin.goto("/survey-rules")
    expect(admin.locator("[data-testid=survey-decisions]")).to_contain_text("Answered")
    expect(admin.locator("[data-testid=survey-decisions]")).to_contain_text("It took three calls to get through.")
    screenshot(admin, "survey-rules-en")
    with admin.expect_navigation():
        admin.select_option("#language", "zh_CN")
    expect(admin.locator("h1")).to_have_text("满意度调查")
    screenshot(admin, "survey-rules-zh")
