"""The knowledge pages: reading and searching, drafts for writers only, writing with a preview, publishing."""
import lxml.html
import pytest
from flask import render_template_string

from app.knowledge.articles import create_article, publish_article, require_article, suggest_articles
from app.knowledge.catalog import create_category, list_articles

XSS = ('# Printer\n\n<script>alert("x")</script>\n\n<img src="x" onerror="alert(1)">\n\n'
       '[click me](javascript:alert(1)) and <a href="https://example.com" onclick="alert(1)">docs</a>')


@pytest.fixture
def published(app, agent_actor, clock):  # type: ignore[no-untyped-def]
    """published(title, body, category_id): create and publish an article as sam, the agent."""
    def publish(title, body="Restart the spooler.", category_id=None):  # type: ignore[no-untyped-def]
        article = create_article(agent_actor, clock, title, body, category_id)
        return publish_article(agent_actor, clock, article.id)
    return publish


@pytest.fixture
def articles(demo, agent_actor, clock, published):  # type: ignore[no-untyped-def]
    """A published printer article, a published mail article that mentions printers, and a VPN draft."""
    hardware = create_category(agent_actor, "Hardware")
    return {"printer": published("Printer offline", "Restart the **spooler**.", hardware.id).id,
            "mail": published("Mail quota", "Archive old mail when the printer queue is full.").id,
            "draft": create_article(agent_actor, clock, "VPN drops", "Reconnect the VPN client.").id,
            "hardware": hardware.id}


def html(response):  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.get_data(as_text=True))


def textarea(page):  # type: ignore[no-untyped-def]
    """Return the Markdown textarea's text as a browser reads it (without the newline after the start tag)."""
    return page.get_element_by_id("body_markdown").text.removeprefix("\r").removeprefix("\n")


def hit_titles(page):  # type: ignore[no-untyped-def]
    return [link.text for link in page.findall(".//ol[@data-testid='search-hits']/li/h2/a")]


def list_titles(page):  # type: ignore[no-untyped-def]
    return [link.text for link in page.findall(".//table[@data-testid='article-list']/tbody/tr/td[1]/a")]


def test_requester_reads_published_articles_and_never_sees_drafts(client, articles, sign_in) -> None:
    sign_in("rita")
    page = html(client.get("/knowledge"))
    assert list_titles(page) == ["Mail quota", "Printer offline"]
    assert page.find(".//a[@href='/knowledge/new']") is None
    assert client.get(f"/knowledge/{articles['printer']}").status_code == 200
    assert client.get(f"/knowledge/{articles['draft']}").status_code == 404
    assert hit_titles(html(client.get("/knowledge?q=vpn"))) == []
    # Asking for drafts is refused, as the API refuses it (the filter is not offered to readers).
    assert client.get("/knowledge?q=vpn&status=draft").status_code == 403
    assert client.get("/knowledge?status=draft").status_code == 403


@pytest.mark.parametrize("login", ["rita", "audrey"])
def test_readers_may_not_write_publish_or_manage_categories(client, articles, sign_in, login) -> None:
    sign_in(login)
    draft = articles["draft"]
    urls = ["/knowledge/new", f"/knowledge/{draft}/edit", f"/knowledge/{draft}/publish",
            f"/knowledge/{articles['printer']}/unpublish", "/knowledge/categories"]
    refused = {url: client.get(url).status_code for url in urls}
    refused |= {f"POST {url}": client.post(url, data={"confirm": "y", "title": "x", "body_markdown": "y",
                                                      "name": "x"}).status_code for url in urls}
    assert set(refused.values()) == {403}, refused
    assert require_article(draft).status == "draft"


def test_search_ranks_title_matches_first_and_shows_a_snippet(client, articles, sign_in) -> None:
    sign_in("rita")
    page = html(client.get("/knowledge?q=printer"))
    assert hit_titles(page) == ["Printer offline", "Mail quota"]
    snippets = [p.text for p in page.findall(".//ol[@data-testid='search-hits']//p[@class='snippet']")]
    assert "printer queue" in snippets[1]


def test_search_and_list_filter_by_category(client, articles, sign_in) -> None:
    sign_in("rita")
    assert hit_titles(html(client.get(f"/knowledge?q=printer&category={articles['hardware']}"))) == [
        "Printer offline"]
    assert list_titles(html(client.get(f"/knowledge?category={articles['hardware']}"))) == ["Printer offline"]


def test_search_without_a_match_says_so(client, articles, sign_in) -> None:
    sign_in("sam")
    page = client.get("/knowledge?q=teleporter").get_data(as_text=True)
    assert "No article matches “teleporter”. Try other or fewer words." in page


def test_writer_finds_drafts_in_the_list_and_in_search(client, articles, sign_in) -> None:
    sign_in("sam")
    assert list_titles(html(client.get("/knowledge?status=draft"))) == ["VPN drops"]
    assert hit_titles(html(client.get("/knowledge?q=vpn"))) == ["VPN drops"]
    assert "This is a draft" in client.get(f"/knowledge/{articles['draft']}").get_data(as_text=True)


def test_article_list_pages_newest_first(client, demo, sign_in, published) -> None:
    for n in range(21):
        published(f"Article {n:02d}")
    sign_in("rita")
    first = html(client.get("/knowledge"))
    assert list_titles(first)[0] == "Article 20" and len(list_titles(first)) == 20
    older = first.find(".//nav[@class='pager']//a[@rel='next']").get("href")
    assert list_titles(html(client.get(older))) == ["Article 00"]


def test_search_results_page_by_position(client, demo, sign_in, published) -> None:
    for n in range(21):
        published(f"Printer tip {n:02d}")
    sign_in("rita")
    first = html(client.get("/knowledge?q=printer"))
    assert len(hit_titles(first)) == 20
    more = first.find(".//nav[@class='pager']//a[@rel='next']").get("href")
    assert "start=20" in more
    second = hit_titles(html(client.get(more)))
    assert len(second) == 1 and second[0] not in hit_titles(first)


def test_writer_previews_a_draft_without_saving_it(client, demo, sign_in, agent_actor) -> None:
    sign_in("sam")
    response = client.post("/knowledge/new", data={"title": "Toner low", "category_id": "",
                                                   "body_markdown": "1. Open the **front** cover", "preview": "1"})
    assert response.status_code == 200
    page = html(response)
    preview = lxml.html.tostring(page.find(".//div[@data-testid='preview']"), encoding="unicode")
    assert "<strong>front</strong>" in preview and "<ol>" in preview
    assert page.get_element_by_id("title").get("value") == "Toner low"
    assert textarea(page) == "1. Open the **front** cover"
    assert list_articles(agent_actor, statuses=("draft", "published")).items == []


def test_writer_saves_a_draft_that_only_writers_see(client, articles, sign_in) -> None:
    sign_in("mona")
    response = client.post("/knowledge/new", data={"title": "Toner low", "category_id": str(articles["hardware"]),
                                                   "body_markdown": "Shake the cartridge."})
    assert response.status_code == 302
    article_id = int(response.headers["Location"].rsplit("/", 1)[1])
    article = require_article(article_id)
    assert (article.status, article.author, article.category_id) == ("draft", "mona", articles["hardware"])
    client.post("/logout")
    sign_in("rita")
    assert client.get(f"/knowledge/{article_id}").status_code == 404


def test_article_without_title_is_refused_and_keeps_the_text(client, demo, sign_in, agent_actor) -> None:
    sign_in("sam")
    response = client.post("/knowledge/new", data={"title": "  ", "category_id": "",
                                                   "body_markdown": "Keep this text."})
    assert response.status_code == 422
    page = html(response)
    assert page.get_element_by_id("title-error").text == "Enter a title."
    assert textarea(page) == "Keep this text."
    assert list_articles(agent_actor, statuses=("draft",)).items == []


def test_script_in_markdown_never_reaches_the_page(client, demo, sign_in, published) -> None:
    article = published("Printer help", XSS)
    sign_in("rita")
    body = html(client.get(f"/knowledge/{article.id}")).find(".//article[@data-testid='article-body']")
    markup = lxml.html.tostring(body, encoding="unicode")
    assert body.find(".//h1").text == "Printer"
    assert "<script" not in markup and "onerror" not in markup and "onclick" not in markup
    assert "javascript:" not in markup
    assert body.find(".//a[@href='https://example.com']").text == "docs"


def test_script_in_the_preview_is_sanitised_too(client, demo, sign_in) -> None:
    sign_in("sam")
    page = client.post("/knowledge/new", data={"title": "x", "category_id": "", "body_markdown": XSS,
                                               "preview": "1"}).get_data(as_text=True)
    preview = page[page.index('data-testid="preview"'):]
    assert "<script>" not in preview and "onerror" not in preview


def test_publishing_asks_for_confirmation_then_everyone_reads_it(client, articles, sign_in) -> None:
    sign_in("sam")
    url = f"/knowledge/{articles['draft']}/publish"
    assert "Publish “VPN drops”?" in client.get(url).get_data(as_text=True)
    unconfirmed = html(client.post(url, data={}))
    assert unconfirmed.get_element_by_id("confirm-error").text == "Tick the box to confirm."
    assert require_article(articles["draft"]).status == "draft"
    response = client.post(url, data={"confirm": "y"}, follow_redirects=True)
    assert "The article is published" in response.get_data(as_text=True)
    client.post("/logout")
    sign_in("rita")
    assert hit_titles(html(client.get("/knowledge?q=vpn"))) == ["VPN drops"]


def test_unpublishing_turns_an_article_back_into_a_draft(client, articles, sign_in) -> None:
    sign_in("sam")
    url = f"/knowledge/{articles['printer']}/unpublish"
    assert "Unpublish “Printer offline”?" in client.get(url).get_data(as_text=True)
    client.post(url, data={"confirm": "y"})
    assert require_article(articles["printer"]).status == "draft"


def test_writer_edits_a_published_article_knowing_everyone_sees_it(client, articles, sign_in) -> None:
    sign_in("sam")
    form = html(client.get(f"/knowledge/{articles['printer']}/edit"))
    assert textarea(form) == "Restart the **spooler**."
    assert "saved changes are visible to everyone at once" in lxml.html.tostring(form, encoding="unicode")
    response = client.post(f"/knowledge/{articles['printer']}/edit", data={
        "title": "Printer offline", "category_id": "", "body_markdown": "Restart the spooler, then print."})
    assert response.status_code == 302
    article = require_article(articles["printer"])
    assert (article.status, article.category_id, article.body_html) == (
        "published", None, "<p>Restart the spooler, then print.</p>")


def test_writer_adds_categories_to_the_tree(client, articles, sign_in) -> None:
    sign_in("sam")
    response = client.post("/knowledge/categories", data={"name": "Printers", "parent_id": str(articles["hardware"])})
    assert response.status_code == 302
    tree = html(client.get("/knowledge/categories")).find(".//ul[@data-testid='kb-categories']")
    assert [" ".join(li.text_content().split()) for li in tree] == [
        "Hardware 1 published article", "Printers 0 published articles"]
    duplicate = html(client.post("/knowledge/categories", data={"name": "Hardware", "parent_id": ""}))
    assert "already exists" in duplicate.get_element_by_id("name-error").text


def test_suggestions_partial_lists_articles_with_links(app, articles) -> None:
    hits = suggest_articles("Printer stopped", "The printer shows offline.")
    with app.test_request_context("/"):
        out = render_template_string('{% include "knowledge/_suggestions.html" %}', articles=hits)
        empty = render_template_string('{% include "knowledge/_suggestions.html" %}', articles=[])
    page = lxml.html.fromstring(out)
    assert [a.text for a in page.iter("a")] == ["Printer offline", "Mail quota"]
    assert page.find(".//a").get("href") == f"/knowledge/{articles['printer']}"
    assert empty.strip() == ""
