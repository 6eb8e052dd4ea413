"""The admin's mail pages: mailboxes, templates, the settings page, the outbox and bounced addresses."""
from app.web.admin.mail import bounces, mailboxes, outbox, settings, templates

# Importing these modules adds their pages to the admin blueprint.
__all__ = ["bounces", "mailboxes", "outbox", "settings", "templates"]
