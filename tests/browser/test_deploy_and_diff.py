"""A process owner deploys from the modeller and compares the versions: incident.bpmn opens, a label changes, the
draft is saved, the page shows what changed, the draft is deployed with a note, and the diff marks the element."""
from typing import Any

import pytest

NEW_NAME = "Incident reported"


def element(page: Any, element_id: str, within: str = "#canvas") -> Any:
    """Return the drawn shape of a diagram element in a container."""
    return page.locator(f"{within} .djs-element[data-element-id='{element_id}']").first


def test_process_owner_deploys_a_renamed_task_and_sees_it_marked_in_the_diff(page_as, screenshot) -> None:
    page = page_as("olga")
    assert page.goto("/processes/incident/model").status == 200
    page.wait_for_selector("#modeller.modeller-ready")
    element(page, "logged").click()
    name = page.locator("#bio-properties-panel-name")
    name.fill(NEW_NAME)
    name.press("Tab")
    page.locator("[data-action=save]").click()
    page.wait_for_selector("#modeller-status.success")
    page.locator("[data-action=deploy]").click()
    changes = page.get_by_test_id("changes")
    changes.locator("[data-kind=changed] [data-element=logged]").wait_for()
    assert NEW_NAME in changes.inner_text()
    page.locator("[data-action=publish]").click()
    assert page.get_by_test_id("deploy-error").inner_text().startswith("Write a change note")
    screenshot(page, "modeller-deploy-en-1280")
    page.get_by_test_id("deploy-note").fill("Triage is what the service desk calls it.")
    page.locator("[data-action=publish]").click()
    page.wait_for_url("**/processes/incident/diff?from=1&to=2")
    assert "is deployed as version 2" in page.content()
    page.wait_for_selector("#diff-viewers.diff-ready")
    assert "changed" in (element(page, "logged", "#diagram-after").get_attribute("class") or "")
    assert "changed" in (element(page, "logged", "#diagram-before").get_attribute("class") or "")
    assert page.locator("[data-testid=changed-properties] tr[data-element=logged][data-property=name]").count() == 1
    # bpmn-js wrote the whole file anew: only the renamed element differs, nothing else seems changed or moved
    assert [page.get_by_test_id(f"count-{kind}").inner_text() for kind in ("added", "removed", "changed", "moved")] \
        == ["0", "0", "1", "0"]
    page.locator("[data-focus=logged]").first.click()  # both pictures centre on the element at its size
    assert page.evaluate("window.flowdeskDiffViewers.map(v => Math.round(v.get('canvas').viewbox().scale * 10))") \
        == [10, 10]
    screenshot(page, "version-diff-en-1280")


def choose_language(page: Any, language: str) -> None:
    """Switch the signed-in person's language from the top bar."""
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language", language)


@pytest.mark.parametrize("language, width", [("en", 390), ("zh_CN", 390), ("zh_CN", 1280)])
def test_process_owner_reads_the_diff_and_the_process_page_in_both_languages_and_widths(
        page_as, screenshot, language: str, width: int) -> None:
    page = page_as("olga", width=width)
    choose_language(page, language)
    page.goto("/processes/incident/diff")
    page.wait_for_selector("#diff-viewers.diff-ready")
    assert ("仅布局" if language == "zh_CN" else "Layout only") in page.inner_text("main")
    screenshot(page, f"version-diff-{language}-{width}")
    page.goto("/processes/incident")
    assert page.get_by_test_id("versions-incident").is_visible()
    screenshot(page, f"process-page-{language}-{width}")


def test_process_owner_reads_the_deploy_panel_in_chinese(page_as, screenshot) -> None:
    page = page_as("olga")
    choose_language(page, "zh_CN")
    page.goto("/processes/incident/model")
    page.wait_for_selector("#modeller.modeller-ready")
    page.locator("[data-action=deploy]").click()
    page.get_by_test_id("deploy-panel").wait_for()
    assert "部署" in page.get_by_test_id("deploy-panel").inner_text()
    screenshot(page, "modeller-deploy-zh_CN-1280")
