"""The mailbox and mail quarantine admin pages in a real browser, in both languages, on a desktop and a phone."""
import secrets
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from app import create_app
from app.demo import create_demo_people
from app.extensions import db
from app.organisation.policies import system_actor
from app.servicedesk.intake.ingestion import ingest
from app.servicedesk.intake.mailboxes import MailboxSettings, add_mailbox, mailbox_named, record_error
from app.servicedesk.intake.settings import IntakeSettings

WIDTHS = (1280, 390)


def open_in(page_as, locale: str, width: int, address: str):  # type: ignore[no-untyped-def]
    """Sign adam in at a width, in the locale's language (kept on his profile), and open an address."""
    page = page_as("adam", locale=locale, width=width)
    page.goto(address)
    wanted = "zh_CN" if locale == "zh-CN" else "en"
    if page.input_value("#language") != wanted:
        with page.expect_navigation():
            page.select_option("#language", wanted)
        page.goto(address)
    return page
BROKEN_MAIL = (b"Subject: =?gb2312?B?zt63qLXHwrw=?= printer [INC-000999] and a very long subject that has to wrap "
               b"somewhere on a phone\r\nX-Mailer: Foxmail 7.2\r\n\r\nno sender header at all\r\n")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """Serve a FlowDesk with the demo people, two mailboxes (one failing) and two quarantined mails."""
    path = tmp_path_factory.mktemp("live-mail") / "flowdesk.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "SECRET_KEY": secrets.token_hex(32)})
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        create_demo_people()
        add_mailbox(runtime, system_actor(), "helpdesk", "imaps://helpdesk%40corp.example:x@imap.corp.example/INBOX",
                    MailboxSettings())
        add_mailbox(runtime, system_actor(), "partners", "imap://partners:x@mail.partner.example:143/INBOX",
                    MailboxSettings(ticket_kind="request", unknown_senders="refuse"))
        record_error(runtime, mailbox_named("partners").id,
                     "LoginError: b'[AUTHENTICATIONFAILED] Authentication failed.'")
        settings = IntakeSettings.from_config(app.config)
        for raw in (BROKEN_MAIL, b"From: \r\nSubject: \r\n\r\n"):
            ingest(runtime, settings, mailbox_named("helpdesk").id, None, None, raw)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_mailbox_page_shows_each_mailbox_and_the_form_fits(page_as, screenshot, locale, width) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, locale, width, "/admin/mailboxes")
    assert page.locator("tr[data-mailbox]").count() == 2
    screenshot(page, f"mail-mailboxes-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_quarantine_lists_the_mail_and_shows_one_with_its_source(page_as, screenshot, locale, width) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, locale, width, "/admin/mail-quarantine")
    assert page.locator("tr[data-mail]").count() == 2
    screenshot(page, f"mail-quarantine-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("tr[data-mail] td.number a").first.click()
    page.wait_for_load_state()
    assert page.locator("pre.mail-source").count() == 1
    screenshot(page, f"mail-quarantine-item-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_category_form_offers_the_policy_for_replies_to_closed_tickets(page_as, screenshot, locale, width) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, locale, width, "/admin/categories")
    assert page.locator("#closed_reply_policy option").count() == 2
    screenshot(page, f"mail-category-form-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
@pytest.mark.parametrize("width", WIDTHS)
def test_admin_is_told_in_his_language_how_to_write_another_systems_ticket_id(page_as, screenshot, locale,  # type: ignore[no-untyped-def]
                                                                              width) -> None:
    page = open_in(page_as, locale, width, "/admin/mailboxes")
    page.fill("#foreign_id_patterns", "Case \\d+")
    with page.expect_navigation():
        page.locator("form button.primary").click()
    error = page.locator("#foreign_id_patterns-error")
    expect(error).to_contain_text("恰好一个分组" if locale == "zh-CN" else "exactly one group around the id")
    expect(error).to_contain_text(r"\[Case #(\d+)\]")
    assert page.locator("tr[data-mailbox]").count() == 2  # nothing was added
    error.scroll_into_view_if_needed()
    screenshot(page, f"mail-mailbox-ticket-ids-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
