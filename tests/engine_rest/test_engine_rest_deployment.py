"""POST /engine-rest/deployment/create as Camunda Modeler's Deploy button sends it, byte for byte; GET /deployment.

The Modeler (client/src/remote/CamundaAPI.js, deployDiagram) builds a FormData with deployment-name,
deployment-source "Camunda Modeler", enable-duplicate-filtering "true" (older releases: deploy-changed-only
"true"), tenant-id only when filled, and the diagram as a part named by its file name, type text/xml;
Chromium (Electron) writes it with a ----WebKitFormBoundary boundary and CRLF line ends, as built here.
"""
import base64
from pathlib import Path

from app.workflow.catalog import list_versions

DIAGRAMS = Path(__file__).parents[1] / "diagrams"
BOUNDARY = "----WebKitFormBoundaryq3NgLh0aX7kTbW2e"


def olga() -> dict[str, str]:
    """Return the basic Authorization header of olga, the demo process owner."""
    return {"Authorization": "Basic " + base64.b64encode(b"olga:flowdesk-demo").decode()}


def modeler_body(diagram: bytes, file_name: str, tenant_id: str | None = None,
                 changed_only_field: str = "enable-duplicate-filtering") -> bytes:
    """Return the multipart body the Modeler's Deploy button sends for one diagram."""
    def field(name: str, value: str) -> bytes:
        return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").encode()
    body = field("deployment-name", "diagram") + field("deployment-source", "Camunda Modeler")
    body += field(changed_only_field, "true")
    if tenant_id:
        body += field("tenant-id", tenant_id)
    body += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{file_name}\"; filename=\"{file_name}\"\r\n"
             f"Content-Type: text/xml\r\n\r\n").encode() + diagram + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode()


def deploy(client, body: bytes, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """POST a Modeler body to /engine-rest/deployment/create as olga."""
    return client.post("/engine-rest/deployment/create", data=body, headers=headers or olga(),
                       content_type=f"multipart/form-data; boundary={BOUNDARY}")


def test_the_modelers_deploy_request_deploys_a_new_version(client, demo) -> None:
    diagram = (DIAGRAMS / "message_order.bpmn").read_bytes()
    response = deploy(client, modeler_body(diagram, "message_order.bpmn"))
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert (answer["name"], answer["source"], answer["tenantId"]) == ("diagram", "Camunda Modeler", None)
    (definition,) = answer["deployedProcessDefinitions"].values()
    assert (definition["id"], definition["key"], definition["version"]) == ("order:1", "order", 1)
    assert definition["resource"] == "message_order.bpmn" and definition["deploymentId"] == answer["id"]
    assert [(v.process_id, v.version) for v in list_versions("order")] == [("order", 1)]


def test_an_unchanged_diagram_deploys_nothing_new(client, demo) -> None:
    diagram = (DIAGRAMS / "message_order.bpmn").read_bytes()
    deploy(client, modeler_body(diagram, "message_order.bpmn", changed_only_field="deploy-changed-only"))
    again = deploy(client, modeler_body(diagram, "message_order.bpmn", changed_only_field="deploy-changed-only"))
    assert again.status_code == 200 and again.get_json()["deployedProcessDefinitions"] is None
    changed = diagram.replace(b'name="Order"', b'name="Order, second draft"')
    third = deploy(client, modeler_body(changed, "message_order.bpmn"))
    assert list(third.get_json()["deployedProcessDefinitions"]) == ["order:2"]


def test_a_refused_diagram_answers_the_parse_error_the_modeler_shows(client, demo) -> None:
    broken = (DIAGRAMS / "incident.bpmn").read_bytes().replace(  # a Java delegate: refused, naming the task
        b'camunda:type="external" camunda:topic="log"', b'camunda:class="org.example.Fax"')
    response = deploy(client, modeler_body(broken, "incident.bpmn"))
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["type"] == "ParseException"
    assert answer["message"].startswith("ENGINE-09005 Could not parse BPMN process.")  # the Modeler's test
    (error,) = answer["details"]["incident.bpmn"]["errors"]
    assert error["mainElementId"] == "page_on_call" and "external task" in error["message"]
    assert list_versions("incident") == []


def test_refusals_name_what_to_change(client, demo) -> None:
    diagram = (DIAGRAMS / "message_order.bpmn").read_bytes()
    tenant = deploy(client, modeler_body(diagram, "message_order.bpmn", tenant_id="acme"))
    assert tenant.status_code == 400 and "no tenants" in tenant.get_json()["message"]
    form = deploy(client, modeler_body(b"{}", "invoice.form"))
    assert form.status_code == 400 and "has no diagram" in form.get_json()["message"]  # a form deploys beside one
    sam = {"Authorization": "Basic " + base64.b64encode(b"sam:flowdesk-demo").decode()}
    refused = deploy(client, modeler_body(diagram, "message_order.bpmn"), sam)
    assert refused.status_code == 403 and refused.get_json()["type"] == "AuthorizationException"
    assert list_versions() == []


def test_the_modelers_connection_check_is_answered(client, demo) -> None:
    response = client.get("/engine-rest/deployment?maxResults=0", headers=olga())
    assert response.status_code == 200 and response.get_json() == []


def test_a_refusal_speaks_the_language_the_modeler_asks_for(client, demo) -> None:
    broken = (DIAGRAMS / "incident.bpmn").read_bytes().replace(
        b'camunda:type="external" camunda:topic="log"', b'camunda:class="org.example.Fax"')
    response = deploy(client, modeler_body(broken, "incident.bpmn"), {**olga(), "Accept-Language": "zh-CN,zh;q=0.9"})
    answer = response.get_json()
    assert answer["message"].startswith("ENGINE-09005 Could not parse BPMN process.")  # still what the Modeler reads
    (error,) = answer["details"]["incident.bpmn"]["errors"]
    assert error["message"] == "服务任务必须是外部任务（camunda:type=\"external\" 并带有 camunda:topic）"
    assert error["message"] in answer["message"]


def test_a_refusal_speaks_the_deployers_own_language_when_the_request_names_none(client, demo) -> None:
    from app.extensions import db
    from app.organisation.models import User

    db.session.execute(db.update(User).where(User.login == "olga").values(language="zh_CN"))
    db.session.commit()
    caller = (DIAGRAMS / "call_check_caller.bpmn").read_bytes()  # its callee is deployed nowhere
    response = deploy(client, modeler_body(caller, "call_check_caller.bpmn"))
    (error,) = response.get_json()["details"]["call_check_caller.bpmn"]["errors"]
    assert error["message"].startswith("该调用活动调用流程“check_process”，但它尚未部署"), error["message"]
    english = deploy(client, modeler_body(caller, "call_check_caller.bpmn"), {**olga(), "Accept-Language": "en"})
    (error,) = english.get_json()["details"]["call_check_caller.bpmn"]["errors"]
    assert error["message"].startswith("the call activity calls process 'check_process', which is not deployed")


def test_a_refusal_lists_every_problem_of_the_diagram_on_its_element(client, demo) -> None:
    broken = (DIAGRAMS / "incident.bpmn").read_bytes().replace(
        b'camunda:type="external" camunda:topic="log"', b'camunda:class="org.example.Fax"').replace(
        b">PT8H<", b">in eight hours<")
    response = deploy(client, modeler_body(broken, "incident.bpmn"))
    answer = response.get_json()
    errors = answer["details"]["incident.bpmn"]["errors"]
    assert [error["mainElementId"] for error in errors] == ["page_on_call", "sla_breached"]
    assert [(problem["element_id"], problem["property"]) for problem in answer["problems"]] == [
        ("page_on_call", "camunda:type"), ("sla_breached", "timeDuration")]
    assert all(error["message"] in answer["message"] for error in errors)
