"""The knowledge pages' forms: search and filters, an article in Markdown, a category."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.knowledge.catalog import CATEGORY_NAME_MAX, KbCategoryNode
from app.platform.limits import ARTICLE_BODY_MAX, ARTICLE_TITLE_MAX
from app.web.admin.forms import text_field

NO_CATEGORY = ""
INDENT = "\u00a0\u00a0\u00a0\u00a0"


def category_choices(categories: list[KbCategoryNode], empty_label: str) -> list[SelectChoice]:
    """Return select options for the category tree, indented by depth."""
    return [SelectChoice(NO_CATEGORY, empty_label)] + [
        SelectChoice(str(node.id), INDENT * node.depth + node.name) for node in categories]


def category_id_of(value: str | None) -> int | None:
    """Turn a category select value into an id (None for none or a value that is no number)."""
    return int(value) if value and value.isdigit() else None


class ArticleFilterForm(FlaskForm):
    """The article list's search and filters (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"))
    category = SelectField(_l("Category"), choices=[], validate_choice=False)
    status = SelectField(_l("State"), choices=[SelectChoice("", _l("Published and drafts")),
                                               SelectChoice("published", _l("Published")),
                                               SelectChoice("draft", _l("Drafts"))], validate_choice=False)
    after = HiddenField()
    start = HiddenField()


class ArticleForm(FlaskForm):
    """An article: title, category and Markdown text."""

    title = text_field(_l("Title"), Length(max=ARTICLE_TITLE_MAX), required=_l("Enter a title."))
    category_id = SelectField(_l("Category"), choices=[], validate_choice=True)
    body_markdown = TextAreaField(_l("Text (Markdown)"), validators=[DataRequired(_l("Enter the article text.")),
                                                                          Length(max=ARTICLE_BODY_MAX)])


class CategoryForm(FlaskForm):
    """A new knowledge category and where it goes in the tree."""

    name = text_field(_l("Name"), Length(max=CATEGORY_NAME_MAX), required=_l("Enter a name."))
    parent_id = SelectField(_l("Parent"), choices=[], validate_choice=True)
