"""The people's pages on the incident flow: the record above a task's form, decisions that start empty, messages
and diagram text in Chinese, and the home page of managers and group leads."""
from datetime import UTC, datetime, timedelta

import lxml.html

from tests.incident.conftest import Desk


def page_of(response) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    assert response.status_code in (200, 422), response.status_code
    return lxml.html.fromstring(response.get_data(as_text=True))


def record(page: lxml.html.HtmlElement) -> dict[str, str]:
    """Return the record above the form as {field name: value}."""
    return {node.get("data-testid").removeprefix("record-"): node.text_content().strip()
            for node in page.xpath("//*[@data-testid='task-record']//dd")}


def in_chinese(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/language", data={"language": "zh_CN", "next": "/"}).status_code == 302


def major_incident(desk: Desk) -> str:
    """Log and classify a P1 incident; return the id of its approval task."""
    desk.log(impact="high", urgency="high", title="Mail is down", description="Nobody can send mail.")
    desk.classify(impact="high", urgency="high")
    return desk.task("approve_major").id


def test_manager_sees_the_incident_above_the_approval_form_when_she_opens_it(desk: Desk, client, sign_in) -> None:
    task_id = major_incident(desk)
    sign_in("mona")
    page = page_of(client.get(f"/tasks/{task_id}"))
    facts = record(page)
    assert facts["title"] == "Mail is down" and facts["description"] == "Nobody can send mail."
    assert facts["priority"] == "P1" and facts["sla"] == "On track"
    form_fields = [node.get("name") for node in page.xpath("//main//form//*[@name]")]
    assert "title" not in form_fields  # shown in the record, not repeated as a read-only field


def test_approval_starts_without_a_decision_when_the_diagram_draws_no_default(desk: Desk, client, sign_in) -> None:
    task_id = major_incident(desk)
    sign_in("mona")
    page = page_of(client.get(f"/tasks/{task_id}"))
    select = page.get_element_by_id("approval")
    assert [option.get("value") for option in select.iter("option")] == ["", "approve", "refuse"]
    assert select.value in ("", None)
    refused = page_of(client.post(f"/tasks/{task_id}", data={"approval": "", "approval_comment": ""}))
    assert "Decision is required." in refused.get_element_by_id("approval-error").text_content()
    assert desk.task("approve_major").id == task_id  # nothing decided


def test_manager_reads_the_approval_in_chinese_when_the_diagram_translates_it(desk: Desk, client, sign_in) -> None:
    task_id = major_incident(desk)
    sign_in("mona")
    in_chinese(client)
    page = page_of(client.get(f"/tasks/{task_id}"))
    assert page.findtext(".//h1").strip() == "审批重大事件"
    assert page.xpath("//label[@for='approval']")[0].text_content().strip() == "决定"
    assert [option.text for option in page.get_element_by_id("approval").iter("option")][1:] == ["批准", "拒绝"]
    assert record(page)["sla"] == "正常"


def test_refusal_without_comment_is_explained_in_chinese_by_labels_not_ids(desk: Desk, client, sign_in) -> None:
    task_id = major_incident(desk)
    sign_in("mona")
    in_chinese(client)
    refused = page_of(client.post(f"/tasks/{task_id}", data={"approval": "refuse", "approval_comment": ""}))
    message = refused.get_element_by_id("approval_comment-error").text_content()
    assert message == "当“决定”为“拒绝”时，必须填写“意见”。"
    assert "refuse" not in message and "approval" not in message


def test_duty_manager_finds_the_escalation_on_her_home_page_when_the_target_is_missed(
        desk: Desk, client, sign_in) -> None:
    desk.log(title="Printer on fire")
    desk.classify()
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")
    desk.at(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))  # Thursday 10:00: the resolution target passes
    sign_in("mona")
    home = page_of(client.get("/"))
    escalation = home.xpath("//*[@data-testid='escalations']//li")
    assert len(escalation) == 1 and desk.number in escalation[0].text_content()
    assert "Resolution target missed" in escalation[0].text_content()
    assert escalation[0].find(".//a").get("href") == f"/tickets/{desk.number}"
    breached = home.xpath("//*[@data-testid='breached']//li//a/@href")
    assert breached == [f"/tickets/{desk.number}"]


def test_group_lead_sees_her_queue_health_on_her_home_page(desk: Desk, client, sign_in) -> None:
    desk.log(title="Printer jams")
    sign_in("sam")  # leads the service desk, where a new incident waits to be classified
    home = page_of(client.get("/"))
    (row,) = home.xpath("//*[@data-testid='group-health']//tbody/tr")
    assert [cell.text_content().strip() for cell in row] == ["service-desk", "1", "1", "0"]
    assert not home.xpath("//*[@data-testid='escalations']")  # sam is no manager


def test_agent_who_leads_no_group_goes_to_the_inbox_from_home(desk: Desk, client, sign_in) -> None:
    sign_in("lee")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/inbox"


def test_task_page_says_how_long_the_task_waits_with_the_exact_time_on_hover(desk: Desk, client, sign_in) -> None:
    task_id = major_incident(desk)  # Monday 02:00 UTC, which is 02:00 in London, mona's time zone
    desk.clock.set(desk.clock.now() + timedelta(hours=2))
    sign_in("mona")
    waiting = page_of(client.get(f"/tasks/{task_id}")).xpath("//dd/time")[0]
    assert (waiting.text, waiting.get("title")) == ("2 hours ago", "23 Nov 2026, 02:00")
    in_chinese(client)
    waiting = page_of(client.get(f"/tasks/{task_id}")).xpath("//dd/time")[0]
    assert (waiting.text, waiting.get("title")) == ("2小时前", "2026年11月23日 02:00")
