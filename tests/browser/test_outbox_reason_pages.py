"""The outbox's reasons in a real browser, in both languages, on a desktop and a phone: each reason said in the
reader's language with the servers' words verbatim, the filter by reason, and the undeliverable addresses."""
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.extensions import db
from app.messaging.mail.models import UndeliverableAddress
from app.messaging.mail.pass_report import run_send_pending
from app.messaging.outbox import enqueue_message
from app.messaging.reasons import CAP_PER_ADDRESS, SMS_REFUSED, SMTP_RECIPIENT_REFUSED, UNDELIVERABLE
from app.platform.transactions import run_unit
from tests.browser.conftest import demo_app, serve
from tests.browser.test_mail_admin_pages import WIDTHS, open_in
from tests.messaging.loopback import LoopbackGateway
from tests.messaging.smtp_receiver import SmtpReceiver

GONE = "gone@partner.example"
ANSWER = "5.1.1 No such mailbox here"
# code: the reason's words in each language, as the row's cell starts
WORDS = {SMTP_RECIPIENT_REFUSED: {"en-GB": "The mail server at 127.0.0.1:", "zh-CN": "位于 127.0.0.1:"},
         UNDELIVERABLE: {"en-GB": f"Held: mail to {GONE} bounced on", "zh-CN": f"已暂扣：发往 {GONE} 的邮件于"},
         CAP_PER_ADDRESS: {"en-GB": "Held by the cap of 1 mails per address per hour", "zh-CN": "因每个地址每小时最多 1 封"},
         SMS_REFUSED: {"en-GB": "The SMS gateway refused the message with HTTP 429", "zh-CN": "短信网关以 HTTP 429 拒绝"}}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """Serve the demo desk after one delivery pass through a loopback relay and SMS gateway that refuse some mail."""
    relay, gateway = SmtpReceiver(), LoopbackGateway()
    relay.start()
    relay.refused.add(GONE)
    gateway.status = 429
    app = demo_app(tmp_path_factory.mktemp("live-reasons"), sqlite_template, secrets.token_hex(32))
    app.config.update(SMTP_URL=relay.url, MAIL_FROM="FlowDesk <desk@flowdesk.example>",
                      MAIL_CAP_PER_ADDRESS_PER_HOUR=1, SMS_GATEWAY_URL=gateway.url)
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        now = runtime.clock.now()
        for channel, recipient, subject in (("email", GONE, "[INC-000007] Your incident is resolved"),
                                            ("email", GONE, "[INC-000007] Your incident is closed"),
                                            ("email", "mona@flowdesk.example", "[INC-000008] Major incident"),
                                            ("email", "mona@flowdesk.example", "[INC-000009] Major incident"),
                                            ("sms", "+86 21 5555 0101", "INC-000008: breach")):
            run_unit(lambda c=channel, r=recipient, s=subject: enqueue_message(c, r, s, "…", None, now))
        run_send_pending(runtime, app.config)
        run_unit(lambda: db.session.add(UndeliverableAddress(address="old.supplier@partner.example", status="5.1.1",
                                                             reason="", bounced_at=now)))
        db.session.remove()
    yield from serve(app)
    relay.stop()
    gateway.stop()


def reason_cell(page: Any, code: str) -> Any:
    """Return the outbox's reason cells of a code."""
    return page.locator(f"tr[data-message] td.error[data-reason={code}]")


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_outbox_says_each_reason_in_the_readers_language(page_as, screenshot, locale, width) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, locale, width, "/admin/outbox")
    for code, words in WORDS.items():
        assert reason_cell(page, code).count() == 1, code
        assert reason_cell(page, code).inner_text().startswith(words[locale]), code
    assert ANSWER in reason_cell(page, SMTP_RECIPIENT_REFUSED).inner_text()  # the relay's words, verbatim
    screenshot(page, f"outbox-reasons-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_the_admin_filters_the_outbox_by_a_reason(page_as, screenshot, locale) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, locale, 1280, "/admin/outbox")
    page.select_option("#reason", UNDELIVERABLE)
    with page.expect_navigation():
        page.click("form.outbox-reasons button[type=submit]")
    assert page.locator("tr[data-message]").count() == 1 and reason_cell(page, UNDELIVERABLE).count() == 1
    screenshot(page, f"outbox-filtered-{locale}-1280")


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
@pytest.mark.parametrize("width", WIDTHS)
def test_an_address_whose_report_said_nothing_shows_its_status_in_words(page_as, screenshot, locale, width) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, locale, width, "/admin/mail/bounces")
    words = "投递状态 5.1.1" if locale == "zh-CN" else "delivery status 5.1.1"
    assert page.locator("tr[data-address='old.supplier@partner.example'] td.error", has_text=words).count() == 1
    screenshot(page, f"bounces-reasons-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
