"""Knowledge endpoints: list and search articles, read one, write a draft."""
from flask import url_for

from app.api.auth import api_actor, require
from app.api.contract import Role, Success, endpoint
from app.api.paging import next_value, read_after
from app.api.schemas.knowledge import Article, ArticleListQuery, ArticlePage, ArticleSummary, DraftRequest
from app.knowledge import articles as knowledge
from app.knowledge import catalog as knowledge_catalog
from app.organisation.policies import may_write_articles
from app.wiring import current_runtime

WRITE = Role(may_write_articles, "write knowledge articles (it is for agents and managers)")
ARTICLE_ID = {"article_id": "The article's id."}


@endpoint("list_articles", "knowledge", Success(200, ArticlePage, "One page of articles."), query=ArticleListQuery,
          refusals=(403,))
def list_all(query: ArticleListQuery) -> ArticlePage:
    """List or search knowledge articles.

    Without `q`: newest first. With `q`: the best matches first (title matches outrank text ones), with a
    snippet. Everyone reads published articles; drafts (`status` draft or all) are for agents, managers and admins.
    """
    if query.status != "published":
        require(may_write_articles, "see draft articles (they are for agents and managers)")
    if query.q:
        return search(query.q, query)
    statuses = knowledge_catalog.ARTICLE_STATUSES if query.status == "all" else (query.status,)
    after = read_after(query.after, int)
    page = knowledge_catalog.list_articles(api_actor(), query.category_id, statuses, after[0] if after else None,
                                           query.limit)
    return ArticlePage(articles=[ArticleSummary.model_validate(article) for article in page.items],
                       next=next_value(page.next_after))


def search(words: str, query: ArticleListQuery) -> ArticlePage:
    """Return one page of ranked hits; the cursor is the position of the next one."""
    after = read_after(query.after, int)
    offset = min(after[0] if after else 0, knowledge.SEARCH_OFFSET_MAX)
    hits = knowledge.search_articles(api_actor(), words, published_only=query.status == "published",
                                     limit=query.limit + 1, offset=offset, category_id=query.category_id,
                                     status=None if query.status == "all" else query.status)
    more = len(hits) > query.limit and offset + query.limit <= knowledge.SEARCH_OFFSET_MAX
    items = [ArticleSummary(id=hit.article_id, title=hit.title, status=hit.status, category_id=hit.category_id,
                            snippet=hit.snippet) for hit in hits[:query.limit]]
    return ArticlePage(articles=items, next=next_value(offset + query.limit) if more else None)


@endpoint("show_article", "knowledge", Success(200, Article, "The article."), refusals=(404,), path=ARTICLE_ID)
def show(article_id: int) -> Article:
    """Read a knowledge article.

    A draft answers 404 to those who may not see drafts.
    """
    return Article.model_validate(knowledge.readable_article(api_actor(), article_id))


@endpoint("create_article", "knowledge", Success(201, Article, "The new draft.", "The article's address."),
          role=WRITE, body=DraftRequest, refusals=(403,))
def create(body: DraftRequest) -> tuple[Article, int, dict[str, str]]:
    """Write a draft article.

    Markdown; the HTML is rendered and sanitised on save. The draft is visible to writers only until it is
    published on its page. Agents, managers and admins.
    """
    article = knowledge.create_article(api_actor(), current_runtime().clock, body.title, body.body_markdown,
                                       body.category_id)
    return Article.model_validate(article), 201, {"Location": url_for("api.show_article", article_id=article.id)}
