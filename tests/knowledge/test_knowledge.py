"""Knowledge articles: sanitised HTML, drafts and publishing, search, suggestions and drafts from resolutions."""
from app.models import KbArticle
from app.services.knowledge import (
    create_article,
    draft_from_resolution,
    publish_article,
    render_markdown,
    search_articles,
    suggest_articles,
)
from app.services.runtime import Runtime


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
