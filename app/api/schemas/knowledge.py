"""Models of the knowledge endpoints: the list's query, a draft, an article and its summary in a list."""
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from app.api.schemas.common import (
    MAX_ID,
    After,
    Answer,
    Hint,
    JsonBody,
    Moment,
    Next,
    QueryParameters,
    documented_choices,
)
from app.knowledge.articles import SEARCH_LIMIT_MAX
from app.knowledge.catalog import ARTICLE_STATUSES
from app.platform.limits import ARTICLE_BODY_MAX, ARTICLE_TITLE_MAX

ARTICLE_STATUS = documented_choices(ARTICLE_STATUSES)


class ArticleListQuery(QueryParameters):
    """Filters of the article list or search, and which page of it."""

    q: str | None = Field(None, description="Words to search for.")
    category_id: Annotated[int | None, Hint("Send the number of a knowledge category.")] = Field(
        None, ge=1, le=MAX_ID, description="Only articles of this category.")
    status: Literal["published", "draft", "all"] = Field("published", description="Which articles.")
    limit: int = Field(20, ge=1, le=SEARCH_LIMIT_MAX, description="How many items per page.")
    after: After


class DraftRequest(JsonBody):
    """A new draft article, in Markdown."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "title": "Printer offline", "body_markdown": "1. Restart the spooler.", "category_id": None}})

    title: str = Field(max_length=ARTICLE_TITLE_MAX, description=f"1 to {ARTICLE_TITLE_MAX} characters.")
    body_markdown: str = Field(max_length=ARTICLE_BODY_MAX, description=f"At most {ARTICLE_BODY_MAX} characters.")
    category_id: int | None = Field(None, description="A knowledge category, or null.")


class ArticleSummary(Answer):
    """An article as a list or a search shows it."""

    id: int
    title: str
    status: str = Field(json_schema_extra=ARTICLE_STATUS)
    category_id: int | None
    snippet: str | None = Field(None, description="Search only: plain text around the first match.")


class ArticlePage(Answer):
    """One page of articles."""

    articles: list[ArticleSummary]
    next: Next


class Article(Answer):
    """A knowledge article: its Markdown and its sanitised HTML."""

    id: int
    title: str
    status: str = Field(json_schema_extra=ARTICLE_STATUS)
    category_id: int | None
    author: str
    body_markdown: str
    body_html: str = Field(description="Sanitised: no scripts, event handlers or javascript: links.")
    created_at: Moment
    updated_at: Moment
    published_at: Moment | None
    source_ticket: str | None = Field(description="The ticket whose resolution it came from.")
