"""The form of a new mailbox: where it is, how to sign in, and what its new mail becomes."""
from typing import Any
from urllib.parse import quote

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, IntegerField, PasswordField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from app.platform.errors import InvalidValues
from app.servicedesk.intake.foreign_ids import PATTERN_EXAMPLE, check_patterns
from app.servicedesk.intake.mailboxes import MailboxSettings
from app.servicedesk.intake.oauth_tokens import OAuthClient
from app.servicedesk.tickets.categories import CategoryNode
from app.web.admin.forms import text_field
from app.web.admin.sla_forms import INDENT, NONE, category_rows, named_choices


def check_ticket_id_patterns(form: FlaskForm, field: Field) -> None:
    """Refuse a line that is not a regular expression with one group, saying which line and how to write it."""
    for line in (field.data or "").splitlines():
        try:
            check_patterns(line)
        except InvalidValues:
            raise ValidationError(_("“%(line)s” is not a regular expression with exactly one group around the id; "
                                    "write it like %(example)s.", line=line.strip(), example=PATTERN_EXAMPLE)) from None


class MailboxForm(FlaskForm):
    """A mailbox to poll over IMAP."""

    name = text_field(_l("Name"), Length(max=80), required=_l("Enter a name."))
    host = text_field(_l("IMAP server"), Length(max=255), required=_l("Enter the server's host name."))
    security = SelectField(_l("Encryption"), choices=[SelectChoice("tls", _l("TLS (imaps, usually port 993)")),
                                                      SelectChoice("starttls", _l("STARTTLS (usually port 143)"))])
    port = IntegerField(_l("Port"), default=993, validators=[DataRequired(_l("Enter the port.")),
                                                             NumberRange(1, 65535)])
    username = text_field(_l("User name"), Length(max=255), required=_l("Enter the user name."))
    auth_method = SelectField(_l("Sign-in"), choices=[
        SelectChoice("password", _l("Password")), SelectChoice("oauth2", _l("OAuth2 access token (XOAUTH2)"))])
    secret = PasswordField(_l("Password or token"))
    oauth_client_id = text_field(_l("OAuth2 client id"), Length(max=255))
    oauth_client_secret = PasswordField(_l("OAuth2 client secret"), validators=[Length(max=2000)])
    oauth_token_url = text_field(_l("OAuth2 token endpoint"), Length(max=500))
    oauth_refresh_token = PasswordField(_l("OAuth2 refresh token"), validators=[Length(max=8000)])
    oauth_scope = text_field(_l("OAuth2 scopes"), Length(max=500))
    folder = text_field(_l("Folder to poll"), Length(max=255), required=_l("Name the folder."), default="INBOX")
    ticket_kind = SelectField(_l("New mail becomes"), choices=[SelectChoice("incident", _l("An incident")),
                                                               SelectChoice("request", _l("A service request"))])
    category_id = SelectField(_l("Category"), choices=[], validate_choice=True)
    process_id = text_field(_l("Process (when the category names none)"), Length(max=200))
    default_group = SelectField(_l("Default group"), choices=[], validate_choice=True)
    unknown_senders = SelectField(_l("Mail from unknown senders"), choices=[
        SelectChoice("create", _l("Create a requester account")),
        SelectChoice("refuse", _l("Refuse with a polite reply"))])
    processed_folder = text_field(_l("Folder for processed mail"), Length(max=255), required=_l("Name the folder."),
                                  default="FlowDesk/Processed")
    refused_folder = text_field(_l("Folder for refused mail"), Length(max=255), required=_l("Name the folder."),
                                default="FlowDesk/Refused")
    quarantine_folder = text_field(_l("Folder for quarantined mail"), Length(max=255),
                                   required=_l("Name the folder."), default="FlowDesk/Quarantine")
    foreign_id_patterns = TextAreaField(_l("Other systems' ticket ids"),
                                        validators=[Length(max=4000), check_ticket_id_patterns])

    def validate_secret(self, field: Field) -> None:
        """Ask for the password or token, unless an OAuth2 refresh token will fetch the token before the first pass."""
        if not field.data and not (self.auth_method.data == "oauth2" and self.oauth_refresh_token.data):
            raise ValidationError(_("Enter the password or token (with OAuth2, or give the refresh token below)."))

    def oauth_client(self) -> OAuthClient | None:
        """Return the OAuth2 client the fields describe, or None when the mailbox signs in without one."""
        fields = (self.oauth_client_id, self.oauth_client_secret, self.oauth_token_url, self.oauth_refresh_token)
        if self.auth_method.data != "oauth2" or not any(field.data for field in fields):
            return None
        return OAuthClient((self.oauth_client_id.data or "").strip(), self.oauth_client_secret.data or None,
                           (self.oauth_token_url.data or "").strip(), self.oauth_refresh_token.data or "",
                           (self.oauth_scope.data or "").strip() or None)

    def set_choices(self, tree: list[CategoryNode], groups: list[str]) -> None:
        """Offer the category tree and the groups."""
        self.category_id.choices = [SelectChoice(NONE, _("(none)"))] + [
            SelectChoice(str(node.id), INDENT * depth + node.name) for node, depth in category_rows(tree)]
        self.default_group.choices = named_choices(groups, self.default_group.data, _l("(none: the service desk)"))

    def url(self) -> str:
        """Return the IMAP URL the fields describe."""
        scheme = "imaps" if self.security.data == "tls" else "imap"
        return (f"{scheme}://{quote(self.username.data or '', safe='')}:{quote(self.secret.data or '', safe='')}@"
                f"{self.host.data}:{self.port.data}/{quote(self.folder.data or 'INBOX', safe='')}")

    def settings(self) -> MailboxSettings:
        """Return what the form sets, in the shape the mailbox service takes."""
        values: dict[str, Any] = {
            "ticket_kind": self.ticket_kind.data, "category_id": int(self.category_id.data)
            if self.category_id.data else None, "process_id": self.process_id.data or None,
            "default_group": self.default_group.data or None, "unknown_senders": self.unknown_senders.data,
            "auth_method": self.auth_method.data, "processed_folder": self.processed_folder.data or "",
            "refused_folder": self.refused_folder.data or "", "quarantine_folder": self.quarantine_folder.data or "",
            "foreign_id_patterns": self.foreign_id_patterns.data or ""}
        return MailboxSettings(**values)
