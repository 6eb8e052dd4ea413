"""A process owner moves three running incidents to version 2 of incident.bpmn with the wizard, after a preview;
the wizard in English and Chinese, wide and narrow."""
import re
from pathlib import Path
from typing import Any

DIAGRAM = Path(__file__).parents[1] / "diagrams" / "incident_v2_migration.bpmn"


def log_an_incident(page: Any, title: str) -> None:
    """Log an incident from the requester's form."""
    page.goto("/tickets/new")
    page.fill("#title", title)
    page.fill("#description", "It stopped working this morning.")
    page.get_by_role("button", name="Log the incident").click()
    page.wait_for_url(re.compile(r"/tickets/INC-\d+$"))


def deploy_version_2(page: Any) -> None:
    """Deploy version 2 of the incident process from the process list's upload form."""
    page.goto("/processes")
    page.set_input_files("#file", str(DIAGRAM))
    page.fill("#note", "take_or_pass is renamed; classify gets a reminder.")
    with page.expect_navigation():
        page.get_by_role("button", name="Deploy").click()


def preview_with_a_timer_restarted(page: Any, timer: str = "response_breached_classify") -> None:
    """Open the wizard from the incident process's page, restart a timer, and ask for the preview."""
    page.goto("/processes/incident")
    page.get_by_test_id("open-migration").click()
    page.wait_for_url(re.compile(r"/processes/incident/migrate"))
    page.select_option(f"select[name=timer-{timer}]", "restart")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()


def test_process_owner_migrates_three_running_incidents_after_a_preview(page_as, screenshot) -> None:
    rita = page_as("rita")
    for title in ("Printer jams", "VPN drops", "Mail bounces"):
        log_an_incident(rita, title)
    olga = page_as("olga")
    deploy_version_2(olga)
    preview_with_a_timer_restarted(olga)
    rows = olga.get_by_test_id("migration-preview").locator("tbody tr.moves")
    assert rows.count() == 3
    screenshot(olga, "migration-wizard-preview-en")
    with olga.expect_navigation():
        olga.get_by_role("button", name="Migrate these instances").click()
    assert "3 instances moved to version 2." in olga.get_by_test_id("migration-result").inner_text()
    screenshot(olga, "migration-wizard-result-en")
    for language in ("en", "zh_CN"):
        olga.goto("/")
        with olga.expect_navigation():
            olga.select_option("#language", language)
        for width in (1280, 390):
            olga.set_viewport_size({"width": width, "height": 900})
            olga.goto("/processes/incident/migrate?from=2&to=1")  # the three now on 2: shown back towards 1
            assert olga.get_by_test_id("migration-preview").locator("tbody tr").count() == 3
            screenshot(olga, f"migration-wizard-{language}-{width}")
