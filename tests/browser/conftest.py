"""Browser fixtures: FlowDesk served on loopback, and Debian's Chromium driven by Playwright."""
import os
import secrets
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db

CHROMIUM = "/usr/bin/chromium"
# The features Playwright itself turns off when it launches Chromium (its chromiumSwitches.ts, in the pinned
# Playwright): Chromium keeps only the last --disable-features it is given, so ours repeats them.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin", "OptimizationHints",
    "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch", "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion")
# Headless Chromium opens every context as a window whose address bar preloads two pages of its own (the omnibox
# popups, chrome://omnibox-popup.top-chrome) in renderer processes of their own: a third of the renderers a browser
# test started (15 of 45 for two journeys) and a tenth of its CPU, for a bar nobody types in.
UNSEEN_WINDOW_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-dev-shm-usage",
                  "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + UNSEEN_WINDOW_FEATURES)]
ARTIFACTS = Path(__file__).parents[1] / "artifacts"
PROCESSES = Path(__file__).parents[2] / "processes"


def browser_reason() -> str | None:
    """Return why browser tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


# The SQLite template of the session -> a copy of it with the demo filled in, made once per test process.
_DEMO_DATABASES: dict[Path, Path] = {}


def demo_app(directory: Path, sqlite_template: Path, secret_key: str) -> Any:
    """Build a FlowDesk with the demo organisation and the shipped processes on a copy of the template database."""
    path = directory / "flowdesk.sqlite3"
    shutil.copy(demo_database(sqlite_template), path)
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "SECRET_KEY": secret_key})


def demo_database(sqlite_template: Path) -> Path:
    """Return a SQLite file holding the demo and the shipped processes, filled once per process and then copied.

    Deploying the processes and creating the demo people cost each browser module about a second of CPU; what
    they write depends on neither the app's secret key nor its clock, so every module may start from one copy.
    """
    if sqlite_template not in _DEMO_DATABASES:
        path = sqlite_template.with_name("demo.sqlite3")
        shutil.copy(sqlite_template, path)
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                          "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
        with app.app_context():
            fill_demo(app)
            db.session.remove()
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db.engine.dispose()
        _DEMO_DATABASES[sqlite_template] = path
    return _DEMO_DATABASES[sqlite_template]


def fill_demo(app: Any) -> None:
    """Deploy the shipped processes and create the demo people and service desk (inside an app context)."""
    from app.demo import create_demo_people, create_demo_service_desk
    from app.workflow.deployment import deploy_diagram

    runtime = app.extensions["flowdesk"]
    for diagram in sorted(PROCESSES.glob("*.bpmn")):
        deploy_diagram(runtime, diagram.read_bytes(), diagram.name, "olga")
    create_demo_people()
    create_demo_service_desk()


def serve(app: Any) -> Iterator[str]:
    """Serve an app on loopback in a thread; yield its base URL, then stop it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """Serve a FlowDesk with the demo organisation and the shipped processes; yield its base URL."""
    yield from serve(demo_app(tmp_path_factory.mktemp("live"), sqlite_template, secrets.token_hex(32)))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium (Debian's) driven by Playwright, one per test process: each test opens its own context."""
    reason = browser_reason()
    if reason:
        if os.environ.get("FLOWDESK_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


# Chromium logs every blocked script, handler or style ("... violates the following Content Security Policy
# directive ..."); the page also reports each one as an event, which this script logs in the same words.
REPORT_CSP_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) =>
  console.error(`Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI}`));"""


def is_csp_violation(message: Any) -> bool:
    """Tell a console message about a Content-Security-Policy violation."""
    return "Content Security Policy" in message.text


def open_context(browser: Any, live_server: str, violations: list[str], locale: str = "en-GB",
                 width: int = 1280) -> Any:
    """Open a browser context on the live server that collects the CSP violations of its pages."""
    context = browser.new_context(base_url=live_server, locale=locale, viewport={"width": width, "height": 900})
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    context.on("console", lambda message: violations.append(f"{message.page.url if message.page else '?'}: "
                                                             f"{message.text}") if is_csp_violation(message) else None)
    return context


@pytest.fixture
def csp_violations() -> list[str]:
    """The Content-Security-Policy violations the test's pages met (page_as fails the test on any)."""
    return []


@pytest.fixture
def page_as(browser: Any, live_server: str, csp_violations: list[str]) -> Iterator[Any]:
    """Open a signed-in page for a demo person: page = page_as("rita"), or page_as("rita", width=390) for a phone; any CSP violation fails the test."""
    contexts = []

    def open_page(login: str, locale: str = "en-GB", width: int = 1280) -> Any:
        context = open_context(browser, live_server, csp_violations, locale, width)
        contexts.append(context)
        page = context.new_page()
        page.goto("/login")
        page.fill("#login", login)
        page.fill("#password", "flowdesk-demo")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page
    yield open_page
    for context in contexts:
        context.close()
    assert not csp_violations, "the Content-Security-Policy blocked part of a page:\n" + "\n".join(csp_violations)


def save_screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ (ignored by git) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot():  # type: ignore[no-untyped-def]
    """Save a screenshot: screenshot(page, "inbox")."""
    return save_screenshot
