"""Knowledge articles: sanitised HTML, drafts and publishing, search, suggestions and drafts from resolutions."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.knowledge.articles import (
    create_article,
    draft_from_resolution,
    publish_article,
    render_markdown,
    search_articles,
    suggest_articles,
    update_article,
)
from app.knowledge.models import KbArticle
from app.workflow.runtime import Runtime


def published(runtime: Runtime, title: str, body: str) -> KbArticle:
    """Create and publish an article."""
    article = create_article(runtime, title, body, "sam")
    return publish_article(runtime, article.id)


def test_rendering_removes_scripts_event_handlers_and_javascript_links() -> None:
    html = render_markdown('<script>alert(1)</script>\n\n<img src="x" onerror="alert(1)">\n\n'
                           '[click](javascript:alert(1))')
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_rendering_keeps_headings_lists_and_code() -> None:
    html = render_markdown("# Printers\n\n- one\n- two\n\n```\nlpstat -p\n```\n")
    assert "<h1>Printers</h1>" in html and "<li>one</li>" in html and "<code>lpstat -p" in html


def test_search_shows_drafts_only_when_asked(runtime: Runtime) -> None:
    create_article(runtime, "VPN drops", "Reconnect the VPN client.", "sam")
    assert search_articles("vpn") == []
    assert [hit.title for hit in search_articles("vpn", published_only=False)] == ["VPN drops"]


def test_search_ranks_a_title_match_first(runtime: Runtime) -> None:
    published(runtime, "Mail quota", "Archive old mail when the printer queue is full.")
    published(runtime, "Printer offline", "Restart the spooler.")
    hits = search_articles("printer")
    assert [hit.title for hit in hits] == ["Printer offline", "Mail quota"]
    assert "printer" in hits[1].snippet


def test_search_finds_a_chinese_article_by_a_chinese_word(runtime: Runtime) -> None:
    published(runtime, "打印机卡纸的处理办法", "先关闭电源，再取出卡住的纸张。")
    assert [hit.title for hit in search_articles("打印机")] == ["打印机卡纸的处理办法"]


def test_suggestions_come_from_the_words_of_an_incident(runtime: Runtime) -> None:
    published(runtime, "Outlook password prompt", "Clear the cached credentials.")
    published(runtime, "Printer offline", "Restart the spooler.")
    hits = suggest_articles("Outlook keeps asking", "The password prompt appears every minute.")
    assert [hit.title for hit in hits] == ["Outlook password prompt"]


def test_a_resolution_becomes_a_draft_that_names_its_ticket(runtime: Runtime) -> None:
    article = draft_from_resolution(runtime, "INC-000042", "Badge reader rejects cards",
                                    "Re-enrol the card at **reception**.", "lee")
    assert (article.status, article.source_ticket, article.author) == ("draft", "INC-000042", "lee")
    assert "<strong>reception</strong>" in article.body_html


def fts_rowids(query: str) -> list[int]:
    """Return the article ids the SQLite FTS5 index itself finds for a query."""
    rows = db.session.execute(sa.text("SELECT rowid FROM kb_article_fts WHERE kb_article_fts MATCH :q ORDER BY rowid"),
                              {"q": query})
    return [row[0] for row in rows]


def test_a_title_match_comes_before_many_body_matches(runtime: Runtime) -> None:
    published(runtime, "Toner low", "The spooler, the spooler and the spooler again: spooler everywhere.")
    published(runtime, "Spooler restart", "Open the services console and restart the service.")
    assert [hit.title for hit in search_articles("spooler")] == ["Spooler restart", "Toner low"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # bm25 is the SQLite FTS5 index's ranking
def test_bm25_ranks_body_matches_by_relevance_on_sqlite(runtime: Runtime) -> None:
    published(runtime, "Print queue notes", "Spooler spooler spooler.")
    published(runtime, "Printing guide", "Choose the tray, the paper size and the colour; then check that the "
                                         "spooler runs, and print a test page from the control panel.")
    # Without bm25 both score 1 (a body match) and the newer article would come first.
    hits = search_articles("spooler")
    assert [hit.title for hit in hits] == ["Print queue notes", "Printing guide"]


@pytest.mark.parametrize("query", ['"foo" OR bar*', "-x", "NEAR(", 'title:"x" AND (', "^foo", '"""', "a\"b*c"])
def test_search_syntax_characters_do_not_raise(runtime: Runtime, query: str) -> None:
    published(runtime, "Foo bar NEAR", "Nothing special.")
    hits = search_articles(query)
    assert all(hit.title == "Foo bar NEAR" for hit in hits)


def test_the_index_follows_updates_and_deletes(runtime: Runtime) -> None:
    article = published(runtime, "Scanner jams", "Open the feeder and remove the sheet.")
    gone = published(runtime, "Plotter offline", "Power cycle the plotter.")
    update_article(runtime, article.id, "Webcam frozen", "Unplug the camera and plug it back in.")
    db.session.delete(db.session.get(KbArticle, gone.id))
    db.session.commit()
    assert search_articles("scanner") == [] and search_articles("feeder") == []
    assert search_articles("plotter") == []
    assert [hit.title for hit in search_articles("webcam")] == ["Webcam frozen"]
    assert [hit.title for hit in search_articles("camera")] == ["Webcam frozen"]
    if db.engine.dialect.name == "sqlite":
        assert fts_rowids('"scanner"') == [] and fts_rowids('"plotter"') == []
        assert fts_rowids('"camera"') == [article.id]


def test_chinese_three_character_terms_are_found_through_the_index(runtime: Runtime) -> None:
    printer = published(runtime, "打印机卡纸", "先关闭电源，再取出卡住的纸张。")
    published(runtime, "邮箱已满", "请归档旧邮件以释放空间。")
    assert [hit.title for hit in search_articles("打印机 问题")] == ["打印机卡纸"]
    assert [hit.title for hit in search_articles("释放空间")] == ["邮箱已满"]
    if db.engine.dialect.name == "sqlite":
        assert fts_rowids('"打印机"') == [printer.id]


def test_short_terms_still_match_by_substring(runtime: Runtime) -> None:
    published(runtime, "Wi-Fi: AP reboot", "Restart the access point.")
    assert [hit.title for hit in search_articles("ap")] == ["Wi-Fi: AP reboot"]
    assert [hit.title for hit in search_articles("ap spooler")] == ["Wi-Fi: AP reboot"]
