"""POST /api/v1/diagrams/validate and the drafts of processes (GET/PUT /api/v1/processes/<id>/draft)."""
import json
from pathlib import Path

from flask.testing import FlaskClient

from tests.api.conftest import ApiClient

ROOT = Path(__file__).parents[2]
NAMESPACES = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
              'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="https://t.example"')
TWO_PROBLEMS = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {NAMESPACES}><bpmn:process id="p" isExecutable="true">
<bpmn:startEvent id="start"/><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>in two hours</bpmn:timeDuration>
</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="send"/>
<bpmn:serviceTask id="send" camunda:type="external"/>
<bpmn:sequenceFlow id="f3" sourceRef="send" targetRef="end"/><bpmn:endEvent id="end"/>
</bpmn:process></bpmn:definitions>"""


def validate(client: FlaskClient, api: ApiClient, login: str, xml: str | bytes, language: str = "en"):  # type: ignore[no-untyped-def]
    """POST a diagram to the check as a person, asking for answers in a language."""
    return client.post("/api/v1/diagrams/validate", data=xml, content_type="application/xml",
                       headers={**api.headers(login), "Accept-Language": language})


def test_process_owner_checks_incident_bpmn_and_finds_no_problem(client, api, documented) -> None:
    response = validate(client, api, "olga", (ROOT / "processes" / "incident.bpmn").read_bytes())
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == {"valid": True, "problems": []}
    documented(response, "validate_diagram")


def test_process_owner_check_names_every_problem_on_its_element_and_property(client, api, documented) -> None:
    response = validate(client, api, "olga", TWO_PROBLEMS)
    found = [(problem["element_id"], problem["property"]) for problem in response.get_json()["problems"]]
    assert response.get_json()["valid"] is False
    assert found == [("send", "camunda:topic"), ("wait", "timeDuration")]
    documented(response, "validate_diagram")


def test_process_owner_check_speaks_chinese_when_the_reader_asks(client, api) -> None:
    response = validate(client, api, "olga", TWO_PROBLEMS, language="zh-CN")
    topic = response.get_json()["problems"][0]["message"]
    assert "camunda:topic" in topic and "外部任务" in topic


def test_process_owner_check_of_text_that_is_not_xml_names_the_file(client, api) -> None:
    response = validate(client, api, "olga", "this is not a diagram")
    (problem,) = response.get_json()["problems"]
    assert (problem["element_id"], problem["property"]) == (None, None)
    assert "not well-formed XML" in problem["message"]


def test_agent_may_not_check_diagrams(client, api) -> None:
    response = validate(client, api, "sam", TWO_PROBLEMS)
    assert response.status_code == 403
    assert "sam may not check diagrams" in response.get_json()["detail"]


def test_process_owner_check_of_an_empty_body_is_refused_saying_what_to_send(client, api) -> None:
    response = validate(client, api, "olga", "")
    assert response.status_code == 400
    assert "send the diagram's BPMN XML" in response.get_json()["detail"]


def test_openapi_document_declares_the_check_body_as_xml_or_json(client) -> None:
    made = client.get("/api/v1/openapi.json").get_json()
    body = made["paths"]["/diagrams/validate"]["post"]["requestBody"]
    assert body["required"] is True
    assert body["content"]["application/xml"] == {"schema": {"type": "string"}}
    assert body["content"]["application/json"]["schema"]["required"] == ["xml"]


def test_process_owner_checks_a_diagram_sent_as_json(client, api) -> None:
    response = api.post("/diagrams/validate", "olga", {"xml": TWO_PROBLEMS})
    assert [problem["element_id"] for problem in response.get_json()["problems"]] == ["send", "wait"]


def test_check_of_a_json_body_without_xml_says_what_to_send(api) -> None:
    response = api.post("/diagrams/validate", "olga", {"diagram": TWO_PROBLEMS})
    assert response.status_code == 400
    assert 'A JSON body is {"xml": "<the diagram>"}' in response.get_json()["detail"]


def put_draft(client: FlaskClient, api: ApiClient, login: str, xml: str, base: int | None):  # type: ignore[no-untyped-def]
    """Save a draft of the incident process as a person, based on a version."""
    return client.put("/api/v1/processes/incident/draft", data=json.dumps({"xml": xml, "base_version": base}),
                      content_type="application/json", headers=api.headers(login))


def test_process_owner_saves_a_draft_and_reads_it_back_with_its_version(client, api, clock, documented) -> None:
    saved = put_draft(client, api, "olga", TWO_PROBLEMS, None)
    assert saved.status_code == 200, saved.get_data(as_text=True)
    documented(saved, "save_draft")
    read = api.get("/processes/incident/draft", "olga")
    assert read.headers["ETag"] == '"1"'
    assert {key: read.get_json()[key] for key in ("process_id", "version", "saved_by", "xml")} == {
        "process_id": "incident", "version": 1, "saved_by": "olga", "xml": TWO_PROBLEMS}
    assert read.get_json()["saved_at"] == clock.now().isoformat()
    documented(read, "read_draft")


def test_second_save_from_the_same_version_is_refused_naming_who_saved_and_when(client, api, clock,
                                                                                documented) -> None:
    put_draft(client, api, "olga", TWO_PROBLEMS, None)
    first = put_draft(client, api, "adam", TWO_PROBLEMS.replace("in two hours", "PT1H"), 1)
    second = put_draft(client, api, "olga", TWO_PROBLEMS.replace("in two hours", "PT2H"), 1)
    assert first.status_code == 200
    assert second.status_code == 409
    problem = second.get_json()
    assert (problem["saved_by"], problem["version"], problem["saved_at"]) == ("adam", 2, clock.now().isoformat())
    assert problem["detail"].startswith("adam saved a newer draft of incident at ")
    assert "PT1H" in api.get("/processes/incident/draft", "olga").get_json()["xml"]
    documented(second, "save_draft")


def test_process_owner_reading_a_draft_never_saved_is_told_to_save_one(api) -> None:
    response = api.get("/processes/incident/draft", "olga")
    assert response.status_code == 404
    assert "No draft of incident was saved yet" in response.get_json()["detail"]


def test_draft_that_is_not_xml_is_refused_and_not_stored(client, api) -> None:
    response = put_draft(client, api, "olga", "<bpmn:definitions", None)
    assert response.status_code == 422
    assert "not well-formed XML" in response.get_json()["errors"]["xml"][0]
    assert api.get("/processes/incident/draft", "olga").status_code == 404


def test_second_first_draft_of_a_process_is_refused_naming_the_first(client, api) -> None:
    first = put_draft(client, api, "olga", TWO_PROBLEMS, None)
    second = put_draft(client, api, "adam", TWO_PROBLEMS.replace("in two hours", "PT3H"), None)
    assert (first.status_code, second.status_code) == (200, 409)
    assert second.get_json()["detail"].startswith("olga saved a newer draft of incident at ")
    assert "based on no draft" in second.get_json()["detail"]


def test_agent_may_neither_read_nor_save_drafts(client, api) -> None:
    assert put_draft(client, api, "sam", TWO_PROBLEMS, None).status_code == 403
    assert api.get("/processes/incident/draft", "sam").status_code == 403


def test_process_owner_saves_over_the_etag_she_read_and_a_stale_etag_is_refused(client, api) -> None:
    put_draft(client, api, "olga", TWO_PROBLEMS, None)
    etag = api.get("/processes/incident/draft", "olga").headers["ETag"]
    body = json.dumps({"xml": TWO_PROBLEMS.replace("in two hours", "PT1H")})
    saved = client.put("/api/v1/processes/incident/draft", data=body, content_type="application/json",
                       headers={**api.headers("olga"), "If-Match": etag})
    stale = client.put("/api/v1/processes/incident/draft", data=body, content_type="application/json",
                       headers={**api.headers("adam"), "If-Match": etag})
    assert (saved.status_code, saved.headers["ETag"]) == (200, '"2"')
    assert (stale.status_code, stale.get_json()["saved_by"]) == (409, "olga")


def test_save_with_an_if_match_that_is_no_etag_is_refused_saying_what_to_send(client, api) -> None:
    response = client.put("/api/v1/processes/incident/draft", data=json.dumps({"xml": TWO_PROBLEMS}),
                          content_type="application/json", headers={**api.headers("olga"), "If-Match": "three"})
    assert response.status_code == 422
    assert response.get_json()["errors"]["If-Match"] == [
        'Send the ETag of the draft the new one was made from, as it came (e.g. "3").']


def test_a_first_draft_records_the_deployed_version_it_was_drawn_from(client, api, incident, deploy) -> None:
    deploy("incident_v2_migration.bpmn")  # version 2 of incident is in force now
    named = client.put("/api/v1/processes/incident/draft", content_type="application/json",
                       data=json.dumps({"xml": TWO_PROBLEMS, "started_from_version": 1}), headers=api.headers("olga"))
    assert named.status_code == 200 and named.get_json()["started_from_version"] == 1
    again = put_draft(client, api, "olga", TWO_PROBLEMS.replace("in two hours", "PT1H"), 1)
    assert again.get_json()["started_from_version"] == 1  # kept by later saves
    assert api.get("/processes/incident/draft", "olga").get_json()["started_from_version"] == 1


def test_a_first_draft_naming_no_version_starts_from_the_version_in_force(client, api, incident) -> None:
    saved = put_draft(client, api, "olga", TWO_PROBLEMS, None)
    assert saved.get_json()["started_from_version"] == 1
