"""Deploy from the modeller: the saved draft becomes version N+1 with a required change note, after the page
shows what it changes; a stale draft, a missing note, a refused diagram or an agent deploy nothing."""
from pathlib import Path

import pytest

from app.workflow.catalog import diagram_in_force
from app.workflow.deployment import deploy_diagram
from app.workflow.studio.processes import require_process

INCIDENT = (Path(__file__).parents[2] / "processes" / "incident.bpmn").read_bytes()
RELABELLED = INCIDENT.replace(b'name="Classify the incident"', b'name="Triage the incident"', 1)


@pytest.fixture
def drafted(runtime, demo, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    """Deploy incident.bpmn as version 1 and save, as olga, a draft that renames the classify task (draft 1)."""
    assert RELABELLED != INCIDENT
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    sign_in("olga")
    saved = client.put("/processes/incident/model/draft", json={"xml": RELABELLED.decode()})
    assert saved.status_code == 200 and saved.headers["ETag"] == '"1"'


def versions_of(process_id: str) -> list[int]:
    """Return the deployed versions of a process, newest first."""
    return [line.version for line in require_process(process_id).versions]


def test_process_owner_sees_what_the_saved_draft_changes_from_the_version_in_force(drafted, client) -> None:
    answer = client.get("/processes/incident/model/changes").get_json()
    assert answer["version_in_force"] == 1 and answer["draft_version"] == 1
    assert [(change["element_id"], change["properties"]) for change in answer["changed"]] == [
        ("classify", [{"name": "name", "before": "Classify the incident", "after": "Triage the incident"}])]
    assert answer["added"] == [] and answer["removed"] == [] and answer["moved"] == []


def test_process_owner_deploys_the_draft_as_the_next_version_with_its_note(drafted, app, client) -> None:
    answer = client.post("/processes/incident/model/deploy", json={"note": "Triage is what the desk calls it."},
                         headers={"If-Match": '"1"'})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["diff_url"] == "/processes/incident/diff?from=1&to=2"
    assert versions_of("incident") == [2, 1]
    assert require_process("incident").latest.change_note == "Triage is what the desk calls it."
    assert 'name="Triage the incident"' in diagram_in_force("incident").bpmn_xml
    assert client.get("/processes/incident/model/draft").status_code == 404  # the draft is published, not kept
    assert "is deployed as version 2" in client.get(answer.get_json()["diff_url"]).get_data(as_text=True)


def test_deploy_without_a_change_note_is_refused_and_deploys_nothing(drafted, client) -> None:
    answer = client.post("/processes/incident/model/deploy", json={"note": "   "}, headers={"If-Match": '"1"'})
    assert answer.status_code == 400
    assert answer.get_json()["error"].startswith("Write a change note")
    assert versions_of("incident") == [1]
    assert client.get("/processes/incident/model/draft").status_code == 200  # the draft is still there


def test_deploy_of_a_draft_someone_saved_since_is_refused_naming_who(drafted, client, sign_in) -> None:
    sign_in("adam")
    newer = client.put("/processes/incident/model/draft", json={"xml": RELABELLED.decode()},
                       headers={"If-Match": '"1"'})
    assert newer.headers["ETag"] == '"2"'
    sign_in("olga")
    answer = client.post("/processes/incident/model/deploy", json={"note": "Triage."}, headers={"If-Match": '"1"'})
    assert answer.status_code == 409
    assert answer.get_json()["saved_by"] == "adam" and answer.get_json()["version"] == 2
    assert versions_of("incident") == [1]


def test_deploy_without_the_draft_version_is_refused_saying_to_save_first(drafted, client) -> None:
    answer = client.post("/processes/incident/model/deploy", json={"note": "Triage."})
    assert answer.status_code == 400 and "Save the draft" in answer.get_json()["error"]
    assert versions_of("incident") == [1]


def test_deploy_of_a_draft_the_check_refuses_answers_its_problems_and_deploys_nothing(drafted, client) -> None:
    listener = ('<bpmn:extensionElements><camunda:executionListener class="a.B" event="start"/>'
                '<camunda:properties><camunda:property name="zh_CN:name" value="分类事件"/>')
    broken = RELABELLED.replace('<bpmn:extensionElements><camunda:properties><camunda:property name="zh_CN:name" '
                                'value="分类事件"/>'.encode(), listener.encode(), 1)
    assert broken != RELABELLED
    saved = client.put("/processes/incident/model/draft", json={"xml": broken.decode()}, headers={"If-Match": '"1"'})
    assert saved.status_code == 200
    answer = client.post("/processes/incident/model/deploy", json={"note": "Triage."}, headers={"If-Match": '"2"'})
    assert answer.status_code == 422, answer.get_json()
    assert "classify" in [problem["element_id"] for problem in answer.get_json()["problems"]]
    assert versions_of("incident") == [1]


def test_an_agent_may_not_deploy_a_draft(drafted, client, sign_in) -> None:
    sign_in("sam")
    answer = client.post("/processes/incident/model/deploy", json={"note": "Triage."}, headers={"If-Match": '"1"'})
    assert answer.status_code == 403
    assert client.get("/processes/incident/model/changes").status_code == 403
    assert versions_of("incident") == [1]


def test_what_changed_is_404_until_a_draft_is_saved(runtime, demo, client, sign_in) -> None:
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    sign_in("olga")
    assert client.get("/processes/incident/model/changes").status_code == 404


def test_deploy_of_a_draft_that_changes_nothing_is_refused_and_deploys_nothing(runtime, demo, client,
                                                                               sign_in) -> None:
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    sign_in("olga")
    client.put("/processes/incident/model/draft", json={"xml": INCIDENT.decode().replace("  ", " ")})
    answer = client.post("/processes/incident/model/deploy", json={"note": "Nothing."}, headers={"If-Match": '"1"'})
    assert answer.status_code == 409 and "says the same" in answer.get_json()["error"]
    assert versions_of("incident") == [1]


def test_a_save_over_a_draft_deployed_since_is_refused_saying_so(drafted, client) -> None:
    deployed = client.post("/processes/incident/model/deploy", json={"note": "Triage."}, headers={"If-Match": '"1"'})
    assert deployed.status_code == 200
    late = client.put("/processes/incident/model/draft", json={"xml": RELABELLED.decode()},
                      headers={"If-Match": '"1"'})
    assert late.status_code == 409 and "was deployed since you opened it" in late.get_json()["error"]
    assert client.get("/processes/incident/model/draft").status_code == 404  # nothing stored
