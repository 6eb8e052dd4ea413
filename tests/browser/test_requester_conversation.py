"""A requester answers the agent's question on her own ticket, in English and in Chinese, on a desktop and a phone."""
import re

import pytest
from playwright.sync_api import expect

PHONE = 390


def test_requester_answers_the_agents_question_on_her_ticket(page_as, screenshot) -> None:
    number = requester_logs_from_the_portal_card(page_as)
    agent_takes_it_and_asks(page_as, number, "Which tray do you print from, and which paper size?")
    requester_answers_from_her_home_page(page_as, number, screenshot)
    agent_asks(page_as, number, "Does the printer show an error code?")
    requester_answers_in_chinese(page_as, number, screenshot)


def requester_logs_from_the_portal_card(page_as) -> str:  # type: ignore[no-untyped-def]
    page = page_as("rita")
    page.goto("/portal")
    card = page.locator("[data-process=incident]")
    expect(card).to_contain_text("Something is broken")
    assert page.locator("[data-process=change]").count() == 0  # changes are for staff
    card.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/tickets/new$"))
    page.fill("#title", "Printer jams on A3 paper")
    page.fill("#description", "Every A3 page jams in the third-floor printer since this morning.")
    page.get_by_role("button", name="Log the incident").click()
    page.wait_for_url(re.compile(r"/tickets/INC-\d+$"))
    return page.url.rsplit("/", 1)[1]


def open_step(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Follow the staff ticket page's link to an open step."""
    page.locator("[data-testid=steps]").get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(r"/tasks/"))


def agent_takes_it_and_asks(page_as, number: str, question: str) -> None:  # type: ignore[no-untyped-def]
    page = page_as("sam")
    page.goto(f"/tickets/{number}")
    open_step(page, "Classify the incident")
    page.select_option("#impact", "low")
    page.select_option("#urgency", "medium")
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))
    open_step(page, "Accept, return or forward")
    page.select_option("#decision", "accept")
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))
    ask(page, number, question)


def agent_asks(page_as, number: str, question: str) -> None:  # type: ignore[no-untyped-def]
    page = page_as("sam")
    page.goto(f"/tickets/{number}")
    ask(page, number, question)


def ask(page, number: str, question: str) -> None:  # type: ignore[no-untyped-def]
    open_step(page, "Investigate and resolve")
    page.select_option("#outcome", "need_info")
    page.fill("#question", question)
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))


def requester_answers_from_her_home_page(page_as, number: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("rita")
    page.goto("/")
    waiting = page.locator("[data-testid=waiting]")
    expect(waiting).to_contain_text("Sam Service-Desk asked you a question")
    assert page.inner_text("[data-testid=waiting-count]") == "1"
    screenshot(page, "requester-home-waiting-en-1280")
    waiting.get_by_role("link", name="answer").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}#step$"))
    conversation = page.locator("[data-testid=conversation]")
    expect(conversation).to_contain_text("Which tray do you print from, and which paper size?")
    expect(conversation).to_contain_text("Waiting for your answer.")
    main = page.inner_text("main")
    for engine_word in ("Complete task", "Release", "Priority", "service-desk", "automatically"):
        assert engine_word not in main, engine_word
    assert page.locator("textarea#answer").count() == 1  # her answer is prose: several lines
    screenshot(page, "requester-ticket-question-en-1280")
    phone = page_as("rita", width=PHONE)
    phone.goto(f"/tickets/{number}")
    screenshot(phone, "requester-ticket-question-en-390")
    page.get_by_role("button", name="Send").click()  # nothing written: refused beside the field
    expect(page.locator("#answer-error")).to_be_visible()
    page.fill("#answer", "Tray 2, A3 paper, 80 g.")
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}#conversation$"))
    expect(page.locator("main")).to_contain_text("Your answer was sent.")
    expect(conversation).to_contain_text("Tray 2, A3 paper, 80 g.")
    expect(conversation).to_contain_text("You answered.")
    assert page.locator("[data-testid=my-step]").count() == 0
    assert page.locator("[data-testid=waiting-count]").count() == 0
    screenshot(page, "requester-ticket-answered-en-1280")


def in_chinese(page) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.select_option("#language", "zh_CN")


def requester_answers_in_chinese(page_as, number: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("rita")
    page.goto("/portal")
    in_chinese(page)
    expect(page.locator("[data-testid=waiting]")).to_contain_text("向你提了一个问题")
    screenshot(page, "requester-home-waiting-zh-1280")
    phone = page_as("rita", width=PHONE)
    phone.goto("/portal")
    in_chinese(phone)
    screenshot(phone, "requester-home-waiting-zh-390")
    page.locator("[data-testid=waiting]").get_by_role("link", name="回答").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}#step$"))
    expect(page.locator("[data-testid=conversation]")).to_contain_text("等待你的回答。")
    screenshot(page, "requester-ticket-question-zh-1280")
    phone.goto(f"/tickets/{number}")
    screenshot(phone, "requester-ticket-question-zh-390")
    page.fill("#answer", "没有错误代码,只是卡纸。")
    page.get_by_role("button", name="发送回答").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}#conversation$"))
    expect(page.locator("main")).to_contain_text("你的回答已发送。")
    screenshot(page, "requester-ticket-answered-zh-1280")
    expect(page.locator("[data-testid=conversation]")).to_contain_text("你已回答。")


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("width", [1280, PHONE])
def test_requester_pages_fit_a_desktop_and_a_phone(page_as, screenshot, language: str, width: int) -> None:
    page = page_as("rita", width=width)
    page.goto("/portal")
    if language == "zh":
        in_chinese(page)
    screenshot(page, f"requester-portal-{language}-{width}")
    page.goto("/tickets/new")
    assert page.locator("input[type=file][name=files][multiple]").count() == 1
    screenshot(page, f"requester-incident-form-{language}-{width}")
    page.goto("/requests")
    screenshot(page, f"requester-my-requests-{language}-{width}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"My requests is {scroll_width} px wide on a {width} px screen"
