"""A process owner's journey through the studio: upload a diagram with a note, find it listed, download it; then
correct and retry an instance that needs attention; every new page in English and Chinese, wide and narrow."""
import base64
from pathlib import Path
from typing import Any

from tests.browser.test_incident_page import fail_a_charge_for_good

DIAGRAM = Path(__file__).parents[1] / "diagrams" / "studio_gate.bpmn"
OWNER = {"Authorization": "Basic " + base64.b64encode(b"olga:flowdesk-demo").decode()}
NOTE = "Purchases over 1000 go to a manager."


def upload_with_a_note(page: Any) -> None:
    """Deploy the purchase approval from the process list's upload form."""
    page.goto("/processes")
    page.set_input_files("#file", str(DIAGRAM))
    page.fill("#note", NOTE)
    with page.expect_navigation():
        page.get_by_role("button", name="Deploy").click()


def start_without_its_amount(page: Any) -> str:
    """Start the purchase approval without the amount its gateway reads; return the id of the stopped instance."""
    started = page.request.post("/engine-rest/process-definition/key/purchase_gate/start", headers=OWNER, data={})
    assert started.status >= 400, started.text()  # the gateway fails: the instance is kept, needing attention
    page.goto("/processes/attention")
    return page.get_by_test_id("attention").locator("tbody tr").first.get_attribute("data-instance")


def test_process_owner_uploads_lists_downloads_and_retries(page_as, screenshot, tmp_path) -> None:
    page = page_as("olga")
    upload_with_a_note(page)
    assert "is deployed as version 1." in page.inner_text("main")
    assert NOTE in page.get_by_test_id("versions-purchase_gate").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("versions-purchase_gate").get_by_role("link", name="Download .bpmn").click()
    saved = tmp_path / "saved.bpmn"
    download.value.save_as(saved)
    assert saved.read_bytes() == DIAGRAM.read_bytes()
    instance_id = start_without_its_amount(page)
    page.goto(f"/instances/{instance_id}")
    page.fill("#variable-name", "amount")
    page.select_option("#variable-type", "long")
    page.fill("#variable-value", "2500")
    page.fill("#variable-reason", "The requester gave the amount by phone.")
    with page.expect_navigation():
        page.get_by_role("button", name="Change the variable").click()
    assert "The variable amount was changed." in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("button", name="Retry now").click()
    assert "it is now Running" in page.inner_text("main")
    assert "Manager approves" in page.get_by_test_id("open-tasks").inner_text()


def test_studio_pages_in_both_languages_and_widths(page_as, screenshot) -> None:
    page = page_as("olga")
    if "purchase_gate" not in page.request.get("/processes").text():
        upload_with_a_note(page)
    stopped = start_without_its_amount(page)
    for language in ("en", "zh_CN"):
        page.goto("/")
        with page.expect_navigation():
            page.select_option("#language", language)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in (("processes", "/processes"), ("process", "/processes/purchase_gate"),
                               ("attention", "/processes/attention"), ("operate", f"/instances/{stopped}")):
                page.goto(path)
                assert page.locator("h1").first.is_visible()
                screenshot(page, f"studio-{name}-{language}-{width}")


def test_process_owner_resolves_an_outside_workers_incident_from_the_page(page_as, screenshot) -> None:
    page = page_as("adam")
    instance_id = fail_a_charge_for_good(page)
    for language in ("en", "zh_CN"):
        page.goto("/")
        with page.expect_navigation():
            page.select_option("#language", language)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"/instances/{instance_id}")
            assert page.get_by_test_id("retries-form").is_visible()
            screenshot(page, f"studio-incident-{language}-{width}")
    page.fill("#retries-1", "3")
    page.fill("#retries-reason-1", "The gateway answers again.")
    with page.expect_navigation():
        page.get_by_test_id("retries-form").get_by_role("button").click()
    assert page.get_by_test_id("incidents").count() == 0
    history = page.get_by_test_id("history").inner_text()
    assert "操作员的人工干预" in history and "The gateway answers again." in history  # adam, an admin, reads it
