"""The CMDB and the knowledge base in a real browser: a CI type, related CIs, the impact view, a published article."""
import re

ARTICLE_MARKDOWN = """## Symptoms

Reports time out and the application logs `connection refused`.

## Fix

1. Check the database service: `systemctl status postgresql`
2. Restart it when it is down.
3. Tell the requester and **close the incident**.

<script>alert("not run")</script>

See the [runbook](https://wiki.example.com/db).
"""


def test_agent_maps_a_service_and_a_requester_reads_the_fix(page_as, screenshot) -> None:
    admin_defines_the_vm_type(page_as)
    page = page_as("sam")
    for name, ram in (("db-01", "64"), ("app-01", "16"), ("web-01", "8")):
        create_vm(page, name, ram)
    relate(page, "db-01", "is needed by", "app-01")
    relate(page, "app-01", "hosts", "web-01")
    ci_page_shows_the_impact_view(page, screenshot)
    article_id = agent_writes_and_publishes_an_article(page)
    requester_reads_the_article(page_as, article_id, screenshot)


def admin_defines_the_vm_type(page_as) -> None:
    page = page_as("adam")
    page.goto("/cmdb/types/new")
    page.fill("#name", "vm")  # the demo data already has server, application and printer
    page.fill("#display_name", "Virtual machine")
    page.fill("#attributes-0-name", "ram_gb")
    page.fill("#attributes-0-label", "RAM (GB)")
    page.select_option("#attributes-0-type", "integer")
    page.check("#attributes-0-required")
    page.fill("#attributes-1-name", "tier")
    page.fill("#attributes-1-label", "Tier")
    page.select_option("#attributes-1-type", "enum")
    page.fill("#attributes-1-options", "gold, silver")
    page.get_by_role("button", name="Create CI type").click()
    page.wait_for_url(re.compile(r"/cmdb/types$"))
    assert "The CI type vm was created." in page.inner_text("main")


def create_vm(page, name: str, ram: str) -> None:
    page.goto("/cmdb/new?type=vm")
    page.fill("#name", name)
    page.select_option("#status", "active")
    page.select_option("#owner_group", "second-line")
    page.fill("#location", "Shanghai DC1")
    page.fill("#attr_ram_gb", ram)
    page.select_option("#attr_tier", "gold")
    page.get_by_role("button", name="Create configuration item").click()
    page.wait_for_url(re.compile(r"/cmdb/\d+$"))


def open_ci(page, name: str) -> None:
    page.goto(f"/cmdb?q={name}")
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(re.compile(r"/cmdb/\d+$"))


def relate(page, name: str, relation: str, other: str) -> None:
    open_ci(page, name)
    page.select_option("#relation", label=relation)
    page.fill("#target_name", other)
    page.get_by_role("button", name="Add relation").click()
    page.wait_for_url(re.compile(r"/cmdb/\d+#relations$"))
    assert other in page.locator("[data-testid=relations-incoming]").inner_text()


def ci_page_shows_the_impact_view(page, screenshot) -> None:
    open_ci(page, "db-01")
    impact = page.locator("[data-testid=impact] tbody tr")
    assert [" ".join(impact.nth(i).inner_text().split()[:2]) for i in range(impact.count())] == [
        "1 app-01", "2 web-01"]
    assert "RAM (GB)" in page.locator("[data-testid=ci-facts]").inner_text()
    screenshot(page, "cmdb-ci")


def agent_writes_and_publishes_an_article(page) -> str:
    page.goto("/knowledge/new")
    page.fill("#title", "Reports time out: the database is down")
    page.fill("#body_markdown", ARTICLE_MARKDOWN)
    # The preview is a form post: wait for the answer's preview rather than count the old page's items.
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    assert page.locator("[data-testid=preview] ol li").count() == 3
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/knowledge/\d+$"))
    article_id = page.url.rsplit("/", 1)[1]
    page.get_by_role("link", name="Publish…").click()
    page.check("#confirm")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/knowledge/\d+$"))
    assert "The article is published" in page.inner_text("main")
    return article_id


def requester_reads_the_article(page_as, article_id: str, screenshot) -> None:
    page = page_as("rita")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/knowledge?q=database")
    page.get_by_role("link", name="Reports time out: the database is down").click()
    page.wait_for_url(re.compile(rf"/knowledge/{article_id}$"))
    body = page.locator("[data-testid=article-body]")
    assert body.locator("h2").first.inner_text() == "Symptoms"
    assert body.locator("script").count() == 0 and dialogs == []
    screenshot(page, "kb-article")
