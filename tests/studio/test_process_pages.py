"""The process pages: every process with its versions, notes and counts; downloads; uploads through the deploy."""
import io
from pathlib import Path

import pytest

from app.servicedesk.tickets.categories import create_category
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.studio.processes import list_process_lines

DIAGRAMS = Path(__file__).parents[1] / "diagrams"
INCIDENT = (DIAGRAMS / "incident.bpmn").read_bytes()


@pytest.fixture
def two_versions(runtime, demo) -> None:  # type: ignore[no-untyped-def]
    """Deploy incident.bpmn twice (a renamed second version, with a note) and start one instance of each."""
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    start_instance(runtime, "incident", {"title": "VPN down"}, actor="rita")
    changed = INCIDENT.replace(b'name="Classify and prioritise"', b'name="Classify first"', 1)
    assert changed != INCIDENT
    deploy_diagram(runtime, changed, "incident.bpmn", "adam", note="Triage is named as the desk says it.")
    start_instance(runtime, "incident", {"title": "Mail down"}, actor="rita")


def upload(client, content: bytes, file_name: str, note: str):  # type: ignore[no-untyped-def]
    """Post a diagram to the upload form and return the answer (redirects followed)."""
    return client.post("/processes/upload", data={"file": (io.BytesIO(content), file_name), "note": note},
                       content_type="multipart/form-data", follow_redirects=True)


@pytest.mark.parametrize("login", ["olga", "adam"])
def test_process_owners_and_admins_see_every_process_with_its_versions(client, sign_in, two_versions,
                                                                        login) -> None:
    sign_in(login)
    page = client.get("/processes").get_data(as_text=True)
    assert 'data-process="incident"' in page
    assert 'data-version="2"' in page and 'data-version="1"' in page
    assert "Triage is named as the desk says it." in page
    assert "—" in page  # version 1 was deployed without a note


@pytest.mark.parametrize("login", ["audrey", "sam", "rita"])
def test_others_are_refused_the_process_pages(client, sign_in, two_versions, login) -> None:
    sign_in(login)
    assert client.get("/processes").status_code == 403
    assert client.get("/processes/incident").status_code == 403
    assert client.get("/processes/attention").status_code == 403


def test_top_bar_offers_processes_only_to_those_who_may_open_them(client, sign_in, two_versions) -> None:
    sign_in("olga")
    assert 'href="/processes"' in client.get("/tickets").get_data(as_text=True)
    client.post("/logout")
    sign_in("audrey")
    assert 'href="/processes"' not in client.get("/tickets").get_data(as_text=True)


def test_process_owner_goes_from_the_process_page_to_the_modeller(client, sign_in, two_versions) -> None:
    sign_in("olga")
    page = client.get("/processes/incident").get_data(as_text=True)
    assert 'href="/processes/incident/model"' in page
    assert client.get("/processes/incident/model").status_code == 200


def test_process_page_counts_instances_per_version(client, sign_in, two_versions) -> None:
    sign_in("olga")
    page = client.get("/processes/incident").get_data(as_text=True)
    assert page.count('<td data-label="Running"><a') == 2
    assert '">1</a></td>' in page


def test_process_owner_downloads_a_version_as_deployed(client, sign_in, two_versions) -> None:
    sign_in("olga")
    answer = client.get("/processes/incident/versions/1/diagram.bpmn")
    assert answer.status_code == 200
    assert answer.data == INCIDENT
    assert answer.headers["Content-Disposition"] == 'attachment; filename="incident-v1.bpmn"'


def test_unknown_process_or_version_is_not_found(client, sign_in, two_versions) -> None:
    sign_in("olga")
    assert client.get("/processes/nothing").status_code == 404
    assert client.get("/processes/incident/versions/9/diagram.bpmn").status_code == 404


def test_process_owner_uploads_a_diagram_with_a_note_as_a_new_version(client, sign_in, two_versions) -> None:
    sign_in("olga")
    changed = INCIDENT.replace(b'name="Classify and prioritise"', b'name="Sort it"', 1)
    page = upload(client, changed, "incident.bpmn", "Shorter step name.").get_data(as_text=True)
    assert "is deployed as version 3." in page
    assert "Shorter step name." in page


def test_upload_without_a_note_is_refused_and_nothing_is_deployed(client, sign_in, two_versions) -> None:
    sign_in("olga")
    changed = INCIDENT.replace(b'name="Classify and prioritise"', b'name="Sort it"', 1)
    page = upload(client, changed, "incident.bpmn", "  ").get_data(as_text=True)
    assert "Write a change note" in page
    assert 'data-version="3"' not in page


def test_upload_the_engine_refuses_shows_its_reason_in_the_readers_language(client, sign_in,
                                                                          two_versions) -> None:
    sign_in("olga")
    complex_gateway = (DIAGRAMS / "studio_gate.bpmn").read_bytes().replace(
        b'<bpmn:exclusiveGateway id="route" name="Amount?" default="f_small"/>',
        b'<bpmn:complexGateway id="route" name="Amount?" default="f_small"/>')
    page = upload(client, complex_gateway, "gate.bpmn", "Try.").get_data(as_text=True)
    assert ("The diagram was not deployed: gate.bpmn: element &#39;route&#39;: complex gateways are not supported; "
            "use exclusive, inclusive or parallel gateways. Fix it and upload it again.") in page
    client.post("/language", data={"language": "zh_CN"})
    page = upload(client, complex_gateway, "gate.bpmn", "Try.").get_data(as_text=True)
    assert "流程图没有部署：gate.bpmn：元素“route”：不支持复杂网关；请使用排他、包容或并行网关。请修正后重新上传。" in page
    assert 'data-process="purchase_gate"' not in client.get("/processes").get_data(as_text=True)


def test_upload_of_a_file_that_is_not_bpmn_is_refused(client, sign_in, two_versions) -> None:
    sign_in("olga")
    page = upload(client, INCIDENT, "incident.xml", "Note.").get_data(as_text=True)
    assert "is not a .bpmn file" in page


def test_auditor_cannot_upload(client, sign_in, two_versions) -> None:
    sign_in("audrey")
    assert upload(client, INCIDENT, "incident.bpmn", "Note.").status_code == 403


def test_cli_deploy_keeps_its_change_note_with_the_version(cli, runtime, demo) -> None:
    result = cli("deploy", str(DIAGRAMS / "studio_gate.bpmn"), "--note", "First cut of the purchase approval.")
    assert result.exit_code == 0, result.output
    (process,) = list_process_lines("purchase_gate")
    assert process.latest.change_note == "First cut of the purchase approval."


def test_process_page_names_the_categories_that_start_it(client, sign_in, two_versions) -> None:
    network = create_category("Network", process_id="incident")
    create_category("Wi-Fi", parent_id=network.id, process_id="incident")
    sign_in("olga")
    page = client.get("/processes/incident").get_data(as_text=True)
    assert "Ticket category “Network”" in page
    assert "Ticket category “Network / Wi-Fi”" in page
    assert "Tickets of the kind “incident”" in page
