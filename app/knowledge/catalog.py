"""Knowledge-base categories, the plain article list (newest first; ranked search lives in articles) and who writes."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.knowledge.models import KbArticle, KbCategory
from app.organisation.policies import Actor, may_write_articles
from app.platform.errors import Conflict, InvalidValues, NotAllowed
from app.platform.transactions import use_case

ARTICLE_STATUSES = ("draft", "published")
ARTICLE_PAGE_MAX = 200
CATEGORY_NAME_MAX = 100
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class KbCategoryNode:
    """A category in tree order, with its depth and how many published articles it holds."""

    id: int
    name: str
    parent_id: int | None
    depth: int
    published: int


@dataclass(frozen=True)
class ArticleSummary:
    """An article as a list shows it."""

    id: int
    title: str
    status: str
    category_id: int | None
    author: str
    updated_at: datetime
    published_at: datetime | None


@dataclass(frozen=True)
class ArticlePage:
    """One page of articles, newest first; pass next_after back for the following page."""

    items: list[ArticleSummary]
    next_after: int | None


def check_article_writer(actor: Actor) -> None:
    """Refuse an actor who may not write, publish or categorise articles."""
    if not may_write_articles(actor):
        raise NotAllowed(f"{actor.login} may not write knowledge articles (it is for agents and managers).")


def check_draft_reader(actor: Actor) -> None:
    """Refuse an actor who may not see draft articles."""
    if not may_write_articles(actor):
        raise NotAllowed(f"{actor.login} may not see draft articles (they are for agents and managers).")


def list_categories() -> list[KbCategoryNode]:
    """Return every category depth-first, siblings by name, with its published article count."""
    counts: dict[int | None, int] = {category_id: count for category_id, count in db.session.execute(
        select(KbArticle.category_id, func.count()).where(KbArticle.status == "published")
        .group_by(KbArticle.category_id))}
    rows = db.session.execute(select(KbCategory).order_by(KbCategory.name, KbCategory.id)).scalars().all()
    children: dict[int | None, list[KbCategory]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    nodes: list[KbCategoryNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for row in children.get(parent_id, []):
            nodes.append(KbCategoryNode(row.id, row.name, row.parent_id, depth, counts.get(row.id, 0)))
            walk(row.id, depth + 1)
    walk(None, 0)
    return nodes


def find_category(category_id: int) -> KbCategory | None:
    """Return a category, or None (also for ids no database integer holds)."""
    return db.session.get(KbCategory, category_id) if 0 < category_id <= MAX_ID else None


@use_case
def create_category(actor: Actor, name: str, parent_id: int | None = None) -> KbCategory:
    """Add a category, at the top or below a parent; refuse a blank name or one a sibling has."""
    check_article_writer(actor)
    name = name.strip()
    if not name or len(name) > CATEGORY_NAME_MAX:
        message = f"A category needs a name of 1 to {CATEGORY_NAME_MAX} characters."
        raise InvalidValues(message, {"name": [message]})
    if parent_id is not None and find_category(parent_id) is None:
        message = f"There is no category {parent_id} to put this one under; choose another parent."
        raise InvalidValues(message, {"parent_id": [message]})
    parent = KbCategory.parent_id.is_(None) if parent_id is None else KbCategory.parent_id == parent_id
    if db.session.execute(select(KbCategory.id).where(KbCategory.name == name, parent)).first():
        raise Conflict(f"The category '{name}' already exists there; choose another name or parent.")
    category = KbCategory(name=name, parent_id=parent_id)
    db.session.add(category)
    return category


def list_articles(actor: Actor, category_id: int | None = None, statuses: tuple[str, ...] = ("published",),
                  after: int | None = None, limit: int = 20) -> ArticlePage:
    """Return articles of the given statuses (and category), newest first, one page at a time (keyset on id).

    Drafts are listed only to those who write articles; asking for them otherwise raises NotAllowed.
    """
    if "draft" in statuses:
        check_draft_reader(actor)
    query = select(KbArticle).where(KbArticle.status.in_(statuses))
    if category_id is not None:
        query = query.where(KbArticle.category_id == category_id)
    if after is not None:
        query = query.where(KbArticle.id < after)
    limit = max(1, min(limit, ARTICLE_PAGE_MAX))
    rows = list(db.session.execute(query.order_by(KbArticle.id.desc()).limit(limit + 1)).scalars())
    items = [ArticleSummary(a.id, a.title, a.status, a.category_id, a.author, a.updated_at, a.published_at)
             for a in rows[:limit]]
    return ArticlePage(items, items[-1].id if len(rows) > limit else None)
