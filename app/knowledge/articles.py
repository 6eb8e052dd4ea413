"""Knowledge articles: sanitised rendering, drafts and publishing, search and suggestions for incidents."""
import html
import re
from dataclasses import dataclass

import markdown
import nh3
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    case,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
)

from app.extensions import db
from app.knowledge.catalog import check_article_writer, check_draft_reader, find_category
from app.knowledge.models import KB_ARTICLE_FTS, KbArticle
from app.organisation.policies import Actor, may_read_article
from app.platform.errors import InvalidValues, NotFound
from app.platform.limits import (
    ARTICLE_BODY_MAX,
    ARTICLE_TITLE_MAX,
    SEARCH_TERM_MAX,
    SEARCH_TERMS_MAX,
    length_errors,
)
from app.platform.transactions import use_case
from engine.clock import Clock

SAFE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "code",
             "pre", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td"}
SAFE_ATTRIBUTES = {"a": {"href", "title"}}
SAFE_URL_SCHEMES = {"http", "https", "mailto"}
SEARCH_LIMIT_MAX = 50
SEARCH_OFFSET_MAX = 1000  # ranked results are paged by offset; nobody reads past the thousandth hit
SNIPPET_CHARS = 160
TRIGRAM_MIN = 3  # the FTS5 trigram tokenizer matches only terms of three characters or more
BM25_WEIGHTS = (10.0, 1.0)  # bm25 weights of the FTS5 columns: title, body_markdown
TERM_PATTERN = re.compile(r"\w+", re.UNICODE)
# Words too common to tell articles apart; ticket texts are full of them.
STOP_WORDS = frozenset("the and for are was were with when then this that from have has not but you your can its "
                       "into after every keeps".split())


@dataclass(frozen=True)
class ArticleHit:
    """One search result: the article, its score (higher is better) and a plain-text snippet."""

    article_id: int
    title: str
    score: int
    snippet: str
    status: str = "published"
    category_id: int | None = None
    body_html: str = ""  # the article rendered (sanitised), for reading it where it is suggested


def render_markdown(body_markdown: str) -> str:
    """Return the sanitised HTML of a Markdown text: no scripts, event handlers or javascript: links."""
    html = markdown.markdown(body_markdown, extensions=["fenced_code", "tables"])
    return nh3.clean(html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, url_schemes=SAFE_URL_SCHEMES)


def check_article(title: str, body_markdown: str, category_id: int | None = None) -> None:
    """Refuse an article without a title or a body, with a title that is too long, or in an unknown category."""
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Enter a title."]
    elif len(title.strip()) > ARTICLE_TITLE_MAX:
        errors["title"] = [f"A title has at most {ARTICLE_TITLE_MAX} characters; shorten it."]
    if not body_markdown.strip():
        errors["body_markdown"] = ["Enter the article text."]
    errors |= length_errors({"body_markdown": ("The article text", body_markdown, ARTICLE_BODY_MAX)})
    if category_id is not None and find_category(category_id) is None:
        errors["category_id"] = [f"There is no knowledge category {category_id}; choose an existing one or none."]
    if errors:
        raise InvalidValues("The article was not saved: " + " ".join(m for ms in errors.values() for m in ms), errors)


def require_article(article_id: int) -> KbArticle:
    """Return an article or raise NotFound."""
    article = db.session.get(KbArticle, article_id)
    if article is None:
        raise NotFound(f"There is no knowledge article {article_id}; check the number.")
    return article


def readable_article(actor: Actor, article_id: int) -> KbArticle:
    """Return an article the actor may read; a draft does not exist (NotFound) for those who do not write."""
    article = db.session.get(KbArticle, article_id)
    if article is None or not may_read_article(actor, article.status):
        raise NotFound(f"There is no published knowledge article {article_id}; check the number.")
    return article


@use_case
def create_article(actor: Actor, clock: Clock, title: str, body_markdown: str, category_id: int | None = None,
                   source_ticket: str | None = None) -> KbArticle:
    """Save a new draft article, written by the actor, with its rendered HTML."""
    check_article_writer(actor)
    check_article(title, body_markdown, category_id)
    now = clock.now()
    article = KbArticle(title=title.strip(), body_markdown=body_markdown, body_html=render_markdown(body_markdown),
                        category_id=category_id, status="draft", author=actor.login, created_at=now,
                        updated_at=now, source_ticket=source_ticket)
    db.session.add(article)
    return article


@use_case
def update_article(actor: Actor, clock: Clock, article_id: int, title: str, body_markdown: str,
                   category_id: int | None = None) -> KbArticle:
    """Change an article's text and category, rendering the HTML again."""
    check_article_writer(actor)
    article = require_article(article_id)
    check_article(title, body_markdown, category_id)
    article.title = title.strip()
    article.body_markdown = body_markdown
    article.body_html = render_markdown(body_markdown)
    article.category_id = category_id
    article.updated_at = clock.now()
    return article


@use_case
def publish_article(actor: Actor, clock: Clock, article_id: int) -> KbArticle:
    """Make an article visible to everyone and to search."""
    check_article_writer(actor)
    article = require_article(article_id)
    article.status = "published"
    article.published_at = article.updated_at = clock.now()
    return article


@use_case
def unpublish_article(actor: Actor, clock: Clock, article_id: int) -> KbArticle:
    """Turn a published article back into a draft."""
    check_article_writer(actor)
    article = require_article(article_id)
    article.status = "draft"
    article.published_at = None
    article.updated_at = clock.now()
    return article


@use_case
def draft_from_resolution(actor: Actor, clock: Clock, ticket_number: str, title: str,
                          resolution_text: str) -> KbArticle:
    """Turn a ticket's resolution into a draft article that remembers the ticket."""
    return create_article(actor, clock, title, resolution_text, source_ticket=ticket_number)


def query_terms(text: str) -> list[str]:
    """Return the distinct lower-case words of a text, longest first, as many and as long as a search allows.

    A longer word (a pasted token, a run of one letter) is left out: it names no article and costs every search.
    """
    words = {word.lower() for word in TERM_PATTERN.findall(text)}
    terms = sorted((word for word in words if 1 < len(word) <= SEARCH_TERM_MAX and word not in STOP_WORDS),
                   key=len, reverse=True)
    return terms[:SEARCH_TERMS_MAX]


def term_score(terms: list[str]) -> ColumnElement[int]:
    """Return a score: 10 per term in the title, 1 per term in the body."""
    score: ColumnElement[int] = literal(0, Integer)
    for term in terms:
        pattern = f"%{term}%"
        score = score + case((func.lower(KbArticle.title).like(pattern), 10), else_=0) \
            + case((func.lower(KbArticle.body_markdown).like(pattern), 1), else_=0)
    return score


def make_snippet(body: str, terms: list[str]) -> str:
    """Return about SNIPPET_CHARS of the body around the first term found."""
    lowered = body.lower()
    positions = [lowered.find(term) for term in terms if term in lowered]
    start = max(0, min(positions, default=0) - SNIPPET_CHARS // 4)
    snippet = " ".join(body[start:start + SNIPPET_CHARS].split())
    return ("…" if start else "") + snippet


def fts_phrase(term: str) -> str:
    """Return a term as an FTS5 string ("..." with inner quotes doubled), so no query syntax gets through."""
    return '"' + term.replace('"', '""') + '"'


def search_statement(terms: list[str], dialect: str) -> Select[KbArticle, int]:
    """Return the search query for the database at hand, best first.

    SQLite: terms of TRIGRAM_MIN characters or more go through the FTS5 trigram table, ranked by bm25 with the
    title weighted higher; shorter ones (the trigram tokenizer cannot match them) fall back to substring scoring.
    PostgreSQL: substring LIKEs on lower(title) and lower(body_markdown), which the pg_trgm GIN indexes serve.
    """
    score = term_score(terms).label("score")
    if dialect == "sqlite":
        long_terms = [term for term in terms if len(term) >= TRIGRAM_MIN]
        short_terms = [term for term in terms if len(term) < TRIGRAM_MIN]
        if long_terms:
            fts = table(KB_ARTICLE_FTS, column("rowid"))
            rank = func.bm25(literal_column(KB_ARTICLE_FTS), *BM25_WEIGHTS).label("rank")
            matches = select(fts.c.rowid.label("article_id"), rank).select_from(fts) \
                .where(text(f"{KB_ARTICLE_FTS} MATCH :fts_query").bindparams(
                    fts_query=" OR ".join(fts_phrase(term) for term in long_terms))) \
                .subquery("fts_matches")
            found: ColumnElement[bool] = matches.c.article_id.is_not(None)
            if short_terms:
                found = or_(found, term_score(short_terms) > 0)
            return select(KbArticle, score) \
                .outerjoin(matches, matches.c.article_id == KbArticle.id).where(found) \
                .order_by(func.coalesce(matches.c.rank, 0.0), score.desc(), KbArticle.id.desc())
        return select(KbArticle, score).where(score > 0).order_by(score.desc(), KbArticle.id.desc())
    # One LIKE per term and column, OR-ed, so that the planner can use the trigram indexes (a bitmap OR).
    found = or_(*(column_.like(f"%{term}%") for term in terms
                  for column_ in (func.lower(KbArticle.title), func.lower(KbArticle.body_markdown))))
    return select(KbArticle, score).where(found).order_by(score.desc(), KbArticle.id.desc())


def search_articles(actor: Actor, query: str, published_only: bool = True, limit: int = 10, offset: int = 0,
                    category_id: int | None = None, status: str | None = None) -> list[ArticleHit]:
    """Return the articles matching any word of the query, best first (title matches outrank body ones).

    offset skips that many hits (at most SEARCH_OFFSET_MAX): ranked results are paged by position.
    status keeps the articles of one status only (draft or published). Drafts are searched only for those
    who write articles; asking for them otherwise raises NotAllowed.
    """
    if not published_only or status == "draft":
        check_draft_reader(actor)
    return ranked_hits(query, published_only, limit, offset, category_id, status)


def ranked_hits(query: str, published_only: bool, limit: int, offset: int = 0, category_id: int | None = None,
                status: str | None = None) -> list[ArticleHit]:
    """Return one page of the articles matching any word of the query, best first."""
    terms = query_terms(query)
    if not terms:
        return []
    statement = search_statement(terms, db.session.get_bind().dialect.name) \
        .limit(min(max(limit, 1), SEARCH_LIMIT_MAX)).offset(min(max(offset, 0), SEARCH_OFFSET_MAX))
    if published_only:
        statement = statement.where(KbArticle.status == "published")
    if category_id is not None:
        statement = statement.where(KbArticle.category_id == category_id)
    if status is not None:
        statement = statement.where(KbArticle.status == status)
    hits = []
    for article, value in db.session.execute(statement):
        rendered = render_markdown(article.body_markdown)
        text = html.unescape(nh3.clean(rendered, tags=set()))
        hits.append(ArticleHit(article.id, article.title, int(value), make_snippet(text, terms), article.status,
                               article.category_id, rendered))
    return hits


def suggest_articles(title: str, description: str, limit: int = 5) -> list[ArticleHit]:
    """Return published articles that may help with an incident, from the words of its title and description."""
    return ranked_hits(f"{title} {description}", published_only=True, limit=limit)
