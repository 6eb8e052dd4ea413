"""The change window in the browser: a typed date-time on the start form, a past one refused; a change stuck with
"tomorrow night" (deployed before the fix) repaired by the process owner from its page and retried; in English and
Chinese."""
from pathlib import Path
from typing import Any

DIAGRAMS = Path(__file__).parents[1] / "diagrams"


def deploy(page: Any, path: Path) -> None:
    """Deploy a diagram from the process list's upload form."""
    page.goto("/processes")
    page.set_input_files("#file", str(path))
    page.fill("#note", "Window typing")
    with page.expect_navigation():
        page.locator("form:has(#file) button[type=submit]").click()


def in_chinese(page: Any) -> None:
    """Switch the signed-in person's pages to Chinese from the language menu."""
    with page.expect_navigation():
        page.select_option("#language", "zh_CN")


def start_change(page: Any, summary: str, window: str) -> None:
    """Raise a high-risk change from the portal's start form with this window."""
    page.goto("/portal/start/change")
    for selector, value in (("#summary", summary), ("#window_start", window)):
        page.fill(selector, value)
    page.select_option("#risk", "high")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def test_a_stuck_change_is_repaired_from_its_page_and_runs_on(page_as, screenshot) -> None:
    owner = page_as("olga")
    in_chinese(owner)
    deploy(owner, DIAGRAMS / "change_free_text_window.bpmn")
    assert "警告：计时器“变更窗口开启”读取 window_start" in owner.inner_text("main")
    screenshot(owner, "i15-deploy-warning-zh")
    carl = page_as("carl")
    start_change(carl, "Upgrade the database", "tomorrow night")
    carl.goto("/inbox/queue")
    carl.get_by_role("link", name="Assess the change").first.click()
    carl.fill("#plan", "Upgrade the replica, fail over, upgrade the primary")
    with carl.expect_navigation():
        carl.get_by_role("button", name="Complete").click()
    board = page_as("mona")
    board.goto("/inbox/queue")
    board.get_by_role("link", name="Change advisory board approval").first.click()
    board.check("#cab_approved")
    with board.expect_navigation() as answer:
        board.get_by_role("button", name="Complete").click()
    assert answer.value.status == 409
    screenshot(board, "i15-step-failed-409-en")
    in_chinese(board)
    board.check("#cab_approved")
    with board.expect_navigation() as again:
        board.locator("main form button[type=submit]").last.click()
    assert again.value.status == 409 and "实例现在需要处理" in board.inner_text("main")
    screenshot(board, "i15-step-failed-409-zh")
    owner.goto("/processes/attention")
    instance_id = owner.get_by_test_id("attention").locator("tbody tr").first.get_attribute("data-instance")
    owner.goto(f"/instances/{instance_id}")
    assert "计时器" in owner.get_by_test_id("repair-explanation").inner_text()
    screenshot(owner, "i15-repair-zh")
    with owner.expect_navigation():
        owner.select_option("#language", "en")
    assert "could not read the date and time to wait for" in owner.get_by_test_id("repair-explanation").inner_text()
    screenshot(owner, "i15-repair-en")
    in_chinese(owner)
    form = owner.get_by_test_id("repair-form")
    form.locator("input[type=datetime-local]").fill("2030-01-05T22:00")
    form.locator("input[name=variable-reason]").fill("The requester meant Saturday 22:00")
    with owner.expect_navigation():
        form.locator("button[type=submit]").click()
    with owner.expect_navigation():
        owner.get_by_test_id("retry-form").locator("button[type=submit]").click()
    assert owner.get_by_test_id("status").inner_text() == "运行中"
    screenshot(owner, "i15-repaired-zh")


def test_the_typed_window_refuses_a_past_moment_in_both_languages(page_as, screenshot, tmp_path) -> None:
    owner = page_as("olga")
    draft = tmp_path / "change_draft.bpmn"  # the free-text window under a process id of its own
    draft.write_text((DIAGRAMS / "change_free_text_window.bpmn").read_text().replace('"change"',
                                                                                    '"change_draft"'))
    deploy(owner, draft)
    assert "Warning: The timer “Change window opens” reads window_start" in owner.inner_text("main")
    screenshot(owner, "i15-deploy-warning-en")
    deploy(owner, DIAGRAMS / "change_typed_window.bpmn")
    carl = page_as("carl")
    carl.goto("/portal/start/change")
    assert carl.locator("#window_start").get_attribute("type") == "datetime-local"
    start_change(carl, "Swap the core switch", "2020-01-05T22:00")
    assert "Window opens is in the past" in carl.inner_text("main")
    screenshot(carl, "i15-start-form-past-en")
    in_chinese(carl)
    start_change(carl, "更换核心交换机", "2020-01-05T22:00")
    assert "窗口开启时间 已经过去" in carl.inner_text("main")
    screenshot(carl, "i15-start-form-past-zh")
