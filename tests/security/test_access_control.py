"""Roles mean what they say (issue 9, finding 9), attacked through the real HTTP stack: the web pages and the API."""
# ruff: noqa: F811  (the fixtures imported from tests/api and tests/incident are parameters here)
import base64
import io

import lxml.html
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.servicedesk.tickets.categories import create_category
from app.servicedesk.tickets.models import Ticket, TicketAttachment, TicketNote
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


# --- forwarding and reassignment go only to people who work tickets ---------------------------

def test_agent_cannot_forward_a_p1_to_the_requesters_group(desk: Desk, client, sign_in, api: ApiClient) -> None:
    desk.log(impact="high", urgency="high")
    desk.classify(impact="high", urgency="high")
    desk.work("approve_major", "mona", claim=True, approval="approve", approval_comment="")
    task = desk.task("take_or_pass")
    sign_in("sam")
    form = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'value="requesters"' not in form and 'value="second-line"' in form
    refused = client.post(f"/tasks/{task.id}", data={"decision": "forward", "reason": "Let her fix it",
                                                      "forward_group": "requesters"})
    assert refused.status_code == 422
    by_api = api.post(f"/tasks/{task.id}/complete", "sam", {
        "decision": "forward", "reason": "Let her fix it", "forward_group": "requesters"})
    assert by_api.status_code == 422
    assert "forward_group" in by_api.get_json()["errors"]
    assert desk.ticket.assigned_group == "service-desk"
    assert desk.task("take_or_pass").id == task.id  # still waiting for a proper decision


def test_group_lead_cannot_reassign_a_staff_task_to_a_requester(desk: Desk, client, sign_in) -> None:
    desk.log()
    task = desk.task("classify")
    sign_in("sam")  # leads the service desk
    form = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'value="rita"' not in form
    refused = client.post(f"/tasks/{task.id}/reassign", data={"new_assignee": "rita", "reason": "She knows"})
    assert refused.status_code == 403
    assert desk.task("classify").assignee is None


# --- the API lets requesters set only what the portal does ---------------------------------------

@pytest.mark.parametrize("extra", [{"ci_id": 1}, {"channel": "agent"}, {"channel": "monitoring", "priority": "P1"},
                                   {"priority": "P1"}], ids=["ci", "channel", "monitoring", "priority"])
def test_requester_cannot_set_through_the_api_what_the_portal_does_not_offer(desk: Desk, api: ApiClient,
                                                                            admin_actor, extra) -> None:
    from app.cmdb.items import create_ci, save_ci_type
    save_ci_type(admin_actor, "printer", "Printer", [])
    create_ci(admin_actor, desk.clock, "printer", {"name": "prn-3f", "owner_group": "second-line"})
    refused = api.post("/tickets", "rita", {"title": "Printer jams", "impact": "low", "urgency": "low", **extra})
    assert refused.status_code == 403, refused.get_json()
    assert count(Ticket) == 0
    accepted = api.post("/tickets", "rita", {"title": "Printer jams", "impact": "low", "urgency": "low"})
    assert accepted.status_code == 201


# --- links never reveal a ticket the reader cannot see ---------------------------------------------

SECRET_TITLE = "Payroll server compromised: CFO laptop"


@pytest.fixture
def hidden(desk: Desk, runtime) -> Ticket:  # type: ignore[no-untyped-def]
    """A ticket of the change board's that the service desk may not see (no process, so no open task)."""
    from app.servicedesk.tickets.records import insert_ticket
    ticket = insert_ticket(runtime, {
        "kind": "incident", "channel": "agent", "title": SECRET_TITLE, "description": "", "requester": "carl",
        "requester_department_id": None, "category_id": None, "ci_id": None, "impact": "high", "urgency": "high",
        "priority": "P1", "priority_source": "matrix", "priority_reason": "", "assigned_group": "cab"})
    db.session.commit()
    return ticket


def test_agent_sees_only_the_number_of_a_linked_ticket_he_may_not_see(logged: Desk, hidden: Ticket, client,
                                                                      sign_in) -> None:
    from app.organisation.accounts import actor_for
    from app.organisation.users import require_user
    from app.servicedesk.tickets.notes import link
    link(actor_for(require_user("mona")), logged.ticket.id, "related", hidden.id)  # the manager sees both
    sign_in("sam")
    assert client.get(f"/tickets/{hidden.number}").status_code == 404
    page = client.get(f"/tickets/{logged.number}").get_data(as_text=True)
    assert hidden.number in page and SECRET_TITLE not in page
    client.post("/logout")
    sign_in("mona")
    assert SECRET_TITLE in client.get(f"/tickets/{logged.number}").get_data(as_text=True)


def test_agent_cannot_probe_a_ticket_number_by_linking_to_it(logged: Desk, hidden: Ticket, client, sign_in) -> None:
    sign_in("sam")
    hidden_answer = text(client.post(f"/tickets/{logged.number}/links",
                                     data={"kind": "related", "target": hidden.number}, follow_redirects=True))
    unknown_answer = text(client.post(f"/tickets/{logged.number}/links",
                                      data={"kind": "related", "target": "INC-999999"}, follow_redirects=True))
    assert SECRET_TITLE not in hidden_answer
    assert "that you may see" in hidden_answer and "that you may see" in unknown_answer
    from app.servicedesk.tickets.notes import list_links
    assert list_links(logged.ticket.id) == []


# --- business keys and deployers are what they claim ----------------------------------------------

def test_requester_cannot_start_a_process_under_another_tickets_number(logged: Desk, api: ApiClient) -> None:
    for key in (logged.number, logged.number.lower()):
        refused = api.post("/processes/incident/instances", "rita", {"variables": {"title": "Mine"}, "business_key": key})
        assert refused.status_code == 422, refused.get_json()
        assert "business_key" in refused.get_json()["errors"]
    accepted = api.post("/processes/incident/instances", "rita", {"variables": {"title": "Mine"},
                                                              "business_key": "my-own-key"})
    assert accepted.status_code == 201


def test_deploy_as_must_name_an_active_process_owner(desk: Desk, cli) -> None:
    from pathlib import Path
    diagram = str(Path(__file__).parents[1] / "diagrams" / "inbox_task.bpmn")
    for login in ("rita", "audrey", "nobody"):
        refused = cli("deploy", "--as", login, diagram)
        assert refused.exit_code != 0, login
    assert cli("deploy", "--as", "olga", diagram).exit_code == 0


# --- notifications say nothing of a ticket to someone who may not open it ------------------------

def test_watcher_who_lost_sight_of_a_ticket_is_not_told_its_resolution(desk: Desk, client, sign_in) -> None:
    network = create_category("Network", None, default_group="second-line")
    desk.log(category_id=network.id)
    desk.classify(category=str(network.id))
    assignee = desk.ticket.assignee
    watcher = "carl" if assignee == "lee" else "lee"
    sign_in(watcher)  # his group has the ticket: he may watch it
    assert client.post(f"/tickets/{desk.number}/watch").status_code == 302
    client.post("/logout")
    desk.work("take_or_pass", assignee, decision="forward", reason="The CAB owns this link", forward_group="cab")
    sign_in(watcher)
    assert client.get(f"/tickets/{desk.number}").status_code == 404  # no longer his group's
    desk.work("take_or_pass", desk.ticket.assignee, decision="accept")
    desk.work("resolve", desk.ticket.assignee, outcome="resolved", resolution="Replaced the core switch")
    told = desk.outbox(f"{watcher}@flowdesk.example")
    assert told, "the watcher is still told that something happened"
    assert all("Printer jams" not in message.subject + message.body for message in told)
    assert all("core switch" not in message.body for message in told)
    requester = desk.outbox("rita@flowdesk.example")
    assert any("core switch" in message.body for message in requester)


# --- the auditor role makes any account read-only, whatever else it holds ---------------------

@pytest.fixture
def auditing_agent(desk: Desk, runtime) -> str:  # type: ignore[no-untyped-def]
    """Ava: an agent of the service desk who was also made an auditor."""
    from app.organisation.policies import system_actor
    from app.organisation.users import UserDetails, add_user
    add_user(runtime, system_actor(), "ava", ["service-desk"], details=UserDetails(
        display_name="Ava Audit", password="ava-password-long", roles=["agent", "auditor"]),
        password_hash_method="pbkdf2:sha256:1000")
    return "ava"


def test_auditor_who_is_also_an_agent_changes_nothing(logged: Desk, auditing_agent: str, client, sign_in,
                                                       api: ApiClient) -> None:
    from app.organisation.accounts import create_token
    from app.organisation.policies import system_actor
    task = logged.task("classify")
    sign_in(auditing_agent, "ava-password-long")
    client.post(f"/tasks/{task.id}/claim")
    assert logged.task("classify").assignee is None
    completed = client.post(f"/tasks/{task.id}", data={"impact": "high", "urgency": "high"})
    assert completed.status_code in (403, 422)
    assert client.get("/knowledge/new").status_code == 403
    assert client.get("/cmdb/new").status_code == 403
    assert client.get(f"/tickets/{logged.number}").status_code == 200  # she still reads
    api.tokens[auditing_agent] = create_token(logged.runtime, system_actor(), auditing_agent, "tests")
    assert api.post(f"/tasks/{task.id}/claim", auditing_agent).status_code == 403
    assert api.post(f"/tasks/{task.id}/complete", auditing_agent, {"impact": "high", "urgency": "high"}
                    ).status_code == 403
    assert logged.task("classify").id == task.id
