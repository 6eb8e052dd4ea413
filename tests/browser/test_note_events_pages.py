"""System notes read in the reader's language with relative times: the staff ticket page and the requester's
conversation, in English and in Chinese, on a desktop and a phone."""
import re

from playwright.sync_api import expect

from tests.browser.test_requester_conversation import (
    PHONE,
    agent_takes_it_and_asks,
    in_chinese,
    open_step,
    requester_logs_from_the_portal_card,
)


def test_notes_read_in_english_and_chinese_on_the_staff_and_requester_pages(page_as, screenshot) -> None:
    number = requester_logs_from_the_portal_card(page_as)
    agent_takes_it_and_asks(page_as, number, "Which tray do you print from?")
    requester_answers(page_as, number, "Tray 2.")
    agent_sets_the_priority_and_resolves(page_as, number, screenshot)
    staff_reads_the_notes(page_as, number, screenshot)
    requester_reads_the_conversation(page_as, number, screenshot)


def requester_answers(page_as, number: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    page = page_as("rita")
    page.goto(f"/tickets/{number}")
    page.fill("#answer", answer)
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}#conversation$"))


def agent_sets_the_priority_and_resolves(page_as, number: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("sam")
    page.goto(f"/tickets/{number}")
    form = page.locator(f"form[action='/tickets/{number}/priority']")
    form.locator("select").select_option("P2")
    form.locator("input[name=reason]").fill("The whole floor prints there.")
    form.get_by_role("button").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}"))
    inbox_says_when_tasks_are_due(page_as, screenshot)
    open_step(page, "Investigate and resolve")
    page.select_option("#outcome", "resolved")
    page.fill("#resolution", "Replaced the tray 2 rollers.")
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))


def inbox_says_when_tasks_are_due(page_as, screenshot) -> None:  # type: ignore[no-untyped-def]
    for width in (1280, PHONE):
        page = page_as("sam", width=width)
        page.goto("/inbox")
        due = page.locator("td.due time").first
        expect(due).to_have_text(re.compile(r"^in \d+ hours$"))
        assert re.match(r"\d+ \w+ 2026, \d\d:\d\d$", due.get_attribute("title") or "")
        screenshot(page, f"inbox-due-en-{width}")
        in_chinese(page)
        expect(page.locator("td.due time").first).to_have_text(re.compile(r"小时后$"))
        screenshot(page, f"inbox-due-zh-{width}")


def staff_reads_the_notes(page_as, number: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("sam")
    page.goto(f"/tickets/{number}")
    notes = page.locator("[data-testid=notes]")
    for sentence in ("Priority set to P2: The whole floor prints there.", "Question: Which tray do you print from?",
                     "Answer: Tray 2.", "Resolved: Replaced the tray 2 rollers.", "just now"):
        expect(notes).to_contain_text(sentence)
    assert notes.locator("time[title]").count() >= 5
    screenshot(page, "staff-ticket-notes-en-1280")
    phone = page_as("sam", width=PHONE)
    phone.goto(f"/tickets/{number}")
    screenshot(phone, "staff-ticket-notes-en-390")
    in_chinese(page)
    for sentence in ("优先级改为 P2：The whole floor prints there.", "提问：Which tray do you print from?",
                     "回答：Tray 2.", "已解决：Replaced the tray 2 rollers.", "刚刚"):
        expect(notes).to_contain_text(sentence)
    screenshot(page, "staff-ticket-notes-zh-1280")
    in_chinese(phone)
    screenshot(phone, "staff-ticket-notes-zh-390")


def requester_reads_the_conversation(page_as, number: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("rita")
    page.goto(f"/tickets/{number}")
    conversation = page.locator("[data-testid=conversation]")
    expect(conversation).to_contain_text("Resolved: Replaced the tray 2 rollers.")
    expect(conversation).not_to_contain_text("Priority set to")  # an internal note
    screenshot(page, "requester-ticket-notes-en-1280")
    phone = page_as("rita", width=PHONE)
    phone.goto(f"/tickets/{number}")
    screenshot(phone, "requester-ticket-notes-en-390")
    in_chinese(page)
    expect(conversation).to_contain_text("已解决：Replaced the tray 2 rollers.")
    expect(conversation).to_contain_text("Which tray do you print from?")
    expect(conversation).not_to_contain_text("提问")  # a chat message, as written
    screenshot(page, "requester-ticket-notes-zh-1280")
    in_chinese(phone)
    screenshot(phone, "requester-ticket-notes-zh-390")
