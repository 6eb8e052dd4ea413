"""Signing in (throttled) and out, and choosing the language."""
from urllib.parse import unquote, urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from app.organisation.accounts import SignInRefused, authenticate
from app.organisation.users import LANGUAGES
from app.web.shell.session import sign_in, sign_out
from app.web.shell.throttle import seconds_to_wait, throttled
from app.wiring import current_runtime

blueprint = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    """Login and password."""

    login = StringField("Login", validators=[InputRequired()], render_kw={"autocomplete": "username",
                                                                          "autofocus": True})
    password = PasswordField("Password", validators=[InputRequired()],
                             render_kw={"autocomplete": "current-password"})


BAD_RETURN_ADDRESS = _l("The address to return to is not valid: it holds control characters. "
                        "Open the page again from FlowDesk's own links.")


def safe_next(target: str | None) -> str | None:
    """Accept only a local path as the place to return to (None: go home); stop with 400 on control characters.

    A control character could split the Location header or, as browsers drop tabs and line breaks from
    addresses, turn a local path into another site's; a backslash reads as a slash to browsers. Both are
    checked in the text as given and once percent-decoded.
    """
    if not target:
        return None
    decoded = unquote(target)
    if any(ord(char) < 32 or ord(char) == 127 for char in target + decoded):
        abort(make_response(render_template("errors/error.html", title=_("Bad request"),
                                            message=BAD_RETURN_ADDRESS), 400))
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or "\\" in decoded or decoded.startswith("//"):
        return None
    return target


@blueprint.route("/login", methods=["GET", "POST"])
@throttled(methods=["POST"])
def login() -> str | Response | tuple[str, int]:
    """Show the sign-in form and sign in."""
    form = LoginForm()
    back = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        try:
            user = authenticate(current_runtime(), form.login.data or "", form.password.data or "",
                                current_app.config["PASSWORD_HASH_METHOD"])
        except SignInRefused as refused:
            flash(refusal_message(refused), "error")
            return render_template("auth/login.html", form=form), 401
        sign_in(user)
        return redirect(back or url_for("home.index"))
    return render_template("auth/login.html", form=form)


@blueprint.errorhandler(RateLimitExceeded)
def too_many_failures(_error: RateLimitExceeded) -> tuple[str, int, dict[str, str]]:
    """Answer a throttled sign-in, known login or not, with the form, the wait and a Retry-After header."""
    seconds = seconds_to_wait()
    flash(_("Too many failed attempts. Try again in %(seconds)d seconds.", seconds=seconds), "error")
    return render_template("auth/login.html", form=LoginForm()), 429, {"Retry-After": str(seconds)}


def refusal_message(refused: SignInRefused) -> str:
    """Say in the user's language why signing in failed."""
    if refused.reason == "inactive":
        return _("This account is deactivated. Ask an administrator.")
    return _("The login or password is wrong.")


@blueprint.post("/logout")
def logout() -> Response:
    """Sign out this browser (other browsers stay signed in; the profile page signs out everywhere)."""
    sign_out()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@blueprint.post("/language")
def choose_language() -> Response:
    """Switch the interface language for this session."""
    language = request.form.get("language", "en")
    if language in LANGUAGES:
        session["language"] = language
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))
