"""The undeliverable addresses: the admins' list of them, and clearing a mark (from the list, or from the banner on a
person's page or one of their tickets)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.messaging.mail import bounces
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.web.admin.base import blueprint
from app.web.shell.auth import safe_next
from app.web.shell.session import current_actor, requires_role
from app.wiring import current_runtime


@blueprint.get("/admin/mail/bounces")
@requires_role("admin")
def bounce_list() -> str:
    """List the addresses marked undeliverable: whose, since when, why, with a button to clear each mark."""
    try:
        marks = bounces.list_undeliverable(current_actor())
    except NotAllowed:
        abort(403)
    return render_template("admin/mail_bounces.html", marks=marks, limit=bounces.MARKS_LISTED)


@blueprint.post("/admin/mail/bounces/clear")
@requires_role("admin")
def clear_bounce() -> Response:
    """Clear the mark of the address in the form, release its held mail, and go back where the banner was."""
    address = (request.form.get("address") or "").strip()
    try:
        released = bounces.clear_bounce(current_runtime(), current_actor(), address)
    except (InvalidValues, NotFound):
        flash(_("%(address)s is not marked undeliverable (an administrator may have cleared it already); "
                "nothing was changed.", address=address or "–"), "error")
    else:
        flash(_("The mark on %(address)s was cleared; %(count)d held mail will be sent with the next delivery pass.",
                address=address, count=released), "info")
    return redirect(safe_next(request.form.get("next")) or url_for("admin.users"))
