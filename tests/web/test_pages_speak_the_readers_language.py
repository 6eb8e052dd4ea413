"""The main pages of every role, read in Chinese: no English word the page wrote itself, no raw internal value.

What people typed (titles, names, notes), the demo's names (groups, categories, CIs) and a few words that are
the same in both languages (FlowDesk, P1-P4, ticket numbers) are taken out of the page's text first; whatever
English is left was written by a template or the code and is missing its translation.
"""
import re

import lxml.html
import pytest
from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.models import Group, User
from app.servicedesk.tickets.models import Category, Ticket
from app.workflow.tasks.tasklist import list_tasks
from tests.incident.conftest import Desk, desk  # noqa: F401  (the shipped incident flow's driver)
from tests.web.test_requester_pages import shipped_all, work  # noqa: F401

SAME_IN_BOTH = ("FlowDesk", "CSV", "XLSX", "PDF", "UTC", "SLA", "Markdown", "P1", "P2", "P3", "P4")
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
RAW_VALUE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # need_info, pending_requester, approve_major ...
HIDDEN = "//script|//style|//template|//*[@hidden]|//noscript"


@pytest.fixture
def busy_desk(desk: Desk, runtime, shipped_all, client, sign_in) -> dict[str, str]:  # noqa: F811
    """Rita's incident with Sam's question, and her service request reviewed and waiting for Mona's approval."""
    desk.log(actor="rita", channel="portal", title="Printer jams", description="Every page jams on floor 3.")
    desk.classify()
    desk.work("take_or_pass", "sam", decision="accept")
    desk.work("resolve", "sam", outcome="need_info", question="Which tray do you print from?")
    sign_in("rita")
    number = client.post("/portal/start/request", data={"item": "hardware", "details": "A laptop for Ann"}
                         ).headers["Location"].rsplit("/", 1)[1]
    request = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar_one()
    work(runtime, request.instance_id, "sam", {"cost": "900", "review_note": "Standard model"})
    client.get("/logout")
    (approval,) = list_tasks(user="mona", instance_id=request.instance_id)
    return {"incident": desk.number, "request": number, "request_instance": str(request.instance_id),
            "approval": approval.id}


def people_and_things() -> list[str]:
    """Return what the database holds that a page may show as typed: names, titles, groups, categories, CIs."""
    texts: list[str] = []
    for user in db.session.execute(select(User)).scalars():
        texts += [user.display_name or "", user.login, user.email or ""]
    texts += [name for group in db.session.execute(select(Group)).scalars()
              for name in (group.name, group.display_name or "")]
    texts += [category.name for category in db.session.execute(select(Category)).scalars()]
    texts += [ci.name for ci in db.session.execute(select(ConfigurationItem)).scalars()]
    for ticket in db.session.execute(select(Ticket)).scalars():
        texts += [ticket.number, ticket.title, ticket.description or ""]
    texts += ["Which tray do you print from?", "A laptop for Ann", "Standard model", "Every page jams on floor 3."]
    return sorted({text for text in texts if text}, key=len, reverse=True)


def leftovers(page_html: str, typed: list[str]) -> tuple[list[str], list[str]]:
    """Return the English words and the raw internal values a page shows once typed text is taken out."""
    tree = lxml.html.fromstring(page_html)
    for node in tree.xpath(HIDDEN):
        node.drop_tree()
    main = tree.xpath("//main") or [tree]
    text = " ".join(main[0].text_content().split())
    for known in (*typed, *SAME_IN_BOTH):
        text = text.replace(known, " ")
    return sorted(set(ENGLISH_WORD.findall(text))), sorted(set(RAW_VALUE.findall(text)))


PAGES = {
    "rita": ["/portal", "/requests", "/requests/{request_instance}", "/tickets/{incident}", "/tickets/{request}",
             "/tickets/new", "/portal/start/request"],
    "sam": ["/", "/inbox", "/inbox/queue", "/tickets/{incident}", "/tickets/{request}"],
    "mona": ["/", "/inbox/queue", "/tickets/{request}", "/tasks/{approval}"],
}


def test_every_role_reads_its_main_pages_in_chinese_without_english_or_raw_values(busy_desk, client,
                                                                                  sign_in) -> None:
    typed = people_and_things()
    found = []
    for login, paths in PAGES.items():
        sign_in(login)
        client.post("/language", data={"language": "zh_CN", "next": "/"})
        for path in paths:
            shown = client.get(path.format(**busy_desk))
            assert shown.status_code == 200, f"{login} {path}"
            english, raw = leftovers(shown.get_data(as_text=True), typed)
            if english or raw:
                found.append(f"{login} {path}: English words {english}, raw values {raw}")
        client.get("/logout")
    assert not found, "\n".join(found)
