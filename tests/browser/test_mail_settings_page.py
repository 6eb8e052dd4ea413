"""The mail settings page in a real browser, in both languages, on a desktop and a phone."""
import secrets
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.demo import create_demo_people
from app.extensions import db
from app.messaging.mail.relay_settings_changes import MailSettingsChange, save_mail_settings
from app.organisation.policies import system_actor
from tests.browser.test_mail_admin_pages import WIDTHS, open_in


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """Serve a FlowDesk whose relay was set on the page (with a password) and whose base URL the environment sets."""
    path = tmp_path_factory.mktemp("live-mail-settings") / "flowdesk.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "SECRET_KEY": secrets.token_hex(32), "MAIL_ENVIRONMENT": ("FLOWDESK_BASE_URL",),
                      "BASE_URL": "https://servicedesk.corp.example"})
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        create_demo_people()
        save_mail_settings(app.config, system_actor(), MailSettingsChange(
            smtp_host="smtp.corp.example", smtp_port="587", smtp_user="flowdesk-relay", password="relay-secret",
            from_address="servicedesk@corp.example", from_name="IT Service Desk", mail_domain="desk.corp.example",
            cap_per_address_per_hour="30", cap_per_ticket_per_hour="8"), runtime.clock.now())
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_mail_settings_page_shows_the_settings_and_fits(page_as, screenshot, locale, width) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, locale, width, "/admin/mail-settings")
    assert page.input_value("#smtp_host") == "smtp.corp.example"
    assert page.input_value("#smtp_password") == ""  # never shown back
    assert page.get_attribute("#base_url", "readonly") is not None
    assert page.locator("#base_url-env code").inner_text() == "FLOWDESK_BASE_URL"
    screenshot(page, f"mail-settings-{locale}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_a_bad_port_and_address_are_marked_on_the_phone(page_as, screenshot, locale) -> None:  # type: ignore[no-untyped-def]
    page = open_in(page_as, locale, 390, "/admin/mail-settings")
    page.fill("#smtp_port", "70000")
    page.fill("#from_address", "servicedesk")
    with page.expect_navigation():
        page.click("button.primary")
    assert page.locator("#smtp_port-error").count() == 1 and page.locator("#from_address-error").count() == 1
    screenshot(page, f"mail-settings-refused-{locale}-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
