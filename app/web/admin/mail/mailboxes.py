"""The admin pages of e-mail in: the mailboxes FlowDesk polls, the quarantine of mail it could not process, and the
mail it refused or capped, each with why in the reader's language."""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.messaging.reasons import Reason
from app.organisation import groups
from app.platform.errors import Conflict, InvalidValues, NotAllowed
from app.servicedesk.intake import mailboxes, quarantine, reasons
from app.servicedesk.intake.foreign_ids import PATTERN_EXAMPLE
from app.servicedesk.intake.models import Mailbox
from app.servicedesk.intake.oauth_tokens import add_oauth2_mailbox
from app.servicedesk.intake.settings import IntakeSettings
from app.servicedesk.tickets.categories import category_tree
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


@dataclass(frozen=True)
class ReasonChoice:
    """One option of a page's reason filter: the code, its name in the reader's language, how many it has."""

    code: str
    label: str
    count: int


@blueprint.get("/admin/mail-quarantine")
@requires_role("admin")
def mail_quarantine() -> Page:
    """List the mail that could not be processed (of one reason, when the filter names one), newest first."""
    return mail_list("quarantine", quarantine.QUARANTINED, quarantine.list_quarantine)


@blueprint.get("/admin/mail-refused")
@requires_role("admin")
def mail_refused() -> Page:
    """List the mail refused (a polite reply went out) or over its sender's daily limit, each with why."""
    return mail_list("refused", quarantine.REFUSED, quarantine.list_refused)


def mail_list(view: str, statuses: tuple[str, ...], lister: Callable[..., list[dict[str, Any]]]) -> Page:
    """Render one of the two lists of mail not taken in as a ticket, filtered by a reason when asked."""
    reason = request.args.get("reason") or None
    endpoint = "admin.mail_quarantine" if view == "quarantine" else "admin.mail_refused"
    try:
        rows = lister(reason=reason)
    except InvalidValues:
        flash(_("There is no reason “%(reason)s” to filter by; choose one from the list.", reason=reason), "error")
        return redirect(url_for(endpoint))
    return render_template("admin/mail_quarantine.html", rows=rows, view=view, endpoint=endpoint, reason=reason,
                           choices=reason_choices(statuses, reason), reason_text=reason_text,
                           totals=quarantine.count_lists(), limit=quarantine.LIST_LIMIT)


def reason_choices(statuses: tuple[str, ...], chosen: str | None) -> list[ReasonChoice]:
    """Return a filter's options: each reason some listed mail has (and the chosen one), by name."""
    counts = quarantine.count_by_reason(statuses)
    codes = [code for code in reasons.MAIL_REASONS if counts.get(code) or code == chosen]
    return sorted((ReasonChoice(code, reasons.mail_reason_label(code), counts.get(code, 0)) for code in codes),
                  key=lambda choice: choice.label)


def reason_text(reason: Reason | None) -> str:
    """Return why a mail was not taken in, in the reader's language ('–' for no reason recorded)."""
    return reasons.mail_reason_text(reason) if reason else "–"


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
                           reason_text=reason_text)


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
             "decided": _("a reply that decided its sender's approval"),
             "refused": _("refused with a reply"),
             "auto": _("an automatic mail, stored only"), "capped": _("over the sender's daily limit"),
             "duplicate": _("a copy of a mail already taken in")}
    return words.get(status, status)
