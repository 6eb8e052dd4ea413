"""Pages at their less travelled corners: a ticket's category form in Chinese, a later inbox page, a phone's width."""
import re

from playwright.sync_api import expect

import app.web.desk.inbox as inbox

PHONE_WIDTH = 390  # CSS pixels of a common phone held upright


def log_incident(page, title: str) -> str:  # type: ignore[no-untyped-def]
    """Log an incident on the page's signed-in person's behalf; return its number."""
    page.goto("/tickets/new")
    page.fill("#title", title)
    page.fill("#description", f"{title}, since this morning.")
    page.get_by_role("button", name="Log the incident").click()
    page.wait_for_url(re.compile(r"/tickets/INC-\d+$"))
    return page.url.rsplit("/", 1)[1]


def switch_to_chinese(page) -> None:  # type: ignore[no-untyped-def]
    """Choose Simplified Chinese in the header."""
    with page.expect_navigation():
        page.select_option("#language", "zh_CN")


def test_agent_sees_the_ticket_category_form_in_chinese(page_as, screenshot) -> None:
    number = log_incident(page_as("rita"), "Scanner drops pages")
    page = page_as("sam")
    switch_to_chinese(page)
    page.goto(f"/tickets/{number}")
    form = page.locator("[data-testid=category-form]")
    expect(form).to_be_visible()
    assert page.inner_text("#category-heading") == "更改分类"
    assert "类别" in form.inner_text() and "原因" in form.inner_text()
    assert not re.search(r"\b(Category|Reason|Change the category)\b", form.inner_text()), form.inner_text()
    form.scroll_into_view_if_needed()
    screenshot(page, "ticket-category-form-zh")


def test_agent_pages_back_through_the_inbox(page_as, screenshot, monkeypatch) -> None:
    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)  # the live server runs in this process: three tasks make two pages
    requester = page_as("rita")
    for title in ("Monitor flickers", "Dock does not charge", "Headset crackles"):
        log_incident(requester, title)
    page = page_as("sam")
    page.goto("/inbox/queue")  # the unclaimed incidents wait in the service desk's queue
    expect(page.locator("a[rel=prev]")).to_have_count(0)
    page.locator("a[rel=next]").click()
    previous = page.locator("a[rel=prev]")
    expect(previous).to_have_text("← Previous page")
    screenshot(page, "inbox-previous-page")
    previous.click()
    page.wait_for_load_state()
    expect(page.locator("a[rel=prev]")).to_have_count(0)


def test_requester_reads_a_ticket_on_a_phone(page_as, screenshot) -> None:
    page = page_as("rita", width=PHONE_WIDTH)
    number = log_incident(page, "Laptop fan is loud")
    page.goto(f"/tickets/{number}")
    widest = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "ticket-phone")
    assert widest <= PHONE_WIDTH, f"the page is {widest} px wide on a {PHONE_WIDTH} px screen"


def test_agent_reads_the_inbox_on_a_phone(page_as, screenshot) -> None:
    log_incident(page_as("rita"), "Keyboard misses keys")
    page = page_as("sam", width=PHONE_WIDTH)
    page.goto("/inbox/queue")
    widest = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "inbox-phone")
    assert widest <= PHONE_WIDTH, f"the page is {widest} px wide on a {PHONE_WIDTH} px screen"
    claim = page.locator("table.inbox").get_by_role("button", name=re.compile("^Claim")).first.bounding_box()
    assert claim["x"] + claim["width"] <= PHONE_WIDTH, f"the Claim button ends at {claim['x'] + claim['width']} px"
    assert page.locator("table.inbox td[data-label]").first.evaluate(
        "cell => getComputedStyle(cell, '::before').content") == '"Ticket: "'
    with page.expect_navigation():  # a task of her own: the inbox link carries its count (hidden at zero)
        page.locator("table.inbox").get_by_role("button", name=re.compile("^Claim")).first.click()
    menu = page.get_by_role("button", name="Menu")  # the top bar folds its links on a phone
    assert not page.locator("header nav").is_visible() and menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert page.locator("header nav").is_visible() and menu.get_attribute("aria-expanded") == "true"
    screenshot(page, "inbox-phone-menu-open")
    badge = page.locator("header [data-testid=my-task-count]").bounding_box()
    inbox_link = page.locator("header nav a").first.bounding_box()
    assert abs(badge["y"] - inbox_link["y"]) < inbox_link["height"], "the inbox count sits apart from its link"
