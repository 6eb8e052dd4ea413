"""A person's own pages in a real browser: the profile in English and Chinese, the password page, sign-out."""


def test_person_opens_their_profile_from_their_name_in_the_top_bar(page_as, screenshot) -> None:
    page = page_as("rita")
    page.click("header .who")
    page.wait_for_load_state()
    assert page.url.endswith("/profile")
    assert page.get_by_role("heading", name="Your profile").is_visible()
    assert page.locator("#display_name").input_value() == "Rita Requester"
    assert page.get_by_test_id("sessions").locator("tbody tr").count() == 1
    screenshot(page, "profile-en")


def test_profile_speaks_chinese_to_a_person_who_prefers_it(page_as, screenshot) -> None:
    page = page_as("lee")  # lee prefers Simplified Chinese
    page.goto("/profile")
    assert page.get_by_role("heading", name="个人资料").is_visible()
    assert page.get_by_role("button", name="在所有设备上退出").is_visible()
    assert page.get_by_role("button", name="保存个人资料").is_visible()
    screenshot(page, "profile-zh")


def test_password_page_explains_why_a_common_password_is_refused_in_chinese(page_as, screenshot) -> None:
    page = page_as("lee")
    page.goto("/profile/password")
    page.fill("#current_password", "flowdesk-demo")
    page.fill("#password", "password1234")
    page.fill("#confirm", "password1234")
    with page.expect_navigation():
        page.get_by_role("button", name="修改密码").click()
    assert "这个密码很容易被猜到" in page.locator("#password-error").inner_text()
    screenshot(page, "password-refused-zh")


def test_sign_out_everywhere_returns_to_the_sign_in_page(page_as) -> None:
    page = page_as("sam")
    page.goto("/profile")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out everywhere").click()
    assert "/login" in page.url
    page.goto("/inbox")
    assert "/login" in page.url


def test_admin_finds_the_reset_and_sign_out_on_a_persons_page(page_as, screenshot) -> None:
    page = page_as("adam")
    page.goto("/admin/users/rita")
    section = page.locator("#sign-in")
    assert section.get_by_role("button", name="Sign out everywhere").is_visible()
    section.get_by_role("link", name="Reset password…").click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/users/rita/password")
    assert page.locator("#must_change").is_checked()
    screenshot(page, "admin-reset-password-en")


def test_password_page_rates_the_new_password_while_it_is_typed_and_shows_it_on_request(page_as, screenshot) -> None:
    page = page_as("rita")
    page.goto("/profile/password")
    page.fill("#password", "password1234")
    words = page.locator("#password-meter-words")
    words.filter(has_text="easy to guess").wait_for()
    assert page.locator("#password-meter").get_attribute("data-accepted") == "no"
    page.fill("#password", "violet-harbour-quietly-47")
    page.locator("#password-meter[data-accepted=yes]").wait_for()
    assert words.inner_text() in ("Fair: it will be accepted", "Strong", "Very strong")
    show = page.locator("#password + .show-password")
    show.click()
    assert page.locator("#password").get_attribute("type") == "text" and show.inner_text() == "Hide"
    screenshot(page, "password-meter-en")
    show.click()
    assert page.locator("#password").get_attribute("type") == "password"


def test_password_meter_speaks_chinese(page_as, screenshot) -> None:
    page = page_as("lee")
    page.goto("/profile/password")
    page.fill("#password", "violet-harbour-quietly-47")
    page.locator("#password-meter[data-accepted=yes]").wait_for()
    assert page.locator("#password-meter-words").inner_text() in ("一般：可以使用", "强", "非常强")
    assert page.locator("#password + .show-password").inner_text() == "显示"
    screenshot(page, "password-meter-zh")
