"""The undeliverable banner in a real browser: on the person's admin page and on the staff page of her ticket, in both
languages, on a desktop and a phone; an admin clears the mark from it."""
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.extensions import db
from app.messaging.channels import configured_gates
from app.messaging.mail.bounces import BounceReport, record_bounce
from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.messaging.models import SENT, OutboxMessage
from app.messaging.outbox import DeliveryFailed, OutgoingMessage, deliver_outbox
from app.messaging.reasons import SMTP_UNREACHABLE, UNDELIVERABLE, Reason
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.platform.transactions import run_unit
from app.servicedesk.tickets.records import log_ticket
from tests.browser.conftest import demo_app, serve
from tests.browser.test_mail_admin_pages import WIDTHS, open_in

RITA = "rita@flowdesk.example"
ANSWER = "550 5.1.1 <rita@flowdesk.example>: Recipient address rejected: User unknown in virtual mailbox table"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """Serve the demo desk with one ticket of rita's, whose address bounced for good."""
    app = demo_app(tmp_path_factory.mktemp("live-bounce"), sqlite_template, secrets.token_hex(32))
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        ticket = log_ticket(runtime, kind="incident", title="Printer jams", description="Every page jams on floor 3.",
                   requester="rita", category_id=None, ci_id=None, impact="medium", urgency="medium",
                   actor=actor_for(require_user("sam")), channel="agent")
        now = runtime.clock.now()
        sent = OutboxMessage(channel="email", recipient=RITA, subject="[INC-000001] Printer jams", body="…",
                             created_at=now, next_attempt_at=now, status=SENT, sent_at=now, attempts=1)
        run_unit(lambda: db.session.add(sent))
        run_unit(lambda: record_bounce(BounceReport(RITA, True, "5.1.1", ANSWER, source="dsn"), now))
        facts = TicketFacts(ticket.number, ticket.title, ticket.instance_id)
        run_unit(lambda: queue_ticket_notice(runtime.mail, Notice("incident_question", "A question about your "
                                                                  "incident"), facts, require_user("rita"), True,
                                             runtime.clock.now()))
        deliver_outbox(runtime, {"email": relay_down}, gates=configured_gates(app.config))  # rita's mail is held
        db.session.remove()
    yield from serve(app)


def relay_down(message: OutgoingMessage) -> None:
    """Fail as a relay that cannot be reached does (the other mail of the world waits for a retry)."""
    raise DeliveryFailed(Reason(SMTP_UNREACHABLE, {"server": "127.0.0.1:25", "detail": "[Errno 111] Connection refused"}))


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_outbox_shows_why_mail_to_a_marked_address_is_held(page_as, screenshot, locale, width) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, locale, width, "/admin/outbox")
    words = f"已暂扣：发往 {RITA} 的邮件于" if locale == "zh-CN" else f"Held: mail to {RITA} bounced on"
    held = page.locator(f"tr[data-message] td.error[data-reason={UNDELIVERABLE}]", has_text=words)
    assert held.count() >= 1
    screenshot(page, f"bounce-outbox-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_banner_shows_on_the_persons_page_and_on_her_ticket(page_as, screenshot, locale, width) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, locale, width, "/admin/users/rita")
    assert page.locator("[data-testid=bounce-banner]").count() == 1
    assert ANSWER in page.inner_text("[data-testid=bounce-banner]")
    screenshot(page, f"bounce-person-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto("/tickets/INC-000001")
    assert page.locator("[data-testid=bounce-banner]").count() == 1
    screenshot(page, f"bounce-ticket-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_admin_clears_the_mark_from_the_banner(page_as) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, "en-GB", 1280, "/tickets/INC-000001")
    with page.expect_navigation():
        page.click("[data-testid=clear-bounce]")
    assert page.url.endswith("/tickets/INC-000001")
    assert page.locator("[data-testid=bounce-banner]").count() == 0
    assert f"The mark on {RITA} was cleared" in page.inner_text("main")
