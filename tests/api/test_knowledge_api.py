"""Knowledge endpoints: list and ranked search with pages, drafts for writers only, reading, writing drafts."""
from urllib.parse import quote

import pytest

from app.knowledge.articles import create_article, publish_article, require_article
from app.knowledge.catalog import create_category, list_articles
from app.organisation.accounts import actor_for
from app.organisation.users import require_user


@pytest.fixture
def published(app, agent_actor, clock):  # type: ignore[no-untyped-def]
    """published(title, body, category_id): create and publish an article as sam, the agent."""
    def publish(title, body="Restart the spooler.", category_id=None):  # type: ignore[no-untyped-def]
        return publish_article(agent_actor, clock, create_article(agent_actor, clock, title, body, category_id).id)
    return publish


@pytest.fixture
def articles(demo, agent_actor, clock, published):  # type: ignore[no-untyped-def]
    """Two published articles (one in Hardware) and a draft."""
    hardware = create_category(agent_actor, "Hardware")
    return {"printer": published("Printer offline", "Restart the **spooler**.", hardware.id).id,
            "mail": published("Mail quota", "Archive old mail when the printer queue is full.").id,
            "draft": create_article(agent_actor, clock, "VPN drops", "Reconnect the VPN client.").id,
            "hardware": hardware.id}


def titles(response):  # type: ignore[no-untyped-def]
    return [article["title"] for article in response.get_json()["articles"]]


def test_everyone_lists_published_articles_newest_first(api, articles, documented) -> None:
    response = api.get("/articles", "rita")
    assert response.status_code == 200
    assert titles(response) == ["Mail quota", "Printer offline"]
    assert response.get_json()["articles"][1] == {"id": articles["printer"], "title": "Printer offline",
                                                  "status": "published", "category_id": articles["hardware"],
                                                  "snippet": None}
    documented(response, "list_articles")


def test_search_ranks_title_matches_first_with_snippets(api, articles, documented) -> None:
    response = api.get("/articles?q=printer", "rita")
    assert titles(response) == ["Printer offline", "Mail quota"]
    assert "printer queue" in response.get_json()["articles"][1]["snippet"]
    documented(response, "list_articles")
    assert titles(api.get(f"/articles?q=printer&category_id={articles['hardware']}", "rita")) == ["Printer offline"]


def test_list_and_search_follow_the_next_cursor(api, demo, published) -> None:
    for n in range(3):
        published(f"Printer tip {n}")
    first = api.get("/articles?limit=2", "rita").get_json()
    second = api.get(f"/articles?limit=2&after={quote(first['next'])}", "rita").get_json()
    assert [a["title"] for a in first["articles"] + second["articles"]] == [
        "Printer tip 2", "Printer tip 1", "Printer tip 0"]
    assert second["next"] is None
    hits = api.get("/articles?q=printer&limit=2", "rita").get_json()
    more = api.get(f"/articles?q=printer&limit=2&after={quote(hits['next'])}", "rita").get_json()
    assert sorted(a["title"] for a in hits["articles"] + more["articles"]) == [
        "Printer tip 0", "Printer tip 1", "Printer tip 2"]
    assert more["next"] is None


def test_requester_may_not_ask_for_drafts(api, articles, documented) -> None:
    response = api.get("/articles?status=draft", "rita")
    assert response.status_code == 403
    documented(response, "list_articles")
    assert titles(api.get("/articles?q=vpn", "rita")) == []


def test_writer_lists_and_searches_drafts(api, articles) -> None:
    assert titles(api.get("/articles?status=draft", "sam")) == ["VPN drops"]
    assert titles(api.get("/articles?status=all&q=vpn", "mona")) == ["VPN drops"]


@pytest.mark.parametrize("query", ["status=archived", "category_id=abc", "limit=51", "after=bm9wZQ"])
def test_bad_list_parameters_are_refused_with_422(api, articles, documented, query) -> None:
    response = api.get(f"/articles?{query}", "rita")
    assert response.status_code == 422
    assert query.split("=")[0] in response.get_json()["errors"]
    documented(response, "list_articles")


def test_reading_an_article_gives_markdown_and_sanitised_html(api, demo, documented, published) -> None:
    article = published("Printer help", '# Steps\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))')
    response = api.get(f"/articles/{article.id}", "rita")
    assert response.status_code == 200
    body = response.get_json()
    assert body["body_markdown"].startswith("# Steps")
    assert "<h1>Steps</h1>" in body["body_html"]
    assert "<script" not in body["body_html"] and "javascript:" not in body["body_html"]
    assert (body["status"], body["author"], body["source_ticket"]) == ("published", "sam", None)
    documented(response, "show_article")


def test_a_draft_does_not_exist_for_readers(api, articles, documented) -> None:
    response = api.get(f"/articles/{articles['draft']}", "rita")
    assert response.status_code == 404
    documented(response, "show_article")
    assert api.get(f"/articles/{articles['draft']}", "sam").get_json()["status"] == "draft"
    assert api.get("/articles/999999", "sam").status_code == 404


def test_writer_posts_a_draft(api, articles, documented) -> None:
    response = api.post("/articles", "lee", {"title": "Toner low", "body_markdown": "Shake the **cartridge**.",
                                             "category_id": articles["hardware"]})
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == f"/api/v1/articles/{body['id']}"
    assert (body["status"], body["author"], body["body_html"]) == (
        "draft", "lee", "<p>Shake the <strong>cartridge</strong>.</p>")
    assert require_article(body["id"]).category_id == articles["hardware"]
    documented(response, "create_article")


def test_requester_and_auditor_may_not_write(api, articles, documented) -> None:
    for login in ("rita", "audrey"):
        response = api.post("/articles", login, {"title": "x", "body_markdown": "y"})
        assert response.status_code == 403
    documented(response, "create_article")


@pytest.mark.parametrize(("body", "field"), [
    ({"title": " ", "body_markdown": "text"}, "title"),
    ({"title": "x" * 201, "body_markdown": "text"}, "title"),
    ({"title": "x", "body_markdown": ""}, "body_markdown"),
    ({"title": "x", "body_markdown": "text", "category_id": 999999}, "category_id"),
    ({"title": "x", "body_markdown": "text", "category_id": 2**40}, "category_id"),
    ({"title": "x", "body_markdown": "text", "category_id": "1"}, "category_id"),
    ({"title": 1, "body_markdown": "text"}, "title"),
    ({"title": "x", "body_markdown": "text", "status": "published"}, "status"),
])
def test_bad_drafts_are_refused_with_422(api, articles, documented, body, field) -> None:
    response = api.post("/articles", "sam", body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    documented(response, "create_article")


def test_web_api_and_service_let_the_same_people_write_drafts(allowed_everywhere, api, client, clock,
                                                              articles) -> None:
    allowed = allowed_everywhere(
        lambda actor: create_article(actor, clock, f"svc-{actor.login}", "Text."),
        lambda login: api.post("/articles", login, {"title": f"api-{login}", "body_markdown": "Text."}),
        lambda login: client.post("/knowledge/new", data={"title": f"web-{login}", "category_id": "",
                                                          "body_markdown": "Text."}))
    assert allowed == {"sam", "lee", "mona", "carl", "adam"}
    drafts = list_articles(actor_for(require_user("adam")), statuses=("draft",), limit=200).items
    assert {a.title for a in drafts} - {"VPN drops"} == {f"{way}-{login}" for way in ("svc", "api", "web")
                                                         for login in allowed}


def test_web_api_and_service_show_drafts_to_the_same_people(allowed_everywhere, api, client, articles) -> None:
    allowed = allowed_everywhere(lambda actor: list_articles(actor, statuses=("draft",)),
                                 lambda login: api.get("/articles?status=draft", login),
                                 lambda login: client.get("/knowledge?status=draft"), succeeds=(200,))
    assert allowed == {"sam", "lee", "mona", "carl", "adam"}
