"""A new process from an empty canvas: an id and a name make its first draft, the modeller opens on it, what
version 1 holds is everything it draws, and deploying it lands on the process's page."""
import pytest
from lxml import etree

from app.workflow.studio.new_processes import empty_diagram
from app.workflow.studio.processes import require_process

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
# The empty canvas of the new process with a start event, a user task and an end event drawn on it.
PROCESS = """<bpmn:process id="laptop_return" name="Return a laptop" isExecutable="true">
    <bpmn:startEvent id="handed_back" />
    <bpmn:sequenceFlow id="to_inspect" sourceRef="handed_back" targetRef="inspect" />
    <bpmn:userTask id="inspect" name="Inspect the laptop" camunda:candidateGroups="service-desk" />
    <bpmn:sequenceFlow id="to_end" sourceRef="inspect" targetRef="restocked" />
    <bpmn:endEvent id="restocked" />
  </bpmn:process>"""
PLANE = """<bpmndi:BPMNPlane id="laptop_return_plane" bpmnElement="laptop_return">
      <bpmndi:BPMNShape id="handed_back_di" bpmnElement="handed_back"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="inspect_di" bpmnElement="inspect"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="restocked_di" bpmnElement="restocked"><dc:Bounds x="360" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="to_inspect_di" bpmnElement="to_inspect"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="to_end_di" bpmnElement="to_end"><di:waypoint x="300" y="118" /><di:waypoint x="360" y="118" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>"""
DRAWN = (empty_diagram("laptop_return", "Return a laptop").decode()
         .replace('<bpmn:process id="laptop_return" name="Return a laptop" isExecutable="true" />', PROCESS)
         .replace('<bpmndi:BPMNPlane id="laptop_return_plane" bpmnElement="laptop_return" />', PLANE))


def test_the_drawing_is_made_on_the_empty_canvas() -> None:
    assert 'id="inspect"' in DRAWN and 'bpmnElement="inspect"' in DRAWN


def create(client, process_id: str = "laptop_return", name: str = "Return a laptop"):  # type: ignore[no-untyped-def]
    """Send the new-process form of the process list."""
    return client.post("/processes/new", data={"new-process_id": process_id, "new-name": name})


def test_process_owner_creates_a_process_and_the_modeller_opens_on_its_empty_canvas(demo, client, sign_in) -> None:
    sign_in("olga")
    answer = create(client)
    assert answer.status_code == 302 and answer.headers["Location"] == "/processes/laptop_return/model"
    page = client.get("/processes/laptop_return/model")
    assert page.status_code == 200
    assert "a new process, not deployed yet" in page.get_data(as_text=True)
    draft = client.get("/processes/laptop_return/model/draft")
    assert draft.headers["ETag"] == '"1"' and draft.get_json()["saved_by"] == "olga"
    root = etree.fromstring(draft.get_json()["xml"].encode())
    process = root.find(f"{BPMN}process")
    assert (process.get("id"), process.get("name"), len(process)) == ("laptop_return", "Return a laptop", 0)
    listed = client.get("/processes").get_data(as_text=True)
    assert 'data-testid="new-drafts"' in listed and 'href="/processes/laptop_return/model"' in listed


@pytest.mark.parametrize("process_id, name, field", [("1 laptop", "Return a laptop", "process_id"),
                                                     ("laptop/return", "Return a laptop", "process_id"),
                                                     ("laptop_return", "   ", "name")])
def test_a_bad_id_or_an_empty_name_is_refused_on_its_field_and_creates_nothing(demo, client, sign_in, process_id,
                                                                                 name, field) -> None:
    sign_in("olga")
    answer = create(client, process_id, name)
    assert answer.status_code == 422
    assert f'id="new-{field}-error"' in answer.get_data(as_text=True)
    assert client.get(f"/processes/{process_id.strip()}/model/draft").status_code in (404, 405)


def test_an_id_deployed_or_drafted_already_is_refused_naming_it(demo, deploy, client, sign_in) -> None:
    deploy("incident.bpmn")
    sign_in("olga")
    deployed = create(client, "incident", "Another incident")
    assert deployed.status_code == 422
    assert "A process with the id incident is deployed already" in deployed.get_data(as_text=True)
    assert create(client).status_code == 302
    drafted = create(client, name="Return a laptop again")
    assert drafted.status_code == 422
    assert "has a draft already" in drafted.get_data(as_text=True)
    assert "Return a laptop again" not in client.get("/processes/laptop_return/model/draft").get_json()["xml"]


def test_an_agent_may_not_create_a_process(demo, client, sign_in) -> None:
    sign_in("sam")
    assert create(client).status_code == 403


def test_version_1_of_a_new_process_holds_all_it_draws_and_its_deploy_lands_on_its_page(demo, client,
                                                                                       sign_in) -> None:
    sign_in("olga")
    create(client)
    saved = client.put("/processes/laptop_return/model/draft", json={"xml": DRAWN}, headers={"If-Match": '"1"'})
    assert saved.status_code == 200
    changes = client.get("/processes/laptop_return/model/changes").get_json()
    assert changes["version_in_force"] == 0
    assert {change["element_id"] for change in changes["added"]} == {
        "laptop_return", "handed_back", "to_inspect", "inspect", "to_end", "restocked"}
    assert changes["changed"] == changes["removed"] == changes["moved"] == []
    answer = client.post("/processes/laptop_return/model/deploy", json={"note": "First version."},
                         headers={"If-Match": '"2"'})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["next_url"] == "/processes/laptop_return"
    process = require_process("laptop_return")
    assert [line.version for line in process.versions] == [1]
    assert process.latest.change_note == "First version."
    assert "is deployed as version 1" in client.get("/processes/laptop_return").get_data(as_text=True)
    assert 'data-testid="new-drafts"' not in client.get("/processes").get_data(as_text=True)


def test_the_empty_canvas_keeps_a_name_with_quotes_and_ampersands() -> None:
    root = etree.fromstring(empty_diagram("p", 'Returns & "loans" <laptops>'))
    assert root.find(f"{BPMN}process").get("name") == 'Returns & "loans" <laptops>'
