"""Knowledge articles: sanitised HTML, drafts and publishing, search, suggestions and drafts from resolutions."""
import pytest
import sqlalchemy as sa
from flask import Flask

from app.extensions import db
from app.knowledge.articles import (
    create_article,
    draft_from_resolution,
    publish_article,
    readable_article,
    render_markdown,
    search_articles,
    suggest_articles,
    unpublish_article,
    update_article,
)
from app.knowledge.catalog import create_category, list_articles, list_categories
from app.knowledge.models import KbArticle
from app.organisation.policies import Actor
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case
from engine.clock import FixedClock


@pytest.fixture
def published(app: Flask, agent_actor: Actor, clock: FixedClock):  # type: ignore[no-untyped-def]
    """published(title, body): create and publish an article as sam, the agent."""
    def publish(title: str, body: str) -> KbArticle:
        return publish_article(agent_actor, clock, create_article(agent_actor, clock, title, body).id)
    return publish


@pytest.fixture
def reader(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    """Rita, a requester: reads published articles only."""
    return make_actor("rita", "requester")


def test_rendering_removes_scripts_event_handlers_and_javascript_links() -> None:
    html = render_markdown('<script>alert(1)</script>\n\n<img src="x" onerror="alert(1)">\n\n'
                           '[click](javascript:alert(1))')
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_rendering_keeps_headings_lists_and_code() -> None:
    html = render_markdown("# Printers\n\n- one\n- two\n\n```\nlpstat -p\n```\n")
    assert "<h1>Printers</h1>" in html and "<li>one</li>" in html and "<code>lpstat -p" in html


def test_search_shows_drafts_only_when_asked(app, agent_actor, clock) -> None:
    create_article(agent_actor, clock, "VPN drops", "Reconnect the VPN client.")
    assert search_articles(agent_actor, "vpn") == []
    assert [hit.title for hit in search_articles(agent_actor, "vpn", published_only=False)] == ["VPN drops"]


def test_search_ranks_a_title_match_first(published, reader) -> None:
    published("Mail quota", "Archive old mail when the printer queue is full.")
    published("Printer offline", "Restart the spooler.")
    hits = search_articles(reader, "printer")
    assert [hit.title for hit in hits] == ["Printer offline", "Mail quota"]
    assert "printer" in hits[1].snippet


def test_search_finds_a_chinese_article_by_a_chinese_word(published, reader) -> None:
    published("打印机卡纸的处理办法", "先关闭电源，再取出卡住的纸张。")
    assert [hit.title for hit in search_articles(reader, "打印机")] == ["打印机卡纸的处理办法"]


def test_suggestions_come_from_the_words_of_an_incident(published) -> None:
    published("Outlook password prompt", "Clear the cached credentials.")
    published("Printer offline", "Restart the spooler.")
    hits = suggest_articles("Outlook keeps asking", "The password prompt appears every minute.")
    assert [hit.title for hit in hits] == ["Outlook password prompt"]


def test_a_resolution_becomes_a_draft_that_names_its_ticket(app, make_actor, clock) -> None:
    article = draft_from_resolution(make_actor("lee", "agent"), clock, "INC-000042", "Badge reader rejects cards",
                                    "Re-enrol the card at **reception**.")
    assert (article.status, article.source_ticket, article.author) == ("draft", "INC-000042", "lee")
    assert "<strong>reception</strong>" in article.body_html


def fts_rowids(query: str) -> list[int]:
    """Return the article ids the SQLite FTS5 index itself finds for a query."""
    rows = db.session.execute(sa.text("SELECT rowid FROM kb_article_fts WHERE kb_article_fts MATCH :q ORDER BY rowid"),
                              {"q": query})
    return [row[0] for row in rows]


def test_a_title_match_comes_before_many_body_matches(published, reader) -> None:
    published("Toner low", "The spooler, the spooler and the spooler again: spooler everywhere.")
    published("Spooler restart", "Open the services console and restart the service.")
    assert [hit.title for hit in search_articles(reader, "spooler")] == ["Spooler restart", "Toner low"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # bm25 is the SQLite FTS5 index's ranking
def test_bm25_ranks_body_matches_by_relevance_on_sqlite(published, reader) -> None:
    published("Print queue notes", "Spooler spooler spooler.")
    published("Printing guide", "Choose the tray, the paper size and the colour; then check that the "
                                         "spooler runs, and print a test page from the control panel.")
    # Without bm25 both score 1 (a body match) and the newer article would come first.
    hits = search_articles(reader, "spooler")
    assert [hit.title for hit in hits] == ["Print queue notes", "Printing guide"]


@pytest.mark.parametrize("query", ['"foo" OR bar*', "-x", "NEAR(", 'title:"x" AND (', "^foo", '"""', "a\"b*c"])
def test_search_syntax_characters_do_not_raise(query: str, published, reader) -> None:
    published("Foo bar NEAR", "Nothing special.")
    hits = search_articles(reader, query)
    assert all(hit.title == "Foo bar NEAR" for hit in hits)


def test_the_index_follows_updates_and_deletes(published, agent_actor, reader, clock) -> None:
    article = published("Scanner jams", "Open the feeder and remove the sheet.")
    gone = published("Plotter offline", "Power cycle the plotter.")
    update_article(agent_actor, clock, article.id, "Webcam frozen", "Unplug the camera and plug it back in.")
    db.session.delete(db.session.get(KbArticle, gone.id))
    db.session.commit()
    assert search_articles(reader, "scanner") == [] and search_articles(reader, "feeder") == []
    assert search_articles(reader, "plotter") == []
    assert [hit.title for hit in search_articles(reader, "webcam")] == ["Webcam frozen"]
    assert [hit.title for hit in search_articles(reader, "camera")] == ["Webcam frozen"]
    if db.engine.dialect.name == "sqlite":
        assert fts_rowids('"scanner"') == [] and fts_rowids('"plotter"') == []
        assert fts_rowids('"camera"') == [article.id]


def test_chinese_three_character_terms_are_found_through_the_index(published, reader) -> None:
    printer = published("打印机卡纸", "先关闭电源，再取出卡住的纸张。")
    published("邮箱已满", "请归档旧邮件以释放空间。")
    assert [hit.title for hit in search_articles(reader, "打印机 问题")] == ["打印机卡纸"]
    assert [hit.title for hit in search_articles(reader, "释放空间")] == ["邮箱已满"]
    if db.engine.dialect.name == "sqlite":
        assert fts_rowids('"打印机"') == [printer.id]


def test_short_terms_still_match_by_substring(published, reader) -> None:
    published("Wi-Fi: AP reboot", "Restart the access point.")
    assert [hit.title for hit in search_articles(reader, "ap")] == ["Wi-Fi: AP reboot"]
    assert [hit.title for hit in search_articles(reader, "ap spooler")] == ["Wi-Fi: AP reboot"]


@pytest.mark.parametrize("roles", [("requester",), ("auditor",), ("approver", "process_owner")])
def test_people_who_do_not_write_articles_are_refused_and_change_nothing(app, agent_actor, make_actor, clock,
                                                                         roles) -> None:
    draft = create_article(agent_actor, clock, "VPN drops", "Reconnect the VPN client.").id
    outsider = make_actor("rita", *roles)
    attempts = [
        lambda: create_article(outsider, clock, "Toner low", "Shake the cartridge."),
        lambda: update_article(outsider, clock, draft, "VPN drops daily", "Reconnect."),
        lambda: publish_article(outsider, clock, draft),
        lambda: unpublish_article(outsider, clock, draft),
        lambda: draft_from_resolution(outsider, clock, "INC-000042", "Badge reader", "Re-enrol the card."),
        lambda: create_category(outsider, "Hardware"),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed, match="rita may not write knowledge articles"):
            attempt()
    with pytest.raises(NotAllowed, match="rita may not see draft articles"):
        search_articles(outsider, "vpn", published_only=False)
    with pytest.raises(NotAllowed, match="rita may not see draft articles"):
        list_articles(outsider, statuses=("draft", "published"))
    with pytest.raises(NotFound):
        readable_article(outsider, draft)
    assert [(a.title, a.status) for a in list_articles(agent_actor, statuses=("draft", "published")).items] == [
        ("VPN drops", "draft")]


def test_article_written_in_a_unit_that_fails_later_leaves_nothing_behind(app, agent_actor, clock) -> None:
    draft = create_article(agent_actor, clock, "VPN drops", "Reconnect the VPN client.").id

    @use_case
    def write_then_fail() -> None:
        create_category(agent_actor, "Network")
        publish_article(agent_actor, clock, draft)
        create_article(agent_actor, clock, "Wi-Fi slow", "Move closer to the access point.")
        raise InvalidValues("The change was refused; nothing of it may stay.", {})

    with pytest.raises(InvalidValues):
        write_then_fail()
    assert [(a.title, a.status) for a in list_articles(agent_actor, statuses=("draft", "published")).items] == [
        ("VPN drops", "draft")]
    assert search_articles(agent_actor, "wifi slow access", published_only=False) == []
    assert list_categories() == []


def test_article_that_meets_a_transient_fault_is_saved_once(app, agent_actor, clock, fail_once) -> None:
    fail_once("INSERT INTO kb_article")
    article = create_article(agent_actor, clock, "VPN drops", "Reconnect the VPN client.")
    assert [a.id for a in list_articles(agent_actor, statuses=("draft",)).items] == [article.id]
    assert [hit.title for hit in search_articles(agent_actor, "vpn", published_only=False)] == ["VPN drops"]
