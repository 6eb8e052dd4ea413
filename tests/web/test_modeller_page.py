"""The modeller page: the version in force of a process, embedded for the page's script, for process owners."""
import json

import lxml.html

from app.workflow.deployment import deploy_diagram
from tests.incident.conftest import PROCESSES

INCIDENT = (PROCESSES / "incident.bpmn").read_bytes()


def embedded(response, element_id: str):  # type: ignore[no-untyped-def]
    """Return the JSON the page hands its script in the script element of that id."""
    assert response.status_code == 200, response.get_data(as_text=True)
    page = lxml.html.fromstring(response.get_data(as_text=True))
    return json.loads(page.get_element_by_id(element_id).text)


def test_process_owner_opens_the_newest_version_in_the_modeller(demo, runtime, client, sign_in) -> None:
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    newer = INCIDENT.replace(b'name="Incident logged"', b'name="Incident reported"')
    deploy_diagram(runtime, newer, "incident.bpmn", "olga")
    sign_in("olga")
    response = client.get("/processes/incident/model")
    assert "Incident reported" in embedded(response, "modeller-diagram")
    assert "version 2 in force" in response.get_data(as_text=True)


def test_diagram_that_names_a_script_end_tag_stays_inside_its_script_element(demo, runtime, client,
                                                                            sign_in) -> None:
    tricky = INCIDENT.replace(b"<bpmn:message ", b"<!-- </script><b>x --><bpmn:message ", 1)
    deploy_diagram(runtime, tricky, "incident.bpmn", "olga")
    sign_in("olga")
    response = client.get("/processes/incident/model")
    assert "</script><b>" not in response.get_data(as_text=True)
    assert "<!-- </script><b>x -->" in embedded(response, "modeller-diagram")


def test_process_owner_reads_the_page_s_sentences_in_chinese(demo, runtime, client, sign_in) -> None:
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    sign_in("olga")
    client.post("/language", data={"language": "zh_CN"})
    response = client.get("/processes/incident/model")
    assert embedded(response, "modeller-words")["saved"] == "草稿已保存。"
    assert embedded(response, "modeller-library-words")["Open minimap"] == "打开小地图"


def test_process_owner_saves_drafts_from_the_page_and_a_stale_save_is_refused_naming_who_saved(
        demo, runtime, client, sign_in) -> None:
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    sign_in("olga")
    assert client.get("/processes/incident/model/draft").status_code == 404  # none saved yet
    first = client.put("/processes/incident/model/draft", json={"xml": INCIDENT.decode()})
    assert first.status_code == 200 and first.headers["ETag"] == '"1"'
    second = client.put("/processes/incident/model/draft", json={"xml": INCIDENT.decode()}, headers={"If-Match": '"1"'})
    assert second.headers["ETag"] == '"2"'
    stale = client.put("/processes/incident/model/draft", json={"xml": "<changed/>"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 409
    assert stale.get_json()["saved_by"] == "olga" and stale.get_json()["version"] == 2
    assert client.get("/processes/incident/model/draft").get_json()["xml"] == INCIDENT.decode()  # nothing stored


def test_the_page_s_check_answers_each_problem_on_its_element(demo, runtime, client, sign_in) -> None:
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    sign_in("olga")
    broken = INCIDENT.decode().replace('<bpmn:extensionElements><camunda:properties><camunda:property name="zh_CN:name" '
                                       'value="分类事件"/>', '<bpmn:extensionElements><camunda:executionListener '
                                       'class="a.B" event="start"/><camunda:properties><camunda:property '
                                       'name="zh_CN:name" value="分类事件"/>', 1)
    assert broken != INCIDENT.decode()
    answer = client.post("/processes/incident/model/check", json={"xml": broken}).get_json()
    assert answer["valid"] is False
    assert {"element_id": "classify", "property": "camunda:executionListener"} in [
        {"element_id": problem["element_id"], "property": problem["property"]} for problem in answer["problems"]], answer
    assert client.post("/processes/incident/model/check", json={"xml": INCIDENT.decode()}).get_json() == {
        "valid": True, "problems": [], "warnings": []}  # the shipped diagram reads no free text in a timer


def test_an_agent_may_neither_read_nor_save_drafts_from_the_page(demo, runtime, client, sign_in) -> None:
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    sign_in("sam")
    assert client.get("/processes/incident/model/draft").status_code == 403
    assert client.put("/processes/incident/model/draft", json={"xml": INCIDENT.decode()}).status_code == 403
    assert client.post("/processes/incident/model/check", json={"xml": INCIDENT.decode()}).status_code == 403
