"""The admin page of outgoing mail: the relay, the sender, Message-IDs, links and caps, and a test mail."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.messaging.mail.relay_settings import (
    VARIABLE_OF_FIELD,
    MailOutSettings,
    read_settings_row,
    settings_in_force,
)
from app.messaging.mail.relay_settings_changes import own_address, save_mail_settings, send_test_mail
from app.platform.errors import InvalidValues
from app.web.admin.base import Page, blueprint
from app.web.admin.forms import ActionForm
from app.web.admin.mail.settings_forms import MailSettingsForm
from app.web.shell.session import current_actor, requires_role
from app.wiring import current_runtime


@blueprint.route("/admin/mail-settings", methods=["GET", "POST"])
@requires_role("admin")
def mail_settings() -> Page:
    """Show the outgoing-mail settings in force and save the page's own."""
    form = MailSettingsForm()
    if not form.is_submitted():
        form.fill(read_settings_row())
    if form.validate_on_submit():
        try:
            changed = save_mail_settings(current_app.config, current_actor(), form.change(),
                                         current_runtime().clock.now())
        except InvalidValues as refused:
            for name, messages in refused.errors.items():
                getattr(form, name).errors = [_(message) for message in messages]
        else:
            flash(_("The mail settings were saved. Mail sent from now on uses them.") if changed
                  else _("Nothing changed: the mail settings are as they were."), "info")
            return redirect(url_for("admin.mail_settings"))
    return mail_settings_page(form, 422 if form.errors else 200)


def mail_settings_page(form: MailSettingsForm, status: int) -> tuple[str, int]:
    """Render the page with what is in force and where each value comes from."""
    in_force = settings_in_force(current_app.config)
    return render_template("admin/mail_settings.html", form=form, in_force=in_force, test=ActionForm(),
                           locked=in_force.from_environment, shown=shown_values(in_force),
                           variables=VARIABLE_OF_FIELD, address=own_address(current_actor())), status


def shown_values(in_force: MailOutSettings) -> dict[str, str]:
    """Return the values in force as the page shows a field the environment sets (a password only as set or not)."""
    relay = in_force.relay
    security = "" if relay is None else "tls" if relay.implicit_tls else "starttls" if relay.starttls else "none"
    return {"smtp_host": relay.host if relay else "", "smtp_port": str(relay.port) if relay else "",
            "smtp_security": {"tls": _("TLS"), "starttls": _("STARTTLS"), "none": _("None"), "": ""}[security],
            "smtp_user": (relay.user or "") if relay else "",
            "smtp_password": _("Set") if in_force.password_set else _("Not set"),
            "from_address": in_force.from_address, "from_name": in_force.from_name,
            "mail_domain": in_force.domain, "base_url": in_force.base_url,
            "cap_per_address_per_hour": str(in_force.cap_per_address_per_hour),
            "cap_per_ticket_per_hour": str(in_force.cap_per_ticket_per_hour)}


@blueprint.route("/admin/mail-settings/test", methods=["POST"])
@requires_role("admin")
def send_mail_settings_test() -> Response | tuple[str, int]:
    """Send a test mail to the signed-in admin through the relay in force, and say how it went."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.mail_settings"))
    try:
        address = send_test_mail(current_app.config, current_actor(), current_runtime().clock.now())
    except InvalidValues as refused:
        flash(_(str(refused)), "error")
    except RuntimeError as failed:
        flash(_("The test mail was not sent. %(answer)s Correct the settings and try again.", answer=str(failed)),
              "error")
    else:
        flash(_("The test mail was handed to the relay for %(address)s; look in that mailbox.", address=address),
              "info")
    return redirect(url_for("admin.mail_settings"))
