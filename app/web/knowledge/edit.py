"""Writing knowledge articles: drafts in Markdown with a preview, publishing and unpublishing (confirmed)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.knowledge import articles as knowledge
from app.knowledge import catalog as knowledge_catalog
from app.knowledge.models import KbArticle
from app.platform.errors import InvalidValues
from app.web.admin.base import Page, find_or_404
from app.web.admin.forms import ConfirmForm
from app.web.knowledge.base import MAX_ID, blueprint, writers_only
from app.web.knowledge.forms import ArticleForm, category_choices, category_id_of
from app.web.shell.session import current_actor
from app.wiring import current_runtime

PREVIEW = "preview"  # the name of the button that renders the text without saving it


@blueprint.route("/knowledge/new", methods=["GET", "POST"])
@writers_only
def new_article() -> Page:
    """Show an empty article form; preview it, or save it as a draft."""
    form = article_form(None)
    if PREVIEW not in request.form and form.validate_on_submit():
        try:
            article = knowledge.create_article(current_actor(), current_runtime().clock, form.title.data or "",
                                               form.body_markdown.data or "", category_id_of(form.category_id.data))
        except InvalidValues as refused:
            show_article_errors(form, refused)
        else:
            flash(_("The draft was saved. Only writers see it until it is published."), "info")
            return redirect(url_for("knowledge.show", article_id=article.id))
    return render_article_form(form, None)


@blueprint.route(f"/knowledge/<int(max={MAX_ID}):article_id>/edit", methods=["GET", "POST"])
@writers_only
def edit_article(article_id: int) -> Page:
    """Show an article's form; preview the changes, or save them."""
    article = find_or_404(knowledge.require_article, article_id)
    form = article_form(article)
    if PREVIEW not in request.form and form.validate_on_submit():
        try:
            knowledge.update_article(current_actor(), current_runtime().clock, article_id, form.title.data or "",
                                     form.body_markdown.data or "", category_id_of(form.category_id.data))
        except InvalidValues as refused:
            show_article_errors(form, refused)
        else:
            flash(_("The changes were saved.") if article.status == "draft" else
                  _("The changes were saved and everyone reads them now."), "info")
            return redirect(url_for("knowledge.show", article_id=article_id))
    return render_article_form(form, article)


def article_form(article: KbArticle | None) -> ArticleForm:
    """Build the article form with the category tree, filled from the article on first display."""
    if request.method == "GET" and article is not None:
        form = ArticleForm(data={"title": article.title, "body_markdown": article.body_markdown,
                                 "category_id": str(article.category_id or "")})
    else:
        form = ArticleForm()
    form.category_id.choices = category_choices(knowledge_catalog.list_categories(), _("(no category)"))
    return form


def show_article_errors(form: ArticleForm, refused: InvalidValues) -> None:
    """Put the service's messages next to the fields."""
    for name, messages in refused.errors.items():
        if name in form:
            form[name].errors = [*form[name].errors, *messages]
        else:
            flash(" ".join(messages), "error")


def render_article_form(form: ArticleForm, article: KbArticle | None) -> Page:
    """Render the article form, with the preview when asked for (422 when it was posted with errors)."""
    preview = knowledge.render_markdown(form.body_markdown.data or "") if PREVIEW in request.form else None
    status = 422 if request.method == "POST" and preview is None else 200
    return render_template("knowledge/form.html", form=form, article=article, preview=preview), status


@blueprint.route(f"/knowledge/<int(max={MAX_ID}):article_id>/publish", methods=["GET", "POST"])
@writers_only
def publish(article_id: int) -> Page:
    """Confirm, then make a draft visible to everyone and to search."""
    return change_state(article_id, publish=True)


@blueprint.route(f"/knowledge/<int(max={MAX_ID}):article_id>/unpublish", methods=["GET", "POST"])
@writers_only
def unpublish(article_id: int) -> Page:
    """Confirm, then turn a published article back into a draft."""
    return change_state(article_id, publish=False)


def change_state(article_id: int, publish: bool) -> Page:
    """Show the confirmation step and, once confirmed, publish or unpublish the article."""
    article = find_or_404(knowledge.require_article, article_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        return changed(article_id, publish)
    return render_template("knowledge/confirm_state.html", form=form, article=article, publish=publish)


def changed(article_id: int, publish: bool) -> Response:
    """Publish or unpublish, say so, and go back to the article."""
    if publish:
        knowledge.publish_article(current_actor(), current_runtime().clock, article_id)
        flash(_("The article is published: everyone can read it and search finds it."), "info")
    else:
        knowledge.unpublish_article(current_actor(), current_runtime().clock, article_id)
        flash(_("The article is a draft again: only writers see it."), "info")
    return redirect(url_for("knowledge.show", article_id=article_id))
