"""Issue 16's whole journey in one browser run: a requester orders a new laptop from the portal catalogue, her line
manager approves, the service desk fulfils it (the laptop becomes a CI she owns) and the request resolves; a working
day later the scheduler's timer pass sends the survey; she answers with a low score and a comment, which opens the
service-recovery task for the group lead; the manager's dashboard then shows the CSAT figure, and its drill-down
reaches the request. Screenshots in English and Chinese."""
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import demo_app, serve
from tests.browser.test_catalogue_journey import (
    laptop_owner,
    manager_approves_by_the_signed_link,
    requester_orders_a_laptop,
    service_desk_fulfils,
)

MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, the demo calendar's zone


@pytest.fixture(scope="module")
def journey_app(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Any]:
    """The demo with its catalogue, a rule surveying every ticket a working day after it is resolved, and a test
    clock standing at a Monday morning (the scheduler's passes are run by the test, through their real code)."""
    from app.demo import create_demo_catalogue
    from app.organisation.policies import system_actor
    from app.servicedesk.surveys.rules import save_rule
    from engine.clock import FixedClock

    app = demo_app(tmp_path_factory.mktemp("journey"), sqlite_template, secrets.token_hex(32))
    runtime = app.extensions["flowdesk"]
    clock, runtime.clock = runtime.clock, FixedClock(MONDAY)
    with app.app_context():
        create_demo_catalogue()
        save_rule(system_actor("adam"), runtime.clock, "default", True, {
            "sample_percent": 100, "delay_working_days": 1, "min_days_between": 0, "remind_after_days": 3,
            "expire_after_days": 10, "low_score": 2, "comment_below": 3, "recovery_hours": 24})
    yield app
    runtime.clock = clock


@pytest.fixture(scope="module")
def live_server(journey_app: Any) -> Iterator[str]:
    """Serve the journey's demo; yield its base URL."""
    yield from serve(journey_app)


def survey_row(app: Any, number: str) -> Any:
    """Return the request's survey row (status, send moment, score), read in a fresh session."""
    from app.extensions import db
    from app.servicedesk.surveys.models import Survey
    from app.servicedesk.tickets.models import Ticket

    with app.app_context():
        row = db.session.execute(select(Survey.status, Survey.send_at, Survey.score, Ticket.status.label("ticket"))
                                 .join(Ticket, Ticket.id == Survey.ticket_id).where(Ticket.number == number)).one()
        db.session.remove()
    return row


def recovery_task(app: Any) -> Any:
    """Return the open service-recovery task (its assignee and due moment)."""
    from app.extensions import db
    from app.workflow.models import UserTask

    with app.app_context():
        row = db.session.execute(select(UserTask.assignee, UserTask.due_at).where(
            UserTask.element_id == "recover")).one()
        db.session.remove()
    return row


def test_a_laptop_from_the_catalogue_to_a_low_score_its_recovery_task_and_the_managers_csat(
        page_as, screenshot, journey_app: Any) -> None:
    from app.scheduler import reports_job, run_timer_pass

    number = requester_orders_a_laptop(page_as, screenshot)
    manager_approves_by_the_signed_link(page_as, screenshot, journey_app, number)
    service_desk_fulfils(page_as, number)
    assert laptop_owner(journey_app, "LT-2026-0042") == ("rita", "active")
    planned = survey_row(journey_app, number)
    assert (planned.ticket, planned.status) == ("closed", "scheduled")  # fulfilled: resolved and closed at once
    assert planned.send_at == datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # one working day later, same hour

    journey_app.extensions["flowdesk"].clock.set(planned.send_at)
    run_timer_pass(journey_app)  # the scheduler's timer job: the survey's delay timer fires, the mail is queued
    assert survey_row(journey_app, number).status == "sent"

    rita = page_as("rita")
    rita.goto(f"/tickets/{number}")
    expect(rita.locator("[data-testid=survey-waiting]")).to_be_visible()
    screenshot(rita, "journey-request-survey-waiting-en")
    with rita.expect_navigation():
        rita.select_option("#language", "zh_CN")
    expect(rita.locator("[data-testid=survey-waiting]")).to_contain_text("调查")
    screenshot(rita, "journey-request-survey-waiting-zh")
    with rita.expect_navigation():
        rita.select_option("#language", "en")
    rita.locator("[data-testid=survey-waiting] a").click()
    rita.check("input[name=score][value='1']")
    rita.fill("#comment", "It took two days and nobody told me the laptop was ready.")
    rita.click("[data-testid=survey-form] button[type=submit]")
    expect(rita.locator("[data-testid=survey] h1")).to_have_text("Thank you for your answer.")
    rita.goto(f"/tickets/{number}")
    expect(rita.locator("[data-testid=rating]")).to_contain_text("★☆☆☆☆")
    assert rita.locator("[data-testid=survey-waiting]").count() == 0
    screenshot(rita, "journey-request-answered-en")
    with rita.expect_navigation():
        rita.select_option("#language", "zh_CN")
    expect(rita.locator("[data-testid=rating]")).to_contain_text("★☆☆☆☆")
    screenshot(rita, "journey-request-answered-zh")

    lead, due_at = recovery_task(journey_app)
    assert lead == "sam"  # the service desk's lead: the group that fulfilled it
    # answered Tuesday 10:00 in Shanghai: 24 working hours are 7 on Tuesday, 8 on Wednesday and Thursday, 1 on Friday
    assert due_at == datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    sam = page_as("sam")
    sam.goto("/inbox")
    expect(sam.locator("main")).to_contain_text("Recover the service")
    screenshot(sam, "journey-recovery-inbox-en")

    reports_job(journey_app)  # the scheduler's reports job counts the changed tickets into the roll-up
    mona = page_as("mona")
    mona.goto("/reports?from=2026-11-23&to=2026-11-24")
    card = mona.locator(".kpi-card[data-kpi=csat]")
    expect(card.locator("strong")).to_have_text("1")  # her one answer: 1 of 5
    expect(mona.locator(".kpi-card[data-kpi=csat_response_rate] strong")).to_have_text("100 %")
    screenshot(mona, "journey-dashboard-en")
    with mona.expect_navigation():
        card.locator("a").click()
    expect(mona.locator("[data-testid=drill-down] tbody")).to_contain_text(number)
    screenshot(mona, "journey-drill-down-en")
    with mona.expect_navigation():
        mona.select_option("#language", "zh_CN")
    expect(mona.locator("[data-testid=drill-down] tbody")).to_contain_text(number)
    expect(mona.locator("[data-testid=drill-down] tbody")).to_contain_text("已关闭")  # the status in words, not "closed"
    screenshot(mona, "journey-drill-down-zh")
    olga = page_as("olga")  # the incident diagram ends at closure now, drawn cleanly in both languages
    for language in ("en", "zh_CN"):
        with olga.expect_navigation():
            olga.select_option("#language", language)
        assert olga.goto("/processes/incident/model").status == 200
        olga.wait_for_selector("#modeller.modeller-ready")
        screenshot(olga, f"journey-incident-diagram-{language}")
    adam = page_as("adam")  # the closing mail no longer asks for a rating: it points to the survey
    for language in ("en", "zh_CN"):
        adam.goto(f"/admin/mail-templates/incident_closed/{language}/preview")
        expect(adam.locator("body")).to_contain_text("survey" if language == "en" else "调查")
        screenshot(adam, f"journey-closed-mail-{language}")
