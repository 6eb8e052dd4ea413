"""The pages finding 10 of issue 9 changed, in a real browser and both languages: a CI search too long to run,
and the 400 for a control character in the address to return to after signing in."""
import pytest


@pytest.mark.parametrize(("language", "marked"), [("en", "longer than 200 characters"),
                                                   ("zh_CN", "部分筛选条件无法使用")])
def test_agent_sees_a_too_long_ci_search_marked_in_their_language(page_as, screenshot, language, marked) -> None:
    page = page_as("sam")
    if language != "en":
        with page.expect_navigation():
            page.select_option("#language", language)
    response = page.goto("/cmdb?q=" + "a" * 300)
    assert response is not None and response.status == 400
    assert marked in page.content()
    screenshot(page, f"cmdb-search-too-long-{language}")


@pytest.mark.parametrize(("locale", "message"), [("en-GB", "The address to return to is not valid"),
                                                  ("zh-CN", "要返回的地址无效")])
def test_visitor_sees_a_clear_400_for_a_control_character_in_next(browser, live_server, screenshot,
                                                                  locale, message) -> None:
    context = browser.new_context(base_url=live_server, locale=locale)
    page = context.new_page()
    response = page.goto("/login?next=/portal%0d%0aSet-Cookie:%20x=1")
    assert response is not None and response.status == 400
    assert message in page.content()
    screenshot(page, f"login-next-control-character-{locale}")
    context.close()
