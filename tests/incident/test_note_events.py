"""System notes as events rendered in the reader's language, a watcher's words for someone else's ticket, and
relative times on the inbox and the staff ticket page."""
import json
from datetime import timedelta

import lxml.html
import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.servicedesk.desk.ticket_actions import cancel_ticket
from app.servicedesk.portal.conversation import ticket_conversation
from app.servicedesk.tickets.categories import create_category
from app.servicedesk.tickets.classification import change_category, override_priority
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.servicedesk.tickets.note_events import NOTE_EVENTS, add_event_note, note_text
from app.servicedesk.tickets.notes import latest_resolution
from app.servicedesk.tickets.status_words import status_in_words
from tests.incident.conftest import Desk
from tests.web.test_requester_pages import shipped_all, work  # noqa: F401  (the shipped diagrams, a task done)

SAMPLE_PARAMS = {"priority": "P2", "group": "second-line", "person": "Lee", "strategy": "round_robin",
                 "level": "response_breach", "notified": "", "number": "INC-000009", "agent": "Sam",
                 "requester": "Rita", "channel": "agent", "category": "", "ci": "", "stage": "analysis",
                 "count": "2", "incidents": "INC-000009, INC-000010", "basis": "mail-01",
                 "outcome": "successful", "start": "2026-12-08 22:00", "end": "2026-12-08 23:00",
                 "approvers": "Mona Manager", "by": "Mona Manager", "owner": "Rita Requester"}


def actor(login: str):  # type: ignore[no-untyped-def]
    return actor_for(require_user(login))


def page(response) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.get_data(as_text=True))


def text_of(response, testid: str) -> str:  # type: ignore[no-untyped-def]
    found = page(response).xpath(f"//*[@data-testid='{testid}']")
    return " ".join(found[0].text_content().split()) if found else ""


def in_chinese(client, sign_in, login: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(login)
    client.post("/language", data={"language": "zh_CN"})


def event_notes(desk: Desk) -> dict[str, TicketNote]:
    """Return the ticket's notes of an event, by event (the latest of each)."""
    rows = db.session.execute(select(TicketNote).where(TicketNote.ticket_id == desk.ticket.id,
                                                       TicketNote.event.is_not(None))
                              .order_by(TicketNote.id)).scalars()
    return {row.event: row for row in rows}


# --- every event, in both languages ----------------------------------------------------------------

@pytest.mark.parametrize("event", sorted(NOTE_EVENTS))
def test_every_note_event_has_a_chinese_sentence_with_its_parameters_filled(desk: Desk, event: str) -> None:
    ticket = desk.log()
    params = {name: value for name, value in SAMPLE_PARAMS.items() if f"%({name})s" in NOTE_EVENTS[event]}
    text = "打印机卡纸。" if "%(text)s" in NOTE_EVENTS[event] else None
    note = add_event_note(ticket, event, params, desk.clock.now(), text=text)
    with force_locale("zh_CN"):
        chinese = note_text(note)
    english = note_text(note)
    assert chinese != english and "%(" not in chinese and "%(" not in english
    assert not any(raw in chinese for raw in ("round_robin", "response_breach", "agent"))
    if text:
        assert text in chinese and note.body == text


def test_note_event_refuses_a_persons_text_it_would_not_show(desk: Desk) -> None:
    ticket = desk.log()
    with pytest.raises(ValueError, match="takes no text"):
        add_event_note(ticket, "closed_confirmed", {}, desk.clock.now(), text="Thanks!")
    with pytest.raises(ValueError, match="takes a text"):
        add_event_note(ticket, "resolved", {}, desk.clock.now())
    with pytest.raises(ValueError, match="never name text, reason or comment"):
        add_event_note(ticket, "cancelled", {"reason": "Twice."}, desk.clock.now(), text="Twice.")


# --- the flow's notes, written as events and read in Chinese ---------------------------------------

def test_logged_on_behalf_note_names_agent_requester_and_channel_in_the_readers_language(desk: Desk, client,
                                                                                         sign_in) -> None:
    desk.log(actor="sam", requester="rita", channel="agent")
    note = event_notes(desk)["logged_for"]
    assert json.loads(note.event_params or "") == {"agent": "Sam Service-Desk", "requester": "Rita Requester",
                                                   "channel": "agent"}
    sign_in("sam")
    assert "Logged by Sam Service-Desk on behalf of Rita Requester (Service desk)." in text_of(
        client.get(f"/tickets/{desk.number}"), "notes")
    in_chinese(client, sign_in, "sam")
    assert "由 Sam Service-Desk 代 Rita Requester 登记（服务台）。" in text_of(client.get(f"/tickets/{desk.number}"), "notes")


def test_priority_change_keeps_the_reason_as_typed_and_reads_in_chinese(desk: Desk, client, sign_in) -> None:
    desk.log()
    override_priority(desk.runtime, actor("sam"), desk.number, "P1", "The CEO's printer.")
    note = event_notes(desk)["priority_set"]
    assert (note.body, json.loads(note.event_params or "")) == ("The CEO's printer.", {"priority": "P1"})
    in_chinese(client, sign_in, "sam")
    assert "优先级改为 P1：The CEO's printer." in text_of(client.get(f"/tickets/{desk.number}"), "notes")


def test_category_change_without_a_ci_reads_none_in_chinese(desk: Desk, client, sign_in) -> None:
    hardware = create_category("Hardware")
    desk.log()
    change_category(desk.runtime, actor("sam"), desk.number, hardware.id, None, "It is the printer.")
    note = event_notes(desk)["category_set"]
    assert (note.body, json.loads(note.event_params or "")) == ("It is the printer.",
                                                                {"category": "Hardware", "ci": ""})
    sign_in("sam")
    assert "Category set to Hardware, configuration item none: It is the printer." in text_of(
        client.get(f"/tickets/{desk.number}"), "notes")
    in_chinese(client, sign_in, "sam")
    assert "类别改为 Hardware，配置项 无：It is the printer." in text_of(client.get(f"/tickets/{desk.number}"), "notes")


def test_question_answer_resolution_and_reopen_are_events_the_requester_reads_in_chinese(desk: Desk, client,
                                                                                        sign_in) -> None:
    desk.log(actor="rita", channel="portal")
    desk.classify()
    desk.work("take_or_pass", "sam", decision="accept")
    desk.work("resolve", "sam", outcome="need_info", question="Which tray?")
    desk.work("answer_question", "rita", answer="Tray 2")
    desk.work("resolve", "sam", outcome="resolved", resolution="Replaced the rollers.")
    desk.work("confirm_fix", "rita", confirmation="reopen", reopen_reason="Still jams.")
    notes = event_notes(desk)
    assert {event: notes[event].body for event in ("asked", "answered", "resolved", "reopened")} == {
        "asked": "Which tray?", "answered": "Tray 2", "resolved": "Replaced the rollers.", "reopened": "Still jams."}
    assert latest_resolution(desk.ticket.id) == "Replaced the rollers."
    sign_in("rita")
    english = text_of(client.get(f"/tickets/{desk.number}"), "conversation")
    assert all(line in english for line in ("Which tray?", "Tray 2", "Resolved: Replaced the rollers.",
                                            "Reopened: Still jams."))
    assert "Question:" not in english and "Answer:" not in english  # chat messages, as written
    in_chinese(client, sign_in, "rita")
    chinese = text_of(client.get(f"/tickets/{desk.number}"), "conversation")
    assert all(line in chinese for line in ("已解决：Replaced the rollers.", "已重新打开：Still jams."))
    assert "Resolved:" not in chinese and "Reopened:" not in chinese
    in_chinese(client, sign_in, "sam")
    notes = text_of(client.get(f"/tickets/{desk.number}"), "notes")
    assert all(line in notes for line in ("提问：Which tray?", "回答：Tray 2", "已解决：Replaced the rollers.",
                                          "已重新打开：Still jams."))


def test_staff_page_shows_a_persons_words_as_theirs_and_flowdesks_as_system_notes(desk: Desk, client,
                                                                                  sign_in) -> None:
    desk.log(actor="rita", channel="portal")
    desk.classify()
    desk.work("take_or_pass", "sam", decision="accept")
    desk.work("resolve", "sam", outcome="resolved", resolution="Replaced the rollers.")
    sign_in("sam")
    notes = page(client.get(f"/tickets/{desk.number}")).xpath("//*[@data-testid='notes']/li")
    system = {" ".join(note.xpath("string(.//div[@class='body'])").split()): "system" in note.get("class")
              for note in notes}
    assert system["Resolved: Replaced the rollers."] is False
    assert system["Assigned to Sam Service-Desk (round robin)"] is True


def test_closing_notes_are_events_read_in_chinese(desk: Desk, client, sign_in) -> None:
    desk.log(actor="rita", channel="portal")
    desk.classify()
    desk.work("take_or_pass", "sam", decision="accept")
    desk.work("resolve", "sam", outcome="resolved", resolution="Replaced the rollers.")
    desk.work("confirm_fix", "rita", confirmation="confirm")
    assert event_notes(desk)["closed_confirmed"].body == "Closed: the requester confirmed the fix."
    in_chinese(client, sign_in, "rita")
    assert "已关闭：请求人确认问题已解决。" in text_of(client.get(f"/tickets/{desk.number}"), "conversation")


def test_request_decision_and_fulfilment_are_events_read_in_chinese(runtime, shipped_all, client,  # noqa: F811
                                                                    sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    number = client.post("/portal/start/request", data={"item": "hardware", "details": "A laptop"}
                         ).headers["Location"].rsplit("/", 1)[1]
    ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar_one()
    work(runtime, ticket.instance_id, "sam", {"cost": "900"})
    work(runtime, ticket.instance_id, "mona", {"approved": "true", "approval_comment": "Within budget"})
    work(runtime, ticket.instance_id, "sam", {"fulfilment_note": "Laptop imaged"})
    events = {row.event: row.body for row in db.session.execute(
        select(TicketNote).where(TicketNote.ticket_id == ticket.id, TicketNote.event.is_not(None))).scalars()}
    assert (events["request_approved_comment"], events["request_done"]) == ("Within budget", "Laptop imaged")
    timeline = text_of(client.get(f"/requests/{ticket.instance_id}"), "timeline")
    assert "Approved: Within budget" in timeline and "Done: Laptop imaged" in timeline
    client.post("/language", data={"language": "zh_CN"})
    conversation = text_of(client.get(f"/tickets/{number}"), "conversation")
    assert "已批准：Within budget" in conversation and "已完成：Laptop imaged" in conversation
    assert "Approved:" not in conversation and "Done:" not in conversation
    timeline = text_of(client.get(f"/requests/{ticket.instance_id}"), "timeline")
    assert timeline.index("已批准：Within budget") < timeline.index("已完成：Laptop imaged")
    assert "Approved:" not in timeline and "Done:" not in timeline


# --- rows written before -----------------------------------------------------------------------------

def test_rows_written_before_the_text_moved_to_the_body_still_read_once(desk: Desk, client, sign_in) -> None:
    ticket = desk.log()
    db.session.add(TicketNote(ticket_id=ticket.id, author="sam", at=desk.clock.now(), visibility="public",
                              body="Cancelled: Raised twice.", event="cancelled",
                              event_params=json.dumps({"reason": "Raised twice."})))
    db.session.add(TicketNote(ticket_id=ticket.id, author="sam", at=desk.clock.now(), visibility="public",
                              body="Resolved: Cleaned the drum."))
    db.session.commit()
    assert latest_resolution(ticket.id) == "Cleaned the drum."
    in_chinese(client, sign_in, "sam")
    notes = text_of(client.get(f"/tickets/{desk.number}"), "notes")
    assert "已取消：Raised twice." in notes and "Cancelled" not in notes
    assert "Resolved: Cleaned the drum." in notes  # a sentence with no event is shown as written


def test_cancel_keeps_the_reason_as_the_body(desk: Desk) -> None:
    desk.log()
    cancel_ticket(desk.runtime, actor("sam"), desk.number, "Raised twice.")
    note = event_notes(desk)["cancelled"]
    assert (note.body, json.loads(note.event_params or ""), note_text(note)) == (
        "Raised twice.", {}, "Cancelled: Raised twice.")


# --- a watcher reads the requester named, never "you" --------------------------------------------

def test_reader_other_than_the_requester_reads_her_named_in_the_conversation(desk: Desk, app) -> None:
    desk.log(actor="rita", channel="portal")
    desk.classify()
    desk.work("take_or_pass", "sam", decision="accept")
    desk.work("resolve", "sam", outcome="need_info", question="Which tray?")
    ticket = desk.ticket
    hers = [str(item.body) for item in ticket_conversation(ticket, "rita") if item.kind == "event"]
    theirs = [str(item.body) for item in ticket_conversation(ticket, "olga") if item.kind == "event"]
    assert "You sent it." in hers and "Waiting for your answer." in hers
    assert "Rita Requester sent it." in theirs and "Waiting for Rita Requester's answer." in theirs
    assert not any("you" in sentence.lower().split() or "your" in sentence.lower() for sentence in theirs)
    with app.test_request_context(), force_locale("zh_CN"):
        chinese = [str(item.body) for item in ticket_conversation(ticket, "olga") if item.kind == "event"]
    assert "等待 Rita Requester 的回答。" in chinese and not any("你" in sentence for sentence in chinese)


def test_non_staff_reader_other_than_the_requester_reads_the_status_in_the_third_person(desk: Desk) -> None:
    olga, rita, sam = actor("olga"), actor("rita"), actor("sam")
    assert status_in_words(rita, "pending_requester", "rita") == "Waiting for your answer"
    assert status_in_words(olga, "pending_requester", "rita") == "Waiting for the requester's answer"
    assert status_in_words(olga, "resolved", "rita") == "Resolved – waiting for the requester to confirm"
    assert status_in_words(sam, "pending_requester", "rita") == "Pending requester"
    with force_locale("zh_CN"):
        assert status_in_words(olga, "pending_requester", "rita") == "等待请求人的答复"


# --- relative times --------------------------------------------------------------------------------

def test_staff_ticket_notes_say_how_long_ago_with_the_exact_time_on_hover(desk: Desk, client, sign_in) -> None:
    desk.log()
    desk.clock.set(desk.clock.now() + timedelta(hours=2))
    sign_in("sam")  # Asia/Shanghai
    first = page(client.get(f"/tickets/{desk.number}")).xpath("//*[@data-testid='notes']/li//time")[0]
    assert (first.text, first.get("title")) == ("2 hours ago", "23 Nov 2026, 10:00")
    in_chinese(client, sign_in, "sam")
    first = page(client.get(f"/tickets/{desk.number}")).xpath("//*[@data-testid='notes']/li//time")[0]
    assert (first.text, first.get("title")) == ("2小时前", "2026年11月23日 10:00")


def test_inbox_rows_say_when_a_task_is_due_with_the_exact_time_on_hover(desk: Desk, client, sign_in) -> None:
    desk.log()
    due = desk.task("classify").due_at
    assert due is not None
    sign_in("sam")
    cell = page(client.get("/inbox/queue")).xpath("//td[@class='due']/time")[0]
    assert cell.text.startswith("in ") and cell.get("datetime") == due.isoformat()
    in_chinese(client, sign_in, "sam")
    cell = page(client.get("/inbox/queue")).xpath("//td[@class='due']/time")[0]
    assert cell.text.endswith("后") and "2026年" in cell.get("title")
