"""A process owner sets a variable on the incidents she moves to version 2: a value that is not of its type is named
on its field, the fixed one is previewed and set; the wizard names timers in the reader's language."""
import re

from tests.browser.test_deploy_and_diff import choose_language
from tests.browser.test_migration_wizard import deploy_version_2, log_an_incident


def preview(page) -> None:  # type: ignore[no-untyped-def]
    """Press the wizard's Preview button and wait for the page it answers."""
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Preview|预览")).click()


def ensure_version_2(page) -> None:  # type: ignore[no-untyped-def]
    """Deploy version 2 of the incident process unless an earlier test of this module did."""
    if page.request.get("/processes/incident/versions/2/diagram.bpmn").status == 404:
        deploy_version_2(page)


def test_process_owner_sets_a_typed_variable_on_the_moved_incidents(page_as, screenshot) -> None:
    rita = page_as("rita")
    for title in ("Scanner offline", "Badge reader stuck"):
        log_an_incident(rita, title)
    olga = page_as("olga")
    ensure_version_2(olga)
    olga.goto("/processes/incident/migrate?from=1&to=2")
    olga.fill("#var-name-0", "budget")
    olga.select_option("#var-type-0", "long")
    olga.fill("#var-value-0", "lots")
    preview(olga)
    error = olga.get_by_test_id("var-value-0-error")
    assert error.inner_text() == "This is not a valid long. Write a whole number."
    assert olga.locator("#var-value-0").get_attribute("aria-invalid") == "true"
    assert olga.get_by_test_id("migration-execute").count() == 0
    screenshot(olga, "migration-wizard-variable-refused-en-1280")
    olga.fill("#var-value-0", "500")
    preview(olga)
    assert olga.get_by_test_id("variables-to-set").inner_text().endswith("budget = 500")
    assert olga.get_by_test_id("migration-preview").locator("tbody tr.moves").count() == 2
    screenshot(olga, "migration-wizard-variables-en-1280")
    with olga.expect_navigation():
        olga.get_by_role("button", name="Migrate these instances").click()
    assert "2 instances moved to version 2." in olga.get_by_test_id("migration-result").inner_text()


def test_wizard_names_timers_and_bad_fields_in_chinese(page_as, screenshot) -> None:
    olga = page_as("olga")
    ensure_version_2(olga)
    choose_language(olga, "zh_CN")
    olga.goto("/processes/incident/migrate?from=1&to=2&var-name-0=2fast&var-type-0=&var-value-0=x")
    timers = olga.get_by_test_id("timer-choices").inner_text()
    assert "3 个工作日内无回复" in timers and "No answer in 3 working days" not in timers
    assert "2fast 不是变量名" in olga.get_by_test_id("var-name-0-error").inner_text()
    screenshot(olga, "migration-wizard-variable-refused-zh_CN-1280")
    olga.set_viewport_size({"width": 390, "height": 900})
    screenshot(olga, "migration-wizard-variable-refused-zh_CN-390")
    choose_language(olga, "en")
