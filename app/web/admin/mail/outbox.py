"""The admin page of the outbox: dead messages first, then those waiting, by reason if asked, and resending one."""
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.messaging import reasons, undelivered
from app.platform.errors import Conflict, InvalidValues, NotAllowed
from app.web.admin.base import Page, blueprint, find_or_404
from app.web.admin.forms import ConfirmForm
from app.web.shell.session import current_actor, localtime, requires_role
from app.wiring import current_runtime


@dataclass(frozen=True)
class ReasonChoice:
    """One option of the page's reason filter: the code, its name in the reader's language, how many it has."""

    code: str
    label: str
    count: int


@blueprint.get("/admin/outbox")
@requires_role("admin")
def outbox() -> Page:
    """List dead messages with their last error, then waiting ones with their attempts and next try (of one reason,
    when the filter names one)."""
    dead_only = request.args.get("dead") == "1"
    reason = request.args.get("reason") or None
    try:
        messages = undelivered.list_undelivered(dead_only, reason=reason)
    except InvalidValues:
        flash(_("The outbox has no reason “%(reason)s” to filter by; choose one from the list.", reason=reason),
              "error")
        return redirect(url_for("admin.outbox", dead=1 if dead_only else None))
    return render_template("admin/outbox.html", messages=messages, counts=undelivered.count_undelivered(),
                           dead_only=dead_only, reason=reason, choices=reason_choices(dead_only, reason),
                           reason_text=reason_text, now=current_runtime().clock.now(), limit=undelivered.LIST_LIMIT)


def reason_choices(dead_only: bool, chosen: str | None) -> list[ReasonChoice]:
    """Return the filter's options: each reason some listed message has (and the chosen one), by name."""
    counts = undelivered.count_by_reason(dead_only)
    codes = [code for code in reasons.REASONS if counts.get(code) or code == chosen]
    return sorted((ReasonChoice(code, reasons.reason_label(code), counts.get(code, 0)) for code in codes),
                  key=lambda choice: choice.label)


def reason_text(reason: reasons.Reason | None) -> str:
    """Return a reason's sentence in the reader's language and time zone ('–' for none)."""
    return reasons.reason_text(reason, moment=localtime) if reason else "–"


@blueprint.route("/admin/outbox/<int:message_id>/resend", methods=["GET", "POST"])
@requires_role("admin")
def resend_message(message_id: int) -> Page:
    """Confirm, then put a dead message back in the queue with its attempts reset."""
    message = find_or_404(undelivered.find_message, message_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        return resend_confirmed(message_id)
    return render_template("admin/outbox_resend.html", form=form, message=message, reason_text=reason_text)


def resend_confirmed(message_id: int) -> Response:
    """Resend the message and say what happened."""
    try:
        undelivered.resend_message(current_runtime(), current_actor(), message_id)
    except Conflict:
        flash(_("Message %(id)s is no longer dead (it was resent or delivered meanwhile); nothing was changed.",
                id=message_id), "info")
    except NotAllowed:
        abort(403)
    else:
        flash(_("Message %(id)s is back in the queue; the next delivery pass sends it.", id=message_id), "info")
    return redirect(url_for("admin.outbox"))
