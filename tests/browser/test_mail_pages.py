"""In a real browser: a person's notification settings and the admin's mail templates, in both languages, at desk
and phone widths; and a notification mail's HTML part as a mail client shows it."""
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

WIDTHS = (1280, 390)


def in_language(page, language: str) -> None:  # type: ignore[no-untyped-def]
    """Switch the signed-in person's language (kept on their profile)."""
    with page.expect_navigation():
        page.select_option("#language", "zh_CN" if language == "zh" else "en")


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    """Say whether the page fits its viewport's width (nothing to scroll sideways)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_person_chooses_how_to_hear_of_each_event(page_as, screenshot) -> None:
    for login, language, heading in (("rita", "en", "Notifications"), ("lee", "zh", "通知")):
        for width in WIDTHS:
            page = page_as(login, width=width)
            page.goto("/profile")
            page.get_by_role("link", name="Notification settings…" if language == "en" else "通知设置…").click()
            page.wait_for_load_state()
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
            assert fits(page), f"the settings overflow {width} px in {language}"
            screenshot(page, f"mail-notifications-{language}-{width}")
    page = page_as("rita")
    page.goto("/profile/notifications")
    page.locator('input[name="incident_closed:email"]').uncheck()
    page.select_option('select[name="incident_question:sms"]', "always")
    with page.expect_navigation():
        page.get_by_role("button", name="Save notification settings").click()
    expect(page.locator('input[name="incident_closed:email"]')).not_to_be_checked()
    expect(page.locator('select[name="incident_question:sms"]')).to_have_value("always")
    page.locator('input[name="incident_closed:email"]').check()
    page.select_option('select[name="incident_question:sms"]', "urgent")
    with page.expect_navigation():
        page.get_by_role("button", name="Save notification settings").click()


def test_admin_reads_and_previews_the_mail_templates_in_both_languages(page_as, screenshot) -> None:
    for language in ("en", "zh"):
        for width in WIDTHS:
            page = page_as("adam", width=width)
            if language == "zh":
                in_language(page, "zh")
            page.goto("/admin/mail-templates")
            expect(page.get_by_test_id("mail-templates")).to_be_visible()
            assert fits(page), f"the template list overflows {width} px in {language}"
            screenshot(page, f"mail-templates-{language}-{width}")
            page.goto("/admin/mail-templates/incident_resolved/zh_CN" if language == "zh"
                      else "/admin/mail-templates/incident_resolved/en")
            page.locator("iframe.mail-preview").scroll_into_view_if_needed()
            frame = page.frame_locator("iframe.mail-preview")
            expect(frame.locator("h1")).to_have_text("您的事件已解决" if language == "zh" else "Your incident is resolved")
            assert fits(page), f"the template editor overflows {width} px in {language}"
            screenshot(page, f"mail-template-{language}-{width}")
            page.locator("iframe.mail-preview").screenshot(
                path=str(ARTIFACTS / f"mail-template-preview-{language}-{width}.png"))
            if language == "zh":
                in_language(page, "en")


def test_resolution_mail_reads_well_in_a_mail_window(page_as, screenshot) -> None:
    page = page_as("adam")
    for language, width in (("en", 700), ("zh_CN", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/admin/mail-templates/incident_resolved/{language}/preview")
        button = page.locator("a.button")
        expect(button).to_be_visible()
        assert button.evaluate("element => getComputedStyle(element).backgroundColor") == "rgb(37, 99, 235)"
        assert fits(page)
        screenshot(page, f"mail-resolved-{language}-{width}")


def test_acknowledgement_and_reply_notice_mails_read_well_in_a_mail_window(page_as, screenshot) -> None:
    page = page_as("adam")
    headings = {("mail_received", "en"): "We received your mail", ("mail_received", "zh_CN"): "我们已收到您的邮件",
                ("ticket_replied", "en"): "A reply by mail", ("ticket_replied", "zh_CN"): "邮件回复"}
    for (event, language), heading in headings.items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"/admin/mail-templates/{event}/{language}/preview")
            expect(page.locator("h1")).to_have_text(heading)
            assert fits(page)
            screenshot(page, f"mail-{event}-{language}-{width}")
