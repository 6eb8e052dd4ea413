"""The form of the outgoing-mail settings page."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectChoice, SelectField

from app.messaging.mail.relay_settings import MailOutSettingsRow
from app.messaging.mail.relay_settings_changes import MailSettingsChange
from app.web.admin.forms import text_field


class MailSettingsForm(FlaskForm):
    """The relay, the sender, the Message-ID domain, the base URL of links and the rate caps."""

    smtp_host = text_field(_l("SMTP relay host"))
    smtp_port = text_field(_l("Port"))
    smtp_security = SelectField(_l("Encryption"), choices=[
        SelectChoice("starttls", _l("STARTTLS (usually port 587)")),
        SelectChoice("tls", _l("TLS from the first byte (usually port 465)")),
        SelectChoice("none", _l("None (only for a relay on this machine, port 25)"))],
        validate_choice=False)  # the service refuses an unknown one; absent while FLOWDESK_SMTP_URL sets the relay
    smtp_user = text_field(_l("User name"))
    smtp_password = PasswordField(_l("Password"))
    clear_password = BooleanField(_l("Clear the stored password"))
    from_address = text_field(_l("From address"))
    from_name = text_field(_l("From name"))
    mail_domain = text_field(_l("Domain of Message-IDs"))
    base_url = text_field(_l("Base URL of links in mail"))
    cap_per_address_per_hour = text_field(_l("Most mails per address per hour"))
    cap_per_ticket_per_hour = text_field(_l("Most mails per address and ticket per hour"))

    def fill(self, row: MailOutSettingsRow | None) -> None:
        """Show what was saved (never the password)."""
        if row is None:
            return
        for name in ("smtp_host", "smtp_user", "from_address", "from_name", "mail_domain", "base_url"):
            getattr(self, name).data = getattr(row, name) or ""
        for name in ("smtp_port", "cap_per_address_per_hour", "cap_per_ticket_per_hour"):
            value = getattr(row, name)
            getattr(self, name).data = "" if value is None else str(value)
        self.smtp_security.data = row.smtp_security

    def change(self) -> MailSettingsChange:
        """Return what was typed, for the service to check."""
        return MailSettingsChange(
            self.smtp_host.data or "", self.smtp_port.data or "", self.smtp_security.data or "starttls",
            self.smtp_user.data or "", self.smtp_password.data or None, bool(self.clear_password.data),
            self.from_address.data or "", self.from_name.data or "", self.mail_domain.data or "",
            self.base_url.data or "", self.cap_per_address_per_hour.data or "", self.cap_per_ticket_per_hour.data or "")
