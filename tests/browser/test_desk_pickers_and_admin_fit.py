"""In a real browser: an agent finds a ticket by its title to mark a duplicate or link it, an admin gives a day
more working spans than before, and every admin list fits a 390 px phone in both languages."""
import re

import pytest
from playwright.sync_api import expect

PHONE = 390
ADMIN_LISTS = ("/admin/users", "/admin/groups", "/admin/departments", "/admin/categories", "/admin/service-levels",
               "/admin/priority-matrix", "/admin/incident-settings", "/admin/reply-templates", "/admin/outbox",
               "/admin/mailboxes", "/admin/mail-quarantine")


def in_language(page, language: str) -> None:  # type: ignore[no-untyped-def]
    """Switch the signed-in person's language (kept on their profile)."""
    with page.expect_navigation():
        page.select_option("#language", "zh_CN" if language == "zh" else "en")


def log_incident(page, title: str) -> str:  # type: ignore[no-untyped-def]
    """Log an incident as the signed-in agent; return its number."""
    page.goto("/tickets/new")
    page.fill("#title", title)
    page.get_by_role("button", name="Log the incident").click()
    page.wait_for_url(re.compile(r"/tickets/INC-\d+$"))
    return page.url.rsplit("/", 1)[1]


def test_agent_finds_the_original_and_the_related_ticket_by_title_as_she_types(page_as, screenshot) -> None:
    page = page_as("sam")
    original = log_incident(page, "Mail server refuses every connection")
    related = log_incident(page, "VPN drops every hour")
    duplicate = log_incident(page, "Cannot send mail since nine")
    page.select_option("#kind", "article")  # no look-up for articles: typing offers nothing
    page.locator("#target").press_sequentially("vpn")
    expect(page.locator("#target")).to_have_attribute("aria-expanded", "false")
    page.fill("#target", "")
    page.select_option("#kind", "related")
    page.locator("#target").press_sequentially("vpn drops")
    link_options = page.locator("#target ~ [role=listbox] [role=option]")
    expect(link_options).to_have_count(1)
    screenshot(page, "ticket-picker-link-en-1280")
    link_options.first.click()
    assert page.input_value("#target") == related
    page.get_by_role("button", name="Link", exact=True).click()
    page.wait_for_url(re.compile(rf"/tickets/{duplicate}"))
    expect(page.locator("[data-testid=links]")).to_contain_text(related)

    page.locator("#duplicate-original").press_sequentially("refuses")
    options = page.locator("#duplicate-original ~ [role=listbox] [role=option]")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text(original)
    expect(options.first).to_contain_text("Mail server refuses every connection")
    screenshot(page, "ticket-picker-duplicate-en-1280")
    page.locator("#duplicate-original").press("ArrowDown")
    page.locator("#duplicate-original").press("Enter")
    assert page.input_value("#duplicate-original") == original
    page.get_by_role("button", name="Close as a duplicate").click()
    page.wait_for_url(re.compile(rf"/tickets/{duplicate}"))
    expect(page.locator("main")).to_contain_text(f"{duplicate} was closed as a duplicate.")
    for language in ("en", "zh"):
        for width in (1280, PHONE):
            shown = page_as("sam", width=width)
            if language == "zh":
                in_language(shown, "zh")
            shown.goto(f"/tickets/{related}")
            screenshot(shown, f"ticket-picker-page-{language}-{width}")
            if width == PHONE:
                assert shown.evaluate("document.documentElement.scrollWidth") <= PHONE
            if language == "zh":
                in_language(shown, "en")


def test_admin_adds_working_spans_to_a_day_at_once(page_as, screenshot) -> None:
    page = page_as("adam")
    page.goto("/admin/service-levels/calendars/new")
    page.fill("#name", "Three shifts")
    monday = page.locator("#mon-spans li")
    expect(monday).to_have_count(3)  # the built-in two spans and a blank one
    add = page.locator("button.add-span[data-spans=mon-spans]")
    expect(add).to_be_visible()
    add.click()
    expect(monday).to_have_count(4)
    expect(page.locator("#mon_3_start")).to_be_focused()
    for index, (start, end) in ((2, ("18:00", "20:00")), (3, ("21:00", "23:00"))):
        page.fill(f"#mon_{index}_start", start)
        page.fill(f"#mon_{index}_end", end)
    screenshot(page, "calendar-spans-added-en-1280")
    page.get_by_role("button", name="Create calendar").click()
    page.wait_for_url(re.compile(r"/admin/service-levels$"))
    page.get_by_role("link", name="Three shifts").click()
    expect(page.locator("#mon-spans li")).to_have_count(5)
    assert page.input_value("#mon_3_end") == "23:00"
    calendar = page.url
    for language in ("en", "zh"):
        for width in (1280, PHONE):
            shown = page_as("adam", width=width)
            if language == "zh":
                in_language(shown, "zh")
            shown.goto(calendar)
            screenshot(shown, f"calendar-editor-{language}-{width}")
            if width == PHONE:
                assert shown.evaluate("document.documentElement.scrollWidth") <= PHONE
            if language == "zh":
                in_language(shown, "en")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_admin_list_fits_a_phone(page_as, screenshot, language: str) -> None:
    page = page_as("adam", width=PHONE)
    page.goto("/admin/reply-templates")
    if page.locator("[data-testid=reply-templates]").count() == 0:
        page.fill("#title", "Restart the print spooler on the third floor")
        page.fill("#body", "See https://intranet.example/guides/restart-the-print-spooler-on-the-third-floor-printers "
                           "or open Services, find Print Spooler, choose Restart.")
        page.get_by_role("button", name="Add the template").click()
        expect(page.locator("[data-testid=reply-templates]")).to_be_visible()
    if language == "zh":
        in_language(page, "zh")
    too_wide = {}
    for address in ADMIN_LISTS:
        page.goto(address)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            too_wide[address] = width
        screenshot(page, f"admin-fit{address.replace('/', '-')}-{language}-{PHONE}")
    if language == "zh":
        in_language(page, "en")
    assert too_wide == {}


def where(locator) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Where an element lies on the page (not the viewport, which scrolls as a field takes the focus)."""
    return locator.evaluate("e => { const r = e.getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY]; }")


@pytest.mark.parametrize("width", (1280, PHONE))
def test_the_list_of_matches_lies_over_the_form_and_never_moves_the_button_under_a_click(page_as, screenshot,
                                                                                       width: int) -> None:
    page = page_as("sam", width=width)
    page.goto("/tickets/new")
    button = page.get_by_role("button", name="Log the incident")
    before = where(button)
    page.locator("#ci").press_sequentially("printer")
    options = page.locator("#ci ~ [role=listbox] [role=option]")
    expect(options.first).to_be_visible()
    assert where(button) == before  # the open list pushes nothing down
    screenshot(page, f"picker-over-the-form-en-{width}")
    field, listed = page.locator("#ci").bounding_box(), page.locator("#ci ~ [role=listbox]").bounding_box()
    assert abs(listed["x"] - field["x"]) < 1 and 0 <= listed["y"] - (field["y"] + field["height"]) < 8  # right under it
    assert listed["x"] + listed["width"] <= width  # and within the page on a phone
    page.locator("#title").click()  # moving on closes it, and nothing moved
    expect(page.locator("#ci")).to_have_attribute("aria-expanded", "false")
    assert where(button) == before


def test_matches_that_arrive_after_the_person_moved_on_are_not_shown(page_as) -> None:
    page = page_as("sam")
    page.goto("/tickets/new")
    held = []
    page.route("**/pickers/cis*", lambda route: held.append(route))  # the look-up's answer is held back until she has moved on
    page.locator("#ci").press_sequentially("printer")
    for _ in range(50):  # the field waits for a pause in typing, then asks
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the field asked the server for matches"
    page.locator("#title").click()
    with page.expect_response("**/pickers/cis*"):
        held[0].continue_()
    page.wait_for_timeout(200)  # the answer's handler runs after the response event
    expect(page.locator("#ci ~ [role=listbox]")).to_be_hidden()
    expect(page.locator("#ci")).to_have_attribute("aria-expanded", "false")
