"""Pages in Chinese show no English text FlowDesk has a translation for and no internal value (ids, status codes,
enum values): a check over the main pages of every role, and over a refused form."""
import re

import lxml.html
import pytest

from tests.incident.conftest import Desk
from tests.web.test_languages import messages, singular, translations

# Values FlowDesk stores or the diagrams draw, which a person must never read as such.
INTERNAL_VALUES = (
    "new", "assigned", "in_progress", "pending_requester", "resolved", "closed", "cancelled", "on_track", "warning",
    "breached", "met", "matrix", "override", "monitoring", "high", "medium", "low", "need_info", "approve", "refuse",
    "accept", "return", "forward", "confirm", "reopen", "response_breach", "resolution_warning", "resolution_breach",
    "reassignments_exceeded", "internal", "public", "running", "completed", "needs_attention", "True", "False", "None",
)
SKIPPED = ("script", "style", "noscript", "option")  # options are checked one by one below
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


def english_with_chinese() -> dict[str, str]:
    """Return every English msgid whose Chinese differs from it (so the English showing means it was missed)."""
    found = {}
    for message in messages():
        english, chinese = singular(message), translations(message)[0]
        if chinese and chinese != english and "%(" not in english and re.search("[A-Za-z]{2}", english):
            found[english] = chinese
    return found


def texts_of(page: lxml.html.HtmlElement) -> list[str]:
    """Return each piece of text a person reads or hears on a page (text, options, titles and labels for tools)."""
    found = []
    for node in page.iter():
        if not isinstance(node.tag, str) or node.tag in SKIPPED and node.tag != "option":
            continue
        if node.tag != "option" and any(parent.tag in SKIPPED for parent in node.iterancestors()):
            continue
        found += [" ".join((node.text or "").split())] if node.tag not in SKIPPED else []
        found += [" ".join((node.tail or "").split())]
        found += [" ".join(node.get(name, "").split()) for name in ATTRIBUTES]
        if node.tag == "option":
            found.append(" ".join(node.text_content().split()))
    return [text for text in found if text]


def problems_of(html: str, data: set[str]) -> list[str]:
    """Return the English msgids and internal values a Chinese page shows (the desk's own data aside)."""
    english = english_with_chinese()
    problems = []
    for text in texts_of(lxml.html.fromstring(html)):
        if text in data:
            continue
        if text in english:
            problems.append(f"untranslated {text!r} (Chinese: {english[text]!r})")
        elif text.strip("·–-:() ") in INTERNAL_VALUES:
            problems.append(f"internal value {text!r}")
        elif re.search(r"\b[a-z]+_[a-z_]+\b", text) and not re.search(r"[/@.]", text):
            problems.append(f"identifier in {text!r}")
    return problems


@pytest.fixture
def busy_desk(desk: Desk) -> dict[str, str]:
    """A desk with a major incident waiting for approval and a routine one being resolved."""
    desk.log(title="Printer jams", description="Every page jams.")
    desk.classify()
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")
    routine, resolve = desk.number, desk.task("resolve")
    desk.log(title="Mail is down", description="Nobody can send mail.", impact="high", urgency="high")
    desk.classify(impact="high", urgency="high")
    return {"routine": routine, "major": desk.number, "approve": desk.task("approve_major").id,
            "resolve": resolve.id, "resolver": resolve.assignee or ""}


DATA = {"Printer jams", "Every page jams.", "Mail is down", "Nobody can send mail.", "FlowDesk", "English", "简体中文"}


def chinese_pages(client, sign_in, login: str, paths: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the problems of each page a person opens in Chinese."""
    sign_in(login)
    client.post("/language", data={"language": "zh_CN", "next": "/"})
    problems = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        people = {" ".join(name.split()) for name in lxml.html.fromstring(response.get_data(as_text=True))
                  .xpath("//a[@class='who']//text()")}
        problems += [f"{path}: {problem}" for problem in problems_of(response.get_data(as_text=True), DATA | people)]
    client.post("/logout")
    return problems


def test_manager_pages_in_chinese_show_no_english_or_internal_values(busy_desk, client, sign_in) -> None:
    problems = chinese_pages(client, sign_in, "mona", [
        "/", f"/tasks/{busy_desk['approve']}", "/inbox/queue", "/tickets", f"/tickets/{busy_desk['major']}"])
    assert not problems, "\n".join(problems)


def test_agent_task_page_in_chinese_explains_a_refusal_by_labels(busy_desk, client, sign_in) -> None:
    sign_in(busy_desk["resolver"])
    client.post("/language", data={"language": "zh_CN", "next": "/"})
    response = client.post(f"/tasks/{busy_desk['resolve']}", data={"outcome": "need_info", "question": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "当“结果”为“询问请求人”时，必须填写“向请求人提出的问题”。" in html
    problems = problems_of(html, DATA)
    assert not problems, "\n".join(problems)


def test_requester_pages_in_chinese_show_no_english_or_internal_values(busy_desk, client, sign_in) -> None:
    problems = chinese_pages(client, sign_in, "rita", ["/portal", "/tickets/new"])
    assert not problems, "\n".join(problems)


def test_check_finds_an_untranslated_string_and_a_raw_value() -> None:
    html = "<html><body><p>Complete task</p><span>need_info</span><p>outcome is need_info</p></body></html>"
    assert problems_of(html, set()) == ["untranslated 'Complete task' (Chinese: '完成任务')",
                                        "internal value 'need_info'", "identifier in 'outcome is need_info'"]


def test_ticket_pages_with_the_flows_notes_in_chinese_show_no_english_or_internal_values(desk: Desk, client,
                                                                                         sign_in) -> None:
    desk.log(title="Printer jams", description="Every page jams.", actor="rita", channel="portal")
    desk.classify()
    desk.work("take_or_pass", "sam", decision="accept")
    desk.work("resolve", "sam", outcome="need_info", question="Which tray?")
    desk.work("answer_question", "rita", answer="Tray 2.")
    desk.work("resolve", "sam", outcome="resolved", resolution="New rollers.")
    desk.work("confirm_fix", "rita", confirmation="confirm")
    problems = chinese_pages(client, sign_in, "sam", [f"/tickets/{desk.number}"])
    problems += chinese_pages(client, sign_in, "rita", [f"/tickets/{desk.number}"])
    assert not problems, "\n".join(problems)
