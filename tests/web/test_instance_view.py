"""The instance pages: who may see an instance, its diagram, the path marked on it, and the instance list."""
import json
import re
from pathlib import Path

import pytest

from app.workflow.deployment import deploy_diagram
from app.workflow.diagram_text import read_diagram_text
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.instances.views import mark_path
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks

PROCESSES = Path(__file__).parents[2] / "processes"
DIAGRAMS = Path(__file__).parents[1] / "diagrams"


@pytest.fixture
def incident(runtime, demo) -> int:
    """Deploy a plain triage incident diagram and start one for rita; it waits at triage (service-desk)."""
    deploy_diagram(runtime, (DIAGRAMS / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")
    return start_instance(runtime, "incident", {"title": "VPN down"}, actor="rita")


def work(runtime, instance_id: int, user: str, values: dict) -> None:
    """Claim and complete the one open task of an instance the user may work on."""
    (task,) = list_tasks(user=user, instance_id=instance_id)
    claim_task(runtime, task.id, user)
    complete_task(runtime, task.id, user, values)


def markers_on(page: str) -> dict[str, list[str]]:
    """Return the markers JSON the instance page hands to the diagram script."""
    found = re.search(r'<script type="application/json" id="diagram-markers">(.*?)</script>', page, re.S)
    assert found, "the page has no markers"
    return json.loads(found.group(1))


@pytest.mark.parametrize("login", ["olga", "audrey", "adam"])
def test_owners_auditors_and_admins_see_any_instance(client, incident, sign_in, login) -> None:
    sign_in(login)
    assert client.get(f"/instances/{incident}").status_code == 200


def test_requester_sees_the_instance_they_started(client, incident, sign_in) -> None:
    sign_in("rita")
    assert client.get(f"/instances/{incident}").status_code == 200


def test_requester_cannot_see_someone_elses_instance(client, runtime, incident, sign_in) -> None:
    other = start_instance(runtime, "incident", {"title": "Not rita's"}, actor="carl")
    sign_in("rita")
    assert client.get(f"/instances/{other}").status_code == 404  # as if it did not exist


def test_agent_sees_an_instance_with_a_task_for_their_group(client, incident, sign_in) -> None:
    sign_in("sam")
    assert client.get(f"/instances/{incident}").status_code == 200


def test_unrelated_agent_cannot_see_the_instance(client, incident, sign_in) -> None:
    sign_in("lee")  # second-line: nothing of this incident is offered to them yet
    assert client.get(f"/instances/{incident}").status_code == 404


def test_agent_keeps_seeing_an_instance_they_worked_on(client, runtime, incident, sign_in) -> None:
    work(runtime, incident, "sam", {"priority": "P3"})
    sign_in("sam")
    assert client.get(f"/instances/{incident}").status_code == 200


def test_unknown_instance_is_not_found(client, incident, sign_in) -> None:
    sign_in("olga")
    assert client.get("/instances/999").status_code == 404


def test_diagram_endpoint_returns_the_stored_xml(client, incident, sign_in) -> None:
    sign_in("rita")
    response = client.get(f"/instances/{incident}/diagram.bpmn")
    assert response.status_code == 200
    assert response.data == (DIAGRAMS / "incident.bpmn").read_bytes()
    assert response.mimetype == "application/xml"


def test_diagram_endpoint_refuses_who_may_not_see_the_instance(client, incident, sign_in) -> None:
    sign_in("lee")
    assert client.get(f"/instances/{incident}/diagram.bpmn").status_code == 404


def test_diagram_endpoint_of_an_unknown_instance_is_not_found(client, incident, sign_in) -> None:
    sign_in("adam")
    assert client.get("/instances/999/diagram.bpmn").status_code == 404


def test_markers_show_the_p1_path_through_triage_waiting_at_resolve(client, runtime, incident, sign_in) -> None:
    work(runtime, incident, "sam", {"priority": "P1"})
    sign_in("olga")
    markers = markers_on(client.get(f"/instances/{incident}").get_data(as_text=True))
    assert markers == {
        "done": ["logged", "page_on_call", "route", "triage"],
        "active": ["resolve", "sla_breached"],
        "taken": ["critical_path", "paged", "to_route", "to_triage"],
    }


def test_markers_show_the_normal_path_into_a_task_with_a_boundary_timer(client, runtime, incident, sign_in) -> None:
    work(runtime, incident, "sam", {"priority": "P3"})
    sign_in("olga")
    markers = markers_on(client.get(f"/instances/{incident}").get_data(as_text=True))
    assert markers["taken"] == ["normal_path", "to_route", "to_triage"]


def test_page_lists_the_waiting_timer_open_task_variables_and_history(client, runtime, incident, sign_in) -> None:
    work(runtime, incident, "sam", {"priority": "P1"})
    sign_in("olga")
    page = client.get(f"/instances/{incident}").get_data(as_text=True)
    assert "Resolution SLA breached" in page and "Investigate and resolve" in page
    assert "<code>priority</code>" in page and "P1" in page
    assert "Task claimed" in page and "Path chosen" in page


def test_candidate_gets_a_link_to_the_task_form(client, runtime, incident, sign_in) -> None:
    (task,) = list_tasks(user="sam", instance_id=incident)
    sign_in("sam")
    assert f'href="/tasks/{task.id}"' in client.get(f"/instances/{incident}").get_data(as_text=True)


def test_auditor_gets_no_link_to_a_task_they_cannot_work(client, incident, sign_in) -> None:
    sign_in("audrey")
    assert 'href="/tasks/' not in client.get(f"/instances/{incident}").get_data(as_text=True)


def test_instance_list_links_each_instance_for_process_owners(client, incident, sign_in) -> None:
    sign_in("olga")
    assert f'href="/instances/{incident}"' in client.get("/instances").get_data(as_text=True)


def test_instance_list_filters_by_status(client, incident, sign_in) -> None:
    sign_in("audrey")
    assert f'href="/instances/{incident}"' not in client.get("/instances?status=completed").get_data(as_text=True)


def test_instance_list_is_refused_to_requesters(client, incident, sign_in) -> None:
    sign_in("rita")
    assert client.get("/instances").status_code == 403


def path_of(runtime, diagram: str, instance_id: int, waiting: list[str]):  # type: ignore[no-untyped-def]
    """Return the markers of an instance of a test diagram, as the page would compute them."""
    text = read_diagram_text((DIAGRAMS / diagram).read_bytes(), list_history(instance_stream(instance_id))[0]
                             .data["process_id"])
    return mark_path(text, list_history(instance_stream(instance_id)), waiting)


def test_join_gateway_counts_as_passed_on_a_reopened_ticket(runtime, deploy, people) -> None:
    deploy("reopen_loop.bpmn")
    instance_id = start_instance(runtime, "ticket", {})
    work(runtime, instance_id, "lee", {"note": "Rebooted"})
    work(runtime, instance_id, "rita", {"reopen": "true"})
    markers = path_of(runtime, "reopen_loop.bpmn", instance_id, ["resolve"])
    assert (markers.done, markers.active) == (("confirm", "decide", "merge", "start"), ("resolve",))
    assert markers.taken == ("f1", "f2", "f3", "f4", "f_reopen")


def test_sub_process_and_its_start_are_marked_while_a_task_inside_waits(runtime, deploy, people) -> None:
    deploy("subprocess.bpmn")
    instance_id = start_instance(runtime, "nested", {})
    markers = path_of(runtime, "subprocess.bpmn", instance_id, ["collect"])
    assert (markers.done, markers.active, markers.taken) == (
        ("diag_start", "start"), ("collect", "diagnose"), ("d1", "f1"))


def test_an_instance_waiting_for_a_message_or_a_worker_says_so(client, runtime, demo, sign_in) -> None:
    """No task and no timer is open while a message or an outside worker is awaited: the page and the API name
    what the instance waits for, so it does not look stalled."""
    deploy_diagram(runtime, (DIAGRAMS / "message_order.bpmn").read_bytes(), "message_order.bpmn", "olga")
    instance_id = start_instance(runtime, "order", {}, business_key="ORD-9", actor="olga")
    sign_in("olga")
    page = client.get(f"/instances/{instance_id}").get_data(as_text=True)
    assert 'data-testid="waiting"' in page and "the message “paymentReceived”" in page
    assert "wait_pay" in markers_on(page)["active"]
    details = show_instance(runtime, instance_id)
    assert details.waiting == [{"kind": "message", "element_id": "wait_pay", "name": "paymentReceived",
                                "worker_id": None, "locked_until": None}]
    assert details.to_dict()["waiting"] == details.waiting
