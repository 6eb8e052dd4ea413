"""A person's own pages: profile (name, language, time zone), password, sessions and API tokens."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.organisation import passwords, sessions, tokens
from app.organisation.users import require_user, update_own_profile
from app.platform.errors import InvalidValues, NotFound
from app.web.shell.profile_forms import COMMON_TIMEZONES, PasswordChangeForm, ProfileForm, password_problem_text
from app.web.shell.session import current_actor, session_limits, sign_in
from app.wiring import current_runtime

blueprint = Blueprint("profile", __name__)
Page = str | Response | tuple[str, int]
# What a person who must change their password may still reach.
OPEN_DURING_PASSWORD_CHANGE = frozenset({"profile.change_password", "profile.rate_new_password", "auth.logout",
                                         "auth.choose_language", "static"})


@blueprint.before_app_request
def require_password_change() -> Response | None:
    """Send a person whose password an administrator reset to the password page first."""
    if request.blueprint == "api" or request.endpoint in OPEN_DURING_PASSWORD_CHANGE:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        flash(_("An administrator reset your password. Choose a new one before you go on."), "info")
        return redirect(url_for("profile.change_password"))
    return None


@blueprint.route("/profile", methods=["GET", "POST"])
@login_required
def show() -> Page:
    """Show and save what a person sets for themselves; list their sessions and API tokens."""
    actor = current_actor()
    user = require_user(actor.login)
    form = ProfileForm(obj=user) if request.method == "GET" else ProfileForm()
    if form.validate_on_submit():
        try:
            update_own_profile(actor, form.display_name.data or "", form.language.data or "",
                               form.timezone.data or "")
        except InvalidValues as refused:
            for name, messages in refused.errors.items():
                getattr(form, name).errors = [*getattr(form, name).errors, *messages]
        else:
            session.pop("language", None)  # the saved language now speaks, not a menu choice made before
            flash(_("Your profile was saved."), "info")
            return redirect(url_for("profile.show"))
    runtime, limits = current_runtime(), session_limits()
    return render_template("profile/show.html", form=form, user=user, timezones=COMMON_TIMEZONES,
                           sessions=sessions.list_sessions(actor.id, runtime.clock.now(), limits),
                           tokens=tokens.list_tokens(runtime, actor, actor.login),
                           idle_minutes=limits.idle.total_seconds() // 60,
                           max_hours=limits.absolute.total_seconds() // 3600)


# zxcvbn's scores 0 to 4, in words; 2 (MIN_PASSWORD_SCORE) is the first that the rule accepts.
STRENGTH_WORDS = (_l("Very weak"), _l("Weak"), _l("Fair: it will be accepted"), _l("Strong"), _l("Very strong"))


@blueprint.post("/profile/password/rating")
@login_required
def rate_new_password() -> tuple[dict[str, object], int]:
    """Rate a new password while it is typed, by the rule the change itself applies (the page's strength meter)."""
    body = request.get_json(silent=True)
    password = body.get("password") if isinstance(body, dict) else None
    if not isinstance(password, str):
        return {"message": _("Send the new password as JSON: {\"password\": \"...\"}.")}, 400
    actor = current_actor()
    rating = passwords.rate_password(password, [actor.login, actor.display_name])
    problem = password_problem_text(rating.problems[0].code) if rating.problems else ""
    words = problem or str(STRENGTH_WORDS[rating.score])
    return {"score": rating.score, "accepted": not rating.problems, "message": words}, 200


@blueprint.route("/profile/password", methods=["GET", "POST"])
@login_required
def change_password() -> Page:
    """Change one's own password (the current one first); every other session ends, this one goes on."""
    actor = current_actor()
    form = PasswordChangeForm([actor.login, actor.display_name])
    if form.validate_on_submit():
        try:
            user = passwords.change_own_password(current_runtime(), actor, form.current_password.data or "",
                                                 form.password.data or "", current_app.config["PASSWORD_HASH_METHOD"])
        except passwords.WrongPassword:
            form.current_password.errors = [_("The current password is wrong; nothing was changed. Type it again.")]
        except passwords.PasswordUnchanged:
            form.password.errors = [_("The new password is the one you have now; choose another.")]
        except passwords.WeakPassword as refused:
            form.password.errors = [password_problem_text(refused.problems[0].code)]
        else:
            sign_in(user)
            flash(_("Your password was changed. Every other browser signed in as you was signed out."), "info")
            return redirect(url_for("profile.show"))
    return render_template("profile/password.html", form=form, forced=current_user.must_change_password,
                           min_password_length=passwords.MIN_PASSWORD_LENGTH)


@blueprint.post("/profile/sessions/end")
@login_required
def end_sessions() -> Response:
    """Sign out everywhere: every browser signed in as this person, this one included."""
    sessions.end_own_sessions(current_actor())
    session.clear()
    flash(_("You were signed out everywhere. Sign in again on the browsers you use."), "info")
    return redirect(url_for("auth.login"))


@blueprint.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    """Revoke one of one's own API tokens at once."""
    try:
        revoked = tokens.revoke_token(current_runtime(), current_actor(), token_id)
    except NotFound:
        flash(_("There is no such API token of yours; it may have been removed."), "error")
    else:
        flash(_("The API token '%(name)s' was revoked; it no longer works.", name=revoked.name), "info")
    return redirect(url_for("profile.show"))
