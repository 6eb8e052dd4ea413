"""The change journey of issue 15, section 8, in Chromium: sam raises a normal change for two CIs that fixes an
incident; after the CAB approves it 2 of 3 the calendar refuses its window (another change holds mail-01) and she
reads the conflict above her form and picks a free window; lee does the work order, carl's review closes the change
and resolves the incident. Screenshots of the refused window and the closed change in English and Chinese."""
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.cmdb.items import ci_named
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.servicedesk.change_calendar.collisions import ProposedWindow
from app.servicedesk.change_calendar.schedule import book_window
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import insert_ticket, log_ticket
from app.workflow.models import UserTask
from app.workflow.tasks.actions import claim_task, complete_task
from tests.browser.conftest import demo_app, serve

SHANGHAI = ZoneInfo("Asia/Shanghai")  # the demo people's zone: the forms read sam's window there
TAKEN = (datetime.now(SHANGHAI) + timedelta(days=2)).replace(hour=22, minute=0, second=0, microsecond=0)
FREE = TAKEN + timedelta(days=1)


def work(runtime: Any, ticket: Ticket, element_id: str, user: str, **values: str) -> None:
    """Complete an incident's open task, claiming it first when it is its group's."""
    task = db.session.query(UserTask).filter_by(instance_id=ticket.instance_id, element_id=element_id).one()
    who = task.assignee or user
    if task.assignee is None:
        claim_task(runtime, task.id, who)
    complete_task(runtime, task.id, who, values)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """The demo FlowDesk with a change booked on mail-01 in sam's first window, and an incident being worked on."""
    app = demo_app(tmp_path_factory.mktemp("cab-journey"), sqlite_template, secrets.token_hex(32))
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        booked = insert_ticket(runtime, {
            "kind": "change", "channel": "agent", "title": "Upgrade the mail server", "description": "Upgrade",
            "requester": "carl", "impact": "medium", "urgency": "medium", "priority": "P3",
            "priority_source": "matrix", "priority_reason": ""})
        starts_at = TAKEN.astimezone(UTC)
        book_window(booked, ProposedWindow(booked.number, starts_at, starts_at + timedelta(hours=4),
                                           frozenset({ci_named("mail-01").id}), "adam"), "carl", starts_at)  # type: ignore[union-attr]
        db.session.commit()
        incident = log_ticket(runtime, kind="incident", title="Mail to the new storage bounces",
                              description="Mail bounces since Monday.", requester="rita", category_id=None,
                              ci_id=None, impact="medium", urgency="medium", actor=actor_for(require_user("sam")),
                              channel="agent")
        work(runtime, incident, "classify", "sam", impact="medium", urgency="medium")
        work(runtime, incident, "take_or_pass", "sam", decision="accept")
        db.session.remove()
    yield from serve(app)


def speak(page: Any, language: str, then: str) -> None:
    """Switch a signed-in page to a language, then open a path."""
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language", language)
    page.goto(then)


def shoot_both(page: Any, screenshot: Any, name: str) -> None:
    """Screenshot the page in English and in Chinese (saved under /work/shots/i15-finish too), back in English."""
    path = page.url
    for language in ("en", "zh_CN"):
        speak(page, language, path)
        saved = screenshot(page, f"{name}-{language}")
        Path("/work/shots/i15-finish").mkdir(parents=True, exist_ok=True)
        Path(f"/work/shots/i15-finish/{name}-{language}.png").write_bytes(saved.read_bytes())
    speak(page, "en", path)


def open_step(page: Any, number: str, claim: bool = False) -> None:
    """Open the reader's own waiting step on the ticket (claiming a group's task)."""
    page.goto(f"/tickets/{number}")
    with page.expect_navigation():  # the button of the reader's own step (lee reads Chinese)
        page.get_by_test_id("steps").locator("a.button").first.click()
    if claim:
        with page.expect_navigation():
            page.locator("form[action$='/claim'] button").click()


def submit(page: Any) -> None:
    """Submit a task form."""
    with page.expect_navigation():
        page.locator("button.primary[type=submit]").click()


def test_a_normal_change_is_refused_a_taken_window_approved_2_of_3_done_and_reviewed(page_as, screenshot) -> None:  # type: ignore[no-untyped-def]
    sam = page_as("sam")
    sam.goto("/tickets?q=bounces")
    incident = re.search(r"INC-\d+", sam.content()).group(0)  # type: ignore[union-attr]
    sam.goto("/changes/new")
    sam.select_option("#change_type", "normal")
    sam.fill("#title", "Move the mail store to the new array")
    sam.fill("#reason", "The old array is out of support.")
    sam.fill("#owner", "sam")
    sam.fill("#owner_group", "second-line")
    sam.fill("#implementer", "lee")
    sam.fill("#planned_start", TAKEN.strftime("%Y-%m-%dT%H:%M"))
    sam.fill("#planned_end", (TAKEN + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    sam.fill("#cis", "mail-01, E-mail service")
    sam.fill("#implementation_plan", "Copy the mailboxes, switch the mount, restart.")
    sam.fill("#backout_plan", "Switch the mount back.")
    sam.fill("#links", incident)
    with sam.expect_navigation():
        sam.get_by_test_id("raise-form").locator("button.primary[type=submit]").click()
    number = re.search(r"CHG-\d+", sam.url).group(0)  # type: ignore[union-attr]
    assert "Another change on the same CI" in sam.get_by_test_id("change-schedule").inner_text()

    carl = page_as("carl")
    open_step(carl, number, claim=True)  # Assess the change
    carl.select_option("#impact", "medium")
    carl.fill("#test_plan", "Send a mail in and out; read an old mailbox.")
    carl.fill("#assessment", "Storage move with a short outage.")
    submit(carl)
    for member in ("mona", "lee"):  # 2 of the 3 members (adam, lee, mona) approve
        page = page_as(member)
        open_step(page, number)  # CAB approval
        assert "mail-01" in page.get_by_test_id("record-conflicts").inner_text()
        page.select_option("#decision", "approve")
        submit(page)

    open_step(sam, number)  # Choose another window: the calendar refused the window, so it is hers again
    conflicts = sam.get_by_test_id("record-conflicts").inner_text()
    assert "Block: Another change on the same CI · CI mail-01" in conflicts
    shoot_both(sam, screenshot, "change-window-refused")
    sam.fill("#planned_start", FREE.strftime("%Y-%m-%dT%H:%M"))
    sam.fill("#planned_end", (FREE + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    submit(sam)

    lee = page_as("lee")
    open_step(lee, number)  # Implement (work order)
    lee.fill("#actual_start", FREE.strftime("%Y-%m-%dT%H:%M"))
    lee.fill("#actual_end", (FREE + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    lee.fill("#work_note", "Moved; mail flows.")
    submit(lee)
    open_step(carl, number, claim=True)  # Post-implementation review
    carl.select_option("#outcome", "successful")
    carl.fill("#review_note", "Mail flows from the new array.")
    submit(carl)

    carl.goto(f"/tickets/{number}")
    assert "Successful" in carl.get_by_test_id("change-outcome").inner_text()
    assert "Not checked any more" in carl.get_by_test_id("change-schedule").inner_text()
    shoot_both(carl, screenshot, "change-closed")
    carl.goto(f"/tickets/{incident}")
    assert f"Fixed by change {number}" in carl.content()
    assert "Resolved" in carl.content()
