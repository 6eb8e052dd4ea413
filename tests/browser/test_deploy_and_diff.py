"""A process owner deploys from the modeller and compares the versions: incident.bpmn opens, a label changes, the
draft is saved, the page shows what changed, the draft is deployed with a note, and the diff marks the element."""
from typing import Any

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


def test_process_owner_reads_the_diff_and_the_deploy_panel_in_chinese_on_a_phone_and_a_desk(page_as,
                                                                                            screenshot) -> None:
    page = page_as("olga", width=390)
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language", "zh_CN")
    page.goto("/processes/incident/diff")
    page.wait_for_selector("#diff-viewers.diff-ready")
    assert "仅布局" in page.content()
    screenshot(page, "version-diff-zh-390")
    wide = page_as("olga")
    wide.goto("/")
    with wide.expect_navigation():
        wide.select_option("#language", "zh_CN")
    wide.goto("/processes/incident/diff")
    wide.wait_for_selector("#diff-viewers.diff-ready")
    screenshot(wide, "version-diff-zh-1280")
    wide.goto("/processes/incident/model")
    wide.wait_for_selector("#modeller.modeller-ready")
    wide.locator("[data-action=deploy]").click()
    wide.get_by_test_id("deploy-panel").wait_for()
    screenshot(wide, "modeller-deploy-zh-1280")
