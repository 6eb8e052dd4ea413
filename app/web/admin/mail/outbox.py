"""The admin page of the outbox: dead messages first, then those waiting, and resending a dead one."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.messaging import undelivered
from app.platform.errors import Conflict, NotAllowed
from app.web.admin.base import Page, blueprint, find_or_404
from app.web.admin.forms import ConfirmForm
from app.web.shell.session import current_actor, requires_role
from app.wiring import current_runtime


@blueprint.get("/admin/outbox")
@requires_role("admin")
def outbox() -> str:
    """List dead messages with their last error, then waiting ones with their attempts and next try."""
    dead_only = request.args.get("dead") == "1"
    return render_template("admin/outbox.html", messages=undelivered.list_undelivered(dead_only),
                           counts=undelivered.count_undelivered(), dead_only=dead_only,
                           now=current_runtime().clock.now(), limit=undelivered.LIST_LIMIT)


@blueprint.route("/admin/outbox/<int:message_id>/resend", methods=["GET", "POST"])
@requires_role("admin")
def resend_message(message_id: int) -> Page:
    """Confirm, then put a dead message back in the queue with its attempts reset."""
    message = find_or_404(undelivered.find_message, message_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        return resend_confirmed(message_id)
    return render_template("admin/outbox_resend.html", form=form, message=message)


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
