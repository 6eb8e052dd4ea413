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
