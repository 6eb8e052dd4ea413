"""The admin pages of reply templates: the list per language, adding, changing and deleting one."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.platform.errors import Conflict, InvalidValues
from app.platform.limits import NOTE_MAX
from app.servicedesk.desk import reply_templates as templates
from app.servicedesk.tickets.models import ReplyTemplate
from app.web.admin.base import Page, add_field_errors, blueprint, find_or_404
from app.web.admin.forms import ActionForm
from app.web.shell.profile_forms import LANGUAGE_NAMES
from app.web.shell.session import current_actor, requires_role
from app.wiring import current_runtime


class ReplyTemplateForm(FlaskForm):
    """A reply template's title, language and text."""

    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the template a title agents recognise.")),
                                                 Length(max=templates.TEMPLATE_TITLE_MAX)])
    language = SelectField(_l("Language"), choices=[SelectChoice(code, LANGUAGE_NAMES.get(code, code))
                                                    for code in templates.TEMPLATE_LANGUAGES],
                           id="template_language")  # the top bar's language switch is #language
    body = TextAreaField(_l("Text"), validators=[DataRequired(_l("Write the text the template inserts.")),
                                                 Length(max=NOTE_MAX)])


def render_list(form: ReplyTemplateForm, status: int = 200) -> Page:
    """Render the list of templates with the form to add one."""
    return render_template("admin/reply_templates.html", templates=templates.list_reply_templates(), form=form,
                           language_names=LANGUAGE_NAMES), status


@blueprint.get("/admin/reply-templates")
@requires_role("admin")
def reply_template_list() -> Page:
    """List the reply templates by language, and the form to add one."""
    return render_list(ReplyTemplateForm(formdata=None))


@blueprint.post("/admin/reply-templates")
@requires_role("admin")
def create_reply_template() -> Page:
    """Add a reply template."""
    form = ReplyTemplateForm()
    saved = save(form, None)
    return redirect(url_for("admin.reply_template_list")) if saved else render_list(form, 400)


@blueprint.route("/admin/reply-templates/<int:template_id>", methods=["GET", "POST"])
@requires_role("admin")
def edit_reply_template(template_id: int) -> Page:
    """Show a reply template's form, or save it."""
    template: ReplyTemplate = find_or_404(templates.require_reply_template, template_id)
    form = ReplyTemplateForm(obj=template)
    if form.is_submitted():
        if save(form, template_id):
            return redirect(url_for("admin.reply_template_list"))
        status = 400
    else:
        status = 200
    return render_template("admin/reply_template.html", template=template, form=form,
                           delete_form=ActionForm(formdata=None)), status


@blueprint.post("/admin/reply-templates/<int:template_id>/delete")
@requires_role("admin")
def delete_reply_template(template_id: int) -> Page:
    """Delete a reply template."""
    template: ReplyTemplate = find_or_404(templates.require_reply_template, template_id)
    if ActionForm().validate_on_submit():
        templates.delete_reply_template(current_actor(), template_id)
        flash(_("Reply template %(title)s was deleted.", title=template.title), "info")
    return redirect(url_for("admin.reply_template_list"))


def save(form: ReplyTemplateForm, template_id: int | None) -> bool:
    """Save the form through the use case; put its refusals on the fields; say whether it was saved."""
    if not form.validate_on_submit():
        return False
    try:
        saved = templates.save_reply_template(current_actor(), current_runtime().clock.now(), template_id,
                                              form.title.data or "", form.language.data or "", form.body.data or "")
    except Conflict:
        form.title.errors = [_("A template with this title already exists in this language; choose another "
                               "title.")]
        return False
    except InvalidValues as refused:
        add_field_errors(form, refused)
        return False
    flash(_("Reply template %(title)s was saved.", title=saved.title), "info")
    return True
