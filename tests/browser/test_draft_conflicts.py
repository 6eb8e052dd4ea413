"""Two people draw the same process: the second save is refused (409), the page says who saved and what to do, and
her drawing stays as it is. A draft started before another version was deployed elsewhere opens with a banner
offering to compare, download or discard it, and is not deployed."""
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_deploy_and_diff import choose_language
from tests.browser.test_modeller_page import open_modeller

PROCESSES = Path(__file__).parents[2] / "processes"
CONFLICT = {"en": "saved a newer draft at", "zh_CN": "保存了更新的草稿"}
WHAT_TO_DO = {"en": "Your drawing is still here: reload the page to see theirs, or download yours first.",
              "zh_CN": "您的绘图仍在此处：重新加载页面可查看对方的草稿，或先下载您的绘图。"}


def rename(page: Any, element_id: str, name: str) -> None:
    """Give an element a new name in the properties panel (selected through the modeller: the palette may cover it)."""
    page.evaluate("""(id) => { const modeler = window.flowdeskModeler;
        modeler.get("selection").select(modeler.get("elementRegistry").get(id)); }""", element_id)
    field = page.locator("#bio-properties-panel-name")
    field.fill(name)
    field.press("Tab")


def name_on_canvas(page: Any, element_id: str) -> str:
    """Return the name an element has in the modeller now."""
    return page.evaluate(f"window.flowdeskModeler.get('elementRegistry').get('{element_id}').businessObject.name")


@pytest.mark.parametrize("language, process_id, first_task, second_task", [
    ("en", "change-normal", "assess", "implement"), ("zh_CN", "request", "review", "fulfil")])
def test_second_save_of_the_same_process_is_refused_and_keeps_her_drawing(
        page_as, screenshot, language: str, process_id: str, first_task: str, second_task: str) -> None:
    adam = page_as("adam")
    olga = page_as("olga")
    if language != "en":
        choose_language(olga, language)
    open_modeller(adam, process_id)
    open_modeller(olga, process_id)  # both drew on the version in force; no draft exists yet
    rename(olga, first_task, "Olga's first change")
    rename(olga, second_task, "Olga's second change")
    rename(adam, first_task, "Adam's change")
    adam.locator("[data-action=save]").click()
    adam.get_by_text("The draft is saved.").wait_for()
    olga.locator("[data-action=save]").click()
    status = olga.locator("#modeller-status.error")
    status.wait_for()
    text = status.inner_text()
    assert text.startswith("Adam Admin") and CONFLICT[language] in text  # who saved, and when
    assert WHAT_TO_DO[language] in text
    assert name_on_canvas(olga, first_task) == "Olga's first change"
    assert name_on_canvas(olga, second_task) == "Olga's second change"
    assert olga.evaluate("window.flowdeskModeler.get('commandStack').canUndo()")  # her steps are all still there
    with olga.expect_download() as download:
        olga.locator("[data-action=download]").click()
    mine = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Olga&#39;s first change" in mine or "Olga's first change" in mine
    stored = olga.request.get(f"/processes/{process_id}/model/draft").json()
    assert stored["saved_by"] == "adam" and "Adam" in stored["xml"] and "Olga" not in stored["xml"]
    screenshot(olga, f"modeller-save-refused-{language}-1280")
    if language != "en":
        choose_language(olga, "en")


def upload_new_version(page: Any, tmp_path: Path) -> None:
    """Deploy a new version of the incident process from the process list's upload form, as another person."""
    changed = (PROCESSES / "incident.bpmn").read_text(encoding="utf-8").replace(
        'name="Classify the incident"', 'name="Sort the incident"', 1)
    path = tmp_path / "incident.bpmn"
    path.write_text(changed, encoding="utf-8")
    page.goto("/processes")
    page.set_input_files("#file", str(path))
    page.fill("#note", "Sorting is what the desk calls it.")
    with page.expect_navigation():
        page.get_by_role("button", name="Deploy").click()
    assert "Sort the incident" in page.request.get("/processes/incident/versions/2/diagram.bpmn").text()


def test_draft_started_before_a_version_deployed_elsewhere_shows_a_banner_and_is_not_deployed(
        page_as, screenshot, tmp_path) -> None:
    olga = page_as("olga")
    open_modeller(olga, "incident")
    rename(olga, "logged", "Incident reported")
    olga.locator("[data-action=save]").click()
    olga.get_by_text("The draft is saved.").wait_for()
    upload_new_version(page_as("adam"), tmp_path)
    open_modeller(olga, "incident")
    banner = olga.get_by_test_id("draft-outdated")
    assert "This draft was started from version 1." in banner.inner_text()
    assert re.search(r"Adam Admin deployed version 2 at .+\. Deploying this draft would undo", banner.inner_text())
    assert name_on_canvas(olga, "logged") == "Incident reported"  # the draft is still open to look at
    screenshot(olga, "modeller-draft-outdated-en-1280")
    olga.locator("[data-action=deploy]").click()
    olga.get_by_test_id("deploy-panel").wait_for()
    olga.get_by_test_id("deploy-note").fill("Reported is the requester's word.")
    olga.locator("[data-action=publish]").click()
    refusal = olga.get_by_test_id("deploy-error")
    refusal.filter(has_text="Adam Admin deployed version 2").wait_for()
    assert "compare the two versions" in refusal.inner_text()
    with olga.expect_download() as download:
        banner.get_by_test_id("draft-download").click()
    assert 'name="Incident reported"' in Path(download.value.path()).read_text(encoding="utf-8")
    assert banner.get_by_test_id("draft-compare").get_attribute("href") == "/processes/incident/diff?from=1&to=2"
    choose_language(olga, "zh_CN")
    open_modeller(olga, "incident")
    assert "此草稿不是基于最新版本" in olga.get_by_test_id("draft-outdated").inner_text()
    screenshot(olga, "modeller-draft-outdated-zh_CN-1280")
    olga.set_viewport_size({"width": 390, "height": 900})
    screenshot(olga, "modeller-draft-outdated-zh_CN-390")
    olga.set_viewport_size({"width": 1280, "height": 900})
    choose_language(olga, "en")
    open_modeller(olga, "incident")
    with olga.expect_navigation():
        olga.get_by_test_id("draft-discard").click()
    olga.wait_for_selector("#modeller.modeller-ready")
    assert "The draft was discarded" in olga.content()
    assert olga.get_by_test_id("draft-outdated").count() == 0
    assert name_on_canvas(olga, "classify") == "Sort the incident"  # version 2 is open to draw on
    assert olga.request.get("/processes/incident/model/draft").status == 404
