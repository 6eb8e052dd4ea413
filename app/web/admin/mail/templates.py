"""The admin pages of the mail templates: every event in every language, its override, and a preview."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.messaging.mail.events import ACCOUNT_NOTICE, EVENTS, LANGUAGES, PROCESS_MESSAGE
from app.messaging.mail.overrides import (
    delete_mail_template,
    list_overrides,
    override_for,
    require_overridable,
    save_mail_template,
)
from app.messaging.mail.preview import preview_mail
from app.messaging.mail.render import shipped_source
from app.platform.errors import InvalidValues
from app.web.admin.base import Page, blueprint
from app.web.shell.profile_forms import LANGUAGE_NAMES
from app.web.shell.session import current_actor, requires_role
from app.wiring import current_runtime

# A mail's HTML has inline styles and must run nothing; only FlowDesk's own editor page may frame it.
MAIL_PREVIEW_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                       "form-action 'none'; frame-ancestors 'self'")


def event_labels() -> dict[str, str]:
    """Return each mailed event's name in the reader's language."""
    return {**{event.name: str(event.label) for event in EVENTS}, PROCESS_MESSAGE: _("A message from a process"),
            ACCOUNT_NOTICE: _("My sign-in details changed")}


def require_known(event: str, language: str) -> None:
    """Answer 404 for an event or language FlowDesk does not mail."""
    try:
        require_overridable(event, language)
    except ValueError:
        abort(404)


@blueprint.get("/admin/mail-templates")
@requires_role("admin")
def mail_template_list() -> Page:
    """List every event's mail per language, saying which ones an admin has rewritten."""
    return render_template("admin/mail_templates.html", labels=event_labels(), languages=LANGUAGES,
                           language_names=LANGUAGE_NAMES, overrides=list_overrides())


@blueprint.route("/admin/mail-templates/<event>/<language>", methods=["GET", "POST"])
@requires_role("admin")
def edit_mail_template(event: str, language: str) -> Page:
    """Show an event's template in a language (the override, else the shipped one), or save the override."""
    require_known(event, language)
    override = override_for(event, language)
    sources = {"subject": override.subject if override else "{{ shipped_subject }}",
               "text": override.text if override else shipped_source(event, "txt"),
               "html": override.html if override else shipped_source(event, "html")}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        sources = {part: request.form.get(part, "") for part in sources}
        try:
            save_mail_template(current_runtime(), current_actor(), event, language, **sources)
        except InvalidValues as refused:
            errors = refused.errors
        else:
            flash(_("The mail template was saved; mail from now on uses it."), "info")
            return redirect(url_for("admin.edit_mail_template", event=event, language=language))
    return render_template("admin/mail_template.html", event=event, language=language, label=event_labels()[event],
                           language_names=LANGUAGE_NAMES, override=override, sources=sources,
                           errors=errors), 400 if errors else 200


@blueprint.post("/admin/mail-templates/<event>/<language>/delete")
@requires_role("admin")
def delete_mail_template_page(event: str, language: str) -> Response:
    """Remove the override: the shipped template serves again."""
    require_known(event, language)
    if delete_mail_template(current_actor(), event, language):
        flash(_("The override was removed; mail uses the shipped template again."), "info")
    return redirect(url_for("admin.edit_mail_template", event=event, language=language))


@blueprint.get("/admin/mail-templates/<event>/<language>/preview")
@requires_role("admin")
def preview_mail_template(event: str, language: str) -> Page:
    """Show the mail's HTML part for a sample ticket, as a mail client would (sandboxed in the editor's frame)."""
    require_known(event, language)
    runtime = current_runtime()
    rendered = preview_mail(runtime.mail, event, language, runtime.clock.now())
    if request.args.get("part") == "text":
        return Response(rendered.text, mimetype="text/plain")
    return Response(rendered.html, mimetype="text/html", headers={
        "Content-Security-Policy": MAIL_PREVIEW_POLICY, "X-Frame-Options": "SAMEORIGIN"})
