"""Flask-Login wiring, the current Actor, language and time-zone selection, role guards."""
import functools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask, abort, current_app, flash, has_request_context, request, session
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, login_user, logout_user
from markupsafe import Markup

from app.extensions import login_manager
from app.organisation.accounts import actor_for
from app.organisation.models import User
from app.organisation.policies import (
    Actor,
    may_export_evidence,
    may_open_process_studio,
    may_read_changes,
    may_see_change_calendar,
    may_see_problems,
    may_see_reports,
    may_verify_all_history,
)
from app.organisation.sessions import SessionLimits, end_session, resume_session, start_session
from app.organisation.users import LANGUAGES
from app.web.shell.moments import exact_date, exact_time, relative_time
from app.wiring import current_runtime
from app.workflow.diagram_text import element_name_in_language

SESSION_KEY = "session_key"  # the sign-in's random key (its hash is the user_session row)
SESSION_VERSION = "session_version"  # the user's session version at sign-in


class SignedIn(UserMixin):
    """The Flask-Login user: an Actor plus what Flask-Login asks of it."""

    def __init__(self, actor: Actor, must_change_password: bool = False) -> None:
        self.actor = actor
        self.must_change_password = must_change_password

    def get_id(self) -> str:
        """Return the session id of the user."""
        return str(self.actor.id)


def session_limits(app: Flask | None = None) -> SessionLimits:
    """Return the idle and absolute session lifetimes the app is configured with."""
    config = (app or current_app).config
    return SessionLimits(timedelta(minutes=float(config["SESSION_IDLE_MINUTES"])),
                         timedelta(hours=float(config["SESSION_MAX_HOURS"])))


def sign_in(user: User) -> None:
    """Start a browser session for a user who proved who they are."""
    started = start_session(current_runtime(), user.id, request.user_agent.string, session_limits())
    session.clear()  # nothing of the visitor's session before signing in carries over
    session.permanent = True  # the cookie expires with the session's absolute lifetime
    session[SESSION_KEY], session[SESSION_VERSION] = started.key, started.version
    login_user(SignedIn(actor_for(user), user.must_change_password))


def sign_out() -> None:
    """End this browser's session: its cookie signs nobody in any more, even if someone kept a copy."""
    key = session.get(SESSION_KEY)
    if key:
        end_session(key)
    logout_user()
    session.clear()


@login_manager.user_loader
def load_user(user_id: str) -> SignedIn | None:
    """Load the signed-in user for a request while the session lasts; otherwise sign the browser out."""
    user = None
    if user_id.isdigit():
        user = resume_session(current_runtime(), int(user_id), session.get(SESSION_KEY, ""),
                              session.get(SESSION_VERSION), session_limits())
    if user is None:
        session.clear()
        flash(_("Your session has ended: you signed out, were idle too long, or were signed out everywhere. "
                "Sign in again."), "info")
        return None
    return SignedIn(actor_for(user), user.must_change_password)


def current_actor() -> Actor:
    """Return the Actor of the signed-in user (views behind login_required only)."""
    return current_user.actor  # type: ignore[no-any-return]


def select_locale() -> str:
    """Pick the language: the session's choice, the user's setting, then the browser's (English outside a request,
    where the CLI, the scheduler and tests read messages)."""
    if not has_request_context():
        return "en"
    chosen = session.get("language")
    if chosen in LANGUAGES:
        return chosen
    if current_user.is_authenticated:
        return current_actor().language
    return request.accept_languages.best_match(LANGUAGES) or "en"


def select_timezone() -> str:
    """Pick the time zone the user set (UTC for anonymous visitors and outside a request)."""
    if has_request_context() and current_user.is_authenticated:
        return current_actor().timezone
    return "UTC"


def localtime(moment: datetime | None, style: str = "medium") -> str:
    """Format an aware datetime in the user's time zone with the language's one pattern (app/web/shell/moments).

    `style` is what templates used to pass to choose among several formats; every page now writes a moment the
    same way, so it no longer changes the text.
    """
    del style
    return exact_time(moment, select_locale(), select_timezone())


def ago(moment: datetime | None) -> Markup:
    """Return '2 hours ago' (or 'in 3 hours') as a <time> with the exact time on hover."""
    return relative_time(moment, select_locale(), select_timezone())


def step_name(task: Any) -> str:
    """Return a task's name (anything with instance_id, element_id and name) in the reader's language."""
    return element_name_in_language(task.instance_id, task.element_id, task.name, select_locale())


def local_date(day: date | None) -> str:
    """Format a calendar date with the language's one pattern."""
    return exact_date(day, select_locale())


def requires_role(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Refuse a view (403) unless the signed-in actor holds one of the roles (admins hold all)."""
    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if not current_actor().has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorate


def requires(rule: Callable[[Actor], bool]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Refuse a view (403) unless a permission rule of app.organisation.policies lets the signed-in actor in."""
    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if not rule(current_actor()):
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorate


def template_context() -> dict[str, Any]:
    """Values every page needs: the language, and the count of the signed-in user's open tasks."""
    from app.workflow.tasks.tasklist import count_assigned

    context: dict[str, Any] = {"current_locale": str(select_locale()),
                               "may_open_process_studio": may_open_process_studio,
                               "may_export_evidence": may_export_evidence,
                               "may_verify_all_history": may_verify_all_history,
                               "may_see_problems": may_see_problems, "may_read_changes": may_read_changes,
                               "may_see_change_calendar": may_see_change_calendar, "may_see_reports": may_see_reports}
    if current_user.is_authenticated:
        context["my_open_task_count"] = count_assigned(current_actor().login)
    return context
