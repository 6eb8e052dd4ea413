"""One service request from the portal to its result, in a real browser, with screenshots of the key pages."""
import re


def test_request_travels_from_the_portal_through_the_inbox_to_its_result(page_as, screenshot) -> None:
    journey: dict[str, str] = {}
    requester_files_a_request_from_the_portal(page_as, journey)
    agent_claims_from_the_group_queue_and_fixes_a_wrong_value(page_as, screenshot)
    manager_approves(page_as)
    agent_fulfils(page_as)
    requester_sees_the_result_in_my_requests(page_as, journey, screenshot)
    instance_page_draws_the_diagram_with_the_path_marked(page_as, journey, screenshot)


def requester_files_a_request_from_the_portal(page_as, journey) -> None:
    page = page_as("rita")
    page.goto("/portal")
    page.get_by_role("link", name="Service request").click()
    page.select_option("#item", "hardware")
    page.fill("#details", "A laptop for the new analyst starting on Monday")
    page.fill("#needed_by", "2030-02-01")
    page.get_by_role("button", name=re.compile("Submit|Start|Send")).click()
    page.wait_for_url(re.compile(r"/tickets/REQ-\d+$"))
    journey["ticket"] = page.url
    assert "Waiting for the team to pick it up." in page.inner_text("[data-testid=conversation]")
    page.goto("/requests")
    row = page.locator("main table tr", has_text="A laptop for the new analyst").first
    journey["request"] = f"/requests/{row.get_attribute('data-instance')}"


def agent_claims_from_the_group_queue_and_fixes_a_wrong_value(page_as, screenshot) -> None:
    page = page_as("sam")
    page.goto("/inbox/queue")
    screenshot(page, "inbox-group-queue")
    page.get_by_role("button", name="Claim Review and estimate").first.click()
    page.wait_for_load_state()
    page.goto("/inbox")
    page.get_by_role("link", name="Review and estimate").first.click()
    page.fill("#cost", "-300")
    page.get_by_role("button", name="Complete task").click()
    error = page.locator("#cost-error")
    assert "between 0 and 1000000" in error.inner_text()
    assert page.input_value("#cost") == "-300"
    screenshot(page, "task-form-with-errors")
    page.fill("#cost", "900")
    page.fill("#review_note", "Standard analyst laptop")
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(r"/tickets/REQ-\d+$"))  # a request is followed on its ticket
    assert "Task completed" in page.inner_text("main")


def manager_approves(page_as) -> None:
    page = page_as("mona")
    page.goto("/inbox/queue")
    page.get_by_role("link", name="Approve the request").first.click()
    page.check("#approved")
    page.fill("#approval_comment", "Approved within budget")
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(r"/tickets/REQ-\d+$"))  # a request is followed on its ticket


def agent_fulfils(page_as) -> None:
    page = page_as("sam")
    page.goto("/inbox/queue")
    page.get_by_role("link", name="Fulfil the request").first.click()
    page.fill("#fulfilment_note", "Laptop ordered and imaged")
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(r"/tickets/REQ-\d+$"))  # a request is followed on its ticket


def requester_sees_the_result_in_my_requests(page_as, journey, screenshot) -> None:
    page = page_as("rita")
    page.goto("/requests")
    row = page.locator("main table tr", has_text="A laptop for the new analyst")
    assert "Closed" in row.first.inner_text()
    page.goto(journey["request"])
    timeline = page.inner_text("main")
    assert "Sam Service-Desk finished 'Review and estimate'." in timeline
    assert "Mona Manager finished 'Approve the request'." in timeline
    screenshot(page, "my-request-timeline")
    page.goto(journey["ticket"])
    conversation = page.inner_text("[data-testid=conversation]")
    assert "Approved: Approved within budget" in conversation
    assert "Done: Laptop ordered and imaged" in conversation
    assert page.inner_text("[data-testid=status]") == "Closed"
    screenshot(page, "my-request-ticket")


def instance_page_draws_the_diagram_with_the_path_marked(page_as, journey, screenshot) -> None:
    page = page_as("olga")
    instance_id = journey["request"].rsplit("/", 1)[1]
    page.goto(f"/instances/{instance_id}")
    page.wait_for_selector(".djs-element.done", timeout=15000)
    done = page.eval_on_selector_all(".djs-element.done", "nodes => nodes.map(n => n.dataset.elementId)")
    taken = page.eval_on_selector_all(".djs-connection.taken", "nodes => nodes.map(n => n.dataset.elementId)")
    assert {"review", "approve", "fulfil", "fulfilled"} <= set(done)
    assert {"approval_needed", "approved_path", "to_fulfil"} <= set(taken)
    assert "no_approval" not in taken
    screenshot(page, "instance-page")
