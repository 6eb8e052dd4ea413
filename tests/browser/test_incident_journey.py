"""One incident from logging to its closure, in a real browser, with screenshots of the key pages (the satisfaction
survey asks how it went afterwards: tests/browser/test_survey_pages.py)."""
import re

from playwright.sync_api import expect


def test_incident_travels_from_logging_to_its_closure(page_as, screenshot) -> None:
    number = requester_logs_an_incident(page_as, screenshot)
    service_desk_classifies_it(page_as, number, screenshot)
    assignee_accepts_and_resolves_it(page_as, number, screenshot)
    requester_confirms(page_as, number, screenshot)


def open_step(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Follow the ticket page's link to an open step the signed-in person may work."""
    page.locator("[data-testid=steps]").get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(r"/tasks/"))


def requester_logs_an_incident(page_as, screenshot) -> str:  # type: ignore[no-untyped-def]
    page = page_as("rita")
    page.goto("/tickets/new")
    page.get_by_role("button", name="Log the incident").click()  # nothing filled in: refused, nothing lost
    expect(page.locator("main")).to_contain_text("Enter a title.")  # waits for the refused post's answer
    page.fill("#title", "Printer jams on A3 paper")
    page.fill("#description", "Every A3 page jams in the third-floor printer since this morning.")
    page.select_option("#category", label="Hardware / Printer")
    screenshot(page, "incident-log-form")
    page.get_by_role("button", name="Log the incident").click()
    page.wait_for_url(re.compile(r"/tickets/INC-\d+$"))
    number = page.url.rsplit("/", 1)[1]
    assert page.inner_text("[data-testid=status]") == "Received – waiting to be looked at"
    assert "Waiting for the team to pick it up." in page.inner_text("[data-testid=conversation]")
    return number


def service_desk_classifies_it(page_as, number: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("sam")
    page.goto(f"/tickets/{number}")
    assert "Printer jams on A3 paper" in page.inner_text("[data-testid=kb-suggestions]")
    open_step(page, "Classify the incident")
    assert "Printer jams on A3 paper" in page.inner_text("[data-testid=kb-suggestions]")
    page.select_option("#impact", "low")
    page.select_option("#urgency", "high")
    page.locator("#ci").press_sequentially("prn-3f")
    page.locator("#ci ~ [role=listbox]").get_by_role("option", name=re.compile("prn-3f")).click()  # as she would
    assert page.input_value("#ci") == "prn-3f"
    screenshot(page, "incident-classify-form")
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))
    assert page.inner_text("[data-testid=priority]").startswith("P3")
    assert page.inner_text("[data-testid=assignee]") == "Sam Service-Desk"


def assignee_accepts_and_resolves_it(page_as, number: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("sam")
    page.goto(f"/tickets/{number}")
    open_step(page, "Accept, return or forward")
    page.select_option("#decision", "forward")
    page.get_by_role("button", name="Complete task").click()
    expect(page.locator("main")).to_contain_text("Reason is required when Decision is “Return to the service desk” / “Forward to another group”.")
    page.select_option("#decision", "accept")
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))
    page.fill("#body", "Tray 2 rollers are worn; cleaning them first.")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the note").click()
    assert page.inner_text("[data-testid=status]") == "In progress"
    open_step(page, "Investigate and resolve")
    page.select_option("#outcome", "resolved")
    page.fill("#resolution", "Cleaned the tray 2 rollers and loaded fanned A3 paper.")
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))
    assert "Target met" in page.inner_text("[data-testid=sla]") or "On track" in page.inner_text("[data-testid=sla]")
    screenshot(page, "incident-ticket-agent")


def requester_confirms(page_as, number: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("rita")
    page.goto(f"/tickets/{number}")
    assert page.inner_text("[data-testid=status]") == "Resolved – please confirm the fix"
    assert "Tray 2 rollers are worn" not in page.inner_text("main")  # an internal note
    screenshot(page, "incident-ticket-requester")
    page.select_option("#confirmation", "confirm")  # her step is on her ticket, in the conversation
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}#conversation$"))
    assert page.inner_text("[data-testid=status]") == "Closed"
    assert page.locator("[data-testid=my-step]").count() == 0  # no rating step: the survey asks, by mail
    screenshot(page, "incident-closed")
