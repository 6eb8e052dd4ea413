"""An auditor verifies the whole history from the instances page, watching the progress, in English and Chinese."""
import re

import pytest

from tests.browser.test_deploy_and_diff import choose_language
from tests.browser.test_migration_wizard import log_an_incident

OUTCOME = {"en": re.compile(r"Every chain holds: \d+ events in \d+ chains verify"),
           "zh_CN": re.compile(r"所有链均成立：\d+ 条链中的 \d+ 个事件")}


@pytest.mark.parametrize("language, width", [("en", 1280), ("zh_CN", 1280), ("zh_CN", 390)])
def test_an_auditor_verifies_everything_and_sees_every_chain_hold(page_as, screenshot, language: str,
                                                                  width: int) -> None:
    log_an_incident(page_as("rita"), "Printer jams")
    page = page_as("audrey", width=width)
    choose_language(page, language)
    page.goto("/instances")
    page.get_by_test_id("verify-history-link").click()
    page.locator("#verify-history[data-ready]").wait_for(state="attached")  # its script listens to the button
    page.get_by_test_id("verify-everything").click()
    status = page.get_by_test_id("verify-status")
    page.locator("[data-testid=verify-status][data-outcome]").wait_for()
    assert status.get_attribute("data-outcome") == "holds"
    assert OUTCOME[language].search(status.inner_text())
    assert page.get_by_test_id("verify-breaks").locator("li").count() == 0
    screenshot(page, f"verify-history-{language}-{width}")
