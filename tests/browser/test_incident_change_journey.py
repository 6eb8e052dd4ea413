"""Issue 13's second journey in one go: with three incidents running, a process owner opens incident.bpmn in the
modeller, changes a timer and a label, sees what changed, deploys version 2 with a note, reads the diff, and
moves the three incidents to version 2 with the wizard after a preview."""
from tests.browser.test_migration_wizard import log_an_incident, preview_with_a_timer_restarted
from tests.browser.test_modeller_page import choose_timer_kind, open_group, open_modeller, rename, select_by_name

NEW_LABEL = "Incident reported"
NEW_DURATION = "P14D"


def test_process_owner_changes_a_timer_and_a_label_deploys_and_migrates_three_running_incidents(
        page_as, screenshot) -> None:
    rita = page_as("rita")
    for title in ("Printer jams", "VPN drops", "Mail bounces"):
        log_an_incident(rita, title)
    olga = page_as("olga")
    open_modeller(olga)
    rename(olga, "logged", NEW_LABEL)
    select_by_name(olga, "No answer in 3 working days")
    open_group(olga, "timer")
    choose_timer_kind(olga, "timeDuration")
    duration = olga.locator("#bio-properties-panel-timerEventDefinitionValue")
    duration.fill(NEW_DURATION)
    duration.press("Tab")
    olga.get_by_test_id("timer-meaning").filter(has_text="14 days").wait_for()
    olga.locator("[data-action=save]").click()
    olga.wait_for_selector("#modeller-status.success")
    olga.locator("[data-action=deploy]").click()
    changes = olga.get_by_test_id("changes")
    changes.locator("[data-kind=changed] [data-element=auto_close_due]").wait_for()
    assert changes.locator("[data-kind=changed] [data-element=logged]").count() == 1
    screenshot(olga, "journey-deploy-panel-en-1280")
    olga.get_by_test_id("deploy-note").fill("Auto-close waits 14 days; the first step says what the desk calls it.")
    olga.locator("[data-action=publish]").click()
    olga.wait_for_url("**/processes/incident/diff?from=1&to=2")
    olga.wait_for_selector("#diff-viewers.diff-ready")
    assert [olga.get_by_test_id(f"count-{kind}").inner_text() for kind in ("added", "removed", "changed", "moved")] \
        == ["0", "0", "2", "0"]
    table = olga.get_by_test_id("changed-properties")
    assert table.locator("tr[data-element=logged][data-property=name]").count() == 1
    timer_row = table.locator("tr[data-element=auto_close_due]").filter(has_text=NEW_DURATION)
    assert timer_row.count() == 1 and "timeDuration" in timer_row.inner_text()  # was a timeDate (${auto_close_at})
    screenshot(olga, "journey-diff-en-1280")
    preview_with_a_timer_restarted(olga)
    assert olga.get_by_test_id("migration-preview").locator("tbody tr.moves").count() == 3
    with olga.expect_navigation():
        olga.get_by_role("button", name="Migrate these instances").click()
    assert "3 instances moved to version 2." in olga.get_by_test_id("migration-result").inner_text()
    screenshot(olga, "journey-migrated-en-1280")
    olga.goto("/processes/incident")
    assert olga.locator("text=Auto-close waits 14 days").count() >= 1
