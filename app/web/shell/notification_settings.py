"""A person's own notification settings: for each event, by e-mail, by SMS, both or neither."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response

from app.messaging.mail.events import EVENTS
from app.messaging.mail.preferences import preferences_of, save_own_preferences
from app.organisation.users import require_user
from app.platform.errors import InvalidValues
from app.web.shell.session import current_actor

blueprint = Blueprint("notifications", __name__)
SMS_CHOICE_WORDS = {"never": _l("Never"), "urgent": _l("Only when urgent"), "always": _l("Always")}


@blueprint.route("/profile/notifications", methods=["GET", "POST"])
@login_required
def notification_settings() -> str | Response:
    """Show the person's choices per event, or save them (a box not ticked is a channel turned off)."""
    actor = current_actor()
    if request.method == "POST":
        form = request.form
        try:
            save_own_preferences(actor, {event.name: (f"{event.name}:email" in form,
                                                      form.get(f"{event.name}:sms", "urgent"))
                                         for event in EVENTS})
        except InvalidValues:
            flash(_("The SMS choice was not understood; nothing was saved. Choose again."), "error")
        else:
            flash(_("Your notification settings were saved."), "info")
        return redirect(url_for("notifications.notification_settings"))
    user = require_user(actor.login)
    return render_template("profile/notifications.html", events=EVENTS, choices=preferences_of(user), user=user,
                           sms_choices=SMS_CHOICE_WORDS)
