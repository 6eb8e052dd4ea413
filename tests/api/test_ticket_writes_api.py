"""The API's ticket writes: logging an incident, adding notes and attaching files."""
import base64
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.servicedesk.tickets.classification import override_priority
from app.servicedesk.tickets.models import Ticket, TicketAttachment, TicketNote
from app.workflow.deployment import deploy_diagram

PROCESSES = Path(__file__).parents[2] / "processes"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def desk(runtime, demo) -> None:  # type: ignore[no-untyped-def]
    deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")


def log(api, login: str = "rita", **body):  # type: ignore[no-untyped-def]
    return api.post("/tickets", login, {"title": "VPN drops every hour", "description": "Since Monday.", **body})


def test_requester_logs_an_incident_and_reads_it_back(api, desk) -> None:
    response = log(api, impact="high", urgency="low")
    assert response.status_code == 201
    created = response.get_json()
    assert (created["status"], created["priority"], created["requester"], created["channel"]) == (
        "new", "P3", "rita", "api")
    assert response.headers["Location"].endswith(f"/api/v1/tickets/{created['number']}")
    assert api.get(f"/tickets/{created['number']}", "rita").status_code == 200


def test_monitoring_system_keeps_its_priority_and_logs_for_the_service_desk(api, desk) -> None:
    response = log(api, "sam", channel="monitoring", priority="P1", requester="sam")
    assert response.status_code == 201
    assert (response.get_json()["priority"], response.get_json()["priority_source"]) == ("P1", "monitoring")


def test_requester_may_not_log_for_someone_else(api, desk) -> None:
    response = log(api, "rita", requester="lee")
    assert response.status_code == 403
    assert db.session.execute(select(Ticket.id)).first() is None


@pytest.mark.parametrize(("body", "member"), [
    ({"title": 5}, "title"), ({}, "title"), ({"title": "x", "colour": "red"}, "colour"),
    ({"title": "x", "category_id": "3"}, "category_id"), ({"title": "x", "impact": "huge"}, "impact"),
])
def test_bad_incident_is_refused_naming_the_member_and_nothing_is_stored(api, desk, body, member) -> None:
    response = api.post("/tickets", "rita", body)
    assert response.status_code == 422
    problem = response.get_json()
    assert member in problem["errors"], problem
    assert db.session.execute(select(Ticket.id)).first() is None


def test_notes_are_internal_for_staff_and_public_for_requesters(api, desk) -> None:
    number = log(api).get_json()["number"]
    assert api.post(f"/tickets/{number}/notes", "sam", {"body": "Checking the concentrator."}).status_code == 201
    assert api.post(f"/tickets/{number}/notes", "rita", {"body": "Still dropping."}).status_code == 201
    refused = api.post(f"/tickets/{number}/notes", "rita", {"body": "secret", "visibility": "internal"})
    assert refused.status_code == 403
    notes = {n.body: n.visibility for n in db.session.execute(select(TicketNote)).scalars()}
    assert notes["Checking the concentrator."] == "internal" and notes["Still dropping."] == "public"
    assert "secret" not in notes


def test_invisible_ticket_is_404_for_notes_and_files(api, desk) -> None:
    number = log(api).get_json()["number"]
    assert api.post(f"/tickets/{number}/notes", "lee", {"body": "hello"}).status_code == 404
    assert api.post(f"/tickets/{number}/attachments", "lee", {
        "file_name": "a.png", "content_type": "image/png",
        "content_base64": base64.b64encode(PNG).decode()}).status_code == 404
    assert api.post("/tickets/INC-999999/notes", "sam", {"body": "hello"}).status_code == 404


def test_files_attach_as_base64_or_multipart_and_bad_ones_are_refused(api, client, tokens, desk) -> None:
    number = log(api).get_json()["number"]
    response = api.post(f"/tickets/{number}/attachments", "rita", {
        "file_name": "screen.png", "content_type": "image/png", "content_base64": base64.b64encode(PNG).decode()})
    assert response.status_code == 201 and response.get_json()["visibility"] == "public"
    multipart = client.post(f"/api/v1/tickets/{number}/attachments", headers={"Authorization": f"Bearer {tokens['sam']}"},
                            data={"file": (io.BytesIO(PNG), "second.png", "image/png")},
                            content_type="multipart/form-data")
    assert multipart.status_code == 201 and multipart.get_json()["visibility"] == "internal"
    bad = api.post(f"/tickets/{number}/attachments", "rita", {
        "file_name": "x.png", "content_type": "image/png", "content_base64": "not base64!"})
    assert bad.status_code == 422 and "content_base64" in bad.get_json()["errors"]
    lying = api.post(f"/tickets/{number}/attachments", "rita", {
        "file_name": "x.png", "content_type": "image/png", "content_base64": base64.b64encode(b"MZ\x90").decode()})
    assert lying.status_code == 422
    names = set(db.session.execute(select(TicketAttachment.file_name)).scalars())
    assert names == {"screen.png", "second.png"}


@pytest.mark.parametrize("form", [{}, {"file": "just text"}])
def test_requester_gets_422_naming_the_file_when_the_form_holds_none(api, client, tokens, desk, form) -> None:
    number = log(api).get_json()["number"]
    response = client.post(f"/api/v1/tickets/{number}/attachments", data=form, content_type="multipart/form-data",
                           headers={"Authorization": f"Bearer {tokens['rita']}"})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["file"]
    assert db.session.execute(select(TicketAttachment.id)).first() is None



def test_ticket_answers_a_system_notes_event_and_parameters_beside_its_text(api, desk, runtime) -> None:
    number = log(api).get_json()["number"]
    api.post(f"/tickets/{number}/notes", "sam", {"body": "Checking the concentrator."})
    override_priority(runtime, actor_for(require_user("sam")), number, "P1", "The CEO's VPN.")
    notes = api.get(f"/tickets/{number}", "sam").get_json()["notes"]
    person = next(note for note in notes if note["body"] == "Checking the concentrator.")
    assert (person["event"], person["event_params"]) == (None, {})
    system = next(note for note in notes if note["event"] == "priority_set")
    assert (system["body"], system["event_params"]) == ("The CEO's VPN.", {"priority": "P1"})
