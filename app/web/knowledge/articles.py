"""The knowledge base pages: the article list with ranked search, an article, and the categories.

Writing, previewing and publishing articles have their own module; importing it adds its pages.
"""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.knowledge import articles as knowledge
from app.knowledge import catalog as knowledge_catalog
from app.organisation.people import display_names
from app.organisation.policies import may_write_articles
from app.platform.cursors import write_cursor
from app.platform.errors import Conflict, InvalidValues
from app.web.admin.base import Page, find_or_404
from app.web.knowledge import edit as knowledge_edit
from app.web.knowledge.base import MAX_ID, blueprint, writers_only
from app.web.knowledge.forms import ArticleFilterForm, CategoryForm, category_choices, category_id_of
from app.web.shell.paging import page_cursor
from app.web.shell.session import current_actor

__all__ = ["blueprint", "knowledge_edit"]
PAGE_SIZE = 20
LIST_FILTERS = ("q", "category", "status")


@blueprint.get("/knowledge")
@login_required
def index() -> str:
    """List articles newest first, or the best matches of a search; writers also see drafts."""
    categories = knowledge_catalog.list_categories()
    form = ArticleFilterForm(formdata=request.args)
    form.category.choices = category_choices(categories, _("Any category"))
    # Writers see drafts and published articles unless they choose; others see published ones, and asking
    # for drafts is refused by the service (403), as in the API.
    chosen = form.status.data if form.status.data in knowledge_catalog.ARTICLE_STATUSES else None
    status = chosen or (None if may_write_articles(current_actor()) else "published")
    category_id = category_id_of(form.category.data)
    filters = {key: request.args[key] for key in LIST_FILTERS if request.args.get(key)}
    context = {"form": form, "filters": filters, "category_names": {c.id: c.name for c in categories},
               "has_categories": bool(categories), "searching": bool((form.q.data or "").strip())}
    if context["searching"]:
        return render_template("knowledge/list.html", **context, **search_page(form.q.data or "", status, category_id))
    statuses = (status,) if status else knowledge_catalog.ARTICLE_STATUSES
    after = page_cursor("after", int)
    page = knowledge_catalog.list_articles(current_actor(), category_id, statuses, after[0] if after else None,
                                           PAGE_SIZE)
    next_cursor = write_cursor(page.next_after) if page.next_after is not None else None
    return render_template("knowledge/list.html", **context, articles=page.items, next_cursor=next_cursor,
                           paged=after is not None)


def search_page(query: str, status: str | None, category_id: int | None) -> dict[str, object]:
    """Return one page of ranked hits (paged by position, from the start argument) for the list template."""
    start = request.args.get("start", "0")
    start_at = min(int(start), knowledge.SEARCH_OFFSET_MAX) if start.isdigit() else 0
    hits = knowledge.search_articles(current_actor(), query, published_only=status == "published",
                                     limit=PAGE_SIZE + 1, offset=start_at, category_id=category_id, status=status)
    more = len(hits) > PAGE_SIZE and start_at + PAGE_SIZE <= knowledge.SEARCH_OFFSET_MAX
    return {"hits": hits[:PAGE_SIZE], "start": start_at, "next_start": start_at + PAGE_SIZE if more else None}


@blueprint.get(f"/knowledge/<int(max={MAX_ID}):article_id>")
@login_required
def show(article_id: int) -> str:
    """Show an article's sanitised HTML; a draft only to those who write articles."""
    article = find_or_404(knowledge.readable_article, current_actor(), article_id)
    category = knowledge_catalog.find_category(article.category_id) if article.category_id else None
    return render_template("knowledge/show.html", article=article, category=category,
                           author=display_names([article.author]).get(article.author, article.author))


@blueprint.route("/knowledge/categories", methods=["GET", "POST"])
@writers_only
def categories() -> Page:
    """List the categories as a tree, and add one."""
    nodes = knowledge_catalog.list_categories()
    form = CategoryForm()
    form.parent_id.choices = category_choices(nodes, _("(top level)"))
    if form.validate_on_submit():
        try:
            category = knowledge_catalog.create_category(current_actor(), form.name.data or "",
                                                         category_id_of(form.parent_id.data))
        except (Conflict, InvalidValues) as refused:
            form.name.errors = [str(refused)]
        else:
            flash(_("The category %(name)s was added.", name=category.name), "info")
            return redirect(url_for("knowledge.categories"))
    status = 422 if request.method == "POST" else 200
    return render_template("knowledge/categories.html", categories=nodes, form=form), status
