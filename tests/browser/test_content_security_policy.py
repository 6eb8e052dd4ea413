"""FlowDesk's pages work under their Content-Security-Policy, which blocks script injected into a page."""
import pytest

PAGES = {
    "rita": ["/portal", "/requests", "/tickets", "/tickets/new", "/knowledge"],
    "sam": ["/inbox", "/inbox/queue", "/tickets", "/cmdb", "/cmdb/new", "/knowledge", "/knowledge/new"],
    "olga": ["/instances", "/processes", "/processes/incident", "/processes/attention", "/processes/incident/model"],
    "audrey": ["/instances", "/tickets", "/cmdb"],
    "adam": ["/admin/users", "/admin/users/new", "/admin/groups", "/admin/departments", "/admin/categories",
             "/admin/service-levels", "/admin/priority-matrix", "/admin/incident-settings", "/admin/outbox",
             "/knowledge/categories", "/cmdb/types"],
}


@pytest.mark.parametrize("login", sorted(PAGES))
def test_main_pages_meet_no_policy_violation(page_as, login: str) -> None:
    page = page_as(login)  # a violation on any page fails the test when page_as closes
    for path in PAGES[login]:
        response = page.goto(path)
        assert response.status == 200, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")


def reported(message) -> bool:
    """The page's own report of a violation (conftest's listener), which Chromium sends after its console line."""
    return "Content Security Policy violation:" in message.text


def test_script_injected_into_a_page_does_not_run(page_as, csp_violations) -> None:
    page = page_as("rita")
    # Chromium reports each violation twice: its own console line at once, and the page's
    # securitypolicyviolation listener (conftest) a moment later. Wait for the listener's line, which
    # comes last, so no report of these expected violations arrives after they are cleared below.
    with page.expect_console_message(reported):
        page.evaluate("""document.body.insertAdjacentHTML("beforeend",
            '<img src="/static/none.png" onerror="window.injected = true">')""")
    with page.expect_console_message(reported):
        page.evaluate("""document.body.insertAdjacentHTML("beforeend",
            '<a id="lure" href="javascript:window.injected = true">x</a>')""")
        page.click("#lure")
    assert page.evaluate("window.injected === undefined")
    page.close()  # nothing the page reports after this moment can reach the list
    assert all("script-src" in violation for violation in csp_violations)
    csp_violations.clear()  # expected here: the policy did its job


def test_knowledge_category_tree_is_indented_by_the_style_sheet(page_as, screenshot) -> None:
    page = page_as("adam")
    page.goto("/knowledge/categories")
    for name, parent in (("Printing", None), ("Label printers", "Printing")):
        page.fill("#name", name)
        if parent:
            page.select_option("#parent_id", label=parent)
        with page.expect_navigation():
            page.get_by_role("button", name="Add category").click()
    tree = page.locator("[data-testid=kb-categories] li")
    child = tree.filter(has_text="Label printers")
    assert child.evaluate("node => getComputedStyle(node).paddingLeft") == "24px"  # 1.5rem, one step in
    screenshot(page, "knowledge-categories")
    with page.expect_navigation():
        page.select_option("#language", "zh_CN")  # the language switch's script, allowed by the policy
    assert page.get_by_role("heading", name="知识分类").is_visible()
    screenshot(page, "knowledge-categories-zh")
