"""The agent's tools on a ticket page: reply templates, time spent, cancel, duplicate, event notes, status words."""
import lxml.html
import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.platform.errors import Conflict, InvalidValues, NotAllowed
from app.servicedesk.desk.reply_templates import save_reply_template
from app.servicedesk.desk.ticket_actions import cancel_ticket, close_as_duplicate
from app.servicedesk.tickets.models import TicketLink, TicketNote, TicketWatcher
from app.workflow.models import ProcessInstance
from tests.incident.conftest import Desk


def page(response) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.get_data(as_text=True))


def text_of(response, testid: str) -> str:  # type: ignore[no-untyped-def]
    found = page(response).xpath(f"//*[@data-testid='{testid}']")
    return found[0].text_content().strip() if found else ""


def actor(login: str):  # type: ignore[no-untyped-def]
    return actor_for(require_user(login))


@pytest.fixture
def templates(desk: Desk) -> None:
    """An English and a Chinese reply template."""
    save_reply_template(actor("adam"), desk.clock.now(), None, "Restart", "en", "Please restart the printer.")
    save_reply_template(actor("adam"), desk.clock.now(), None, "重启", "zh_CN", "请重启打印机。")


# --- reply templates ------------------------------------------------------------------------------

def test_agent_sees_the_reply_templates_of_their_language(desk: Desk, templates, client, sign_in) -> None:
    desk.log()
    sign_in("sam")
    options = page(client.get(f"/tickets/{desk.number}")).xpath("//select[@name='template']/option[@value!='']")
    assert [option.text for option in options] == ["Restart"]
    assert options[0].get("data-body") == "Please restart the printer."
    client.post("/language", data={"language": "zh_CN"})
    options = page(client.get(f"/tickets/{desk.number}")).xpath("//select[@name='template']/option[@value!='']")
    assert [option.text for option in options] == ["重启"]


def test_agent_without_script_inserts_a_template_into_the_note_by_choosing_it(desk: Desk, templates, client,
                                                                                sign_in) -> None:
    desk.log()
    sign_in("sam")
    chosen = page(client.get(f"/tickets/{desk.number}")).xpath("//select[@name='template']/option[@value!='']")[0]
    note = page(client.get(f"/tickets/{desk.number}?template={chosen.get('value')}")).xpath("//textarea[@name='body']")
    assert note[0].text.strip() == "Please restart the printer."


def test_requester_sees_no_reply_templates(desk: Desk, templates, client, sign_in) -> None:
    desk.log()
    sign_in("rita")
    assert not page(client.get(f"/tickets/{desk.number}")).xpath("//select[@name='template']")


def test_admin_adds_changes_and_deletes_a_reply_template(desk: Desk, client, sign_in) -> None:
    sign_in("adam")
    response = client.post("/admin/reply-templates", data={"title": "Need logs", "language": "en",
                                                            "body": "Please send the **logs**."})
    assert response.status_code == 302
    listed = page(client.get("/admin/reply-templates")).xpath("//*[@data-testid='reply-templates']//a")
    assert [link.text for link in listed] == ["Need logs"]
    edit = listed[0].get("href")
    assert client.post(edit, data={"title": "Need the logs", "language": "zh_CN", "body": "请发送日志。"}
                       ).status_code == 302
    assert [link.text for link in page(client.get("/admin/reply-templates")).xpath(
        "//*[@data-testid='reply-templates']//a")] == ["Need the logs"]
    assert client.post(f"{edit}/delete").status_code == 302
    assert not page(client.get("/admin/reply-templates")).xpath("//*[@data-testid='reply-templates']")


def test_admin_is_refused_a_second_template_of_the_same_title_and_language(desk: Desk, templates, client,
                                                                            sign_in) -> None:
    sign_in("adam")
    response = client.post("/admin/reply-templates", data={"title": "Restart", "language": "en", "body": "Again."})
    assert response.status_code == 400
    assert "already exists in this language" in response.get_data(as_text=True)


def test_agent_is_refused_the_reply_template_admin_page(desk: Desk, client, sign_in) -> None:
    sign_in("sam")
    assert client.get("/admin/reply-templates").status_code == 403
    with pytest.raises(NotAllowed):
        save_reply_template(actor("sam"), desk.clock.now(), None, "Mine", "en", "Text")


# --- time spent -----------------------------------------------------------------------------------

def test_agent_records_time_spent_on_notes_and_sees_the_total(desk: Desk, client, sign_in) -> None:
    desk.log()
    sign_in("sam")
    for minutes in ("45", "50"):
        client.post(f"/tickets/{desk.number}/notes", data={"body": "Worked on it.", "visibility": "internal",
                                                           "minutes_spent": minutes})
    shown = client.get(f"/tickets/{desk.number}")
    assert text_of(shown, "time-spent") == "1 h 35 min"
    assert [tag.text_content() for tag in page(shown).xpath("//*[@data-testid='note-time']")] == ["45 min", "50 min"]


def test_agent_is_refused_a_negative_time_spent(desk: Desk, client, sign_in) -> None:
    desk.log()
    sign_in("sam")
    client.post(f"/tickets/{desk.number}/notes", data={"body": "Oops.", "minutes_spent": "-5"})
    assert db.session.execute(select(TicketNote.id).where(TicketNote.body == "Oops.")).first() is None


def test_requester_is_refused_recording_time_spent(desk: Desk, client, sign_in) -> None:
    desk.log()
    sign_in("rita")
    page_text = client.post(f"/tickets/{desk.number}/notes", data={"body": "Me too.", "minutes_spent": "30"},
                            follow_redirects=True).get_data(as_text=True)
    assert "Only the service desk records time spent" in page_text
    assert db.session.execute(select(TicketNote.id).where(TicketNote.body == "Me too.")).first() is None


# --- cancel and duplicate -------------------------------------------------------------------------

def test_agent_cancels_a_ticket_with_a_reason_and_its_process_ends(desk: Desk, client, sign_in) -> None:
    desk.log()
    sign_in("sam")
    response = client.post(f"/tickets/{desk.number}/cancel", data={"cancel-reason": "Logged twice by mistake."},
                           follow_redirects=True)
    assert text_of(response, "status") == "Cancelled"
    assert desk.ticket.status == "cancelled" and desk.instance.status == "cancelled"
    assert desk.open_tasks() == {}
    assert "Cancelled: Logged twice by mistake." in text_of(response, "notes")


def test_requester_reads_the_cancel_reason_in_her_words(desk: Desk, client, sign_in) -> None:
    desk.log()
    cancel_ticket(desk.runtime, actor("sam"), desk.number, "Fixed by the vendor.")
    sign_in("rita")
    shown = client.get(f"/tickets/{desk.number}")
    assert "Cancelled: Fixed by the vendor." in text_of(shown, "conversation")
    assert not page(shown).xpath("//*[@data-testid='agent-actions']")


def test_agent_is_refused_cancelling_without_a_reason(desk: Desk) -> None:
    desk.log()
    with pytest.raises(InvalidValues):
        cancel_ticket(desk.runtime, actor("sam"), desk.number, "  ")
    assert desk.ticket.status == "new"


def test_requester_is_refused_cancelling_through_the_use_case(desk: Desk) -> None:
    desk.log()
    with pytest.raises(NotAllowed):
        cancel_ticket(desk.runtime, actor("rita"), desk.number, "I changed my mind.")


def test_agent_is_refused_cancelling_a_resolved_ticket_and_is_offered_no_action(desk: Desk, client,
                                                                                sign_in) -> None:
    desk.log()
    desk.classify()
    desk.work("take_or_pass", "sam", claim=False, decision="accept") if "take_or_pass" in desk.open_tasks() else None
    desk.work("resolve", desk.ticket.assignee or "sam", outcome="resolved", resolution="Cleared the jam.")
    assert desk.ticket.status == "resolved"
    with pytest.raises(Conflict):
        cancel_ticket(desk.runtime, actor("sam"), desk.number, "Too late.")
    sign_in("sam")
    assert not page(client.get(f"/tickets/{desk.number}")).xpath("//*[@data-testid='agent-actions']")


def test_agent_closes_a_duplicate_and_its_requester_follows_the_original(desk: Desk, client, sign_in) -> None:
    original = desk.log(title="Mail down").number
    duplicate = desk.log(title="Mail down again", requester="lee").number
    sign_in("sam")
    response = client.post(f"/tickets/{duplicate}/duplicate", data={"duplicate-original": original},
                           follow_redirects=True)
    assert text_of(response, "status") == "Cancelled"
    assert f"Closed as a duplicate of {original}." in text_of(response, "notes")
    assert "Duplicate of" in text_of(response, "links")
    watchers = db.session.execute(select(TicketWatcher.login).join(TicketLink, TicketLink.target_ticket_id
                                                                   == TicketWatcher.ticket_id)).scalars().all()
    assert watchers == ["lee"]
    assert f"{duplicate} was closed as a duplicate of this ticket." in text_of(client.get(f"/tickets/{original}"),
                                                                              "notes")


def test_agent_is_refused_closing_a_ticket_as_a_duplicate_of_itself(desk: Desk) -> None:
    desk.log()
    with pytest.raises(Conflict):
        close_as_duplicate(desk.runtime, actor("sam"), desk.number, desk.number)
    assert desk.ticket.status == "new" and desk.instance.status == "running"


# --- system notes as events, and status words per audience ---------------------------------------

def test_agent_reads_the_assignment_note_in_chinese_written_by_flowdesk(desk: Desk, client, sign_in) -> None:
    desk.log()
    desk.classify()
    sign_in("lee")
    client.post("/language", data={"language": "zh_CN"})
    sign_in("sam")
    client.post("/language", data={"language": "zh_CN"})
    notes = page(client.get(f"/tickets/{desk.number}")).xpath("//*[@data-testid='notes']/li")
    assigned = [note for note in notes if "已分派给" in note.text_content()]
    assert assigned, [note.text_content() for note in notes]
    assert "Sam Service-Desk（轮询）" in assigned[0].text_content()
    assert assigned[0].xpath(".//strong")[0].text == "FlowDesk"


def test_legacy_system_note_without_an_event_is_shown_as_written(desk: Desk, client, sign_in) -> None:
    ticket = desk.log()
    db.session.add(TicketNote(ticket_id=ticket.id, author="sam", at=desk.clock.now(), body="Old English note.",
                              visibility="internal"))
    db.session.commit()
    sign_in("sam")
    client.post("/language", data={"language": "zh_CN"})
    assert "Old English note." in text_of(client.get(f"/tickets/{desk.number}"), "notes")


def test_staff_and_requester_each_read_the_status_in_their_own_words(desk: Desk, client, sign_in) -> None:
    desk.log()
    desk.classify()
    ticket = desk.ticket
    ticket.status = "pending_requester"
    db.session.commit()
    sign_in("sam")
    assert text_of(client.get(f"/tickets/{desk.number}"), "status") == "Pending requester"
    listed = page(client.get("/tickets")).xpath("//span[contains(@class, 'ticket-status')]")
    assert [item.text for item in listed] == ["Pending requester"]
    client.post("/logout")
    sign_in("rita")
    assert text_of(client.get(f"/tickets/{desk.number}"), "status") == "Waiting for your answer"
    listed = page(client.get("/tickets")).xpath("//span[contains(@class, 'ticket-status')]")
    assert [item.text for item in listed] == ["Waiting for your answer"]
    choices = [label.text_content().strip() for label in page(client.get("/tickets")).xpath(
        "//input[@name='status']/parent::label | //label[@for=//input[@name='status']/@id]")]
    assert "Waiting for your answer" in choices and "Pending requester" not in choices


def test_instance_of_a_cancelled_ticket_is_cancelled_too(desk: Desk) -> None:
    desk.log()
    cancel_ticket(desk.runtime, actor("sam"), desk.number, "Not needed.")
    assert db.session.get(ProcessInstance, desk.ticket.instance_id).status == "cancelled"


def test_agent_reads_the_ticket_page_in_chinese_with_its_levels_and_open_step_named(desk: Desk, client,
                                                                                     sign_in) -> None:
    desk.log()
    sign_in("sam")
    client.post("/language", data={"language": "zh_CN"})
    shown = page(client.get(f"/tickets/{desk.number}"))
    facts = " ".join(shown.xpath("string(//dl)").split())
    assert "中 / 中" in facts and "medium" not in facts
    (step,) = shown.xpath("//*[@data-testid='steps']//li")
    assert "分类事件" in step.text_content() and "Classify" not in step.text_content()


def test_agent_reads_who_holds_the_ticket_and_its_step_by_name_not_login(desk: Desk, client, sign_in) -> None:
    desk.log(actor="rita", channel="portal")
    desk.classify()
    desk.work("take_or_pass", "sam", decision="accept")
    desk.work("resolve", "sam", outcome="need_info", question="Which tray?")
    sign_in("sam")
    shown = page(client.get(f"/tickets/{desk.number}"))
    assert shown.xpath("string(//*[@data-testid='assignee'])") == "Sam Service-Desk"
    (step,) = shown.xpath("//*[@data-testid='steps']//li")
    assert "Rita Requester" in step.text_content() and "rita" not in step.text_content().replace("Rita", "")


@pytest.fixture
def rosa(runtime) -> str:  # type: ignore[no-untyped-def]
    """Rosa: a second requester, who files the same trouble as rita."""
    from app.organisation.policies import system_actor
    from app.organisation.users import UserDetails, add_user
    add_user(runtime, system_actor(), "rosa", ["requesters"], details=UserDetails(
        display_name="Rosa Requester", password="rosa-password-long", roles=["requester"]),
        password_hash_method="pbkdf2:sha256:1000")
    return "rosa"


def test_requester_whose_ticket_was_a_duplicate_follows_the_original_on_its_public_side(
        desk: Desk, rosa: str, client, sign_in) -> None:
    from app.servicedesk.tickets.notes import add_note
    original = desk.log(title="Mail down").number
    add_note(desk.runtime, actor("sam"), original, "Internal: the relay's certificate expired.", "internal")
    add_note(desk.runtime, actor("sam"), original, "We are renewing a certificate; mail is back within the hour.",
             "public")
    duplicate = desk.log(title="Mail down again", requester=rosa).number
    close_as_duplicate(desk.runtime, actor("sam"), duplicate, original)
    sign_in(rosa, "rosa-password-long")
    shown = client.get(f"/tickets/{original}")
    assert shown.status_code == 200
    text = shown.get_data(as_text=True)
    assert "mail is back within the hour" in text
    assert "certificate expired" not in text  # a watcher who is not staff reads what a requester reads


def test_requester_cannot_watch_a_ticket_she_may_not_see(desk: Desk, rosa: str) -> None:
    from app.platform.errors import NotFound
    from app.servicedesk.tickets.notes import add_watcher, list_watchers
    ticket = desk.log(title="Salary file missing")
    with pytest.raises(NotFound):
        add_watcher(actor(rosa), ticket.id)  # watching would let her see it: only a ticket one sees is watched
    assert list_watchers(ticket.id) == []
