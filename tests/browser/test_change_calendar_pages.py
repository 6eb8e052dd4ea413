"""The change calendar in Chromium: the month view with booked changes, a freeze and a maintenance window, the week
and list views, a CI's timeline, the admin page refusing a bad RRULE by name, a requester told nothing; EN and ZH."""
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cmdb.items import ci_named
from app.extensions import db
from app.organisation.policies import system_actor
from app.servicedesk.change_calendar.collisions import ProposedWindow
from app.servicedesk.change_calendar.schedule import book_window
from app.servicedesk.change_calendar.settings import WindowValues, save_window
from app.servicedesk.tickets.records import insert_ticket
from tests.browser.conftest import demo_app, serve


def book(app: Any, title: str, starts_at: datetime, hours: int, ci_names: list[str], reason: str | None = None) -> None:
    """Store a change ticket and book its window on the named CIs."""
    ticket = insert_ticket(app.extensions["flowdesk"], {
        "kind": "change", "channel": "agent", "title": title, "description": title, "requester": "sam",
        "impact": "medium", "urgency": "medium", "priority": "P3", "priority_source": "matrix",
        "priority_reason": ""})
    cis = frozenset(ci_named(name).id for name in ci_names)  # type: ignore[union-attr]
    book_window(ticket, ProposedWindow(ticket.number, starts_at, starts_at + timedelta(hours=hours), cis, "lee"),
                "carl", starts_at, reason)
    db.session.commit()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """The demo FlowDesk with three changes booked this month, a weekly maintenance window and a monthly freeze."""
    app = demo_app(tmp_path_factory.mktemp("calendar"), sqlite_template, secrets.token_hex(32))
    today = datetime.now(UTC).replace(hour=14, minute=0, second=0, microsecond=0)
    with app.app_context():
        book(app, "Upgrade the mail server", today + timedelta(days=1), 4, ["mail-01"])
        book(app, "Patch the mail filter", today + timedelta(days=1, hours=2), 3, ["E-mail service"],
             reason="The filter fix cannot wait.")
        book(app, "Replace the printer drum", today + timedelta(days=3), 2, ["prn-3f"])
        save_window(system_actor(), WindowValues("Sunday night", "maintenance", "FREQ=WEEKLY;BYDAY=SU",
                                                 "2026-01-04T02:00", 240, "Asia/Shanghai"), today)
        save_window(system_actor(), WindowValues("Month-end freeze", "freeze", "FREQ=MONTHLY;BYMONTHDAY=-1",
                                                 "2026-01-31T00:00", 1440, "Asia/Shanghai"), today)
        db.session.remove()
    yield from serve(app)


def switch_language(page: Any, language: str) -> None:
    """Choose the page language from the top bar."""
    with page.expect_navigation():
        page.select_option("#language", language)


def test_staff_see_the_calendar_and_timeline_in_both_languages(page_as, screenshot) -> None:  # type: ignore[no-untyped-def]
    carl = page_as("carl")
    for language in ("en", "zh_CN"):
        switch_language(carl, language)
        carl.goto("/changes/calendar")
        carl.wait_for_selector(".fc-event.fc-change")
        shown = carl.get_by_test_id("change-calendar").inner_text()
        assert "Upgrade the mail server" in shown and "Patch the mail filter" in shown
        assert carl.locator(".fc-event.fc-overridden").count() >= 1
        assert carl.locator(".fc-event.fc-maintenance").count() >= 1
        screenshot(carl, f"change-calendar-month-{language}")
        carl.click(".fc-timeGridWeek-button")
        carl.wait_for_selector(".fc-timegrid-event")
        carl.click(".fc-listMonth-button")
        carl.wait_for_selector(".fc-list-event")
        screenshot(carl, f"change-calendar-list-{language}")
        carl.goto("/changes/calendar/timeline?ci=mail-01")
        rows = carl.locator(".timeline-row[data-ci]")
        texts = rows.evaluate_all("found => found.map(row => row.textContent)")
        for name in ("mail-01", "E-mail service"):  # the CI and the service that depends on it (hops away: more)
            assert any(name in text for text in texts), (name, texts)
        bar = carl.locator(".timeline-bar.change").first
        assert bar.evaluate("element => element.style.width") != ""
        screenshot(carl, f"change-calendar-timeline-{language}")

    adam = page_as("adam")
    adam.goto("/admin/change-schedule")
    adam.fill("#name", "Bad rule")
    adam.fill("#rrule", "FREQ=FORTNIGHTLY")
    adam.fill("#starts_local", "2027-01-01T00:00")
    adam.fill("#duration_minutes", "60")
    with adam.expect_navigation():
        adam.click("text=Save the window")
    assert "RFC 5545" in adam.locator("#rrule-error").inner_text()
    screenshot(adam, "change-calendar-admin-en")

    rita = page_as("rita")
    assert rita.goto("/changes/calendar").status == 404
