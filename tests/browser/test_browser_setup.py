"""The suite's Chromium: what its flags turn off, and that they keep what Playwright itself turns off."""
import re
from typing import Any

from tests.browser.conftest import CHROMIUM, UNSEEN_WINDOW_FEATURES

FEATURES_OFF = re.compile(r'--disable-features="([^"]*)"')


def features_off(browser: Any) -> set[str]:
    """Return the features a running Chromium has turned off from its command line (chrome://version says)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto("chrome://version/?show-variations-cmd")
        found = FEATURES_OFF.search(page.inner_text("body"))
        return set(found.group(1).split(",")) if found else set()
    finally:
        context.close()


def test_a_context_opens_no_address_bar_pages_of_its_own(browser) -> None:
    context = browser.new_context()
    try:
        context.new_page().goto("about:blank")
        session = browser.new_browser_cdp_session()
        urls = [target["url"] for target in session.send("Target.getTargets")["targetInfos"]]
        session.detach()
    finally:
        context.close()
    assert not [url for url in urls if "top-chrome" in url], urls
    assert set(UNSEEN_WINDOW_FEATURES) <= features_off(browser)


def test_the_suites_flags_keep_every_feature_playwright_turns_off(browser) -> None:
    """Chromium keeps only the last --disable-features: ours must name Playwright's own, or they come back on."""
    plain = browser.browser_type.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
    try:
        playwrights = features_off(plain)
    finally:
        plain.close()
    assert playwrights, "Playwright's own launch turned no feature off; the check below would prove nothing"
    missing = playwrights - features_off(browser)
    assert not missing, f"add {sorted(missing)} to PLAYWRIGHT_DISABLED_FEATURES in tests/browser/conftest.py"
