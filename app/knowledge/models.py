"""Knowledge-base categories and articles."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime


class KbCategory(Model):
    """A node of the knowledge-base category tree."""

    __tablename__ = "kb_category"
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_kb_category_parent_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("kb_category.id", name="fk_kb_category_parent_id"))


class KbArticle(Model):
    """A how-to or known-error article; body_html is the sanitised rendering of body_markdown, made on save."""

    __tablename__ = "kb_article"
    __table_args__ = (
        Index("ix_kb_article_status", "status", "id"),
        Index("ix_kb_article_category", "category_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("kb_category.id", name="fk_kb_article_category_id"))
    status: Mapped[str] = mapped_column(String(20))  # draft, published
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    source_ticket: Mapped[str | None] = mapped_column(String(40))  # the ticket number a resolution came from



# Search objects that live outside the ORM metadata (made by migration 0009): the SQLite FTS5 table with its
# shadow tables (kb_article_fts_data, _idx, _docsize, _config) and the PostgreSQL trigram indexes.
KB_ARTICLE_FTS = "kb_article_fts"
KB_ARTICLE_TRGM_INDEXES = frozenset({"ix_kb_article_title_trgm", "ix_kb_article_body_trgm"})
