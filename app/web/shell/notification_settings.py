"""A person's own notification settings: for each event, by e-mail, by SMS, both or neither."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from app.messaging.mail.events import EVENTS
from app.messaging.mail.preferences import preferences_of, save_own_preferences
from app.organisation.users import require_user
from app.web.shell.session import current_actor

blueprint = Blueprint("notifications", __name__)


@blueprint.route("/profile/notifications", methods=["GET", "POST"])
@login_required
def notification_settings() -> str | Response:
    """Show the person's choices per event, or save them (a box not ticked is a channel turned off)."""
    actor = current_actor()
    if request.method == "POST":
        form = request.form
        save_own_preferences(actor, {event.name: (f"{event.name}:email" in form, f"{event.name}:sms" in form)
                                     for event in EVENTS})
        flash(_("Your notification settings were saved."), "info")
        return redirect(url_for("notifications.notification_settings"))
    user = require_user(actor.login)
    return render_template("profile/notifications.html", events=EVENTS, choices=preferences_of(user), user=user)
