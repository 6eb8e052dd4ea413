"""Knowledge endpoints: list and search articles, read one, write a draft."""
from typing import Any

from flask import request, url_for

from app.api.auth import api_actor, require
from app.api.paging import after_argument, limit_argument, next_value, text_argument
from app.api.problems import json_object_body
from app.knowledge import articles as knowledge
from app.knowledge import catalog as knowledge_catalog
from app.knowledge.models import KbArticle
from app.organisation.policies import may_write_articles
from app.platform.errors import InvalidValues
from app.workflow.runtime import current_runtime

WRITE = "write knowledge articles (it is for agents and managers)"
STATUS_FILTERS = ("published", "draft", "all")
DRAFT_MEMBERS = ("title", "body_markdown", "category_id")
MAX_ID = 2**31 - 1


def article_json(article: KbArticle) -> dict[str, Any]:
    """Return the JSON of an article, its Markdown and its sanitised HTML."""
    return {"id": article.id, "title": article.title, "status": article.status, "category_id": article.category_id,
            "author": article.author, "body_markdown": article.body_markdown, "body_html": article.body_html,
            "created_at": article.created_at.isoformat(), "updated_at": article.updated_at.isoformat(),
            "published_at": article.published_at.isoformat() if article.published_at else None,
            "source_ticket": article.source_ticket}


def list_all() -> dict[str, Any]:
    """List articles newest first, or the best matches of a search (q); drafts only for writers."""
    status = status_argument()
    category_id = category_argument()
    limit = limit_argument(knowledge.SEARCH_LIMIT_MAX, default=20)
    query = text_argument("q")
    if query:
        return search(query, status, category_id, limit)
    statuses = knowledge_catalog.ARTICLE_STATUSES if status == "all" else (status,)
    after = after_argument(int)
    page = knowledge_catalog.list_articles(api_actor(), category_id, statuses, after[0] if after else None, limit)
    items = [{"id": a.id, "title": a.title, "status": a.status, "category_id": a.category_id, "snippet": None}
             for a in page.items]
    return {"articles": items, "next": next_value(page.next_after)}


def search(query: str, status: str, category_id: int | None, limit: int) -> dict[str, Any]:
    """Return one page of ranked hits; the cursor is the position of the next one."""
    after = after_argument(int)
    offset = min(after[0] if after else 0, knowledge.SEARCH_OFFSET_MAX)
    hits = knowledge.search_articles(api_actor(), query, published_only=status == "published", limit=limit + 1,
                                     offset=offset, category_id=category_id, status=None if status == "all" else status)
    more = len(hits) > limit and offset + limit <= knowledge.SEARCH_OFFSET_MAX
    items = [{"id": h.article_id, "title": h.title, "status": h.status, "category_id": h.category_id,
              "snippet": h.snippet} for h in hits[:limit]]
    return {"articles": items, "next": next_value(offset + limit) if more else None}


def status_argument() -> str:
    """Return the status filter (published by default); drafts need a writer."""
    status = request.args.get("status", "published")
    if status not in STATUS_FILTERS:
        raise InvalidValues(f"The status '{status}' is unknown; use one of {', '.join(STATUS_FILTERS)}.",
                            {"status": [f"Use one of {', '.join(STATUS_FILTERS)}."]})
    if status != "published":
        require(may_write_articles, "see draft articles (they are for agents and managers)")
    return status


def category_argument() -> int | None:
    """Return the category_id filter, or None; refuse one that is no id."""
    raw = request.args.get("category_id")
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        raise InvalidValues(f"The category_id '{raw}' is not a category id.",
                            {"category_id": ["Send the number of a knowledge category."]})
    return int(raw)


def show(article_id: int) -> dict[str, Any]:
    """Return one article; a draft only to writers (to others it does not exist)."""
    return article_json(knowledge.readable_article(api_actor(), article_id))


def create() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Save a new draft article from Markdown; answer 201 with the article and its address."""
    actor = require(may_write_articles, WRITE)
    title, body_markdown, category_id = draft_values(json_object_body())
    article = knowledge.create_article(actor, current_runtime().clock, title, body_markdown, category_id)
    return article_json(article), 201, {"Location": url_for("api.show_article", article_id=article.id)}


def draft_values(body: dict[str, Any]) -> tuple[str, str, int | None]:
    """Return title, Markdown and category of a draft request; refuse other members and wrong JSON types."""
    errors = {name: [f"'{name}' is not a member of a draft; send {', '.join(DRAFT_MEMBERS)}."]
              for name in body if name not in DRAFT_MEMBERS}
    for name in ("title", "body_markdown"):
        if not isinstance(body.get(name), str):
            errors[name] = [f"Send '{name}' as a string."]
    category_id = body.get("category_id")
    if category_id is not None and (not isinstance(category_id, int) or isinstance(category_id, bool)):
        errors["category_id"] = ["Send 'category_id' as the number of a knowledge category, or null."]
    if errors:
        details = " ".join(message for messages in errors.values() for message in messages)
        raise InvalidValues(f"The draft has errors: {details}", errors)
    return body["title"], body["body_markdown"], category_id

