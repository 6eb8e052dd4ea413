"""The ticket pages: logging an incident, what each person sees of it, and what they may add to it."""
import io
import json
from datetime import timedelta

import lxml.html
import pytest
from sqlalchemy import select

from app.extensions import db
from app.knowledge.models import KbArticle
from app.servicedesk.tickets.models import Ticket, TicketLink
from tests.incident.conftest import Desk

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def page(response) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.get_data(as_text=True))


def text_of(response, testid: str) -> str:  # type: ignore[no-untyped-def]
    found = page(response).xpath(f"//*[@data-testid='{testid}']")
    return found[0].text_content().strip() if found else ""


@pytest.fixture
def logged(desk: Desk, client, sign_in) -> Desk:  # type: ignore[no-untyped-def]
    """Rita has logged an incident through the web page."""
    sign_in("rita")
    response = client.post("/tickets/new", data={"title": "Printer jams", "description": "Every page.",
                                                   "impact": "medium", "urgency": "medium", "category": ""})
    assert response.status_code == 302
    desk.number = db.session.execute(select(Ticket.number).order_by(Ticket.id.desc())).scalar()
    assert response.headers["Location"].endswith(f"/tickets/{desk.number}")
    client.post("/logout")
    return desk


def test_requester_logs_an_incident_and_sees_it_in_plain_words(logged: Desk, client, sign_in) -> None:
    sign_in("rita")
    response = client.get(f"/tickets/{logged.number}")
    assert response.status_code == 200
    assert text_of(response, "status") == "Received – waiting to be looked at"
    assert "Waiting for the team to pick it up." in text_of(response, "conversation")
    assert not page(response).xpath("//*[@data-testid='my-step']")  # nothing is hers to do
    assert logged.ticket.requester == "rita" and logged.ticket.channel == "portal"


def test_logging_without_a_title_is_refused_and_keeps_what_was_typed(desk: Desk, client, sign_in) -> None:
    sign_in("rita")
    response = client.post("/tickets/new", data={"title": " ", "description": "Kept text", "impact": "low",
                                                   "urgency": "high"})
    assert response.status_code == 422
    form = page(response)
    assert form.xpath("//textarea[@name='description']")[0].text.strip() == "Kept text"
    assert form.xpath("//select[@name='urgency']/option[@selected]")[0].get("value") == "high"
    assert db.session.execute(select(Ticket.id)).first() is None


def test_agent_logs_on_behalf_of_a_caller_with_the_affected_ci(desk: Desk, client, sign_in, admin_actor) -> None:
    from app.cmdb.items import create_ci, save_ci_type
    save_ci_type(admin_actor, "printer", "Printer", [])
    create_ci(admin_actor, desk.clock, "printer", {"name": "prn-3f", "owner_group": "second-line"})
    sign_in("sam")
    response = client.post("/tickets/new", data={"title": "Jam", "description": "", "impact": "low",
                                                   "urgency": "low", "requester": "rita", "ci": "prn-3f"})
    assert response.status_code == 302
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert (ticket.requester, ticket.channel, ticket.assigned_group) == ("rita", "agent", "second-line")
    shown = client.get(f"/tickets/{ticket.number}")
    assert "prn-3f" in text_of(shown, "ci-facts")
    refused = client.post("/tickets/new", data={"title": "Jam", "impact": "low", "urgency": "low", "ci": "nope"})
    assert refused.status_code == 422
    assert "There is no configuration item called 'nope'" in page(refused).text_content()


def test_agent_of_the_group_works_the_step_from_the_ticket_page(logged: Desk, client, sign_in) -> None:
    sign_in("sam")
    response = client.get(f"/tickets/{logged.number}")
    link = page(response).xpath("//*[@data-testid='steps']//a")[0]
    assert link.text_content().strip() == "Classify the incident"
    task_page = client.get(link.get("href"))
    assert task_page.status_code == 200 and f"Back to {logged.number}" in task_page.get_data(True)


# carl manages problems: problem managers see every incident, to link them to the problem they share
@pytest.mark.parametrize(("login", "status"), [("sam", 200), ("mona", 200), ("audrey", 200), ("lee", 404),
                                               ("carl", 200)])
def test_who_may_see_the_ticket(logged: Desk, client, sign_in, login: str, status: int) -> None:
    sign_in(login)
    assert client.get(f"/tickets/{logged.number}").status_code == status


def test_requester_sees_public_notes_only_and_writes_public_ones(logged: Desk, client, sign_in) -> None:
    sign_in("sam")
    client.post(f"/tickets/{logged.number}/notes", data={"body": "Suspect the fuser.", "visibility": "internal"})
    client.post(f"/tickets/{logged.number}/notes", data={"body": "We are on it.", "visibility": "public"})
    assert "Suspect the fuser." in text_of(client.get(f"/tickets/{logged.number}"), "notes")
    client.post("/logout")
    sign_in("rita")
    client.post(f"/tickets/{logged.number}/notes", data={"body": "It also smokes."})
    notes = text_of(client.get(f"/tickets/{logged.number}"), "conversation")
    assert "We are on it." in notes and "It also smokes." in notes and "Suspect the fuser." not in notes
    client.post(f"/tickets/{logged.number}/notes", data={"body": "Only for staff.", "visibility": "internal"})
    shown = client.get(f"/tickets/{logged.number}").get_data(as_text=True)
    assert "make the note public" in shown and "Only for staff." not in shown


def test_attachments_are_downloadable_only_by_those_who_may_see_them(logged: Desk, client, sign_in) -> None:
    sign_in("sam")
    client.post(f"/tickets/{logged.number}/attachments", data={
        "file": (io.BytesIO(PDF), "log.pdf", "application/pdf"), "visibility": "internal"},
        content_type="multipart/form-data")
    client.post("/logout")
    sign_in("rita")
    response = client.post(f"/tickets/{logged.number}/attachments", data={
        "file": (io.BytesIO(PNG), "jam.png", "image/png")}, content_type="multipart/form-data")
    assert response.status_code == 302
    shown = client.get(f"/tickets/{logged.number}")
    links = page(shown).xpath("//*[@data-testid='files']//a")
    assert [a.text for a in links] == ["jam.png"]
    download = client.get(links[0].get("href"))
    assert download.status_code == 200 and download.data == PNG
    from app.servicedesk.tickets.models import TicketAttachment
    internal = db.session.execute(select(TicketAttachment.id).where(TicketAttachment.file_name == "log.pdf")).scalar()
    assert client.get(f"/tickets/{logged.number}/attachments/{internal}").status_code == 404
    refused = client.post(f"/tickets/{logged.number}/attachments", data={
        "file": (io.BytesIO(b"MZ\x90\x00 not a png"), "evil.png", "image/png")}, content_type="multipart/form-data")
    assert refused.status_code == 302
    assert "evil.png" not in client.get(f"/tickets/{logged.number}").get_data(True)
    client.post("/logout")
    sign_in("lee")
    assert client.get(links[0].get("href")).status_code == 404


def test_agent_overrides_the_priority_only_with_a_reason(logged: Desk, client, sign_in) -> None:
    sign_in("sam")
    client.post(f"/tickets/{logged.number}/priority", data={"priority": "P1", "reason": ""})
    assert logged.ticket.priority == "P3"
    client.post(f"/tickets/{logged.number}/priority", data={"priority": "P1", "reason": "The CEO's printer."})
    ticket = logged.ticket
    assert (ticket.priority, ticket.priority_source, ticket.priority_reason) == ("P1", "override",
                                                                                 "The CEO's printer.")
    client.post("/logout")
    sign_in("rita")
    client.post(f"/tickets/{logged.number}/priority", data={"priority": "P4", "reason": "mine"})
    assert "Only the service desk" in client.get(f"/tickets/{logged.number}").get_data(as_text=True)
    assert logged.ticket.priority == "P1"


def test_agent_changes_the_category_and_the_deadlines_follow(logged: Desk, client, sign_in) -> None:
    from app.service_levels.policies import save_calendar, save_policy
    from app.servicedesk.tickets.categories import create_category

    save_calendar("24x7", json.dumps({"timezone": "UTC", "hours": {day: [["00:00", "24:00"]] for day in (
        "mon", "tue", "wed", "thu", "fri", "sat", "sun")}}), logged.clock.now())
    save_policy("gold", "24x7", {"P3": (60, 120)}, logged.clock.now())
    trading = create_category("Trading floor", sla_policy="gold")
    sign_in("sam")
    form = page(client.get(f"/tickets/{logged.number}")).xpath("//form[@data-testid='category-form']")
    assert len(form) == 1
    client.post(f"/tickets/{logged.number}/category", data={"reclassify-category": str(trading.id),
                                                            "reclassify-ci": "", "reclassify-reason": ""})
    assert logged.ticket.category_id is None
    client.post(f"/tickets/{logged.number}/category", data={"reclassify-category": str(trading.id),
                                                            "reclassify-ci": "", "reclassify-reason": "Trading."})
    ticket = logged.ticket
    assert (ticket.category_id, ticket.sla_policy) == (trading.id, "gold")
    assert ticket.resolution_due_at == ticket.created_at + timedelta(hours=2)
    client.post("/logout")
    sign_in("rita")
    assert not page(client.get(f"/tickets/{logged.number}")).xpath("//form[@data-testid='category-form']")


def test_resolution_becomes_a_draft_article_linked_to_the_ticket(logged: Desk, client, sign_in) -> None:
    logged.classify()
    logged.work("take_or_pass", "sam", decision="accept")
    logged.work("resolve", "sam", outcome="resolved", resolution="Cleaned the rollers with alcohol.")
    sign_in("sam")
    client.post(f"/tickets/{logged.number}/article")
    article = db.session.execute(select(KbArticle)).scalar_one()
    assert (article.status, article.source_ticket, article.body_markdown) == (
        "draft", logged.number, "Cleaned the rollers with alcohol.")
    linked = db.session.execute(select(TicketLink.target_article_id).where(TicketLink.kind == "article")).scalar()
    assert linked == article.id


def test_requester_confirms_on_her_ticket(logged: Desk, client, sign_in) -> None:
    logged.classify()
    logged.work("take_or_pass", "sam", decision="accept")
    logged.work("resolve", "sam", outcome="resolved", resolution="Replaced the drum.")
    sign_in("rita")
    shown = client.get(f"/tickets/{logged.number}")
    assert text_of(shown, "status") == "Resolved – please confirm the fix"
    confirm = page(shown).xpath("//*[@data-testid='my-step']")[0].get("action")
    done = client.post(confirm, data={"confirmation": "confirm"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/tickets/{logged.number}#conversation")
    closed = client.get(f"/tickets/{logged.number}")
    assert not page(closed).xpath("//*[@data-testid='my-step']")  # no rating step: the survey asks, by mail


def test_links_to_tickets_and_cis(logged: Desk, client, sign_in) -> None:
    other = Desk(logged.runtime, logged.clock)
    other.log(title="Second printer")
    sign_in("sam")
    client.post(f"/tickets/{logged.number}/links", data={"kind": "related", "target": other.number})
    assert "Second printer" in text_of(client.get(f"/tickets/{logged.number}"), "links")
    response = client.post(f"/tickets/{logged.number}/links", data={"kind": "ci", "target": "missing"},
                           follow_redirects=True)
    assert "There is no configuration item called &#39;missing&#39;" in response.get_data(True)


def test_unknown_ticket_is_404(desk: Desk, client, sign_in) -> None:
    sign_in("sam")
    assert client.get("/tickets/INC-999999").status_code == 404


def test_requester_looks_for_articles_before_logging_and_nothing_is_logged(desk: Desk, client, sign_in,
                                                                          agent_actor) -> None:
    from app.knowledge.articles import create_article, publish_article
    article = create_article(agent_actor, desk.clock, "Printer jams on A3 paper", "Fan the stack.")
    publish_article(agent_actor, desk.clock, article.id)
    sign_in("rita")
    response = client.post("/tickets/new", data={"title": "printer jams", "description": "", "impact": "medium",
                                                   "urgency": "medium", "suggest": "1"})
    assert response.status_code == 200
    assert "Printer jams on A3 paper" in text_of(response, "kb-suggestions")
    assert page(response).xpath("//input[@name='title']")[0].get("value") == "printer jams"
    assert db.session.execute(select(Ticket.id)).first() is None
