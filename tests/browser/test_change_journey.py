"""An agent's journey in Chromium: raise a normal change for two CIs chosen with the CMDB picker, read it on its
page with its risk and why, the change manager assesses it, and a CAB member reads the record above her decision;
in English and Chinese, at 1280 pixels."""
import re
from datetime import datetime, timedelta

import pytest

CAB_TASK = {"en": "CAB approval", "zh_CN": "变更咨询委员会审批"}


def choose_ci(page, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the CI picker and choose the CI it offers."""
    page.fill("#ci_pick", text)
    page.get_by_role("option", name=re.compile(re.escape(name))).first.click()


def speak(page, language: str) -> None:  # type: ignore[no-untyped-def]
    """Switch a signed-in page to a language."""
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language", language)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_an_agent_raises_a_normal_change_for_two_cis_that_the_cab_reads(page_as, screenshot, language) -> None:
    start = (datetime.now() + timedelta(days=2)).replace(hour=22, minute=0)
    sam = page_as("sam")
    speak(sam, language)
    sam.goto("/changes")
    with sam.expect_navigation():
        sam.get_by_test_id("raise-change").click()
    sam.select_option("#change_type", "normal")
    sam.fill("#title", f"Move the mail server to new storage {language}")
    sam.fill("#reason", "The old array is out of support.")
    sam.fill("#owner", "carl")
    sam.fill("#owner_group", "second-line")
    sam.fill("#implementer", "lee")
    sam.fill("#planned_start", start.strftime("%Y-%m-%dT%H:%M"))
    sam.fill("#planned_end", (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    choose_ci(sam, "mail-0", "mail-01")
    choose_ci(sam, "E-mail serv", "E-mail service")
    assert sam.input_value("#cis") == "mail-01, E-mail service"
    sam.fill("#implementation_plan", "Copy the mailboxes, switch the mount, restart.")
    sam.fill("#backout_plan", "Switch the mount back.")
    sam.check("[name=q_1]")
    screenshot(sam, f"change-raise-{language}")
    with sam.expect_navigation():
        sam.get_by_test_id("raise-form").locator("button.primary[type=submit]").click()
    number = re.search(r"CHG-\d+", sam.url).group(0)
    assert sam.get_by_test_id("change-cis").inner_text() == "E-mail service, mail-01"
    assert "Staff e-mail" in sam.get_by_test_id("change-services").inner_text()
    assert "(30)" in sam.get_by_test_id("change-risk").inner_text()
    screenshot(sam, f"change-page-{language}")

    carl = page_as("carl")
    carl.goto(f"/tickets/{number}")
    with carl.expect_navigation():
        carl.get_by_test_id("steps").locator("a.button").first.click()
    with carl.expect_navigation():
        carl.locator("form[action$='/claim'] button").click()
    carl.select_option("#impact", "high")
    carl.fill("#test_plan", "Send a mail in and out; read an old mailbox.")
    carl.fill("#assessment", "Storage move with a short outage.")
    with carl.expect_navigation():
        carl.locator("button.primary[type=submit]").click()

    mona = page_as("mona")
    speak(mona, language)
    mona.goto(f"/tickets/{number}")
    with mona.expect_navigation():
        mona.get_by_test_id("steps").get_by_role("link", name=CAB_TASK[language]).click()
    record = mona.get_by_test_id("task-record")
    assert "mail-01" in record.inner_text() and "Send a mail in and out" in record.inner_text()
    assert "(30)" in mona.get_by_test_id("record-risk_reasons").inner_text()
    assert mona.locator("[name=decision]").count() >= 1
    screenshot(mona, f"change-cab-task-{language}")
    mona.goto("/changes")
    assert number in mona.get_by_test_id("changes").inner_text()
    screenshot(mona, f"change-list-{language}")
