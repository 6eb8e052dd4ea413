"""The forms of a person's own pages (profile, password) and the password check every password form shares."""
from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app.organisation.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, password_problems
from app.organisation.users import LANGUAGES, valid_timezone

LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}
COMMON_TIMEZONES = (
    "UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Moscow", "Africa/Johannesburg", "Asia/Dubai",
    "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Tokyo",
    "Australia/Sydney", "America/Sao_Paulo", "America/New_York", "America/Chicago", "America/Denver",
    "America/Los_Angeles",
)


def password_problem_text(code: str) -> str:
    """Say in the reader's language why a password is refused."""
    if code == "too_short":
        return _("A password needs at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)
    if code == "too_long":
        return _("A password has at most %(count)d characters.", count=MAX_PASSWORD_LENGTH)
    return _("This password is easy to guess: it is close to a common password, a word or a name. "
             "Choose a longer one, such as a few unrelated words.")


def strong_password(personal_words: Callable[[Any], list[str]]) -> Callable[[Any, Field], None]:
    """Return a validator refusing a password that breaks the rule; personal_words(form) names the person."""
    def check(form: Any, field: Field) -> None:
        if field.data:
            problems = password_problems(field.data, personal_words(form))
            if problems:
                raise ValidationError(password_problem_text(problems[0].code))
    return check


def check_timezone(_form: FlaskForm, field: Field) -> None:
    """Refuse a name that is not an IANA time zone."""
    if not valid_timezone(field.data or ""):
        # gettext, not lazy_gettext: a lazy string counts as safe HTML, and the zone is the visitor's input.
        raise ValidationError(_("'%(zone)s' is not a time zone; use a name such as Asia/Shanghai.", zone=field.data))


class ProfileForm(FlaskForm):
    """What a person sets for themselves."""

    display_name = StringField(_l("Display name"), filters=[lambda v: v.strip() if isinstance(v, str) else v],
                               validators=[DataRequired(_l("Enter the name people see.")), Length(max=200)])
    language = SelectField(_l("Language"), choices=[SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES])
    timezone = StringField(_l("Time zone"), filters=[lambda v: v.strip() if isinstance(v, str) else v],
                           validators=[DataRequired(_l("Enter a time zone.")), check_timezone])


class PasswordChangeForm(FlaskForm):
    """The current password, and the new one twice."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired(_l(
        "Enter your current password."))], render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a new password.")),
                                                             strong_password(lambda form: form.personal_words)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("New password again"), validators=[EqualTo("password", _l(
        "The two new passwords differ; type the same one twice."))], render_kw={"autocomplete": "new-password"})

    def __init__(self, personal_words: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.personal_words = personal_words
