"""An agent's working day in a real browser: the queue, a CI picked as one types, a reply template in a note."""
import re

from playwright.sync_api import expect

TEMPLATE_EN = "Please restart the print spooler and try again."
TEMPLATE_ZH = "请重启打印后台服务后再试。"


def test_agent_picks_a_ci_as_she_types_and_answers_with_a_reply_template(page_as, screenshot) -> None:
    admin_adds_reply_templates(page_as, screenshot)
    number = agent_logs_an_incident_picking_the_ci(page_as, screenshot)
    agent_answers_with_a_reply_template(page_as, number, screenshot)
    agent_sees_the_queue_and_the_ticket_in_both_languages(page_as, number, screenshot)


def admin_adds_reply_templates(page_as, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("adam")
    for title, language, body in (("Restart the spooler", "en", TEMPLATE_EN), ("重启后台服务", "zh_CN", TEMPLATE_ZH)):
        page.goto("/admin/reply-templates")
        page.fill("#title", title)
        page.select_option("#template_language", language)
        page.fill("#body", body)
        page.get_by_role("button", name="Add the template").click()
        expect(page.locator("[data-testid=reply-templates]")).to_contain_text(title)
    screenshot(page, "agent-desk-reply-templates-admin-en-1280")
    for language, width in (("en", 390), ("zh", 1280), ("zh", 390)):
        page = page_as("adam", width=width)
        if language == "zh":
            with page.expect_navigation():
                page.select_option("#language", "zh_CN")
        page.goto("/admin/reply-templates")
        screenshot(page, f"agent-desk-reply-templates-admin-{language}-{width}")
    with page.expect_navigation():
        page.select_option("#language", "en")


def agent_logs_an_incident_picking_the_ci(page_as, screenshot) -> str:  # type: ignore[no-untyped-def]
    page = page_as("sam")
    page.goto("/tickets/new")
    page.fill("#title", "Third-floor printer prints blank pages")
    page.fill("#description", "Since this morning every page comes out blank.")
    page.fill("#requester", "rit")
    expect(page.get_by_role("option", name=re.compile("Rita Requester"))).to_be_visible()
    page.get_by_role("option", name=re.compile("Rita Requester")).click()
    assert page.input_value("#requester") == "rita"
    page.locator("#ci").press_sequentially("printer")  # by type: every printer is offered
    options = page.locator("#ci ~ [role=listbox] [role=option]")
    expect(options.first).to_be_visible()
    expect(page.locator("#ci")).to_have_attribute("aria-expanded", "true")
    page.locator("#ci").press("ArrowDown")
    chosen = options.first.get_attribute("data-value")
    assert "Printer" in options.first.inner_text()
    screenshot(page, "agent-desk-ci-picker-en-1280")
    page.locator("#ci").press("Enter")
    assert page.input_value("#ci") == chosen
    expect(page.locator("#ci")).to_have_attribute("aria-expanded", "false")
    page.get_by_role("button", name="Log the incident").click()
    page.wait_for_url(re.compile(r"/tickets/INC-\d+$"))
    return page.url.rsplit("/", 1)[1]


def agent_answers_with_a_reply_template(page_as, number: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("sam")
    page.goto(f"/tickets/{number}")
    page.select_option("#reply-template", label="Restart the spooler")
    assert page.input_value("#body") == TEMPLATE_EN  # inserted at once, no reload
    page.select_option("#visibility", "public")
    page.fill("#minutes_spent", "15")
    page.get_by_role("button", name="Add the note").click()
    expect(page.locator("[data-testid=notes]")).to_contain_text(TEMPLATE_EN)
    expect(page.locator("[data-testid=time-spent]")).to_have_text("0 h 15 min")
    page.locator("[data-testid=steps]").get_by_role("link", name="Classify the incident").click()
    page.wait_for_url(re.compile(r"/tasks/"))
    expect(page.locator("#ci")).to_have_attribute("data-picker", "/pickers/cis")  # the task form's CI field too
    page.select_option("#impact", "low")
    page.select_option("#urgency", "low")
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))
    assigned = page.locator("[data-testid=notes] li", has_text="Assigned to")
    expect(assigned).to_contain_text("FlowDesk")  # the automatic assignment's author, not sam


def agent_sees_the_queue_and_the_ticket_in_both_languages(page_as, number: str,  # type: ignore[no-untyped-def]
                                                          screenshot) -> None:
    page = page_as("sam")
    page.goto("/tickets/new")
    page.fill("#title", "Mail server refuses every connection")
    page.select_option("#impact", "high")
    page.select_option("#urgency", "high")
    page.locator("#requester").press_sequentially("lee")
    page.locator("#requester ~ [role=listbox]").get_by_role("option", name=re.compile("Lee Second-Line")).click()
    page.get_by_role("button", name="Log the incident").click()
    page.wait_for_url(re.compile(r"/tickets/INC-\d+$"))
    page.goto("/inbox/queue")
    row = page.locator("tr[data-task-id]", has_text="Mail server refuses every connection")
    expect(row.locator("[data-testid=row-priority]")).to_have_text("P1")
    expect(row).to_contain_text("Lee Second-Line")
    for language in ("en", "zh"):
        for width in (1280, 390):
            page = page_as("sam", width=width)
            if language == "zh":
                with page.expect_navigation():
                    page.select_option("#language", "zh_CN")
            page.goto("/inbox/queue")
            screenshot(page, f"agent-desk-queue-{language}-{width}")
            page.goto("/inbox")
            screenshot(page, f"agent-desk-mine-{language}-{width}")
            page.goto(f"/tickets/{number}")
            if language == "zh":
                expect(page.locator("[data-testid=notes]")).to_contain_text("已分派给")
                options = page.locator("#reply-template option").all_inner_texts()
                assert "重启后台服务" in options and "Restart the spooler" not in options
            screenshot(page, f"agent-desk-ticket-{language}-{width}")
            if language == "zh" and width == 390:
                with page.expect_navigation():
                    page.select_option("#language", "en")  # sam reads English again for the next tests
