"""Simplified Chinese: a complete catalog, placeholders kept, Chinese navigation, diagram labels as drawn."""
import re
from functools import cache
from pathlib import Path

import lxml.html
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from app.workflow.deployment import deploy_diagram

ROOT = Path(__file__).parents[2]
CATALOG = ROOT / "app" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
PROCESSES = ROOT / "processes"
# The keywords `make catalogs` extracts, and the folders babel.cfg reads.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
EXTRACTED_FOLDERS = ("app", "forms")
# printf-style (%(name)s, %(count)d, %s) and format-style ({name}) placeholders.
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{[^{}]*\}")
HOW_TO_FIX = ("Run `make catalogs`, then translate them in app/translations/zh_Hans_CN/LC_MESSAGES/messages.po "
              "(and remove their fuzzy flag).")
# Every label of the top bar and of the section tabs, in English.
NAV_LABELS = ("Inbox", "Portal", "Tickets", "Knowledge", "Instances", "Administration", "Sign out", "My tasks", "Group queue",
              "Start a request", "My requests", "Users", "Departments", "Groups", "Categories", "Service levels",
              "Priority matrix", "Incident settings", "Outbox", "Problems", "Problem suggestions")


@cache
def chinese_catalog() -> Catalog:
    """Read the Simplified Chinese catalog as babel sees it."""
    with CATALOG.open("rb") as po:
        return read_po(po, locale="zh_Hans_CN")


def messages() -> list[Message]:
    """Return the catalog's messages, without the header and obsolete entries."""
    return [message for message in chinese_catalog() if message.id]


def singular(message: Message) -> str:
    """Return the message's msgid (the singular one for a plural message)."""
    return message.id[0] if isinstance(message.id, (list, tuple)) else message.id


def translations(message: Message) -> list[str]:
    """Return the message's translations: one string, or each plural form (Chinese has one)."""
    return [message.string] if isinstance(message.string, str) else list(message.string)


def zh(msgid: str) -> str:
    """Return the Chinese translation of an English msgid."""
    message = chinese_catalog().get(msgid)
    assert message is not None and message.string, f"{msgid!r} has no Chinese translation. {HOW_TO_FIX}"
    return str(message.string)


def placeholders(text: str) -> list[str]:
    """Return the placeholders in a text, sorted, each as often as it occurs."""
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def extracted_msgids() -> set[str]:
    """Return the msgids `make catalogs` would extract from the code now."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)

    def extracted_folder(folder: str) -> bool:
        parts = Path(folder).relative_to(ROOT).parts
        return not parts or parts[0] in EXTRACTED_FOLDERS

    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=extracted_folder):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {msgid for msgid in found if msgid}


def switch_to_chinese(client, path: str) -> str:  # type: ignore[no-untyped-def]
    """Choose 简体中文 in the language menu and return the page at path."""
    response = client.post("/language", data={"language": "zh_CN", "next": path})
    assert response.status_code == 302
    page = client.get(path)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def link_texts(nav: lxml.html.HtmlElement) -> list[str]:
    """Return the label of each link of a navigation, without its badge."""
    return [" ".join((link.text or "").split()) for link in nav.iter("a")]


def test_chinese_catalog_translates_every_message_without_fuzzy_guesses() -> None:
    untranslated = [singular(message) for message in messages()
                    if not all(form.strip() for form in translations(message)) or message.fuzzy]
    assert messages(), f"{CATALOG} holds no messages"
    assert not untranslated, (f"{len(untranslated)} message(s) of {CATALOG.relative_to(ROOT)} are untranslated "
                              "or fuzzy:\n" + "\n".join(f"  {msgid!r}" for msgid in untranslated)
                              + f"\n{HOW_TO_FIX}")


def test_chinese_catalog_holds_every_string_the_code_shows_when_catalogs_are_current() -> None:
    known = {singular(message) for message in messages()}
    missing = sorted(extracted_msgids() - known)
    assert not missing, ("These strings of the code are not in the Chinese catalog yet:\n"
                         + "\n".join(f"  {msgid!r}" for msgid in missing) + f"\n{HOW_TO_FIX}")


def test_chinese_translation_keeps_every_placeholder_of_its_message() -> None:
    broken = []
    for message in messages():
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        wanted = placeholders(ids[-1])  # zh has one plural form: it stands for the plural msgid
        for form in translations(message):
            if form and placeholders(form) != wanted:
                broken.append(f"  {singular(message)!r}: wants {wanted}, the translation {form!r} has "
                              f"{placeholders(form)}")
    assert not broken, ("Translations must keep every placeholder of their msgid, and add none:\n"
                        + "\n".join(broken))


@pytest.mark.parametrize(("login", "path", "top_bar", "tabs"), [
    ("sam", "/inbox", ["Inbox", "Portal", "Tickets", "Changes", "Change calendar", "Problems", "Reports", "CMDB",
                       "Knowledge"],
     ["My tasks", "Group queue"]),
    ("rita", "/portal", ["Portal", "Tickets", "Knowledge"], ["Catalogue", "Start a request", "My requests"]),
    ("olga", "/instances", ["Portal", "Tickets", "Reports", "CMDB", "Knowledge", "Processes", "Instances"], []),
    ("adam", "/admin/users", ["Inbox", "Portal", "Tickets", "Changes", "Change calendar", "Problems", "Reports", "CMDB",
                             "Knowledge", "Processes", "Instances", "Administration"],
     ["Users", "Departments", "Groups", "Categories", "Service levels", "Priority matrix", "Incident settings",
      "Problem suggestions", "Satisfaction surveys", "Change risk", "Change calendar", "Reply templates", "Mail templates", "Mail settings",
      "Outbox",
      "Mailboxes", "Mail quarantine", "Undeliverable addresses"]),
])
def test_signed_in_user_sees_chinese_navigation_after_switching_to_chinese(
        client, demo, sign_in, login, path, top_bar, tabs) -> None:
    sign_in(login)
    page = lxml.html.fromstring(switch_to_chinese(client, path))
    header = page.find(".//header")
    main_nav = header.find(".//nav")
    tab_nav = page.find(".//main//nav[@class='tabs']")
    assert page.get("lang") == "zh-CN"
    assert main_nav.get("aria-label") == zh("Main")
    assert link_texts(main_nav) == [zh(label) for label in top_bar]
    assert (link_texts(tab_nav) if tab_nav is not None else []) == [zh(label) for label in tabs]
    assert header.find(".//button[@class='link']").text_content().strip() == zh("Sign out")
    navigation = " ".join(nav.text_content() for nav in page.iter("nav")) + header.text_content()
    english = [label for label in NAV_LABELS if re.search(rf"\b{label}\b", navigation)]
    assert not english, f"English navigation labels on {path} in Chinese: {english}"


@pytest.fixture
def service_request(runtime, demo) -> None:
    """Deploy the shipped service request diagram, as the process owner."""
    deploy_diagram(runtime, (PROCESSES / "request.bpmn").read_bytes(), "request.bpmn", "olga")


def test_requester_reads_the_diagram_in_chinese_when_the_diagram_translates_it(client, service_request,
                                                                               sign_in) -> None:
    sign_in("rita")
    catalog = lxml.html.fromstring(switch_to_chinese(client, "/portal"))
    card = catalog.find(".//li[@data-process='request']")
    assert card.findtext("h2") == "服务请求"  # the diagram's zh_CN:name (docs/diagram-translations.md)
    assert card.find("a").text_content().strip() == zh("Start")
    start = lxml.html.fromstring(client.get("/portal/start/request").get_data(as_text=True))
    labels = [label.text_content().strip() for label in start.iter("label") if label.get("for")]
    assert {"您需要什么？", "详细说明", "需要日期"} <= set(labels)
    assert "新硬件" in [option.text for option in start.iter("option")]
    assert start.find(".//main//button[@type='submit']").text_content().strip() == zh("Submit")


def test_requester_sees_diagram_labels_as_drawn_when_the_diagram_has_no_chinese(client, runtime, demo,
                                                                                 sign_in) -> None:
    untranslated = (PROCESSES / "request.bpmn").read_bytes()
    untranslated = re.sub(rb'<camunda:property (?:name|id)="zh_CN:[^"]*" value="[^"]*"/>', b"", untranslated)
    deploy_diagram(runtime, untranslated, "request.bpmn", "olga")
    sign_in("rita")
    catalog = lxml.html.fromstring(switch_to_chinese(client, "/portal"))
    assert catalog.find(".//li[@data-process='request']").findtext("h2") == "Service request"
    start = lxml.html.fromstring(client.get("/portal/start/request").get_data(as_text=True))
    labels = [label.text_content().strip() for label in start.iter("label") if label.get("for")]
    # "Details" is also a msgid of FlowDesk's own pages (详细信息): the form label must still stay as drawn.
    assert {"What do you need?", "Details", "Needed by"} <= set(labels)
    assert "Software installation" in [option.text for option in start.iter("option")]
