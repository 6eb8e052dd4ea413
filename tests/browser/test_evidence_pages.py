"""An auditor downloads a case's evidence bundle from its instance page and exports a period's, in both languages."""
import io
import re

import pytest

from app.audit.evidence_check import verify_bundle

HEADINGS = {"en": ("Download evidence", "Export evidence", "Download the bundle"),
            "zh_CN": ("下载证据", "导出证据", "下载证据包")}


def requester_logs_an_incident(page_as, title: str) -> None:  # type: ignore[no-untyped-def]
    """Rita logs an incident from the portal."""
    page = page_as("rita")
    page.goto("/tickets/new")
    page.fill("#title", title)
    page.fill("#description", "第三层的打印机每页都卡纸。")
    page.get_by_role("button", name="Log the incident").click()
    page.wait_for_url(re.compile(r"/tickets/INC-\d+$"))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_auditor_downloads_a_verified_bundle_and_exports_a_period(page_as, screenshot, language) -> None:
    download, export, submit = HEADINGS[language]
    requester_logs_an_incident(page_as, "打印机卡纸" if language == "zh_CN" else "Printer jams")
    page = page_as("audrey")
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language", language)
    page.goto("/instances?process=incident")
    page.locator("table.instances tbody a").first.click()
    page.wait_for_url(re.compile(r"/instances/\d+$"))
    screenshot(page, f"evidence-instance-page-{language}")
    with page.expect_download() as downloaded:
        page.get_by_test_id("evidence-download").click()
    assert downloaded.value.suggested_filename.startswith("evidence-instance-")
    bundle = open(downloaded.value.path(), "rb").read()
    assert verify_bundle(io.BytesIO(bundle)).holds
    assert page.get_by_test_id("evidence-download").inner_text() == download
    page.goto("/instances")
    page.get_by_test_id("evidence-export").click()
    page.wait_for_url(re.compile(r"/evidence$"))
    assert page.locator("h1").inner_text() == export
    screenshot(page, f"evidence-export-form-{language}")
    page.select_option("#process_id", "incident")
    page.fill("#first_day", "2001-01-01")
    page.fill("#last_day", "2001-01-31")
    page.get_by_role("button", name=submit).click()
    page.wait_for_load_state()
    assert page.locator(".field-error").count() == 1  # no case began in January 2001
    screenshot(page, f"evidence-export-refused-{language}")
    page.fill("#first_day", "2000-01-01")
    page.fill("#last_day", "2100-12-31")
    with page.expect_download() as exported:
        page.get_by_role("button", name=submit).click()
    assert verify_bundle(exported.value.path()).holds
