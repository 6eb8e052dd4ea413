"""The pages and the API ask the same services, so they refuse the same things with the same sentence."""
import base64
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.servicedesk.tickets.models import TicketAttachment, TicketNote
from app.servicedesk.tickets.visibility import REQUESTER_REFUSALS
from app.workflow.deployment import deploy_diagram

PROCESSES = Path(__file__).parents[2] / "processes"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def number(api, runtime, demo) -> str:  # type: ignore[no-untyped-def]
    """An incident rita logged through the API."""
    deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")
    response = api.post("/tickets", "rita", {"title": "VPN drops every hour", "description": "Since Monday."})
    assert response.status_code == 201
    return response.get_json()["number"]


def notes() -> dict[str, str]:
    return {note.body: note.visibility for note in db.session.execute(select(TicketNote)).scalars()}


def files() -> dict[str, str]:
    rows = db.session.execute(select(TicketAttachment.file_name, TicketAttachment.visibility)).all()
    return {name: visibility for name, visibility in rows}


def page_text(client, number: str) -> str:  # type: ignore[no-untyped-def]
    return client.get(f"/tickets/{number}").get_data(as_text=True)


def test_requester_internal_note_is_refused_alike_by_the_page_and_the_api(api, client, sign_in, number) -> None:
    refused = api.post(f"/tickets/{number}/notes", "rita", {"body": "api secret", "visibility": "internal"})
    assert refused.status_code == 403
    assert refused.get_json()["detail"] == REQUESTER_REFUSALS["note"]
    sign_in("rita")
    response = client.post(f"/tickets/{number}/notes", data={"body": "page secret", "visibility": "internal"})
    assert response.status_code == 302
    assert REQUESTER_REFUSALS["note"] in page_text(client, number)
    assert "api secret" not in notes() and "page secret" not in notes()


def test_requester_notes_without_a_choice_are_public_on_the_page_and_in_the_api(api, client, sign_in,
                                                                                 number) -> None:
    assert api.post(f"/tickets/{number}/notes", "rita", {"body": "From the API."}).status_code == 201
    sign_in("rita")
    client.post(f"/tickets/{number}/notes", data={"body": "From the page."})
    assert notes() == {"From the API.": "public", "From the page.": "public"}


def test_staff_notes_without_a_choice_are_internal_on_the_page_and_in_the_api(api, client, sign_in,
                                                                               number) -> None:
    assert api.post(f"/tickets/{number}/notes", "sam", {"body": "From the API."}).status_code == 201
    sign_in("sam")
    client.post(f"/tickets/{number}/notes", data={"body": "From the page."})
    assert notes() == {"From the API.": "internal", "From the page.": "internal"}


def test_requester_internal_file_is_refused_alike_by_the_page_and_the_api(api, client, sign_in, number) -> None:
    refused = api.post(f"/tickets/{number}/attachments", "rita", {
        "file_name": "api.png", "content_type": "image/png", "content_base64": base64.b64encode(PNG).decode(),
        "visibility": "internal"})
    assert refused.status_code == 403
    assert refused.get_json()["detail"] == REQUESTER_REFUSALS["file"]
    sign_in("rita")
    response = client.post(f"/tickets/{number}/attachments", data={
        "file": (io.BytesIO(PNG), "page.png", "image/png"), "visibility": "internal"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert REQUESTER_REFUSALS["file"] in page_text(client, number)
    assert files() == {}


def test_requester_files_without_a_choice_are_public_on_the_page_and_in_the_api(api, client, sign_in,
                                                                                 number) -> None:
    assert api.post(f"/tickets/{number}/attachments", "rita", {
        "file_name": "api.png", "content_type": "image/png",
        "content_base64": base64.b64encode(PNG).decode()}).status_code == 201
    sign_in("rita")
    client.post(f"/tickets/{number}/attachments", data={"file": (io.BytesIO(PNG), "page.png", "image/png")},
                content_type="multipart/form-data")
    assert files() == {"api.png": "public", "page.png": "public"}


def test_requester_override_of_the_priority_is_refused_on_the_page_with_the_service_sentence(
        client, sign_in, number) -> None:
    sign_in("rita")
    response = client.post(f"/tickets/{number}/priority", data={"priority": "P1", "reason": "Mine first."})
    assert response.status_code == 302
    assert "change a ticket&#39;s priority" in page_text(client, number)
    assert "Mine first." not in notes()
