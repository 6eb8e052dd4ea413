"""The admin pages of e-mail in: the mailboxes FlowDesk polls, and the quarantine of mail it could not process."""
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.organisation import groups
from app.platform.errors import Conflict, InvalidValues, NotAllowed
from app.servicedesk.categories import category_tree
from app.servicedesk.intake import mailboxes, quarantine
from app.servicedesk.intake.foreign_ids import PATTERN_EXAMPLE
from app.servicedesk.intake.models import Mailbox
from app.servicedesk.intake.oauth_tokens import add_oauth2_mailbox
from app.servicedesk.intake.settings import IntakeSettings
from app.web.admin.base import Page, add_field_errors, blueprint, find_or_404
from app.web.admin.forms import ActionForm
from app.web.admin.mail.forms import MailboxForm
from app.web.shell.session import current_actor, requires_role
from app.wiring import current_runtime


@blueprint.route("/admin/mailboxes", methods=["GET", "POST"])
@requires_role("admin")
def mailbox_list() -> Page:
    """List the mailboxes with their last poll, and add one."""
    form = MailboxForm()
    form.set_choices(category_tree(), [group.name for group in groups.list_groups()])
    if form.validate_on_submit():
        try:
            mailbox = add_from_form(form)
        except InvalidValues as refused:
            add_field_errors(form, refused)
        except Conflict as conflict:
            form.name.errors = [*form.name.errors, str(conflict)]
        except NotAllowed:
            abort(403)
        else:
            flash(_("Mailbox %(name)s added; the next mail pass polls it.", name=mailbox.name), "info")
            return redirect(url_for("admin.mailbox_list"))
    return render_template("admin/mailboxes.html", form=form, mailboxes=mailboxes.list_mailboxes(),
                           action=ActionForm(), pattern_example=PATTERN_EXAMPLE)


def add_from_form(form: MailboxForm) -> Mailbox:
    """Add the mailbox the form describes, with its OAuth2 client when it has one (secrets sealed either way)."""
    client = form.oauth_client()
    if client is None:
        return mailboxes.add_mailbox(current_runtime(), current_actor(), form.name.data or "", form.url(),
                                     form.settings())
    return add_oauth2_mailbox(current_runtime(), current_actor(), form.name.data or "", form.url(), form.settings(),
                              client)


@blueprint.post("/admin/mailboxes/<int:mailbox_id>/active")
@requires_role("admin")
def toggle_mailbox(mailbox_id: int) -> Response:
    """Pause a polled mailbox, or resume a paused one."""
    mailbox = find_or_404(mailboxes.require_mailbox, mailbox_id)
    if ActionForm().validate_on_submit():
        mailboxes.set_mailbox_active(current_actor(), mailbox_id, not mailbox.active)
    return redirect(url_for("admin.mailbox_list"))


@blueprint.get("/admin/mail-quarantine")
@requires_role("admin")
def mail_quarantine() -> str:
    """List the mail that could not be processed, newest first."""
    return render_template("admin/mail_quarantine.html", rows=quarantine.list_quarantine(),
                           reason_words=reason_words, limit=quarantine.LIST_LIMIT)


@blueprint.get("/admin/mail-quarantine/<int:mail_id>")
@requires_role("admin")
def quarantined_mail(mail_id: int) -> Page:
    """Show a quarantined mail: why it is there, its headers and its source, never rendered."""
    try:
        preview = quarantine.mail_preview(mail_id)
    except Conflict:
        flash(_("Mail %(id)s is no longer in quarantine.", id=mail_id), "info")
        return redirect(url_for("admin.mail_quarantine"))
    except Exception:
        abort(404)
    return render_template("admin/mail_quarantine_item.html", mail=preview, action=ActionForm(),
                           reason_words=reason_words)


@blueprint.post("/admin/mail-quarantine/<int:mail_id>/retry")
@requires_role("admin")
def retry_mail(mail_id: int) -> Response:
    """Process a quarantined mail again and say how it went."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.quarantined_mail", mail_id=mail_id))
    try:
        outcome = quarantine.retry_mail(current_runtime(), IntakeSettings.from_config(current_app.config),
                                        current_actor(), mail_id)
    except Conflict:
        flash(_("Mail %(id)s is no longer in quarantine; nothing was changed.", id=mail_id), "info")
        return redirect(url_for("admin.mail_quarantine"))
    if outcome.status == "quarantined":
        flash(_("Mail %(id)s still cannot be processed; it stays in quarantine with the new reason.", id=mail_id),
              "error")
        return redirect(url_for("admin.quarantined_mail", mail_id=mail_id))
    flash(_("Mail %(id)s was processed: %(outcome)s.", id=mail_id, outcome=outcome_words(outcome.status)), "info")
    return redirect(url_for("admin.mail_quarantine"))


@blueprint.post("/admin/mail-quarantine/<int:mail_id>/discard")
@requires_role("admin")
def discard_mail(mail_id: int) -> Response:
    """Give up on a quarantined mail; it stays recorded as discarded."""
    if ActionForm().validate_on_submit():
        try:
            quarantine.discard_mail(current_runtime(), current_actor(), mail_id)
        except Conflict:
            flash(_("Mail %(id)s is no longer in quarantine; nothing was changed.", id=mail_id), "info")
        else:
            flash(_("Mail %(id)s was discarded.", id=mail_id), "info")
    return redirect(url_for("admin.mail_quarantine"))


def outcome_words(status: str) -> str:
    """Return what became of a mail, in the reader's language."""
    words = {"ticket": _("a new ticket"), "reply": _("a note on its ticket"),
             "answer": _("the requester's answer, delivered to the process"),
             "reopened": _("a reply that reopened its resolved ticket"),
             "confirmed": _("a reply that confirmed the fix of its resolved ticket"),
             "refused": _("refused with a reply"),
             "auto": _("an automatic mail, stored only"), "capped": _("over the sender's daily limit"),
             "duplicate": _("a copy of a mail already taken in")}
    return words.get(status, status)


def reason_words(reason: str | None) -> str | None:
    """Return why a mail is in quarantine, in the reader's language (None for mail quarantined without a reason)."""
    words = {
        "unreadable": _("The message is not a mail FlowDesk can read: it is empty, binary or has no headers. "
                        "Discard it, or ask the sender to send it again."),
        "no_sender": _("The mail names no sender address, so nobody could be its requester. Discard it, or ask "
                       "whoever sent it to send it again from their address."),
        "mailbox_removed": _("The mailbox it came from was removed. Add the mailbox again, then retry the mail."),
        "not_allowed": _("The sender may not act on the ticket the mail names. Check who requests or watches the "
                         "ticket, then retry the mail, or discard it."),
        "refused": _("FlowDesk refused part of the mail; the details say what. Correct the cause, then retry it."),
        "unexpected": _("FlowDesk could not process this mail for an unforeseen reason; the details say what "
                        "failed. Retry it once the cause is fixed."),
    }
    return words.get(reason or "")
