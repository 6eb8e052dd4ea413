"""In a real browser: the page a mail's one-click link opens asks before it acts, in both languages and widths."""
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import log_ticket
from app.workflow.models import UserTask
from app.workflow.tasks.actions import claim_task, complete_task
from tests.browser.conftest import demo_app, serve

LINK = re.compile(r"/mail/link/[A-Za-z0-9_.\-]+")


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Any:
    """The served app itself, so that the test can read the mail it wrote."""
    return demo_app(tmp_path_factory.mktemp("mail-links"), sqlite_template, secrets.token_hex(32))


@pytest.fixture(scope="module")
def live_server(live_app: Any) -> Iterator[str]:
    """Serve the app above (page_as signs in on it)."""
    yield from serve(live_app)


def resolved_for(app: Any, requester: str) -> dict[str, str]:
    """Log, classify, accept and resolve an incident of the requester; return the links of her resolution mail."""
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        ticket = log_ticket(runtime, kind="incident", title="Printer jams", description="Every page jams.",
                            requester=requester, category_id=None, ci_id=None, impact="medium", urgency="medium",
                            actor=actor_for(require_user("sam")), channel="agent")
        for element, values in (("classify", {"impact": "medium", "urgency": "medium"}),
                                ("take_or_pass", {"decision": "accept"}),
                                ("resolve", {"outcome": "resolved", "resolution": "Replaced the fuser unit."})):
            task = db.session.execute(select(UserTask).where(UserTask.instance_id == ticket.instance_id,
                                                             UserTask.element_id == element)).scalar_one()
            if task.assignee is None:
                claim_task(runtime, task.id, "sam")
            complete_task(runtime, task.id, task.assignee or "sam", values)
        body = db.session.execute(select(OutboxMessage.body).where(OutboxMessage.ticket_number == ticket.number,
                                                                   OutboxMessage.event == "incident_resolved")
                                  ).scalars().first()
        db.session.remove()
    links = LINK.findall(body or "")
    return {"confirm": links[0], "view": links[-1], "number": ticket.number}


def status_of(app: Any, number: str) -> str:
    """Read a ticket's status as stored now."""
    with app.app_context():
        status = db.session.execute(select(Ticket.status).where(Ticket.number == number)).scalar_one()
        db.session.remove()
    return str(status)


def test_requester_confirms_the_fix_from_her_mail_after_the_page_asks(live_app, page_as, screenshot) -> None:
    for login, language in (("rita", "en"), ("lee", "zh")):
        for width in (1280, 390):
            links = resolved_for(live_app, login)
            page = page_as(login, width=width)
            page.goto(links["confirm"])
            expect(page.get_by_test_id("mail-link")).to_be_visible()
            assert status_of(live_app, links["number"]) == "resolved"  # opening the link changed nothing
            screenshot(page, f"mail-link-confirm-{language}-{width}")
            with page.expect_navigation():
                page.get_by_role("button", name="Yes, it is fixed: close it" if language == "en"
                                 else "是，已修复：关闭它").click()
            assert status_of(live_app, links["number"]) == "closed"
            screenshot(page, f"mail-link-done-{language}-{width}")
