"""Roles mean what they say (issue 9, finding 9), attacked through the real HTTP stack: the web pages and the API."""
# ruff: noqa: F811  (the fixtures imported from tests/api and tests/incident are parameters here)
import base64
import io

import lxml.html
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.servicedesk.categories import create_category
from app.servicedesk.models import Ticket, TicketAttachment, TicketNote
from tests.api.conftest import ApiClient, api, tokens  # noqa: F401  (fixtures)
from tests.incident.conftest import Desk, desk  # noqa: F401  (fixture)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def count(model) -> int:  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def text(response) -> str:  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.get_data(as_text=True)).text_content()


@pytest.fixture
def logged(desk: Desk) -> Desk:
    """Rita's printer incident, logged by sam on the phone."""
    desk.log()
    return desk


# --- the auditor is read-only -------------------------------------------------------------------

def test_auditor_cannot_log_a_p1_incident_on_the_web(desk: Desk, client, sign_in) -> None:
    sign_in("audrey")
    response = client.post("/tickets/new", data={"title": "Everything is down", "description": "",
                                                   "impact": "high", "urgency": "high", "category": ""})
    assert response.status_code in (403, 422)
    assert "auditors read everything but change nothing" in text(response)
    assert count(Ticket) == 0
    assert count(OutboxMessage) == 0  # nobody was paged


def test_auditor_cannot_add_an_internal_note_or_a_file_on_the_web(logged: Desk, client, sign_in) -> None:
    notes, files = count(TicketNote), count(TicketAttachment)
    sign_in("audrey")
    noted = client.post(f"/tickets/{logged.number}/notes", data={"body": "Audit remark", "visibility": "internal"},
                        follow_redirects=True)
    assert "auditors read everything but change nothing" in text(noted)
    attached = client.post(f"/tickets/{logged.number}/attachments",
                           data={"file": (io.BytesIO(PNG), "shot.png", "image/png"), "visibility": "internal"},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "auditors read everything but change nothing" in text(attached)
    assert (count(TicketNote), count(TicketAttachment)) == (notes, files)


def test_auditor_cannot_watch_link_or_draft_on_the_web(logged: Desk, client, sign_in) -> None:
    sign_in("audrey")
    watched = client.post(f"/tickets/{logged.number}/watch", follow_redirects=True)
    assert "auditors read everything but change nothing" in text(watched)
    linked = client.post(f"/tickets/{logged.number}/links", data={"kind": "related", "target": logged.number})
    assert linked.status_code in (302, 403)
    assert client.get(f"/tickets/{logged.number}").status_code == 200  # she still reads it


def test_auditor_token_cannot_log_note_or_attach_through_the_api(logged: Desk, api: ApiClient) -> None:
    notes, files, tickets = count(TicketNote), count(TicketAttachment), count(Ticket)
    logged_now = api.post("/tickets", "audrey", {"title": "Everything is down", "impact": "high", "urgency": "high"})
    assert logged_now.status_code == 403
    noted = api.post(f"/tickets/{logged.number}/notes", "audrey", {"body": "Audit remark"})
    assert noted.status_code == 403
    attached = api.post(f"/tickets/{logged.number}/attachments", "audrey",
                        {"file_name": "a.png", "content_type": "image/png",
                         "content_base64": base64.b64encode(PNG).decode()})
    assert attached.status_code == 403
    assert (count(TicketNote), count(TicketAttachment), count(Ticket)) == (notes, files, tickets)
    assert api.get(f"/tickets/{logged.number}", "audrey").status_code == 200


# --- whoever has an open task opens the ticket ---------------------------------------------------

def test_classifier_opens_a_ticket_routed_to_another_group_while_classify_waits(desk: Desk, client,
                                                                                sign_in) -> None:
    network = create_category("Network", None, default_group="second-line")
    sign_in("rita")
    client.post("/tickets/new", data={"title": "No network", "description": "", "impact": "medium",
                                      "urgency": "medium", "category": str(network.id)})
    client.post("/logout")
    desk.number = db.session.execute(select(Ticket.number)).scalar_one()
    assert desk.ticket.assigned_group == "second-line"
    desk.task("classify")  # offered to the service desk
    sign_in("sam")
    assert client.get(f"/tickets/{desk.number}").status_code == 200
    listed = client.get("/tickets")
    assert desk.number in listed.get_data(as_text=True)
