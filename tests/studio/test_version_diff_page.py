"""The page comparing two versions of a process: both diagrams, the marks, and the table of changed properties."""
import json
from pathlib import Path

import lxml.html
import pytest

from app.workflow.deployment import deploy_diagram

INCIDENT = (Path(__file__).parents[2] / "processes" / "incident.bpmn").read_bytes()
CHANGED = (INCIDENT.replace(b'name="Classify the incident"', b'name="Triage the incident"', 1)
           .replace(b'camunda:topic="incident.close"', b'camunda:topic="incident.close_now"', 1))


@pytest.fixture
def two_versions(runtime, demo) -> None:  # type: ignore[no-untyped-def]
    """Deploy incident.bpmn, then a version with a renamed task and a changed external topic."""
    assert CHANGED.count(b"incident.close_now") == 1 and b"Triage the incident" in CHANGED
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    deploy_diagram(runtime, CHANGED, "incident.bpmn", "olga", note="Triage, and closing at once.")


def page_of(response):  # type: ignore[no-untyped-def]
    """Return the parsed page, checking it was answered."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return lxml.html.fromstring(response.get_data(as_text=True))


def test_process_owner_sees_the_changed_properties_between_two_versions(two_versions, client, sign_in) -> None:
    sign_in("olga")
    page = page_of(client.get("/processes/incident/diff?from=1&to=2"))
    rows = {(row.get("data-element"), row.get("data-property")): [cell.text_content().strip() for cell in row]
            for row in page.xpath("//*[@data-testid='changed-properties']/tbody/tr")}
    assert rows[("classify", "name")][2:] == ["Classify the incident", "Triage the incident"]
    assert rows[("close", "camunda:topic")][2:] == ["incident.close", "incident.close_now"]
    assert json.loads(page.get_element_by_id("diff-markers").text)["changed"] == ["classify", "close"]


def test_the_diff_compares_the_version_in_force_with_the_one_before_by_default(two_versions, client, sign_in) -> None:
    sign_in("adam")
    page = page_of(client.get("/processes/incident/diff"))
    assert page.xpath("//*[@data-testid='count-changed']")[0].text == "2"
    assert "Triage the incident" in json.loads(page.get_element_by_id("diff-after").text)


def test_the_diff_of_a_version_with_itself_says_nothing_changed(two_versions, client, sign_in) -> None:
    sign_in("olga")
    page = page_of(client.get("/processes/incident/diff?from=2&to=2"))
    assert page.xpath("//*[@data-testid='no-differences']")


def test_the_diff_of_a_version_that_does_not_exist_is_404(two_versions, client, sign_in) -> None:
    sign_in("olga")
    assert client.get("/processes/incident/diff?from=1&to=9").status_code == 404
    assert client.get("/processes/nothing/diff").status_code == 404


def test_the_process_page_links_each_version_to_what_changed_from_the_one_before(two_versions, client,
                                                                                  sign_in) -> None:
    sign_in("olga")
    page = page_of(client.get("/processes/incident"))
    assert page.xpath("//*[@data-testid='diff-2']")[0].get("href") == "/processes/incident/diff?from=1&to=2"
    assert not page.xpath("//*[@data-testid='diff-1']")


def test_process_owner_reads_the_diff_page_in_chinese(two_versions, client, sign_in) -> None:
    sign_in("olga")
    client.post("/language", data={"language": "zh_CN"})
    page = page_of(client.get("/processes/incident/diff?from=1&to=2"))
    assert "更改的属性" in page.text_content()


def test_an_agent_may_not_open_the_diff_page(two_versions, client, sign_in) -> None:
    sign_in("sam")
    assert client.get("/processes/incident/diff?from=1&to=2").status_code == 403
