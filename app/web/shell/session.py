"""Flask-Login wiring, the current Actor, language and time-zone selection, role guards."""
import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, current_app, request, session
from flask_babel import format_datetime
from flask_login import UserMixin, current_user

from app.extensions import login_manager
from app.organisation.accounts import active_actor
from app.organisation.policies import Actor
from app.organisation.users import LANGUAGES


class SignedIn(UserMixin):
    """The Flask-Login user: an Actor plus what Flask-Login asks of it."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    def get_id(self) -> str:
        """Return the session id of the user."""
        return str(self.actor.id)


@login_manager.user_loader
def load_user(user_id: str) -> SignedIn | None:
    """Load the signed-in user for a request; deactivated users are signed out."""
    actor = active_actor(int(user_id)) if user_id.isdigit() else None
    return SignedIn(actor) if actor is not None else None


def current_actor() -> Actor:
    """Return the Actor of the signed-in user (views behind login_required only)."""
    return current_user.actor  # type: ignore[no-any-return]


def select_locale() -> str:
    """Pick the language: the session's choice, the user's setting, then the browser's."""
    chosen = session.get("language")
    if chosen in LANGUAGES:
        return chosen
    if current_user.is_authenticated:
        return current_actor().language
    return request.accept_languages.best_match(LANGUAGES) or "en"


def select_timezone() -> str:
    """Pick the time zone the user set (UTC for anonymous visitors)."""
    if current_user.is_authenticated:
        return current_actor().timezone
    return "UTC"


def localtime(moment: datetime | None, style: str = "medium") -> str:
    """Format an aware datetime in the user's time zone and language."""
    if moment is None:
        return "–"
    return format_datetime(moment.astimezone(ZoneInfo(select_timezone())), style)


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
    from app.workflow.tasklist import count_assigned

    context: dict[str, Any] = {"current_locale": str(select_locale())}
    if current_user.is_authenticated:
        context["my_open_task_count"] = count_assigned(current_actor().login)
    return context
