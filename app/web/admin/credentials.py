"""An administrator's hold on a person's credentials: reset the password, end the sessions, revoke API tokens."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired

from app.organisation import passwords, sessions, tokens
from app.organisation import users as user_service
from app.platform.errors import NotFound
from app.web.admin.base import Page, blueprint, find_or_404
from app.web.shell.profile_forms import password_problem_text, strong_password
from app.web.shell.session import current_actor, requires_role
from app.wiring import current_runtime


class ResetPasswordForm(FlaskForm):
    """A temporary password, and whether its person must replace it at their next sign-in."""

    password = PasswordField(_l("Temporary password"), validators=[
        DataRequired(_l("Enter a temporary password.")), strong_password(lambda form: form.personal_words)],
        render_kw={"autocomplete": "new-password"})
    must_change = BooleanField(_l("Must choose a new password at the next sign-in"), default=True)

    def __init__(self, personal_words: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.personal_words = personal_words


@blueprint.route("/admin/users/<login>/password", methods=["GET", "POST"])
@requires_role("admin")
def reset_password(login: str) -> Page:
    """Set a temporary password for a person; every session of theirs ends."""
    user = find_or_404(user_service.require_user, login)
    form = ResetPasswordForm([user.login, user.display_name, user.email or ""])
    if form.validate_on_submit():
        try:
            passwords.reset_password(current_runtime(), current_actor(), login, form.password.data or "",
                                     current_app.config["PASSWORD_HASH_METHOD"], must_change=form.must_change.data)
        except passwords.WeakPassword as refused:
            form.password.errors = [password_problem_text(refused.problems[0].code)]
        else:
            flash(_("The password of %(login)s was reset and every session of theirs ended.", login=login), "info")
            return redirect(url_for("admin.edit_user", login=login))
    return render_template("admin/reset_password.html", form=form, user=user,
                           min_password_length=passwords.MIN_PASSWORD_LENGTH)


@blueprint.post("/admin/users/<login>/sessions/end")
@requires_role("admin")
def end_user_sessions(login: str) -> Response:
    """Sign a person out everywhere, e.g. when a device of theirs was lost."""
    find_or_404(sessions.end_sessions_of, current_runtime(), current_actor(), login)
    flash(_("%(login)s was signed out everywhere.", login=login), "info")
    return redirect(url_for("admin.edit_user", login=login))


@blueprint.post("/admin/users/<login>/tokens/<int:token_id>/revoke")
@requires_role("admin")
def revoke_user_token(login: str, token_id: int) -> Response:
    """Revoke one of a person's API tokens at once."""
    try:
        revoked = tokens.revoke_token(current_runtime(), current_actor(), token_id)
    except NotFound:
        flash(_("There is no such API token; it may have been removed."), "error")
    else:
        flash(_("The API token '%(name)s' was revoked; it no longer works.", name=revoked.name), "info")
    return redirect(url_for("admin.edit_user", login=login))
