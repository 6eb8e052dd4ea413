"""Tell people by mail when their sign-in details change (ASVS 2.2.3): a new or reset password, every session ended
by someone else, an API token made or revoked for them. Always sent, whatever their notification choices: a person
whose account was taken over must hear of it."""
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from app.extensions import db
from app.messaging.mail.compose import queue_unticketed_mail
from app.messaging.mail.events import ACCOUNT_NOTICE, mail_language
from app.organisation.models import User
from app.platform.mail_settings import MailSettings
from app.workflow.runtime import Runtime

ACCOUNT_CHANGES = ("password_changed", "password_reset", "signed_out_everywhere", "token_created", "token_revoked")


def words_of(change: str, by: str | None, token_name: str) -> tuple[str, list[str]]:
    """Return a change's subject and what it says of who made it, in the locale in force (by: None for one's own)."""
    if change == "password_changed":
        return _("Your FlowDesk password was changed"), []
    if change == "password_reset":
        return _("Your FlowDesk password was reset"), [_("%(by)s gave you a temporary password.", by=by)]
    if change == "signed_out_everywhere":
        return _("You were signed out of FlowDesk everywhere"), [_("%(by)s ended every session of yours.", by=by)]
    if change == "token_created":
        return (_("An API token was made for your FlowDesk account"),
                [_("%(by)s made the token '%(name)s'.", by=by, name=token_name)] if by else [])
    if change == "token_revoked":
        return (_("An API token of your FlowDesk account was revoked"),
                [_("%(by)s revoked the token '%(name)s'.", by=by, name=token_name)] if by else [])
    raise ValueError(f"There is no account change '{change}'; use one of {', '.join(ACCOUNT_CHANGES)}.")


def queue_account_notice(settings: MailSettings, person: User, change: str, by: str | None, now: datetime,
                         token_name: str = "") -> None:
    """Queue the mail that tells a person of a change to their sign-in details, in their language.

    by names who made the change when it was not the person themselves; a person with no address is told nothing,
    as there is nowhere to tell them.
    """
    if not person.email:
        return
    language = mail_language(person.language)
    with force_locale(language):
        subject, lines = words_of(change, by, token_name)
        lines.append(_("If you did not expect this, tell your FlowDesk administrator at once."))
    queue_unticketed_mail(settings, person, ACCOUNT_NOTICE, language, subject, "\n".join(lines), None, now)


def tell_account_change(runtime: Runtime, user_id: int, change: str, by: str | None, token_name: str) -> None:
    """Queue the account notice of a change inside the caller's unit (the Runtime's account_changed hook)."""
    person = db.session.get(User, user_id)
    if person is not None:
        queue_account_notice(runtime.mail, person, change, by, runtime.clock.now(), token_name)
