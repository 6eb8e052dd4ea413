"""The browser can reach FlowDesk: sign in, see the portal, switch language."""


def test_requester_signs_in_and_lands_on_the_portal(page_as, screenshot) -> None:
    page = page_as("rita")
    assert page.url.endswith("/portal")
    assert page.locator("header .who").inner_text() == "Rita Requester"
    screenshot(page, "portal-landing")


def test_language_switch_shows_chinese(page_as) -> None:
    page = page_as("rita")
    with page.expect_navigation():
        page.select_option("#language", "zh_CN")
    assert page.get_by_role("button", name="退出").is_visible()
