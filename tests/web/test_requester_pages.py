"""The requester's pages: her ticket as a conversation with her step inline, what waits for her on home and
My requests, service requests on REQ tickets, and a portal that offers what she may start."""
import io
from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from app.servicedesk.tickets.models import Ticket, TicketAttachment
from app.workflow.deployment import deploy_diagram
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks
from tests.incident.conftest import Desk, desk  # noqa: F401  (the shipped incident flow's driver)

PROCESSES = Path(__file__).parents[2] / "processes"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
ENGINE_WORDS = ("Priority 50", "Complete task", "Release", "candidate", "service-desk", "automatically",
                "Start the SLA clock")


def html(response) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.get_data(as_text=True))


def text_of(response, testid: str) -> str:  # type: ignore[no-untyped-def]
    found = html(response).xpath(f"//*[@data-testid='{testid}']")
    return " ".join(found[0].text_content().split()) if found else ""


@pytest.fixture
def asked(desk: Desk) -> Desk:  # noqa: F811
    """Rita's incident, accepted by Sam, who asked her a question."""
    desk.log(actor="rita", channel="portal")
    desk.classify()
    desk.work("take_or_pass", "sam", decision="accept")
    desk.work("resolve", "sam", outcome="need_info", question="Which tray do you print from?")
    return desk


@pytest.fixture
def shipped_all(runtime, demo) -> None:  # type: ignore[no-untyped-def]
    """The shipped incident, request and change diagrams with the demo organisation."""
    for name in ("incident.bpmn", "request.bpmn"):
        deploy_diagram(runtime, (PROCESSES / name).read_bytes(), name, "olga")
    deploy_diagram(runtime, (PROCESSES.parent / "tests" / "diagrams" / "change_typed_window.bpmn").read_bytes(),
                   "change.bpmn", "olga")


def step_action(response) -> str:  # type: ignore[no-untyped-def]
    return html(response).xpath("//*[@data-testid='my-step']")[0].get("action")


def test_requester_reads_the_agents_question_on_her_ticket_without_engine_words(asked: Desk, client,
                                                                                 sign_in) -> None:
    sign_in("rita")
    shown = client.get(f"/tickets/{asked.number}")
    conversation = text_of(shown, "conversation")
    assert "Sam Service-Desk" in conversation and "Which tray do you print from?" in conversation
    assert "Waiting for your answer." in conversation and "Sam Service-Desk is working on it." in conversation
    assert html(shown).xpath("//*[@data-testid='my-step']//textarea[@name='answer']")  # prose: several lines
    assert not any(word in text_of(shown, "conversation") + text_of(shown, "my-step") for word in ENGINE_WORDS)


def test_requester_answers_on_her_ticket_and_the_agent_has_the_incident_again(asked: Desk, client,
                                                                             sign_in) -> None:
    sign_in("rita")
    sent = client.post(step_action(client.get(f"/tickets/{asked.number}")), data={"answer": "Tray 2, A3."})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/tickets/{asked.number}#conversation")
    shown = client.get(f"/tickets/{asked.number}")
    assert "Tray 2, A3." in text_of(shown, "conversation") and "You answered." in text_of(shown, "conversation")
    assert "Your answer was sent." in shown.get_data(as_text=True)
    assert asked.ticket.status == "in_progress" and "resolve" in asked.open_tasks()


def test_requester_empty_answer_is_refused_beside_the_field_and_nothing_moves(asked: Desk, client,
                                                                              sign_in) -> None:
    sign_in("rita")
    refused = client.post(step_action(client.get(f"/tickets/{asked.number}")), data={"answer": ""})
    assert refused.status_code == 422
    assert html(refused).xpath("//*[@id='answer-error']")
    assert "answer_question" in asked.open_tasks() and asked.ticket.status == "pending_requester"


def test_requester_cannot_complete_another_step_through_her_ticket(asked: Desk, client, sign_in) -> None:
    asked.work("answer_question", "rita", answer="Tray 2")
    sign_in("rita")
    resolve = asked.task("resolve")
    response = client.post(f"/tickets/{asked.number}/steps/{resolve.id}", data={"outcome": "resolved"})
    assert response.status_code == 302
    assert "resolve" in asked.open_tasks()


def test_someone_else_gets_404_on_the_step_of_her_ticket(asked: Desk, client, sign_in) -> None:
    sign_in("lee")
    task = asked.task("answer_question")
    assert client.post(f"/tickets/{asked.number}/steps/{task.id}", data={"answer": "x"}).status_code == 404
    assert "answer_question" in asked.open_tasks()


def test_requester_opening_the_old_task_page_is_sent_to_her_ticket(asked: Desk, client, sign_in) -> None:
    sign_in("rita")
    response = client.get(f"/tasks/{asked.task('answer_question').id}")
    assert response.status_code == 302 and response.headers["Location"] == f"/tickets/{asked.number}#step"


def test_home_and_my_requests_say_who_asked_her_and_when(asked: Desk, client, sign_in) -> None:
    asked.clock.advance(hours=2)
    sign_in("rita")
    for path in ("/portal", "/requests"):
        shown = client.get(path)
        waiting = text_of(shown, "waiting")
        assert "Sam Service-Desk asked you a question 2 hours ago" in waiting
        link = html(shown).xpath("//*[@data-testid='waiting']//a")[0].get("href")
        assert link == f"/tickets/{asked.number}#step"
        assert text_of(shown, "waiting-count") == "1"


def test_nothing_waits_and_the_top_bar_shows_no_count(desk: Desk, client, sign_in) -> None:  # noqa: F811
    desk.log(actor="rita", channel="portal")
    sign_in("rita")
    shown = client.get("/portal")
    assert not html(shown).xpath("//*[@data-testid='waiting']") and not text_of(shown, "waiting-count")


def test_waiting_panel_speaks_chinese(asked: Desk, client, sign_in) -> None:
    sign_in("rita")
    client.post("/language", data={"language": "zh_CN", "next": "/portal"})
    waiting = text_of(client.get("/portal"), "waiting")
    assert "等你处理" in waiting and "向你提了一个问题" in waiting


def test_requester_confirms_the_fix_in_the_conversation(asked: Desk, client, sign_in) -> None:
    asked.work("answer_question", "rita", answer="Tray 2")
    asked.work("resolve", "sam", outcome="resolved", resolution="Replaced the tray 2 rollers.")
    sign_in("rita")
    shown = client.get(f"/tickets/{asked.number}")
    assert "Replaced the tray 2 rollers." in text_of(shown, "conversation")
    assert "Waiting for you to confirm the fix." in text_of(shown, "conversation")
    client.post(step_action(shown), data={"confirmation": "reopen", "reopen_reason": "Still jams."})
    assert "You said it is not fixed and reopened it." in text_of(client.get(f"/tickets/{asked.number}"),
                                                                  "conversation")


def test_service_request_gets_a_req_ticket_with_the_approval_and_the_fulfilment_note(
        runtime, shipped_all, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    filed = client.post("/portal/start/request", data={"item": "hardware", "details": "A laptop for Ann"})
    number = filed.headers["Location"].rsplit("/", 1)[1]
    assert number.startswith("REQ-")
    ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar_one()
    work(runtime, ticket.instance_id, "sam", {"cost": "900", "review_note": "Standard model"})
    work(runtime, ticket.instance_id, "mona", {"approved": "true", "approval_comment": "Within budget"})
    work(runtime, ticket.instance_id, "sam", {"fulfilment_note": "Laptop ordered and imaged"})
    shown = client.get(f"/tickets/{number}")
    conversation = text_of(shown, "conversation")
    assert "Approved: Within budget" in conversation and "Done: Laptop ordered and imaged" in conversation
    assert "Standard model" not in conversation  # the note for the approver is staff's
    assert text_of(shown, "status") == "Closed"


def test_rejected_request_tells_the_requester_why(runtime, shipped_all, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    number = client.post("/portal/start/request", data={"item": "hardware", "details": "A 4K screen"}
                         ).headers["Location"].rsplit("/", 1)[1]
    ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar_one()
    work(runtime, ticket.instance_id, "sam", {"cost": "3000"})
    work(runtime, ticket.instance_id, "mona", {"approved": "false", "approval_comment": "Over budget this year"})
    shown = client.get(f"/tickets/{number}")
    assert "Rejected: Over budget this year" in text_of(shown, "conversation")
    assert text_of(shown, "status") == "Closed"


def work(runtime, instance_id: int, login: str, values: dict) -> None:  # type: ignore[no-untyped-def]
    """Claim and complete the instance's open task offered to a person."""
    (task,) = list_tasks(user=login, instance_id=instance_id)
    claim_task(runtime, task.id, login)
    complete_task(runtime, task.id, login, values)


def test_my_requests_and_the_request_page_link_to_the_ticket(runtime, shipped_all, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    number = client.post("/portal/start/request", data={"item": "software", "details": "Inkscape"}
                         ).headers["Location"].rsplit("/", 1)[1]
    listed = client.get("/requests")
    assert html(listed).xpath(f"//table//a[@href='/tickets/{number}']")
    instance_id = db.session.execute(select(Ticket.instance_id).where(Ticket.number == number)).scalar()
    page = client.get(f"/requests/{instance_id}")
    assert html(page).xpath("//*[@data-testid='ticket-link']")[0].get("href") == f"/tickets/{number}"


def test_portal_cards_have_descriptions_and_hide_changes_from_requesters(shipped_all, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    catalog = client.get("/portal").get_data(as_text=True)
    assert "Ask for software, hardware or access to a system." in catalog
    assert "Something is broken" in catalog
    assert "/portal/start/change" not in catalog
    assert client.get("/portal/start/change").status_code == 403
    assert client.post("/portal/start/change", data={"summary": "x"}).status_code == 403


def test_staff_may_start_a_change_from_the_portal(shipped_all, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("carl")
    assert "/portal/start/change" in client.get("/portal").get_data(as_text=True)
    assert client.get("/portal/start/change").status_code == 200


def test_api_refuses_a_requester_starting_a_change_and_starts_her_request(runtime, shipped_all, client) -> None:  # type: ignore[no-untyped-def]
    token = create_token(runtime, system_actor(), "rita", "tests")
    headers = {"Authorization": f"Bearer {token}"}
    refused = client.post("/api/v1/processes/change/instances", json={"variables": {"summary": "x"}}, headers=headers)
    assert refused.status_code == 403
    started = client.post("/api/v1/processes/request/instances", headers=headers,
                          json={"variables": {"item": "software", "details": "Inkscape"}})
    assert started.status_code == 201


def test_requester_logs_an_incident_with_a_screenshot(desk: Desk, client, sign_in) -> None:  # noqa: F811
    sign_in("rita")
    response = client.post("/tickets/new", data={
        "title": "Printer jams", "description": "See the picture.", "impact": "medium", "urgency": "medium",
        "category": "", "files": (io.BytesIO(PNG), "jam.png", "image/png")}, content_type="multipart/form-data")
    assert response.status_code == 302
    ticket = db.session.execute(select(Ticket).order_by(Ticket.id.desc())).scalars().first()
    files = db.session.execute(select(TicketAttachment).where(TicketAttachment.ticket_id == ticket.id)).scalars()
    assert [(file.file_name, file.visibility) for file in files] == [("jam.png", "public")]


def test_incident_with_a_refused_file_logs_nothing(desk: Desk, client, sign_in) -> None:  # noqa: F811
    sign_in("rita")
    response = client.post("/tickets/new", data={
        "title": "Printer jams", "impact": "medium", "urgency": "medium", "category": "",
        "files": (io.BytesIO(b"MZ not a png"), "evil.png", "image/png")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "content is not" in response.get_data(as_text=True)
    assert db.session.execute(select(Ticket.id)).first() is None


def test_timeline_moves_with_the_clock_not_the_wall(asked: Desk, client, sign_in) -> None:
    asked.clock.advance(days=3)
    sign_in("rita")
    assert "3 days ago" in text_of(client.get("/portal"), "waiting")


def test_requester_reads_her_step_in_chinese_as_the_diagram_translates_it(asked: Desk, client, sign_in) -> None:
    sign_in("rita")
    client.post("/language", data={"language": "zh_CN", "next": "/portal"})
    step = text_of(client.get(f"/tickets/{asked.number}"), "my-step")
    assert "处理您事件的工程师需要您的回答才能继续。" in step and "您的回答" in step
    assert "needs an answer" not in step and "Your answer" not in step


def test_request_page_writes_the_needed_by_date_as_every_other_date_on_it(runtime, shipped_all, client,
                                                                          sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    number = client.post("/portal/start/request", data={"item": "hardware", "details": "A laptop",
                                                         "needed_by": "2099-12-14"}).headers["Location"].rsplit("/", 1)[1]
    instance_id = db.session.execute(select(Ticket.instance_id).where(Ticket.number == number)).scalar()
    sent = " ".join(html(client.get(f"/requests/{instance_id}")).xpath("string(//dl[contains(@class, 'submitted')])"
                                                                       ).split())
    assert "14 Dec 2099" in sent and "2099-12-14" not in sent
    client.post("/language", data={"language": "zh_CN"})
    sent = " ".join(html(client.get(f"/requests/{instance_id}")).xpath("string(//dl[contains(@class, 'submitted')])"
                                                                       ).split())
    assert "2099年12月14日" in sent
